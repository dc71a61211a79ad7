"""Several clerks at once: 4 processes × 250 numbers give 1,000 unique, gap-free numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from database.models import Document, NumberCounter
from desktop.app import build_context
from desktop.paths import database_url

WORKER = Path(__file__).with_name("numbering_worker.py")
PROCESSES = 4
EACH = 250


def _allocate_concurrently(data_dir: Path, url: str) -> list[list[int]]:
    setup = build_context(str(data_dir), url)  # schema and key exist before the clerks start
    setup.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(data_dir), url, str(EACH)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        assert worker.stdout is not None
        line = worker.stdout.readline()
        assert line.strip() == "ready", worker.communicate()[1]
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append([int(x) for x in out.split()])
    return results


def _assert_gap_free(data_dir: Path, url: str, results: list[list[int]]) -> None:
    numbers = sorted(n for got in results for n in got)
    assert numbers == list(range(1, PROCESSES * EACH + 1))
    assert all(len(got) == EACH and got == sorted(got) for got in results)
    ctx = build_context(str(data_dir), url)
    try:
        with ctx.uow_factory(readonly=True) as uow:
            assert uow.session.scalar(select(NumberCounter.last_seq)) == PROCESSES * EACH
            assert uow.session.scalar(select(func.count(func.distinct(Document.seq)))) == 1000
        assert ctx.startup_check.check().number_gaps == ()
        assert ctx.audit.verify().ok  # the audit chain did not fork under concurrency
    finally:
        ctx.close()


@pytest.mark.slow
def test_four_processes_on_sqlite(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    url = database_url(data_dir)
    _assert_gap_free(data_dir, url, _allocate_concurrently(data_dir, url))


@pytest.mark.slow
@pytest.mark.postgres
def test_four_processes_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    data_dir = tmp_path / "data"
    _assert_gap_free(data_dir, pg_url, _allocate_concurrently(data_dir, pg_url))
