"""The 工作方案 editor: 通知/确认 dates on the department lines and the target 机构状态."""

from __future__ import annotations

from datetime import date

from desktop.app import AppContext
from desktop.inspections.plans import DepartmentInput, PlanInput, TargetFilter
from desktop.ui.widgets.plans_panel import plan_editor
from forms.record_forms import InstitutionStatus, PlanKind


def test_department_dates_and_statuses_are_edited_in_the_form(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    plan_id = ctx.plans.create(
        PlanInput(PlanKind.DOUBLE_RANDOM, "联合检查", date(2026, 6, 1), date(2026, 6, 30),
                  departments=(DepartmentInput("区市场监管局", "稽查科", notified_on=date(2026, 5, 20)),),
                  target=TargetFilter(all_cosmetic=True))
    )  # fmt: skip
    editor = plan_editor(ctx, plan_id)
    qtbot.addWidget(editor)
    departments = editor.editors["departments"]
    assert departments.raw() == "区市场监管局、稽查科、、、、2026-05-20"
    assert editor.editors["statuses"].raw() == ""
    departments.set_raw("区市场监管局、稽查科、、、、2026-05-20、2026-05-32")
    editor.editors["statuses"].set_raw("正常、歇业")
    assert not editor.try_save()
    assert "“歇业”不是可选值" in editor.error_of("statuses")
    editor.editors["statuses"].set_raw("正常、停业")
    assert not editor.try_save()
    assert "参与部门 第1行 确认日期" in editor.banner.text()
    assert ctx.plans.get(plan_id).departments[0].confirmed_on is None  # nothing saved
    departments.set_raw("区市场监管局、稽查科、、、、2026-05-20、2026-05-22")
    assert editor.try_save(), editor.banner.text()
    stored = ctx.plans.get(plan_id)
    assert stored.departments[0].confirmed_on == date(2026, 5, 22)
    assert stored.target.statuses == (InstitutionStatus.ACTIVE, InstitutionStatus.SUSPENDED)
    reopened = plan_editor(ctx, plan_id)
    qtbot.addWidget(reopened)
    assert reopened.editors["statuses"].raw() == "正常、停业"
