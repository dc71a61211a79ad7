"""Shared helpers of the UI benchmarks: the cached large database and a child-process runner."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.datasets import BENCH_PASSPHRASE, make_large_db

#: Where the 100,000-case database is kept between runs (rebuilt when missing).
LARGE_DIR = Path(os.environ.get("CASEDESK_BENCH_DIR", "/tmp/casedesk-bench-large"))


def large_data_dir(cases: int = 100_000) -> Path:
    """A data folder holding casedesk.db with `cases` cases (built once, ~5 s)."""
    os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", BENCH_PASSPHRASE)
    marker = LARGE_DIR / f".cases-{cases}"
    if not marker.exists():
        LARGE_DIR.mkdir(parents=True, exist_ok=True)
        make_large_db(LARGE_DIR / "casedesk.db", cases)
        for old in LARGE_DIR.glob(".cases-*"):
            old.unlink()
        marker.touch()
    return LARGE_DIR


def run_child(code: str, *args: str) -> str:
    """Run Python code in a fresh interpreter (offscreen Qt unless a display is set)."""
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if "DISPLAY" not in env else "xcb")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)
