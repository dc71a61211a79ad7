"""The kinds of administrative penalty (行政处罚的种类), as the law package names them: the table is
forms.penalty_kinds (行政处罚法 第九条 and 第六十三条, its docstring), shared with the case's forms —
one table, since desktop imports forms and never the reverse."""

from __future__ import annotations

from forms.penalty_kinds import (
    BY_NAME,
    KIND_NAMES,
    PENALTY_KINDS,
    SEPARATOR,
    HearingScope,
    PenaltyKind,
    parse_kinds,
)

__all__ = [
    "BY_NAME",
    "KIND_NAMES",
    "PENALTY_KINDS",
    "SEPARATOR",
    "HearingScope",
    "PenaltyKind",
    "parse_kinds",
]
