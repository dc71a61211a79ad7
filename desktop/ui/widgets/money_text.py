"""Amounts in capitals for the live hint under a money field (the documents' own rules)."""

from __future__ import annotations

from forms.money import fen_to_capitals


def capitals(fen: int) -> str:
    """人民币贰万元整 for 2000000 分 — the same wording the documents print."""
    return fen_to_capitals(fen)
