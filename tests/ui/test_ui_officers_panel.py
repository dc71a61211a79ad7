"""设置 → 执法人员: an officer typed in the editor, refused duplicates, a 回避 declared and withdrawn."""

from __future__ import annotations

from ui_keys import answer_next_box

from desktop.app import AppContext
from desktop.records.institutions import InstitutionInput
from desktop.records.officers import OfficerInput
from desktop.ui.widgets.officers_panel import OfficersPanel
from forms.record_forms import InstitutionKind


def _panel(qtbot, ctx: AppContext) -> OfficersPanel:  # type: ignore[no-untyped-def]
    panel = OfficersPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.refresh()
    return panel


def test_officer_typed_edited_deactivated_and_conflict_declared(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.officers.add(OfficerInput("林晓", "ZJ33010120240001"))
    clinic = ctx.institutions.create(
        InstitutionInput(name="青溪悦颜医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC)
    )
    panel = _panel(qtbot, ctx)
    assert panel.model.rowCount() == 1
    editor = panel.open_editor(None)
    editor.editors["name"].set_raw("陈敏")
    editor.editors["badge_no"].set_raw("zj33010120240001")  # 林晓's number
    assert not editor.try_save()
    assert editor.error_of("badge_no") == "“ZJ33010120240001”已是林晓的执法证号。"
    editor.editors["badge_no"].set_raw("陈敏")
    assert not editor.try_save()
    assert "不是有效的执法证号" in editor.error_of("badge_no")
    assert len(ctx.officers.list()) == 1  # nothing saved
    editor.editors["badge_no"].set_raw("ZJ33010120240002")
    editor.editors["department"].set_raw("稽查科")
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert editor.try_save(), editor.banner.text()
    chen = editor.saved_id
    assert panel.selected() is not None and panel.selected().id == chen
    assert ctx.officers.get(chen).department == "稽查科"

    conflict = panel.open_conflict_editor()
    assert conflict is not None
    assert not conflict.try_save()
    assert conflict.error_of("reason") == "不能为空。"
    conflict.editors["institution_id"].set_raw(clinic)
    conflict.editors["reason"].set_raw("配偶在该诊所任职")
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert conflict.try_save(), conflict.banner.text()
    assert panel.conflict_model.rowCount() == 1
    assert "陈敏的回避申报（1 处）" in panel.conflict_title.text()
    (row,) = ctx.officers.conflicts(chen)
    assert (row.institution_name, row.reason) == ("青溪悦颜医疗美容诊所", "配偶在该诊所任职")
    again = panel.open_conflict_editor()
    again.editors["institution_id"].set_raw(clinic)
    again.editors["reason"].set_raw("重复")
    assert not again.try_save()
    assert "不能重复申报" in again.banner.text()
    answer_next_box("放弃修改")  # typed but refused: closing asks before dropping it
    again.reject()
    assert not again.isVisible()

    panel.conflict_view.selectRow(0)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.remove_conflict_button.click()
    assert ctx.officers.conflicts(chen) == []
    assert panel.active_button.text() == "设为不在职"
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.active_button.click()
    assert ctx.officers.get(chen).active is False
    assert panel.active_button.text() == "恢复在职"
    assert "在职 1 人，共 2 人" in panel.message.text()
