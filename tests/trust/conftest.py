"""Fixtures of the trust tests (helpers live in trust_fixtures.py so tests can import them)."""

from __future__ import annotations

from trust_fixtures import person_case, staffed_institution

__all__ = ["person_case", "staffed_institution"]
