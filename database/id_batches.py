"""Ids in batches for `IN (…)` lists: SQLite builds before 3.32 allow at most 999 bound
variables per statement, and a long list is one variable per id."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

#: Ids per IN (…) list: below SQLite's variable limit.
IN_LIST_SIZE = 500


def id_batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """The ids in consecutive slices of at most IN_LIST_SIZE."""
    for start in range(0, len(ids), IN_LIST_SIZE):
        yield ids[start : start + IN_LIST_SIZE]
