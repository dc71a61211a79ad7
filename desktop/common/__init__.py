"""Building blocks with no domain of their own: the error types, progress and cancel, list ordering, safe XLSX cells.
Imports nothing from desktop; every package may import it."""
