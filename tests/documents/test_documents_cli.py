"""casedesk doc / documents from the command line (in process)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.cli.main import run


def _case_no(ctx: AppContext, case_id: int) -> str:
    with ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        return case.case_no


def test_doc_command_writes_the_decision(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(demo_ctx.data_dir)
    out = tmp_path / "out"
    code = run(["--data-dir", data, "doc", "行政处罚决定书", "--case",
                _case_no(demo_ctx, closed_case_id), "--out", str(out)])  # fmt: skip
    assert code == 0
    files = list(out.glob("行政处罚决定书_青卫医罚*.docx"))
    assert len(files) == 1
    assert "已生成行政处罚决定书 青卫医罚" in capsys.readouterr().out
    assert run(["--data-dir", data, "documents", "void", "1", "--reason", "送达地址有误"]) == 0
    assert run(["--data-dir", data, "documents", "list"]) == 0
    assert "已作废：送达地址有误" in capsys.readouterr().out


def test_doc_command_errors_are_chinese(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(demo_ctx.data_dir)
    assert run(["--data-dir", data, "doc", "不存在的文书", "--case", "1"]) == 1
    assert "没有名为“不存在的文书”的文书类型" in capsys.readouterr().err
    assert run(["--data-dir", data, "doc", "现场笔录", "--case", "1"]) == 1
    assert "现场笔录需要指定检查记录" in capsys.readouterr().err


def test_batch_command_for_a_period(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--data-dir", str(demo_ctx.data_dir), "doc", "filing_report", "--all-cases",
                "--from", "2026-01-01", "--to", "2026-01-31", "--out", str(tmp_path)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    with demo_ctx.uow_factory(readonly=True) as uow:
        cases = uow.session.scalars(
            select(Case).where(Case.filed_on.between(date(2026, 1, 1), date(2026, 1, 31)))
        ).all()
        locked = [c.case_no for c in cases if c.locked]
    generated = list(tmp_path.glob("*.docx"))
    assert len(generated) == len(cases) - len(locked) > 0
    assert f"已生成 {len(generated)} 份" in captured.out
    assert f"[{len(cases)}/{len(cases)}]" in captured.err
    # a closed case's documents wait for its 重新打开
    for case_no in locked:
        assert (
            f"案件 {case_no} 已结案锁定，生成立案报告前须先登记“重新打开”及理由。" in captured.err
        )
