"""The document benchmarks fail (exit status 1) when their issue's target is missed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_pdf_batch
import bench_render
from common import parse_line


def _verdicts(output: str) -> dict[str, str]:
    parsed = [parse_line(line) for line in output.splitlines()]
    return {r.name: r.verdict for r in parsed if r is not None}


def test_render_bench_exits_1_on_a_missed_ratio(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["bench_render.py", "2"])
    assert bench_render.MAX_RATIO == 1.3  # issue 3's target
    monkeypatch.setattr(bench_render, "MAX_RATIO", 0.01)  # no real path renders 100× faster
    assert bench_render.main() == 1
    assert _verdicts(capsys.readouterr().out) == {"render_docx_median": "MISSED"}


def test_pdf_batch_bench_exits_1_on_a_missed_speed_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["bench_pdf_batch.py", "1"])
    assert bench_pdf_batch.MIN_SPEED_UP == 5.0  # issue 3's target
    monkeypatch.setattr(bench_pdf_batch, "MIN_SPEED_UP", 1000.0)
    assert bench_pdf_batch.main() == 1
    out = capsys.readouterr().out
    assert _verdicts(out) == {"pdf_batch_1_documents": "MISSED"}
    assert "batch ≥ 1000× faster" in out
