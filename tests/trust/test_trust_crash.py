"""Crash safety: kill -9 during document batches and imports, again and again, stays consistent."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from database.models import Document, Institution
from desktop.app import AppContext, build_context
from desktop.paths import file_store_dir
from desktop.trust.file_store import FileStore, sha256_file
from desktop.trust.startup_check import StartupCheckService

WORKER = Path(__file__).with_name("crash_worker.py")
#: How many times the document batch is killed (the issue asks for at least 20).
RUNS = 20
IMPORT_RUNS = 4


def _start_worker(mode: str, folder: Path, target: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(folder), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == "ready", worker.communicate()[1]
    return worker


def _kill(worker: subprocess.Popen[str], delay: float) -> None:
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)


def _assert_consistent(folder: Path, out_dir: Path) -> int:
    """After the start-up repair: numbers gap-free with their records, every file whole."""
    connection = sqlite3.connect(folder / "casedesk.db")
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    ctx = build_context(str(folder))
    try:
        store = FileStore(file_store_dir(folder))
        repaired = StartupCheckService(ctx.uow_factory, store, temp_min_age=0).repair()
        assert repaired.clean, repaired.lines()
        assert not store.orphan_temp_files()
        with ctx.uow_factory(readonly=True) as uow:
            rows = list(
                uow.session.execute(
                    select(Document.series, Document.year, Document.seq, Document.file_sha256)
                )
            )
        for year in {year for series, year, _s, _h in rows if series == "penalty"}:
            seqs = sorted(s for series, y, s, _h in rows if series == "penalty" and y == year)
            assert seqs == list(range(1, len(seqs) + 1))  # no number without its record
        for _series, _year, _seq, digest in rows:
            if digest:
                assert sha256_file(store.path_for(digest)) == digest
        for path in file_store_dir(folder).glob("??/*"):
            assert sha256_file(path) == path.name  # no half-written file in the store
        for path in out_dir.glob("*.docx"):
            with zipfile.ZipFile(path) as docx:  # no half-written file in the output folder
                assert docx.testzip() is None
        assert ctx.audit.verify().ok
        return len(repaired.repaired)
    finally:
        ctx.close()


def _demo_folder(demo_ctx: AppContext) -> Path:
    """The test's private copy of the session's demo district (tests/conftest.py: 240 cases,
    seed 2024, dated to DEMO_TODAY), closed for the workers; no second load of the demo."""
    if demo_ctx.engine.dialect.name != "sqlite":
        pytest.skip("the kill tests drive the embedded SQLite database")
    folder = demo_ctx.data_dir
    demo_ctx.close()
    return folder


@pytest.mark.slow
def test_kill_9_during_document_batches_always_leaves_a_consistent_state(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    folder = _demo_folder(demo_ctx)
    out_dir = tmp_path / "out"
    rng = random.Random(20261125)
    for _run in range(RUNS):
        _kill(_start_worker("documents", folder, out_dir), rng.uniform(0.0, 1.2))
        _assert_consistent(folder, out_dir)
    with sqlite3.connect(folder / "casedesk.db") as connection:
        made = connection.execute("SELECT count(*) FROM document").fetchone()[0]
    assert made > RUNS  # the batches made real progress between the kills


def _ledger(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["机构名称", "机构类别", "联系电话", "地址"])
    for index in range(rows):
        sheet.append(
            [f"崩溃测试诊所{index:05d}", "医疗美容诊所", f"1390000{index:04d}", "青溪路1号"]
        )
    book.save(path)


@pytest.mark.slow
def test_kill_9_during_an_import_leaves_all_or_nothing(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    folder = _demo_folder(demo_ctx)
    ledger = tmp_path / "机构名录.xlsx"
    _ledger(ledger, 3000)
    rng = random.Random(7)
    with sqlite3.connect(folder / "casedesk.db") as connection:
        before = connection.execute("SELECT count(*) FROM institution").fetchone()[0]
    for _run in range(IMPORT_RUNS):
        _kill(_start_worker("import", folder, ledger), rng.uniform(0.2, 2.5))
        _assert_consistent(folder, tmp_path)
        check = build_context(str(folder))
        with check.uow_factory(readonly=True) as uow:
            count = uow.session.scalar(select(func.count(Institution.id)))
        check.close()
        assert count in (before, before + 3000)
