"""文号 in date order (issue 15 point 3): within a series and year a new number's document is
dated no earlier than the highest number's, unless a 补号原因 is recorded (and printed in the
register); a batch numbers its cases in date order."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from database.models import Case, Document
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.documents.slots import NumberOrderError

PENALTY = "penalty_decision"


def _decided_cases(ctx: AppContext, count: int) -> list[tuple[int, date]]:
    """`count` cases whose 决定书 can be generated, decided on different days of one year,
    earliest first; the locked ones are reopened (recorded)."""
    with ctx.uow_factory(readonly=True) as uow:
        rows = uow.session.execute(
            select(Case.id, Case.decided_on).where(Case.decided_on.is_not(None), Case.fine_fen > 0)
        ).all()
    by_year: dict[int, dict[date, int]] = defaultdict(dict)
    for case_id, decided in rows:
        if ctx.documents.preflight(PENALTY, case_id=case_id) == []:
            by_year[decided.year].setdefault(decided, case_id)
    year = max(by_year, key=lambda y: len(by_year[y]))
    chosen = sorted(by_year[year].items())[:count]
    assert len(chosen) == count, "the demo district has too few decided cases in one year"
    for _day, case_id in chosen:
        if ctx.cases.is_locked(case_id):
            ctx.audit.reopen_case(case_id, "测试：补发决定书")
    return [(case_id, day) for day, case_id in chosen]


def test_an_earlier_document_needs_a_late_reason_printed_in_the_register(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (early, early_day), (late, late_day) = _decided_cases(demo_ctx, 2)
    docs = demo_ctx.documents
    later = docs.generate(PENALTY, case_id=late, out_dir=tmp_path)
    with pytest.raises(NumberOrderError) as refused:
        docs.generate(PENALTY, case_id=early, out_dir=tmp_path)
    message = str(refused.value)
    assert (
        f"文书日期{early_day.isoformat()}早于已编文号{later.number}的日期{late_day.isoformat()}"
        in message
    )
    assert "补号原因" in message
    assert docs.current_copy(PENALTY, case_id=early) is None  # nothing recorded, no number used

    reason = "原决定书送达前遗失，经负责人批准补编文号"
    filled = docs.generate(PENALTY, case_id=early, out_dir=tmp_path, late_reason=reason)
    with demo_ctx.uow_factory(readonly=True) as uow:
        row = uow.session.get_one(Document, filled.id)
        first = uow.session.get_one(Document, later.id)
        assert row.seq == (first.seq or 0) + 1 and row.late_reason == reason
        assert row.document_date == early_day and first.document_date == late_day
    listed = {r.id: r for r in docs.list_documents()}
    assert listed[filled.id].late_reason == reason and listed[later.id].late_reason == ""
    # The register (文书 page search, the CLI list) shows it.
    assert demo_ctx.document_register.ids(_search(reason)) == [filled.id]
    assert run(["--data-dir", str(demo_ctx.data_dir), "documents", "list"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith(f"{filled.id}\t"))
    assert f"（补号原因：{reason}）" in line and early_day.isoformat() in line
    # Regenerating keeps the number and its reason, without asking again.
    again = docs.generate(PENALTY, case_id=early, out_dir=tmp_path)
    assert again.number == filled.number
    assert {r.id: r for r in docs.list_documents()}[again.id].late_reason == reason


def _search(text: str):  # type: ignore[no-untyped-def]
    from desktop.documents.register import DocumentFilter

    return DocumentFilter(search=text)


def test_the_cli_takes_the_late_reason(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (early, _), (late, _) = _decided_cases(demo_ctx, 2)
    data = str(demo_ctx.data_dir)
    assert (
        run(["--data-dir", data, "doc", PENALTY, "--case", str(late), "--out", str(tmp_path)]) == 0
    )
    capsys.readouterr()
    assert (
        run(["--data-dir", data, "doc", PENALTY, "--case", str(early), "--out", str(tmp_path)]) == 1
    )
    assert "请填写补号原因" in capsys.readouterr().err
    code = run(["--data-dir", data, "doc", PENALTY, "--case", str(early), "--out", str(tmp_path),
                "--late-reason", "漏编"])  # fmt: skip
    assert code == 0
    assert [r.late_reason for r in demo_ctx.documents.list_documents(case_id=early)] == ["漏编"]


def test_a_batch_numbers_its_cases_in_date_order(demo_ctx: AppContext, tmp_path: Path) -> None:
    cases = _decided_cases(demo_ctx, 3)
    backwards = [case_id for case_id, _ in reversed(cases)]
    result = demo_ctx.documents.generate_batch(PENALTY, backwards, tmp_path)
    assert result.succeeded == 3, [i.error for i in result.items]
    with demo_ctx.uow_factory(readonly=True) as uow:
        numbered = uow.session.execute(
            select(Document.case_id, Document.seq, Document.document_date)
            .where(Document.doc_type == PENALTY)
            .order_by(Document.seq)
        ).all()
    assert [case_id for case_id, _seq, _day in numbered] == [case_id for case_id, _ in cases]
    assert [day for _c, _s, day in numbered] == [day for _, day in cases]
