"""Text typed in the editors obeys the importer's rules: no control characters, no formulas."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from database.models import (
    CaseSource,
    CauseCategory,
    InstitutionKind,
    PartyType,
    PlanKind,
    StaffRole,
)
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.common.errors import ValidationError
from desktop.inspections.checklists import ChecklistItemData
from desktop.inspections.complaints import ComplaintInput
from desktop.inspections.plans import DepartmentInput, PlanInput
from desktop.records.institutions import InstitutionInput
from desktop.records.staff import StaffInput

FORMULA = "=cmd|' /C calc'!A0"
CONTROL = "西园\x0b街道"
CLINIC = InstitutionInput(name="青溪初见医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC)
CASE = CaseInput(case_no="青卫医罚〔2026〕7号", party_name="青溪初见医疗美容诊所",
                 party_type=PartyType.ORGANISATION, source=CaseSource.COMPLAINT,
                 cause_category=CauseCategory.PERSONNEL, cause="使用非卫生技术人员案",
                 filed_on=date(2026, 3, 2))  # fmt: skip


def _labels(info: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [e.field for e in info.value.errors]


def test_institution_refuses_formula_control_and_overlong_text(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as info:
        ctx.institutions.create(replace(CLINIC, name=FORMULA))
    assert _labels(info) == ["机构名称"] and "公式" in str(info.value)
    with pytest.raises(ValidationError) as info:
        ctx.institutions.create(replace(CLINIC, town=CONTROL, address="路" * 301))
    assert _labels(info) == ["所在镇街", "地址"]
    assert "U+000B" in str(info.value) and "不能超过300个字符" in str(info.value)
    with pytest.raises(ValidationError) as info:
        ctx.institutions.create(replace(CLINIC, subjects=("医疗美容科", "@SUM(A1)")))
    assert _labels(info) == ["诊疗科目"]
    assert ctx.institutions.list() == []
    inst_id = ctx.institutions.create(replace(CLINIC, address="西园路1号\n二楼"))
    with pytest.raises(ValidationError):
        ctx.institutions.update(inst_id, replace(CLINIC, phone='+HYPERLINK("http://x")'))
    assert ctx.institutions.get(inst_id).data.phone == ""


def test_staff_refuses_formula_and_control_text(ctx: AppContext) -> None:
    inst_id = ctx.institutions.create(CLINIC)
    person = StaffInput(name="王某某", role=StaffRole.DOCTOR)
    with pytest.raises(ValidationError) as info:
        ctx.staff.add(inst_id, replace(person, scope=FORMULA, certificate_no="A\x00B"))
    assert _labels(info) == ["执业证书编号", "执业范围"]
    staff_id = ctx.staff.add(inst_id, person)
    with pytest.raises(ValidationError) as info:
        ctx.staff.update(staff_id, replace(person, name="-2+3|x"))
    assert _labels(info) == ["姓名"]
    assert [r.name for r in ctx.staff.list(inst_id)] == ["王某某"]


def test_case_refuses_formula_party_and_control_in_facts(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as info:
        ctx.cases.create(replace(CASE, party_name=FORMULA, facts="经查\x1b发现"))
    assert _labels(info) == ["当事人", "违法事实"]
    with pytest.raises(ValidationError) as info:
        ctx.cases.create(replace(CASE, evidence="证" * 20001))
    assert _labels(info) == ["证据"] and "不能超过20000个字符" in str(info.value)
    assert ctx.cases.count() == 0
    case_id = ctx.cases.create(replace(CASE, facts="经查：\n1. 该所使用非卫生技术人员。\t"))
    with pytest.raises(ValidationError):
        ctx.cases.update(case_id, replace(CASE, handler='=HYPERLINK("http://x")'))
    assert ctx.cases.get(case_id).handler == ""


def test_complaint_refuses_formula_and_control_text(ctx: AppContext) -> None:
    complaint = ComplaintInput(received_on=date(2026, 3, 1), content="某诊所无证注射玻尿酸")
    with pytest.raises(ValidationError) as info:
        ctx.complaints.create(replace(complaint, target_name=FORMULA, handling="已转\x07办"))
    assert _labels(info) == ["被举报对象", "处理情况"]
    assert ctx.complaints.list() == []
    assert ctx.complaints.create(complaint) > 0


def test_inspection_refuses_control_text_in_findings(demo_ctx: AppContext) -> None:
    row = demo_ctx.inspections.list()[0]
    detail = demo_ctx.inspections.get(row.id)
    with pytest.raises(ValidationError) as info:
        demo_ctx.inspections.update(
            row.id, replace(detail.data, findings="现场\x0c检查", location=FORMULA)
        )
    assert _labels(info) == ["检查地点", "现场检查情况"]
    assert demo_ctx.inspections.get(row.id).data.findings == detail.data.findings


def test_plan_checklist_and_office_settings_refuse_formula_and_control_text(
    ctx: AppContext,
) -> None:
    plan = PlanInput(kind=PlanKind.DOUBLE_RANDOM, title="2026年度双随机检查",
                     period_start=date(2026, 6, 1), period_end=date(2026, 6, 20),
                     departments=(DepartmentInput("青溪区市场监督管理局", contact=FORMULA),))  # fmt: skip
    with pytest.raises(ValidationError) as info:
        ctx.plans.create(replace(plan, note="备\x01注"))
    assert _labels(info) == ["备注", "第1个参与部门 联络人"]
    with pytest.raises(ValidationError) as info:
        ctx.checklists.create("清单", (ChecklistItemData(text="@SUM(1+1)"),))
    assert _labels(info) == ["第1项 检查内容"]
    before = ctx.office.all()
    with pytest.raises(ValidationError) as info:
        ctx.office.save({"authority_name": "青溪区卫生健康委员会", "payee": FORMULA})
    assert _labels(info) == ["收款单位"]
    assert ctx.office.all() == before
