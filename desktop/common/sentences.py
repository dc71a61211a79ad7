"""Chinese messages put together from parts without doubled punctuation.

A part is often a sentence of its own ("结案报告缺少：结案日期。"); joined into a longer message
it loses its closing mark, so "未能生成 1 份：…结案日期。。" and "不能为空。；" never reach the
clerk. `tidy` is the last guard for messages the program prints (not for document content).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Marks that close a clause or a sentence.
CLOSING = "。；，、！？"
_RUN = re.compile(f"[{CLOSING}]{{2,}}")


def clause(text: str) -> str:
    """The text without its closing marks (and surrounding spaces), ready to be joined."""
    return text.strip().rstrip(CLOSING).rstrip()


def join_clauses(parts: Iterable[str], separator: str = "；") -> str:
    """Non-empty parts joined by the separator, each without its own closing mark."""
    return separator.join(c for c in (clause(p) for p in parts) if c)


def sentence(*parts: str, separator: str = "；") -> str:
    """The parts as one sentence ending in 。 ("" when all are empty)."""
    body = join_clauses(parts, separator)
    return f"{body}。" if body else ""


def tidy(text: str) -> str:
    """A run of closing marks reduced to its last one: "。。" → "。", "，。" → "。", "。；" → "；"."""
    return _RUN.sub(lambda found: found.group()[-1], text)
