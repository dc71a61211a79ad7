"""Amounts in capitals for the live hint under a money field."""

from __future__ import annotations

from forms.money import fen_to_capitals


def capitals(fen: int) -> str:
    """人民币贰万元整 for 2000000 分 (the document engine's 人民银行 wording)."""
    return str(fen_to_capitals(fen))
