"""Gap-free sequence allocation for document numbers, inside the caller's transaction.

The counter row is bumped with one UPDATE … RETURNING, which takes the row lock (PostgreSQL) or
the database write lock (SQLite, BEGIN IMMEDIATE), so concurrent clerks queue rather than
collide. The caller records the document in the same transaction: a rollback gives the number
back, so numbers have no gaps and are never reused.
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.models import NumberCounter

#: Counter series of case numbers (案号); every other series is a document series.
CASE_SERIES = "case"


def allocate_sequence(session: Session, series: str, year: int) -> int:
    """The next 序号 of (series, year), starting at 1."""
    for _ in range(2):
        bumped = session.execute(
            update(NumberCounter)
            .where(NumberCounter.series == series, NumberCounter.year == year)
            .values(last_seq=NumberCounter.last_seq + 1)
            .returning(NumberCounter.last_seq)
        ).scalar_one_or_none()
        if bumped is not None:
            return int(bumped)
        try:
            with session.begin_nested():
                session.execute(insert(NumberCounter).values(series=series, year=year, last_seq=1))
            return 1
        except IntegrityError:
            continue  # another clerk created the counter first: bump theirs
    raise RuntimeError(f"could not allocate a number for {series} {year}")


def peek_sequence(session: Session, series: str, year: int) -> int:
    """The last 序号 handed out (0 when none)."""
    counter = session.get(NumberCounter, (series, year))
    return counter.last_seq if counter is not None else 0
