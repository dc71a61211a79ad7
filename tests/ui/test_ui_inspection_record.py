"""检查 page: record an inspection through the editor, 立案 from a 不合格 item, its documents."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from ui_keys import answer_next_box

from database.models import OfficerConflict
from desktop.ui.pages.inspections_page import InspectionsPage
from forms.record_forms import CheckResult

TODAY = date(2026, 11, 20)


def _page(qtbot, window) -> InspectionsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("检查")
    assert isinstance(page, InspectionsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    page.today = lambda: TODAY
    return page


def _conflict(ctx) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with ctx.uow_factory(readonly=True) as uow:
        c = uow.session.scalars(select(OfficerConflict)).first()
        assert c is not None
        return c.officer_id, c.institution_id


def _record_failed_inspection(qtbot, page: InspectionsPage) -> int:  # type: ignore[no-untyped-def]
    ctx = page.ctx
    bad_officer, institution_id = _conflict(ctx)
    others = [o.id for o in ctx.inspections.officers() if o.id != bad_officer]
    editor = page.open_editor(None)
    editor.set_institution(institution_id)
    assert editor.results.rowCount() >= 5  # the default checklist's items
    editor.editors["start_time"].set_raw("9:30")
    editor.editors["end_time"].set_raw("10:40")
    editor.editors["location"].set_raw("门诊大厅及诊室")
    editor.editors["present_person"].set_raw("王某")
    editor.editors["findings"].set_raw("现场检查发现医师未取得执业证书从事诊疗活动。")
    editor.editors["opinions"].set_raw("立即停止使用非卫生技术人员从事医疗卫生技术工作。")
    editor.results.set_result(0, CheckResult.FAIL, "现场有一名人员无执业证书")
    # one officer: the service's rule, shown in the dialog, nothing saved
    editor.set_officers({others[0]})
    assert not editor.try_save()
    assert "至少需要两名执法人员" in editor.banner.text() and editor.isVisible()
    # a declared conflict of interest: 回避
    editor.set_officers({others[0], bad_officer})
    assert not editor.try_save()
    assert "应当回避" in editor.banner.text()
    # a bad time is shown under its field
    editor.editors["end_time"].set_raw("十点")
    assert not editor.try_save()
    assert "不是时间" in editor.error_of("end_time")
    editor.editors["end_time"].set_raw("10:40")
    editor.set_officers({others[0], others[1]})
    # 回头看 is for unlicensed places and needs its result: both said under the fields
    editor.editors["is_revisit"].set_raw(True)
    assert not editor.try_save()
    assert "请选择是否再次" in editor.error_of("illegal_again")
    assert "无证场所" in editor.error_of("is_revisit")
    editor.editors["is_revisit"].set_raw(False)
    # the inspection belongs to a 工作方案, picked from the plans
    plan = ctx.plans.list()[0]
    editor.editors["plan_id"].set_raw(plan.id)
    assert plan.title in editor.editors["plan_id"].editor.currentText()  # type: ignore[attr-defined]
    assert editor.try_save(), editor.banner.text()
    saved = editor.saved_id
    assert saved is not None
    qtbot.waitUntil(lambda: page.detail.inspection_id == saved, timeout=20_000)
    return saved


@pytest.mark.slow
def test_record_inspection_then_open_a_case_from_its_failed_item(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    before = len(page.ctx.inspections.list())
    inspection_id = _record_failed_inspection(qtbot, page)
    ctx = page.ctx
    stored = ctx.inspections.get(inspection_id)
    assert len(ctx.inspections.list()) == before + 1
    assert stored.data.plan_id == ctx.plans.list()[0].id
    assert len(stored.officers) == 2
    assert stored.data.started_at is not None and stored.data.started_at.hour == 9
    assert [r.result for r in stored.results].count("不合格") == 1
    assert stored.results[0].note == "现场有一名人员无执业证书"
    # 立案 from the 不合格 row
    page.detail.select_result(1)
    assert page.detail.open_case_button.isEnabled()
    page.detail.open_case_button.click()
    qtbot.waitUntil(lambda: page.detail.model.row_at(0).case_no != "", timeout=20_000)
    case_id = ctx.inspections.get(inspection_id).results[0].case_id
    assert case_id is not None
    case_no = ctx.cases.get(case_id).case_no
    assert page.detail.model.row_at(0).case_no == case_no
    assert case_no in page.detail.case_label.text()
    assert not page.detail.open_case_button.isEnabled()  # already opened
    # a 合格 row cannot open a case
    page.detail.select_result(2)
    assert not page.detail.open_case_button.isEnabled()
    # reopening the stored record shows its results, a change is saved
    editor = page.open_editor(inspection_id)
    assert editor.results.results()[0].result is CheckResult.FAIL
    assert editor.chosen_officers() == tuple(o.id for o in stored.officers)
    editor.editors["present_person"].set_raw("李某")
    assert editor.try_save(), editor.banner.text()
    updated = ctx.inspections.get(inspection_id)
    assert updated.data.present_person == "李某"
    assert updated.results[0].case_id == case_id  # the link to the case survives the edit


@pytest.mark.slow
def test_inspection_documents_from_the_inspection_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    page = _page(qtbot, window)
    inspection_id = _record_failed_inspection(qtbot, page)
    flow = page.document_flow
    assert page.detail.select_document("卫生监督意见书")
    page.detail.generate_button.click()
    qtbot.waitUntil(lambda: flow.preview is not None, timeout=180_000)
    doc = flow.last
    assert doc is not None and doc.number
    assert doc.number in page.detail.document_label.text()
    assert doc.number in page.detail.documents.currentItem().text()
    assert flow.preview.viewer.page_count >= 1
    flow.preview.close()
    flow.preview = None
    assert page.detail.select_document("现场笔录")
    page.detail.generate_button.click()
    qtbot.waitUntil(lambda: flow.preview is not None, timeout=180_000)
    record = flow.last
    assert record is not None and record.title == "现场笔录" and record.docx is not None
    text = "\n".join(p.text for p in Document(str(record.docx)).paragraphs)
    tables = "\n".join(c.text for t in Document(str(record.docx)).tables for r in t.rows
                       for c in r.cells)  # fmt: skip
    assert "无执业证书" in text + tables
    flow.preview.close()
    names = {d.name for d in page.ctx.documents.list_documents(inspection_id=inspection_id)}
    assert names == {"现场笔录", "卫生监督意见书"}


def test_a_new_inspection_takes_the_officers_its_draw_assigned(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    ctx = page.ctx
    draw = next(d for d in ctx.draws.list() if d.replaced_by_draw_id is None)
    first, second = draw.objects[0], draw.objects[1]
    badges = {o.badge_no: o.id for o in ctx.inspections.officers()}
    editor = page.open_editor(None)
    editor.set_institution(first.institution_id)
    assert editor.chosen_officers() == ()  # no plan yet: nothing is guessed
    editor.editors["plan_id"].set_raw(draw.plan_id)
    expected = {badges[badge] for _name, badge in first.officers}
    assert set(editor.chosen_officers()) == expected
    assert f"第 {draw.id} 号抽取记录" in editor.officers_hint.text()
    editor.set_institution(second.institution_id)  # still the draw's ticks: follow the new object
    assert set(editor.chosen_officers()) == {badges[b] for _n, b in second.officers}
    drawn = {badges[b] for _n, b in second.officers}
    others = [o.id for o in ctx.inspections.officers() if o.id not in drawn]
    chosen_by_hand = set(others[:2])
    editor.set_officers(chosen_by_hand)
    editor.set_institution(first.institution_id)  # ticked by hand: never replaced
    assert set(editor.chosen_officers()) == chosen_by_hand
    asked: list[str] = []
    answer_next_box("放弃修改", asked)  # the ticks are changes: closing asks first
    editor.reject()
    assert asked and "尚未保存的修改" in asked[0] and not editor.isVisible()
