"""`casedesk doc TYPE --all-cases` says the 提示 of unverified catalogue rows as `doc --case`
does: before the batch, one line per row's notice naming each of its cases (案号) once, with
their count — never the same sentence once per case."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from desktop.app import AppContext
from desktop.cases.cases import CaseFilter
from desktop.entry import main
from desktop.law.notices import NOTICE_PREFIX

#: A notice line of the batch: the notice, then （涉及 N 个案件：案号、案号…）.
_LINE = re.compile(r"^提示：(?P<notice>.+)（涉及 (?P<count>\d+) 个案件：(?P<cases>[^（）]+)）$")


def _window(ctx: AppContext, last: int) -> tuple[list[int], str, str]:
    """The latest-filed cases (at least `last` of them; the earliest are closed and locked) in
    the batch's order, and their date range."""
    newest = ctx.cases.list_ids(sort="filed_on", descending=True)
    start, end = ctx.cases.get(newest[last - 1]).filed_on, ctx.cases.get(newest[0]).filed_on
    window = CaseFilter(filed_from=start, filed_to=end)
    ids = ctx.cases.list_ids(window, sort="filed_on", descending=False)  # as the batch does
    return ids, start.isoformat(), end.isoformat()


def _expected(ctx: AppContext, ids: list[int]) -> dict[str, list[str]]:
    """What `doc --case` notes for each case (the pre-flight's notice channel), by notice."""
    expected: dict[str, list[str]] = {}
    for case_id in ids:
        for notice in ctx.documents.preflight_check("filing_report", case_id=case_id).notices:
            expected.setdefault(notice, []).append(ctx.cases.get(case_id).case_no)
    return expected


def _notice_lines(err: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in err.splitlines():
        if not line.startswith(NOTICE_PREFIX):
            continue
        matched = _LINE.match(line)
        assert matched, line
        cases = matched["cases"].split("、")
        assert int(matched["count"]) == len(cases), line
        assert matched["notice"] not in found, f"said twice: {line}"
        found[matched["notice"]] = cases
    return found


def test_all_cases_names_each_case_of_an_unverified_row_once(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids, start, end = _window(demo_ctx, 12)
    expected = _expected(demo_ctx, ids)
    # The demo's latest cases have both: a row shared by several cases, and verified rows.
    assert any(len(cases) >= 2 for cases in expected.values())
    noted = {n for cases in expected.values() for n in cases}
    assert 0 < len(noted) < len(ids)

    out = tmp_path / "out"
    code = main(["--data-dir", str(demo_ctx.data_dir), "doc", "立案报告", "--all-cases",
                 "--from", start, "--to", end, "--out", str(out)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"共 {len(ids)} 个案件：已生成 {len(ids)} 份" in captured.out
    assert _notice_lines(captured.err) == expected
    # Before the batch, as `doc --case` says them before its document.
    lines = captured.err.splitlines()
    last_notice = max(i for i, line in enumerate(lines) if line.startswith(NOTICE_PREFIX))
    assert lines[last_notice + 1].startswith(f"[1/{len(ids)}]")
    assert len(list(out.glob("立案报告_*.docx"))) == len(ids)


def test_all_cases_json_carries_the_notices_too(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids, start, end = _window(demo_ctx, 4)
    expected = _expected(demo_ctx, ids)
    assert expected  # the demo's latest cases cite an unverified row
    code = main(["--data-dir", str(demo_ctx.data_dir), "doc", "立案报告", "--all-cases", "--json",
                 "--from", start, "--to", end, "--out", str(tmp_path / "out")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    assert {n["notice"]: n["cases"] for n in result["notices"]} == expected
    assert _notice_lines(captured.err) == expected


def test_all_cases_on_verified_rows_only_says_nothing_more(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_day: dict[date, list[int]] = {}
    for case_id in demo_ctx.cases.list_ids(sort="filed_on", descending=True):
        by_day.setdefault(demo_ctx.cases.get(case_id).filed_on, []).append(case_id)
    # The latest day whose cases all cite verified rows (the demo has such days).
    day = next(d for d, ids in by_day.items() if not _expected(demo_ctx, ids))
    code = main(["--data-dir", str(demo_ctx.data_dir), "doc", "立案报告", "--all-cases",
                 "--from", day.isoformat(), "--to", day.isoformat(),
                 "--out", str(tmp_path / "out")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert NOTICE_PREFIX not in captured.err
