"""Storage layer: typed SQLAlchemy models, engine set-up, unit of work and migrations.

Imports nothing from the rest of the project (checked by import-linter).
"""
