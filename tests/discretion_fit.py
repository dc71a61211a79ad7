"""A lawful 裁量 for a test's fine: a 裁量理由 and the shipped 裁量基准 level the fine lies in (the
tests that change a case's fine for another purpose keep issue 14's rules this way)."""

from __future__ import annotations

from desktop.law.discretion import shipped_levels

REASON = "鉴于当事人违法情节一般，"


def fitting(code: str, fine_fen: int, condition: str = "") -> dict[str, object]:
    """{discretion, discretion_level} for a case under this provision with this fine."""
    level = next((t.level for t in shipped_levels()
                  if t.code == code and t.condition == condition and t.fits(fine_fen)), "")  # fmt: skip
    return {"discretion": REASON if fine_fen else "", "discretion_level": level}
