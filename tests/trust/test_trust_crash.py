"""Crash safety: kill -9 during a batch of documents, again and again, leaves a consistent state."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from database.models import Document, NumberCounter
from desktop.app import AppContext, build_context
from desktop.paths import file_store_dir
from desktop.services.file_store import FileStore, sha256_file
from desktop.services.startup_check import StartupCheckService

WORKER = Path(__file__).with_name("crash_worker.py")
#: How many times the batch is killed (the issue asks for at least 20).
RUNS = 24


def _start_worker(folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(folder), "200"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _assert_consistent(folder: Path) -> tuple[int, int, int]:
    """After the start-up repair: numbers gap-free, each with its record, every file whole."""
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
            last = uow.session.scalar(select(NumberCounter.last_seq)) or 0
            docs = [(d.seq, d.voided, d.file_sha256) for d in uow.session.scalars(select(Document))]
        assert sorted(seq for seq, _v, _h in docs) == list(range(1, last + 1))
        for _seq, voided, digest in docs:
            if not voided:
                assert sha256_file(store.path_for(digest)) == digest  # no half-written file
        # Every file in the store is whole (named by its own sha256), referenced or not.
        for path in file_store_dir(folder).glob("??/*"):
            assert sha256_file(path) == path.name
        assert ctx.audit.verify().ok
        return last, sum(1 for _s, voided, _h in docs if voided), len(repaired.repaired)
    finally:
        ctx.close()


@pytest.mark.slow
def test_kill_9_during_document_batches_always_leaves_a_consistent_state(
    ctx: AppContext,
) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("the kill test drives the embedded SQLite database")
    folder = ctx.data_dir
    ctx.close()
    rng = random.Random(20261125)
    started = time.monotonic()
    totals: list[int] = []
    interrupted_writes = 0
    for _run in range(RUNS):
        worker = _start_worker(folder)
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready", (
            worker.stderr.read() if worker.stderr else ""
        )
        time.sleep(rng.uniform(0.0, 0.35))
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
        last, _voided, repairs = _assert_consistent(folder)
        totals.append(last)
        interrupted_writes += repairs
    assert totals[-1] > RUNS  # the batches made real progress between the kills
    assert interrupted_writes > 0  # some kills did land inside a file write
    assert time.monotonic() - started < 90
