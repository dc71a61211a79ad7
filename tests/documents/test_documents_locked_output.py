"""A document file that cannot be written (open in Word/WPS, a folder in the way) fails that
document alone: its 文号 is rolled back with its record, the batch goes on, the clerk is told."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from database.models import Case, Document, NumberCounter
from desktop.app import AppContext
from desktop.documents.numbering import format_number
from desktop.law.penalties import penalty_problems
from desktop.law.versions import find_provision
from desktop.trust.file_store import safe_file_name
from forms.case_penalty import case_kind_names

PENALTY = "penalty_decision"


def _lawful_decided_cases(ctx: AppContext) -> list[int]:
    """Decided demo cases of one decision year whose 行政处罚决定书 can be generated."""
    with ctx.uow_factory(readonly=True) as uow:
        cases = uow.session.scalars(
            # open cases (a locked one needs a 重新打开), by decision date (文号 in date order)
            select(Case)
            .where(Case.decided_on.is_not(None), Case.locked.is_(False))
            .order_by(Case.decided_on, Case.id)
        ).all()
        good = [
            c
            for c in cases
            # a penalty to decide (not 不予处罚, not a transfer), within its provision's range
            if len(c.officers) >= 2
            and case_kind_names(c)
            and not penalty_problems(c, find_provision(uow.session, c))
        ]
        # The decision year with the most of them (numbers run per year).
        years = [c.decided_on.year for c in good if c.decided_on]
        year = max(set(years), key=years.count)
        return [c.id for c in good if c.decided_on and c.decided_on.year == year]


def _register(ctx: AppContext) -> tuple[int, int]:
    """(documents recorded, last 处罚 序号 handed out)."""
    with ctx.uow_factory(readonly=True) as uow:
        count = uow.session.scalar(select(func.count(Document.id))) or 0
        last = uow.session.scalar(
            select(func.max(NumberCounter.last_seq)).where(NumberCounter.series == "penalty")
        )
    return count, last or 0


def test_a_blocked_file_rolls_its_number_back_and_a_retry_gets_the_same_number(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    first, second, *_ = _lawful_decided_cases(demo_ctx)
    out = tmp_path / "文书"
    done = demo_ctx.documents.generate_batch(PENALTY, [first], out)
    assert done.succeeded == 1
    before = _register(demo_ctx)
    with demo_ctx.uow_factory(readonly=True) as uow:
        row = uow.session.get_one(Document, done.items[0].document.id)  # type: ignore[union-attr]
        series, year, seq = row.series, row.year, row.seq
    assert series and year and seq
    next_number = format_number(demo_ctx.office.all(), series, year, seq + 1)
    blocked = out / f"{safe_file_name('行政处罚决定书_' + next_number)[:120]}.docx"
    blocked.mkdir()  # where the next document would go, something that cannot be replaced

    result = demo_ctx.documents.generate_batch(PENALTY, [second], out)
    assert result.succeeded == 0 and not result.cancelled
    assert result.items[0].error == f"无法写出文件：{blocked} 是一个文件夹，请移走或改名后重试。"
    assert _register(demo_ctx) == before  # no record, and the 文号 was not used up
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert demo_ctx.startup_check.check().clean
    assert demo_ctx.audit.verify().ok

    blocked.rmdir()
    retry = demo_ctx.documents.generate_batch(PENALTY, [second], out)
    assert retry.items[0].document is not None
    assert retry.items[0].document.number == next_number  # gap-free register
    assert retry.items[0].document.path == blocked and blocked.is_file()


def test_a_file_open_in_word_fails_that_document_and_the_batch_goes_on(
    demo_ctx: AppContext,
    tmp_path: Path,
    staffed_case_ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = staffed_case_ids[:3]
    out = tmp_path / "立案报告"
    # Windows refuses to replace a file Word has open; on other systems the rename would succeed,
    # so the refusal is simulated for the second case's file.
    locked = out / f"{safe_file_name('立案报告_' + demo_ctx.cases.get(ids[1]).case_no)[:120]}.docx"
    real_replace = os.replace

    def replace(source: str, target: os.PathLike[str] | str) -> None:
        if Path(target) == locked:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    before, _ = _register(demo_ctx)
    seen: list[str] = []
    result = demo_ctx.documents.generate_batch(
        "立案报告", ids, out, progress=lambda _d, _t, message: seen.append(message)
    )
    assert [bool(i.document) for i in result.items] == [True, False, True]
    message = f"文件被占用：{locked}，请关闭 Word/WPS 后重试。"
    assert result.items[1].error == message and seen[1] == message
    assert _register(demo_ctx)[0] == before + 2
    assert sorted(p.name for p in out.iterdir()) == sorted(
        i.document.path.name  # type: ignore[union-attr]
        for i in result.items
        if i.document
    )  # the two written documents, and no temp file left behind
