"""The display order of a lazily loaded list: the clicked column, then the id as tie-breaker.

The id keeps equal values (two cases filed the same day) in a stable order, so a block of rows
read later matches the ids listed first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement


def display_order(column: Any, id_column: Any, descending: bool) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY terms for `column` (a mapped attribute or expression, or a tuple of them sorted
    one after the other), ties broken by id."""
    columns = (*column, id_column) if isinstance(column, tuple) else (column, id_column)
    return tuple(c.desc() if descending else c.asc() for c in columns)
