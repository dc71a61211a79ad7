"""Fixtures of the trust tests (helpers live in trust_fixtures.py so tests can import them)."""

from __future__ import annotations

from trust_fixtures import officer_and_plan, person_case, staffed_institution

__all__ = ["officer_and_plan", "person_case", "staffed_institution"]
