"""A closed, locked case (issue 15 point 4): no procedure document is generated or voided
without a recorded 重新打开; the archive's own documents stay allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from database.models import Case, Document, NumberCounter
from desktop.app import AppContext
from desktop.common.errors import ConflictError
from desktop.law.penalties import penalty_problems
from desktop.law.versions import find_provision


def _locked_case(ctx: AppContext) -> tuple[int, str]:
    """A closed demo case (locked since it was saved with its 结案日期) with a lawful fine,
    whose party was told of the right to a 听证 (the test 补发 its 听证告知书, which a case
    outside 听证 scope may not have)."""
    with ctx.uow_factory(readonly=True) as uow:
        cases = uow.session.scalars(
            select(Case)
            .where(
                Case.locked.is_(True),
                Case.fine_fen > 0,
                Case.notified_on.is_not(None),
                Case.hearing_notified_on.is_not(None),
            )
            .order_by(Case.id)
        ).all()
        for case in cases:
            if len(case.officers) >= 2 and not penalty_problems(
                case, find_provision(uow.session, case)
            ):
                return case.id, case.case_no
    raise AssertionError("the demo district has no locked case with a lawful fine")


def _register(ctx: AppContext) -> tuple[int, int]:
    with ctx.uow_factory(readonly=True) as uow:
        documents = uow.session.scalar(select(func.count(Document.id))) or 0
        counters = uow.session.scalar(select(func.sum(NumberCounter.last_seq))) or 0
    return documents, counters


def test_a_locked_case_refuses_numbered_documents_until_reopened(
    demo_ctx: AppContext, tmp_path: Path, read_docx: Callable[[bytes], str]
) -> None:
    case_id, case_no = _locked_case(demo_ctx)
    before = _register(demo_ctx)
    for form in ("hearing_notice", "penalty_decision", "inquiry_record"):
        with pytest.raises(ConflictError) as refused:
            demo_ctx.documents.generate(form, case_id=case_id, out_dir=tmp_path)
        assert f"案件 {case_no} 已结案锁定" in str(refused.value)
        assert "须先登记“重新打开”及理由" in str(refused.value)
    assert _register(demo_ctx) == before  # no row, no 文号 used
    assert not list(tmp_path.glob("*.docx"))

    # The archive's documents are made for a closed case.
    report = demo_ctx.documents.generate("closing_report", case_id=case_id, out_dir=tmp_path)
    index = demo_ctx.documents.generate("file_index", case_id=case_id, out_dir=tmp_path)
    assert "结案" in read_docx(report.path.read_bytes())  # type: ignore[union-attr]
    assert index.path is not None and index.path.exists()

    # 重新打开, with its reason in the audit trail, then the document is made.
    demo_ctx.audit.reopen_case(case_id, "补发听证告知书")
    [reopened] = [e for e in demo_ctx.audit.history("case", case_id) if e.action == "重新打开"]
    assert reopened.reason == "补发听证告知书"
    notice = demo_ctx.documents.generate("hearing_notice", case_id=case_id, out_dir=tmp_path)
    assert notice.number


def test_a_locked_case_refuses_voiding_its_documents(demo_ctx: AppContext, tmp_path: Path) -> None:
    case_id, case_no = _locked_case(demo_ctx)
    demo_ctx.audit.reopen_case(case_id, "补发决定书")
    decision = demo_ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path)
    report = demo_ctx.documents.generate("closing_report", case_id=case_id, out_dir=tmp_path)
    with demo_ctx.uow_factory() as uow:  # saved again with its 结案日期: locked again
        case = uow.session.get_one(Case, case_id)
        case.note = "归档"
        uow.commit()
    assert demo_ctx.cases.is_locked(case_id)
    with pytest.raises(ConflictError, match=f"案件 {case_no} 已结案锁定，作废行政处罚决定书前"):
        demo_ctx.documents.void(decision.id, "金额有误")
    with pytest.raises(ConflictError):  # regenerating would void it too
        demo_ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path)
    assert demo_ctx.documents.current_copy("penalty_decision", case_id=case_id).id == decision.id  # type: ignore[union-attr]
    demo_ctx.documents.void(report.id, "结案报告重新打印")  # an archive document: allowed
    demo_ctx.audit.reopen_case(case_id, "决定书金额有误，作废重出")
    demo_ctx.documents.void(decision.id, "金额有误")
    assert demo_ctx.documents.current_copy("penalty_decision", case_id=case_id) is None


def test_the_inspection_of_a_locked_case_is_locked_with_it(
    demo_ctx: AppContext, add_inspection: Callable[..., int], tmp_path: Path
) -> None:
    case_id, case_no = _locked_case(demo_ctx)
    inspection_id = add_inspection()
    demo_ctx.audit.reopen_case(case_id, "关联检查记录")
    with demo_ctx.uow_factory() as uow:
        uow.session.get_one(Case, case_id).inspection_id = inspection_id
        uow.commit()  # locks it again
    with pytest.raises(ConflictError, match=f"案件 {case_no} 已结案锁定，生成卫生监督意见书前"):
        demo_ctx.documents.generate("supervision_opinion", inspection_id=inspection_id,
                                    out_dir=tmp_path)  # fmt: skip
    # the 卷宗 of the closed case still takes only what was filed
    plan = demo_ctx.case_files.plan(case_id)
    assert "卫生监督意见书" not in [i.title for i in plan.items if i.present]
