"""One valid copy per document slot (issue 15 point 1): regenerating replaces the copy, voids the
old one as 重新生成 (kept in the register) and reuses its 文号 for that slot only; lists, the
卷内目录 and the 卷宗 take only the valid copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from database.models import Document
from desktop.app import AppContext
from desktop.documents.register import DocumentFilter, DocumentState
from desktop.documents.slots import REGENERATED
from desktop.documents.sources import default_items


def test_regenerating_voids_the_old_copy_and_reuses_its_number(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, read_docx: Callable[[bytes], str]
) -> None:
    docs = demo_ctx.documents
    first = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path / "1")
    second = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path / "2")
    assert first.number and second.number == first.number and second.id != first.id
    assert first.number in read_docx(second.path.read_bytes())  # type: ignore[union-attr]

    rows = {r.id: r for r in docs.list_documents(case_id=closed_case_id)}
    assert rows[first.id].voided and rows[first.id].void_reason == REGENERATED
    assert not rows[second.id].voided
    valid = [r for r in rows.values() if not r.voided and r.form_id == "penalty_decision"]
    assert [r.id for r in valid] == [second.id]
    # the register's 有效 filter and the 文号 sort see the valid copy only, with its 序号
    register = demo_ctx.document_register
    valid_ids = register.ids(DocumentFilter(state=DocumentState.VALID, form_id="penalty_decision"))
    assert valid_ids == [second.id]
    with demo_ctx.uow_factory(readonly=True) as uow:
        old, new = uow.session.get_one(Document, first.id), uow.session.get_one(Document, second.id)
        assert old.seq is None and new.seq is not None and new.series == "penalty"

    # Another slot gets its own number, never the decision's.
    notice = docs.generate("penalty_notice", case_id=closed_case_id, out_dir=tmp_path / "3")
    assert notice.number and notice.number != first.number

    # 卷内目录 and 卷宗 list the decision once, with the valid copy's bytes.
    with demo_ctx.uow_factory(readonly=True) as uow:
        items = default_items(uow.session, closed_case_id)
    assert [i.title for i in items].count("行政处罚决定书") == 1
    plan = demo_ctx.case_files.plan(closed_case_id)
    decisions = [i for i in plan.items if i.title == "行政处罚决定书"]
    assert len(decisions) == 1 and decisions[0].number == first.number
    assert decisions[0].docx_sha256 == second.sha256 or decisions[0].source is not None


def test_a_number_the_clerk_voided_is_not_reused(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    docs = demo_ctx.documents
    first = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    docs.void(first.id, "处罚金额有误")
    again = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    assert again.number and again.number != first.number
    row = {r.id: r for r in docs.list_documents(case_id=closed_case_id)}[first.id]
    assert row.void_reason == "处罚金额有误"  # not overwritten by the regeneration
    # regenerating the new one keeps the new number
    third = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    assert third.number == again.number


def test_unnumbered_and_inspection_slots_are_replaced_too(
    demo_ctx: AppContext, closed_case_id: int, add_inspection: Callable[..., int], tmp_path: Path
) -> None:
    docs = demo_ctx.documents
    first = docs.generate("filing_report", case_id=closed_case_id, out_dir=tmp_path)
    second = docs.generate("filing_report", case_id=closed_case_id, out_dir=tmp_path)
    assert docs.current_copy("立案报告", case_id=closed_case_id).id == second.id  # type: ignore[union-attr]
    rows = {r.id: r for r in docs.list_documents(case_id=closed_case_id)}
    assert rows[first.id].voided and rows[first.id].void_reason == REGENERATED
    inspection_id = add_inspection()
    one = docs.generate("supervision_opinion", inspection_id=inspection_id, out_dir=tmp_path)
    two = docs.generate("supervision_opinion", inspection_id=inspection_id, out_dir=tmp_path)
    assert one.number and two.number == one.number
    listed = docs.list_documents(inspection_id=inspection_id)
    assert [(r.id, r.voided) for r in listed] == [(one.id, True), (two.id, False)]


def test_older_data_with_two_valid_copies_files_one_and_regenerating_voids_both(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    docs = demo_ctx.documents
    first = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    with demo_ctx.uow_factory() as uow:  # what the issue saw: a reprint row, both 有效
        original = uow.session.get_one(Document, first.id)
        uow.session.add(
            Document(doc_type="penalty_decision", case_id=closed_case_id, number=first.number,
                     file_sha256=original.file_sha256, document_date=original.document_date)
        )  # fmt: skip
        uow.commit()
    plan = demo_ctx.case_files.plan(closed_case_id)
    assert [i.title for i in plan.items].count("行政处罚决定书") == 1
    with demo_ctx.uow_factory(readonly=True) as uow:
        assert [i.title for i in default_items(uow.session, closed_case_id)].count(
            "行政处罚决定书"
        ) == 1
    again = docs.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    assert again.number == first.number
    with demo_ctx.uow_factory(readonly=True) as uow:
        valid = uow.session.scalars(
            select(Document.id).where(
                Document.case_id == closed_case_id,
                Document.doc_type == "penalty_decision",
                Document.voided.is_(False),
            )
        ).all()
    assert valid == [again.id]
