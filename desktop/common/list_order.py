"""The display order of a lazily loaded list: the clicked column, then the id as tie-breaker.

The id keeps equal values (two cases filed the same day) in a stable order, so a block of rows
read later matches the ids listed first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement


def display_order(column: Any, id_column: Any, descending: bool) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY terms for `column` (a mapped attribute or expression), ties broken by id."""
    if descending:
        return (column.desc(), id_column.desc())
    return (column.asc(), id_column.asc())
