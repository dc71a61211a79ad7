"""How long the demo's inspection side takes, against raw sqlite3 inserting as many rows.

    .venv/bin/python bench/bench_demo_inspections.py

Prints our figure (load_demo_inspections on a fresh demo district), the reference (sqlite3
executemany of the same number of rows into a table of the same width, one transaction, same
pragmas) and the ratio. Target: well under 2 s, since many tests build the demo.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from common import report
from sqlalchemy import func, select

from database.models import (
    Complaint,
    CreditEvaluation,
    Draw,
    DrawItem,
    Inspection,
    InspectionResult,
    ScoreEvent,
)
from desktop.app import build_context
from desktop.demo import district as demo_data

TODAY = date(2026, 11, 20)


def ours() -> tuple[float, int]:
    """Seconds for load_demo_inspections, and the rows it wrote."""
    timing: dict[str, float] = {}
    original = demo_data.load_demo_inspections

    def timed(*args: object) -> int:
        start = time.perf_counter()
        result = original(*args)  # type: ignore[arg-type]
        timing["s"] = time.perf_counter() - start
        return result

    demo_data.load_demo_inspections = timed  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        ctx = build_context(folder)
        demo_data.load_demo(ctx.uow_factory, demo_data.DemoOptions(seed=2024, today=TODAY))
        with ctx.uow_factory(readonly=True) as uow:
            rows = sum(
                int(uow.session.scalar(select(func.count()).select_from(m)) or 0)
                for m in (Inspection, InspectionResult, Complaint, ScoreEvent,
                          CreditEvaluation, Draw, DrawItem)
            )  # fmt: skip
        ctx.close()
    demo_data.load_demo_inspections = original
    return timing["s"], rows


def reference(rows: int) -> float:
    """Seconds for raw sqlite3 to insert `rows` rows of 8 columns in one transaction."""
    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(Path(folder) / "ref.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b INT, c TEXT, d TEXT, "
                     "e TEXT, f DATE, g INT)")  # fmt: skip
        data = [(i, i % 7, f"第{i}项检查内容", "合格", "", "2026-06-01", 1) for i in range(rows)]
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO t (a, b, c, d, e, f, g) VALUES (?, ?, ?, ?, ?, ?, ?)", data)
        conn.execute("COMMIT")
        elapsed = time.perf_counter() - start
        conn.close()
    return elapsed


def main() -> int:
    """Run both and print the figures; 1 when the demo's inspection side takes 2 s or more."""
    runs = [ours() for _ in range(3)]
    seconds, rows = min(r[0] for r in runs), runs[0][1]
    ref = min(reference(rows) for _ in range(3))
    print(f"rows: {rows}")
    ok = report("demo_inspection_side", seconds * 1000, ref * 1000, unit="ms", max_ours=2000)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
