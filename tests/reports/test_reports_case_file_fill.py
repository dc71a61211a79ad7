"""补齐卷内文书: the documents a file lacks, generated from the records; what cannot be, said why."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.casefile.fill import generate_missing
from desktop.cli.main import run
from desktop.documents.order import procedural_rank

pytestmark = pytest.mark.slow


def _case(ctx: AppContext, *, closed: bool) -> tuple[int, str]:
    with ctx.uow_factory(readonly=True) as uow:
        query = select(Case).where(Case.fine_fen > 0, Case.notified_on.is_not(None))
        query = query.where(Case.closed_on.is_not(None) if closed else Case.closed_on.is_(None))
        case = next(c for c in uow.session.scalars(query.order_by(Case.id)) if len(c.officers) >= 2)
        return case.id, case.case_no


def test_missing_documents_are_generated_numbered_and_listed(demo_ctx: AppContext) -> None:
    case_id, case_no = _case(demo_ctx, closed=True)
    demo_ctx.audit.reopen_case(case_id, "测试：补齐卷内文书")  # a closed case is locked
    before = demo_ctx.case_files.plan(case_id).missing
    assert "行政处罚决定书" in before and "结案报告" in before
    # 取消 at once: nothing is generated
    stopped = generate_missing(
        demo_ctx.case_files, demo_ctx.documents, case_id, cancel=lambda: True
    )
    assert stopped.cancelled and stopped.generated == () and "已取消" in str(stopped)
    assert demo_ctx.case_files.plan(case_id).missing == before
    seen: list[tuple[int, int, str]] = []
    result = generate_missing(
        demo_ctx.case_files, demo_ctx.documents, case_no, progress=lambda *s: seen.append(s)
    )
    # generated in the procedure's order (the 结案报告 quotes the 决定书's 文号), not the 卷宗's
    made_order = sorted(before, key=procedural_rank)
    assert made_order[-1] == "结案报告" and before[0] == "结案报告"
    assert [t for t, _n in result.generated] == made_order and result.failed == ()
    numbers = dict(result.generated)
    assert numbers["行政处罚决定书"].endswith("号") and "罚" in numbers["行政处罚决定书"]
    assert demo_ctx.case_files.plan(case_id).missing == ()
    assert seen[0] == (0, len(before), f"正在生成{made_order[0]}") and seen[-1][0] == len(before)
    issued = {d.name: d.number for d in demo_ctx.documents.list_documents(case_id=case_id)}
    assert issued["行政处罚决定书"] == numbers["行政处罚决定书"]
    again = generate_missing(demo_ctx.case_files, demo_ctx.documents, case_id)
    # Documents complete, but the evidence the decision cites is not filed: said, not hidden.
    assert again.generated == () and str(again) == (
        f"{case_no} 的卷内文书齐全，但决定书引用的证据未归入卷宗："
        "现场笔录、询问笔录、现场照片、收费票据复印件。"
    )


def test_a_document_that_cannot_be_generated_is_reported_and_the_rest_go_on(
    demo_ctx: AppContext,
) -> None:
    case_id, _no = _case(demo_ctx, closed=False)  # decided and served, not yet closed
    result = generate_missing(demo_ctx.case_files, demo_ctx.documents, case_id)
    assert dict(result.failed) == {"结案报告": "结案报告缺少：结案日期。"}
    made = dict(result.generated)
    assert {"立案报告", "行政处罚决定书", "送达回执"} <= set(made)
    assert demo_ctx.case_files.plan(case_id).missing == ("结案报告",)
    assert "未能生成 1 份：结案报告缺少：结案日期。" in str(result)


def test_packet_command_fills_then_builds(demo_ctx: AppContext, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    case_id, case_no = _case(demo_ctx, closed=True)
    demo_ctx.audit.reopen_case(case_id, "测试：补齐卷内文书")  # a closed case is locked
    data_dir, db_url = str(demo_ctx.data_dir), demo_ctx.database_url
    demo_ctx.close()
    out = tmp_path / "卷宗.pdf"
    args = ["--data-dir", data_dir, "--db", db_url, "packet", "--case", case_no, "--out", str(out)]
    # The decision cites 现场照片 and 收费票据复印件 that nobody filed: the file is not complete.
    assert run([*args, "--fill-missing"]) == 1
    printed = capsys.readouterr()
    assert "已生成 6 份" in printed.out and "决定书引用的证据未归入卷宗" in printed.out
    assert "现场照片（决定书引用的证据）" in printed.err
    assert run([*args, "--allow-gaps"]) == 0
    assert "已生成卷宗" in capsys.readouterr().out
    outline = [o.title for o in PdfReader(out).outline]
    assert outline[:4] == ["卷宗封面", "卷内目录", "结案报告", "立案报告"]
