"""No document of the demo district is dated after the demo's today: every date column of every
table, read back from the real SQLite file, except the few that are in the future by nature."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime
from test_records_cli import casedesk

from database.models.base import Base
from desktop.app import AppContext

#: Columns whose dates lie ahead by their meaning (not a document's date), each with why.
FUTURE_BY_NATURE: dict[tuple[str, str], str] = {
    ("institution", "licence_valid_until"): "a licence's validity ends later",
    ("staff", "registration_valid_until"): "a registration's validity ends later",
    ("inspection_plan", "period_end"): "a plan runs to the end of its period",
    ("calendar_day", "day"): "the holiday file lists the coming year",
    ("legal_provision", "effective_from"): "a law in force from a later day",
    ("legal_provision", "effective_to"): "a law's end of force",
}
#: Stamped by the machine as a row is written (the wall clock, not the demo's today): checked
#: against the real day in the command-line test, left out where the demo's today is earlier.
MACHINE_STAMPS = {"created_at", "updated_at", "audit_event.occurred_at", "key_check.exported_at",
                  "legal_provision.checked"}  # fmt: skip
#: The demo's today in tests (tests/conftest.py DEMO_TODAY; conftest is not importable).
DEMO_TODAY = date(2026, 11, 20)


def _date_columns() -> list[tuple[str, str, bool]]:
    """(table, column, is datetime) of every date column the models declare."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Date | DateTime) and (
                (table.name, column.name) not in FUTURE_BY_NATURE
            ):
                found.append((table.name, column.name, isinstance(column.type, DateTime)))
    return found


def _after(db: Path, today: date, stamps: bool = True) -> dict[str, tuple[int, str]]:
    """{table.column: (rows dated after today, the latest)} — empty when none is; `stamps`
    False leaves out the machine's own stamps."""
    late: dict[str, tuple[int, str]] = {}
    tomorrow = (today + timedelta(days=1)).isoformat()
    with sqlite3.connect(db) as con:
        for table, column, timestamp in _date_columns():
            if not stamps and {column, f"{table}.{column}"} & MACHINE_STAMPS:
                continue
            # Dates are stored as ISO text: compared as text, a datetime is "after" from tomorrow.
            limit, sign = (tomorrow, ">=") if timestamp else (today.isoformat(), ">")
            count, latest = con.execute(
                f'SELECT count(*), max("{column}") FROM "{table}" WHERE "{column}" {sign} ?',
                (limit,),
            ).fetchone()
            if count:
                late[f"{table}.{column}"] = (count, latest)
    return late


def test_the_columns_read_cover_the_case_steps() -> None:
    columns = {f"{t}.{c}" for t, c, _ts in _date_columns()}
    assert {"case.decided_on", "case.legal_review_on", "case.notice_served_on",
            "document.document_date", "inspection.inspected_on"} <= columns  # fmt: skip


def test_demo_from_the_command_line_dates_nothing_after_today(tmp_path: Path) -> None:
    data = tmp_path / "d"
    today = date.today()
    made = casedesk(data, "demo")
    assert made.returncode == 0, made.stderr
    assert _after(data / "casedesk.db", today) == {}


def test_demo_of_the_tests_dates_nothing_after_its_today(demo_ctx: AppContext) -> None:
    db = Path(demo_ctx.data_dir) / "casedesk.db"
    if not db.exists():
        pytest.skip("the suite on PostgreSQL: the command-line test above reads SQLite")
    assert _after(db, DEMO_TODAY, stamps=False) == {}
