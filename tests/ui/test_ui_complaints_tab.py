"""投诉举报 tab on the 检查 page: the list of the period, a complaint added and handled."""

from __future__ import annotations

from datetime import date

from desktop.cases.cases import CaseFilter
from desktop.ui.pages.inspections_page import InspectionsPage
from forms.record_forms import ComplaintResult, YesNo

TODAY = date(2026, 11, 20)


def test_complaints_are_listed_added_and_handled(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    page = window.show_page("检查")
    assert isinstance(page, InspectionsPage)
    panel = page.complaints
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        pass
    panel.today = lambda: TODAY
    start, end = page.period.period()
    expected = ctx.complaints.list(start, end)
    assert expected and panel.model.rowCount() == len(expected)
    page.tabs.setCurrentWidget(panel)
    case = ctx.cases.list(CaseFilter())[0]
    editor = panel.open_editor(None)
    editor.editors["channel"].set_raw("12345热线")
    editor.editors["target_name"].set_raw("青溪某美容工作室")
    editor.editors["content"].set_raw("反映该工作室无证开展注射美容。")
    editor.editors["anonymous"].set_raw(True)
    editor.editors["reporter_name"].set_raw("张某")
    editor.editors["result"].set_raw(ComplaintResult.FILED.value)
    assert not editor.try_save()
    assert "匿名举报不应登记" in editor.error_of("reporter_name")
    assert "请选择所立案件" in editor.error_of("case_no")
    assert len(ctx.complaints.list(start, end)) == len(expected)  # nothing saved
    editor.editors["reporter_name"].set_raw("")
    editor.editors["case_no"].set_raw("不存在的案号")
    assert not editor.try_save()
    assert "没有案号" in editor.error_of("case_no")
    editor.editors["case_no"].set_raw(case.case_no)
    # the reported institution is picked from the records; typed text that names none is refused
    target = ctx.institutions.list()[3]
    picker = editor.editors["institution_id"]
    picker.editor.setEditText("名录里没有的机构")  # type: ignore[attr-defined]
    assert not editor.try_save()
    assert "不在列表中" in editor.error_of("institution_id")
    picker.set_raw(target.id)
    assert picker.raw() == target.id and target.name in picker.editor.currentText()  # type: ignore[attr-defined]
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert editor.try_save(), editor.banner.text()
    new_id = editor.saved_id
    assert ctx.complaints.get(new_id).institution_id == target.id
    assert new_id is not None and panel.model.rowCount() == len(expected) + 1
    shown = next(panel.model.row_at(r) for r in range(panel.model.rowCount())
                 if panel.model.row_at(r).id == new_id)  # fmt: skip
    assert shown.case_no == case.case_no and shown.result == "立案"
    assert ctx.complaints.get(new_id).case_id == case.id
    # a named complaint is answered: the satisfaction is a yes/no that may stay empty
    row = [panel.model.row_at(r).id for r in range(panel.model.rowCount())].index(new_id)
    panel.view.selectRow(row)
    panel.edit_button.click()
    again = panel.editor
    assert again is not None and again.editors["case_no"].raw() == case.case_no
    assert again.editors["institution_id"].raw() == target.id
    again.editors["anonymous"].set_raw(False)
    again.editors["reporter_name"].set_raw("张某")
    again.editors["reporter_satisfied"].set_raw(YesNo.YES.value)
    assert not again.try_save()
    assert "尚未答复" in again.error_of("reporter_satisfied")
    again.editors["replied_on"].set_raw(date(2026, 11, 22))
    again.editors["closed_on"].set_raw(date(2026, 11, 21))
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert again.try_save(), again.banner.text()
    stored = ctx.complaints.get(new_id)
    assert stored.reporter_satisfied is True and stored.replied_on == date(2026, 11, 22)
    assert stored.reporter_name == "张某"
