"""工作方案: department 通知/确认 dates and target statuses typed in the form and on the command line."""

from __future__ import annotations

import json
from datetime import date

import pytest

from database.models import InstitutionKind, InstitutionStatus, PlanKind
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ValidationError
from desktop.inspections.plans import (
    PlanInput,
    TargetFilter,
    department_lines,
    parse_department_lines,
    plan_form_values,
    plan_from_form,
)
from forms.record_forms import PLAN_FIELDS


def test_department_dates_are_parsed_named_and_round_trip() -> None:
    text = "区卫健委、医政科、王海、李娜、0571-1、2026-05-20、2026-5-22\n区市场监管局、稽查科"
    first, second = parse_department_lines(text)
    assert (first.notified_on, first.confirmed_on) == (date(2026, 5, 20), date(2026, 5, 22))
    assert (second.notified_on, second.confirmed_on) == (None, None)
    assert parse_department_lines(department_lines((first, second))) == (first, second)
    # A line with the date parts, even empty, sets them; one without keeps the stored ones.
    (cleared,) = parse_department_lines("区卫健委、医政科、王海、李娜、0571-1、、", (first,))
    assert (cleared.notified_on, cleared.confirmed_on) == (None, None)
    (kept,) = parse_department_lines("区卫健委、医政科", (first,))
    assert kept.confirmed_on == date(2026, 5, 22)
    with pytest.raises(ValidationError) as caught:
        parse_department_lines(
            "甲、、、、、2026-02-30\n乙、、、、、、五月\n丙、1、2、3、4、5、6、7"
        )
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith("参与部门 第1行 通知日期：")
    assert messages[1].startswith("参与部门 第2行 确认日期：")
    assert (
        messages[2]
        == "参与部门：第3行多于七项（部门、责任科室、责任人、联络人、联系电话、通知日期、确认日期）。"
    )


def test_plan_form_edits_statuses_and_dates(ctx: AppContext, district) -> None:  # type: ignore[no-untyped-def]
    plan_id = ctx.plans.create(
        PlanInput(PlanKind.ROUTINE, "2026年日常监督", date(2026, 3, 1), date(2026, 12, 31),
                  target=TargetFilter(all_cosmetic=True))
    )  # fmt: skip
    before = ctx.plans.get(plan_id)
    values = plan_form_values(before)
    assert values["statuses"] == ()
    typed = {f.name: f.to_value(f.to_raw(values[f.name])) for f in PLAN_FIELDS}
    assert plan_from_form(typed, before) == before  # the form round-trips a stored plan
    (statuses,) = [f for f in PLAN_FIELDS if f.name == "statuses"]
    typed["statuses"] = statuses.to_value("注销")
    typed["departments"] = "区市场监管局、稽查科、、、、2026-02-27、2026-03-03"
    ctx.plans.update(plan_id, plan_from_form(typed, before))
    stored = ctx.plans.get(plan_id)
    assert stored.target.statuses == (InstitutionStatus.CANCELLED,)
    assert [t.name for t in ctx.plans.targets(plan_id)] == ["已注销医疗美容诊所"]
    assert stored.departments[0].confirmed_on == date(2026, 3, 3)
    typed["departments"] = "区市场监管局、稽查科、、、、、2026-03-03"
    with pytest.raises(ValidationError, match="确认日期：没有通知日期"):
        ctx.plans.update(plan_id, plan_from_form(typed, before))
    assert ctx.plans.get(plan_id) == stored


def _cli(ctx: AppContext, capsysbinary, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = run(["--data-dir", str(ctx.data_dir), "plans", *args])
    captured = capsysbinary.readouterr()
    return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_plans_edit_on_the_command_line(ctx: AppContext, district, capsysbinary) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = _cli(
        ctx, capsysbinary, "new", "--kind", "双随机联合检查", "--title", "联合检查",
        "--from", "2026-06-01", "--to", "2026-06-30", "--all-cosmetic",
        "--department", "区卫健委、医政科、王海、李娜、0571-1、2026-05-20",
        "--department", "区市场监管局、稽查科",
    )  # fmt: skip
    assert code == 0 and "检查对象 37 户" in out
    plan_id = ctx.plans.list()[0].id
    code, _out, err = _cli(ctx, capsysbinary, "edit", str(plan_id), "--department",
                           "区卫健委、医政科、王海、李娜、0571-1、2026-05-20、2026-05-19")  # fmt: skip
    assert code == 1 and "参与部门“区卫健委” 确认日期：早于通知日期" in err
    code, _out, err = _cli(ctx, capsysbinary, "edit", str(plan_id), "--statuses", "正常、关门")
    assert code == 1 and "机构状态：“关门”不是可选值" in err
    code, _out, err = _cli(ctx, capsysbinary, "edit", str(plan_id))
    assert code == 1 and "没有给出要修改的项" in err
    assert ctx.plans.get(plan_id).departments[0].confirmed_on is None  # nothing saved
    code, out, _err = _cli(
        ctx, capsysbinary, "edit", str(plan_id), "--no-all-cosmetic", "--kinds", "无证场所",
        "--statuses", "正常、停业", "--title", "回头看排查",
        "--department", "区卫健委、医政科、王海、李娜、0571-1、2026-05-20、2026-05-22",
        "--department", "区市场监管局、稽查科",
    )  # fmt: skip
    assert code == 0 and "检查对象 3 户" in out
    stored = ctx.plans.get(plan_id)
    assert stored.title == "回头看排查" and stored.period_end == date(2026, 6, 30)
    assert stored.target == TargetFilter(
        kinds=(InstitutionKind.UNLICENSED,),
        statuses=(InstitutionStatus.ACTIVE, InstitutionStatus.SUSPENDED),
    )
    assert stored.departments[0].confirmed_on == date(2026, 5, 22)
    code, out, _err = _cli(ctx, capsysbinary, "list", "--json")
    assert json.loads(out)[0]["title"] == "回头看排查"
