"""工作方案与抽取 on the 检查 page: a plan typed in the editor, drawn, redrawn with a reason, exported."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from desktop.inspections.plans import parse_department_lines
from desktop.ui.pages.inspections_page import InspectionsPage
from desktop.ui.widgets.plans_panel import BY_PERCENT
from forms.record_forms import InstitutionKind, PlanKind

DEPARTMENTS = (
    "区卫生健康委员会、医政医管科、王海、李娜、0571-88001234\n区市场监督管理局、稽查科、赵刚"
)


def _panel(qtbot, window):  # type: ignore[no-untyped-def]
    page = window.show_page("检查")
    assert isinstance(page, InspectionsPage)
    panel = page.plans
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        pass
    page.tabs.setCurrentWidget(panel)
    return panel


def test_a_plan_is_typed_drawn_redrawn_with_a_reason_and_exported(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, window)
    ctx = panel.ctx
    before = len(ctx.plans.list())
    editor = panel.open_editor(None)
    editor.editors["kind"].set_raw(PlanKind.DOUBLE_RANDOM.value)
    editor.editors["title"].set_raw("2026年第四季度医疗美容双随机检查")
    editor.editors["lead_department"].set_raw("区卫生健康委员会")
    editor.editors["departments"].set_raw(DEPARTMENTS)
    editor.editors["kinds"].set_raw("医疗美容诊所、美容院")  # 美容院 is no kind
    editor.editors["period_end"].set_raw(editor.editors["period_start"].raw().replace(year=2025))
    assert not editor.try_save()
    assert "“美容院”不是可选值" in editor.error_of("kinds")
    editor.editors["kinds"].set_raw("医疗美容诊所、医疗美容门诊部")
    assert not editor.try_save()
    assert editor.error_of("period_end") == "早于开始日期。"
    assert len(ctx.plans.list()) == before  # nothing saved
    editor.editors["period_end"].set_raw(
        editor.editors["period_start"].raw().replace(month=12, day=31)
    )
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert editor.try_save(), editor.banner.text()
    plan_id = editor.saved_id
    stored = ctx.plans.get(plan_id)
    assert stored.target.kinds == (InstitutionKind.COSMETIC_CLINIC,
                                   InstitutionKind.COSMETIC_OUTPATIENT)  # fmt: skip
    assert [d.responsible for d in stored.departments] == ["王海", "赵刚"]
    assert stored.departments[1].section == "稽查科" and stored.departments[1].contact == ""
    population = len(ctx.plans.targets(plan_id))
    assert population > 2
    # the new plan is selected; draw 50% of its targets
    assert panel.selected_plan().id == plan_id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "第四季度" in panel.targets_label.text(), timeout=20_000)
    assert panel.draw_button.isEnabled()
    assert f"{population} 户" in panel.targets_label.text()
    panel.mode.setCurrentText(BY_PERCENT)
    panel.amount.setText("50")
    panel.draw_button.click()
    qtbot.waitUntil(lambda: panel.object_model.rowCount() > 0, timeout=20_000)
    first = panel.selected_draw()
    assert first is not None and first.drawn_by
    assert panel.object_model.rowCount() == -(-population // 2)  # rounded up
    assert all(len(o.officers) >= 2 for o in first.objects)
    assert not panel.draw_button.isEnabled()  # a plan is drawn once; then only 重新抽取
    # 重新抽取 without a reason is refused; with one, a new record replaces the old
    panel.redraw_button.click()
    qtbot.waitUntil(lambda: bool(_messages(panel)), timeout=20_000)
    assert "重新抽取理由" in _messages(panel)[-1]
    panel.reason_edit.setText("抽中对象已注销")
    panel.redraw_button.click()
    qtbot.waitUntil(lambda: panel.draw_model.rowCount() == 2, timeout=20_000)
    records = ctx.draws.list(plan_id)
    assert records[0].replaced_by_draw_id == records[1].id and records[1].reason == "抽中对象已注销"
    assert panel.selected_draw().id == records[1].id  # type: ignore[union-attr]
    assert panel.draw_model.data(panel.draw_model.index(0, 5)) == f"已被第{records[1].id}号取代"
    assert panel.redraw_button.isEnabled()
    panel.draw_view.selectRow(0)  # the replaced draw: shown, exportable, not to be redone
    assert not panel.redraw_button.isEnabled() and panel.export_button.isEnabled()
    panel.draw_view.selectRow(1)
    # the 检查名单 of the current draw
    out = tmp_path / "检查名单.xlsx"
    with qtbot.waitSignal(panel.status, timeout=20_000):
        panel.export(out)
    sheet = load_workbook(out).active
    names = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert all(o.name in names for o in records[1].objects)


def test_department_lines_round_trip_and_keep_dates() -> None:
    from dataclasses import replace
    from datetime import date

    first = parse_department_lines(DEPARTMENTS)
    dated = (replace(first[0], notified_on=date(2026, 10, 8)), first[1])
    again = parse_department_lines("区卫生健康委员会，医政医管科\t王海\n\n", dated)
    assert again[0].notified_on == date(2026, 10, 8) and again[0].responsible == "王海"
    assert len(again) == 1
    import pytest

    from desktop.common.errors import ValidationError

    with pytest.raises(ValidationError, match="第2行多于七项"):
        parse_department_lines("区卫健委\n甲、乙、丙、丁、戊、己、庚、辛")


def _messages(panel) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    return [box.text() for box in panel.findChildren(QMessageBox)]
