"""Amounts in capitals for the live hint under a money field (forms.money once it has landed)."""

from __future__ import annotations

try:  # the document engine's rules (人民银行 wording) when that module is present
    from forms.money import fen_to_capitals as _capitals
except ImportError:  # pragma: no cover - until the docs branch lands
    _capitals = None


def capitals(fen: int) -> str:
    """人民币贰万元整 for 2000000 分."""
    if _capitals is not None:
        return str(_capitals(fen))
    import cn2an

    if fen == 0:
        return "人民币零元整"
    text = str(cn2an.an2cn(f"{fen // 100}.{fen % 100:02d}", "rmb"))
    return "人民币" + text
