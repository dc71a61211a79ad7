"""The shared bench harness prints lines that run_all.py can read back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from common import measure, parse_line, report


def test_report_line_round_trips_through_parse(capsys: pytest.CaptureFixture[str]) -> None:
    assert report("bench_x", 0.8, 0.4, unit="s", max_ratio=2.0, max_ours=2.5)
    line = capsys.readouterr().out.strip()
    assert line == "bench_x: ours 0.8 s, reference 0.4 s, ratio 2.00 (target ≤ 2× and ≤ 2.5 s) ok"
    parsed = parse_line(line)
    assert parsed is not None
    assert (parsed.name, parsed.ours, parsed.reference, parsed.ratio) == ("bench_x", 0.8, 0.4, 2.0)
    assert (parsed.unit, parsed.verdict) == ("s", "ok")


def test_report_flags_a_missed_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert not report("bundle_size", 180.0, 124.0, unit="MB", max_ours=150)
    parsed = parse_line(capsys.readouterr().out)
    assert parsed is not None
    assert parsed.verdict == "MISSED"
    assert parsed.ours == 180.0


def test_report_without_reference_has_no_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    report("only_ours", 3.0, None, unit="s", max_ours=5)
    parsed = parse_line(capsys.readouterr().out)
    assert parsed is not None
    assert parsed.reference is None and parsed.ratio is None


def test_measure_times_each_run() -> None:
    calls: list[int] = []
    timing = measure(lambda: calls.append(1), repeat=4, warmup=2)
    assert len(calls) == 6
    assert len(timing.runs) == 4
    assert 0 <= timing.best <= timing.median


def test_other_output_is_not_a_result() -> None:
    assert parse_line("building the data set …") is None
