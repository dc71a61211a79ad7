"""Deterministic large databases for benchmarks: the demo district plus N generated cases."""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from database.engine import sqlite_url
from database.models import (
    CampaignCategory,
    Case,
    CaseSource,
    CaseStatus,
    CauseCategory,
    Institution,
    PartyType,
)
from desktop.app import build_context
from desktop.demo.district import DemoOptions, load_demo

#: Fixed "today" so two runs with the same seed give byte-identical data.
DATASET_TODAY = date(2026, 11, 20)
#: Key-file passphrase for benchmark data (fictional) when CASEDESK_KEY_PASSPHRASE is unset.
BENCH_PASSPHRASE = "casedesk-bench-虚构数据"
#: Rows per INSERT batch: large enough to be fast, small enough to keep memory flat.
BATCH = 5_000

_CAUSES = (
    "未取得医疗机构执业许可证擅自执业",
    "使用非卫生技术人员从事医疗卫生技术工作",
    "超出登记的诊疗科目范围开展医疗美容项目",
    "未按规定书写和保管病历资料",
    "使用未取得注册证的医疗器械",
    "违法发布医疗美容广告",
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_TOWNS = ("城关街道", "东湖街道", "西河镇", "南山镇", "北塘镇", "青溪镇")


def make_large_db(path: Path, cases: int = 100_000, seed: int = 1) -> str:
    """Create a SQLite database at `path` with the demo district and `cases` cases; returns its URL.

    The data folder is `path`'s folder (the key file lands there); open it with the same
    CASEDESK_KEY_PASSPHRASE (set to BENCH_PASSPHRASE here when unset).
    """
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        old.unlink(missing_ok=True)
    # Personal data is encrypted at rest; without an OS keyring the key file needs a passphrase.
    os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", BENCH_PASSPHRASE)
    url = sqlite_url(path)
    ctx = build_context(str(path.parent), url)
    try:
        load_demo(ctx.uow_factory, DemoOptions(seed=seed, cases=0, today=DATASET_TODAY))
        with ctx.engine.begin() as conn:
            insts = list(conn.execute(select(Institution.id, Institution.name, Institution.town)))
            for start in range(0, cases, BATCH):
                rows = [_case_row(seed, i, insts) for i in range(start, min(cases, start + BATCH))]
                conn.execute(insert(Case.__table__), rows)
    finally:
        ctx.close()
    return url


def _case_row(seed: int, index: int, insts: list[tuple[int, str, str]]) -> dict[str, object]:
    """One case as a Core row; its own Random keeps every row independent of batch size."""
    rng = random.Random(seed * 1_000_003 + index)
    filed = DATASET_TODAY - timedelta(days=rng.randint(1, 5 * 365))
    person = rng.random() < 0.3
    if person:
        party = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, 2))
        inst_id, town = None, rng.choice(_TOWNS)
    else:
        inst_id, party, town = rng.choice(insts)
    stage = rng.random()
    decided = filed + timedelta(days=rng.randint(20, 80)) if stage > 0.3 else None
    closed = decided + timedelta(days=rng.randint(20, 60)) if decided and stage > 0.5 else None
    if closed is not None and closed > DATASET_TODAY:
        closed = None
    if decided is not None and decided > DATASET_TODAY:
        decided = None
    status = CaseStatus.CLOSED if closed else CaseStatus.DECIDED if decided else CaseStatus.FILED
    fine = rng.randrange(5_000, 300_000, 1_000) * 100 if decided else 0
    return {
        "case_no": f"青卫医案〔{filed.year}〕{index + 1:06d}号",  # the demo numbers are unpadded
        "source": rng.choice(list(CaseSource)),
        "cause_category": rng.choice(list(CauseCategory)),
        "campaign_category": rng.choice([None, *CampaignCategory]),
        "status": status,
        "party_type": PartyType.PERSON if person else PartyType.ORGANISATION,
        "institution_id": inst_id,
        "party_name": party,
        "town": town,
        "cause": party + rng.choice(_CAUSES),
        "filed_on": filed,
        "decided_on": decided,
        "closed_on": closed,
        "fine_fen": fine,
        "warning": bool(decided) and rng.random() < 0.5,
        "order_correction": bool(decided),
        "handler": "",
    }


if __name__ == "__main__":
    import sys
    import time

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/casedesk-large/casedesk.db")
    began = time.perf_counter()
    print(make_large_db(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000))
    print(f"{time.perf_counter() - began:.1f} s")
