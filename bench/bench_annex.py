"""Benchmark: 附表1 and 山西附件1 over 100,000 generated cases on SQLite (target ≤ 1 s each).

Prints, through bench/common.py `report()`, our figure, a raw SQL reference measured in the same
run (one aggregate over the period's rows of the same `case` table through sqlite3), and their
ratio; exits 1 when a table takes longer than 1 s.

    .venv/bin/python bench/bench_annex.py [--cases 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import report
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# A throw-away database: its personal-data key goes to a passphrase file, not the OS keyring.
os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", "bench-only-passphrase")

from database.models import (  # noqa: E402
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    Complaint,
    Inspection,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    PartyType,
)
from desktop.app import build_context  # noqa: E402

YEAR_START = date(2020, 1, 1)
DAYS = 6 * 365
PERIOD = (date(2024, 1, 1), date(2024, 12, 31))


def generate(engine, cases: int, seed: int = 7) -> None:  # type: ignore[no-untyped-def]
    """A deterministic district: 3,000 institutions, `cases` cases, inspections, complaints."""
    rng = random.Random(seed)
    kinds = list(InstitutionKind)
    statuses = [InstitutionStatus.ACTIVE] * 8 + [
        InstitutionStatus.SUSPENDED,
        InstitutionStatus.CANCELLED,
    ]
    institutions = [
        {
            "id": i,
            "name": f"机构{i}",
            "kind": rng.choice(kinds),
            "status": rng.choice(statuses),
            "cosmetic_filed": rng.random() < 0.3,
            "credit_grade": rng.choice(["", "", "A", "B", "C"]),
        }
        for i in range(1, 3001)
    ]
    rows = []
    for n in range(1, cases + 1):
        filed = YEAR_START + timedelta(days=rng.randrange(DAYS))
        decided = filed + timedelta(days=rng.randrange(10, 90)) if rng.random() < 0.85 else None
        closed = (
            decided + timedelta(days=rng.randrange(5, 60))
            if decided and rng.random() < 0.8
            else None
        )
        person = rng.random() < 0.2
        inst = rng.choice(institutions)
        rows.append(
            {
                "case_no": f"案〔{filed.year}〕{n}号",
                "source": rng.choice(list(CaseSource)),
                "cause_category": rng.choice(list(CauseCategory)),
                "campaign_category": rng.choice([None, *CampaignCategory]),
                "party_type": PartyType.PERSON if person else PartyType.ORGANISATION,
                "institution_id": None if person else inst["id"],
                "party_name": f"个人{n % 5000}" if person else inst["name"],
                "party_kind": rng.choice(kinds) if person else inst["kind"],
                "cause": "案由",
                "filed_on": filed,
                "decided_on": decided,
                "closed_on": closed,
                "warning": rng.random() < 0.3,
                "fine_fen": rng.choice([0, 0, rng.randrange(1, 50_000_000)]),
                "confiscation_fen": rng.choice([0, 0, 0, rng.randrange(1, 5_000_000)]),
                "order_correction": rng.random() < 0.6,
                "suspension": rng.random() < 0.05,
                "revocation": rng.random() < 0.01,
                "judicial_transfer": rng.random() < 0.02,
            }
        )
    inspections = [
        {
            "institution_id": rng.randrange(1, 3001),
            "inspected_on": YEAR_START + timedelta(days=rng.randrange(DAYS)),
            "is_revisit": rng.random() < 0.1,
            "illegal_again": rng.random() < 0.3,
        }
        for _ in range(30_000)
    ]
    complaints = [
        {
            "received_on": YEAR_START + timedelta(days=rng.randrange(DAYS)),
            "content": "举报",
            "case_id": rng.randrange(1, cases + 1) if rng.random() < 0.3 else None,
            "closed_on": YEAR_START + timedelta(days=rng.randrange(DAYS)),
            "replied_on": YEAR_START + timedelta(days=rng.randrange(DAYS)),
            "reporter_satisfied": rng.random() < 0.7,
        }
        for _ in range(5_000)
    ]
    # Core inserts on the engine: synthetic rows, not clerks' changes, so no audit events (the
    # audited sessions refuse bulk ORM inserts on purpose).
    with engine.begin() as conn:
        conn.execute(insert(Institution.__table__), institutions)
        for start in range(0, len(rows), 20_000):
            conn.execute(insert(Case.__table__), rows[start : start + 20_000])
        conn.execute(insert(Inspection.__table__), inspections)
        conn.execute(insert(Complaint.__table__), complaints)


def best_of(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-annex-"))
    ctx = build_context(str(folder))
    t = time.perf_counter()
    generate(ctx.engine, args.cases)
    print(f"generated {args.cases:,} cases in {time.perf_counter() - t:.1f} s ({folder})")
    raw = sqlite3.connect(folder / "casedesk.db")

    def reference() -> None:
        raw.execute(
            'SELECT COUNT(*), SUM(fine_fen + confiscation_fen) FROM "case" '
            "WHERE filed_on BETWEEN ? AND ? OR decided_on BETWEEN ? AND ? OR closed_on BETWEEN ? AND ?",
            [d.isoformat() for d in PERIOD * 3],
        ).fetchall()

    ref = best_of(reference)
    ok = True
    for name in ("annex1", "shanxi1"):
        ours = best_of(lambda n=name: ctx.reports.compute(n, *PERIOD))  # type: ignore[misc]
        render = best_of(
            lambda n=name: ctx.reports.render(ctx.reports.compute(n, *PERIOD), "xlsx"), 3
        )  # type: ignore[misc]
        # The target (issue 5) is on computing the table; the XLSX on top is for information.
        size = f"{args.cases // 1000}k"
        ok &= report(f"{name}_compute_{size}", ours * 1000, ref * 1000, unit="ms", max_ours=1000)
        report(f"{name}_compute_xlsx_{size}", render * 1000, ref * 1000, unit="ms",
               target="information only")  # fmt: skip
    table = ctx.reports.compute("annex1", *PERIOD)
    filed = sum(
        v
        for r in table.rows
        for k, v in r.cells.items()
        if k.startswith("案由分类/") and k.endswith("/立案数")
    )
    print(f"sanity: annex1 立案数 total {filed:,}")
    ctx.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
