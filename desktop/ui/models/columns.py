"""Column descriptions shared by the table models: header, value getter, display format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from forms.validators import format_yuan

#: Custom role: the record id of a row (lists sort in the database, not through a proxy).
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column: Chinese header, attribute getter, formatter, width hint in characters."""

    header: str
    get: Callable[[Any], object]
    width: int = 10
    kind: str = "text"  #: text | date | money | count
    sort_key: str = ""  #: the service's sort key for server-side sorting ('' = not sortable)
    tip: Callable[[Any], str] | None = None  #: a tooltip of the cell (e.g. the legal basis)


def attr(name: str) -> Callable[[Any], object]:
    """Getter of one attribute."""
    return lambda row: getattr(row, name)


def display(value: object, kind: str) -> str:
    """A value as the table shows it."""
    if value is None:
        return ""
    if kind == "money":
        return format_yuan(int(value)) if value else ""  # type: ignore[call-overload]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else ""
    if kind == "count" and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def alignment(kind: str) -> Qt.AlignmentFlag:
    """Numbers right, everything else left, all vertically centred."""
    horizontal = (
        Qt.AlignmentFlag.AlignRight if kind in ("money", "count") else Qt.AlignmentFlag.AlignLeft
    )
    return horizontal | Qt.AlignmentFlag.AlignVCenter
