"""Inspection plans (工作方案): kind, period, departments, checklist and the target list."""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from database.models import (
    COSMETIC_KINDS,
    Case,
    Checklist,
    InspectionPlan,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    PlanDepartment,
    PlanKind,
)
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError, ValidationError
from forms.validators import LONG_TEXT, FieldError, parse_date, text_errors


@dataclass(frozen=True, slots=True)
class TargetFilter:
    """Which institutions a plan covers; empty fields do not restrict.

    `statuses` empty means every institution not 注销. `all_cosmetic` is the 全覆盖 of seed 000:
    every 医疗美容 institution (the three 医疗美容 kinds and 其他医疗机构 with a 医疗美容 filing),
    whatever `kinds` says. `punished_unlicensed` keeps only 无证场所 with a penalty decided before
    the plan starts (the “回头看” population).
    """

    kinds: tuple[InstitutionKind, ...] = ()
    towns: tuple[str, ...] = ()
    statuses: tuple[InstitutionStatus, ...] = ()
    all_cosmetic: bool = False
    punished_unlicensed: bool = False

    def to_json(self) -> str:
        """The stored form (InspectionPlan.target_filter)."""
        return json.dumps(
            {
                "kinds": [k.value for k in self.kinds],
                "towns": list(self.towns),
                "statuses": [s.value for s in self.statuses],
                "all_cosmetic": self.all_cosmetic,
                "punished_unlicensed": self.punished_unlicensed,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> TargetFilter:
        """Read the stored form back (unknown keys ignored)."""
        raw = json.loads(text or "{}")
        return cls(
            kinds=tuple(InstitutionKind(k) for k in raw.get("kinds", [])),
            towns=tuple(raw.get("towns", [])),
            statuses=tuple(InstitutionStatus(s) for s in raw.get("statuses", [])),
            all_cosmetic=bool(raw.get("all_cosmetic", False)),
            punished_unlicensed=bool(raw.get("punished_unlicensed", False)),
        )


@dataclass(frozen=True, slots=True)
class DepartmentInput:
    """A participating department (seed 000: 责任科室, 责任人, 联络人)."""

    name: str
    section: str = ""
    responsible: str = ""
    contact: str = ""
    phone: str = ""
    notified_on: date | None = None
    confirmed_on: date | None = None


@dataclass(frozen=True, slots=True)
class PlanInput:
    """Everything a clerk types for a plan."""

    kind: PlanKind
    title: str
    period_start: date
    period_end: date
    lead_department: str = ""
    departments: tuple[DepartmentInput, ...] = ()
    checklist_id: int | None = None
    target: TargetFilter = TargetFilter()
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the plan list."""

    id: int
    kind: str
    title: str
    period_start: date
    period_end: date
    lead_department: str
    checklist_id: int | None


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One institution of a plan's target list."""

    id: int
    name: str
    kind: str
    town: str
    address: str
    credit_code: str


def cosmetic_clause() -> ColumnElement[bool]:
    """Institutions that count as 医疗美容 institutions (附表1 row)."""
    return or_(
        Institution.kind.in_(COSMETIC_KINDS),
        and_(Institution.kind == InstitutionKind.OTHER_MEDICAL, Institution.cosmetic_filed),
    )


def punished_before_clause(before: date) -> ColumnElement[bool]:
    """Institutions with a penalty decided before this day (not a 不予处罚)."""
    return exists().where(
        Case.institution_id == Institution.id,
        Case.decided_on < before,
        Case.no_penalty.is_(False),
    )


def target_clauses(target: TargetFilter, starts_on: date) -> list[ColumnElement[bool]]:
    """SQL conditions of a target filter."""
    clauses: list[ColumnElement[bool]] = []
    if target.statuses:
        clauses.append(Institution.status.in_(target.statuses))
    else:
        clauses.append(Institution.status != InstitutionStatus.CANCELLED)
    if target.all_cosmetic:
        clauses.append(cosmetic_clause())
    elif target.kinds:
        clauses.append(Institution.kind.in_(target.kinds))
    if target.towns:
        clauses.append(Institution.town.in_(target.towns))
    if target.punished_unlicensed:
        clauses.append(Institution.kind == InstitutionKind.UNLICENSED)
        clauses.append(punished_before_clause(starts_on))
    return clauses


def target_institutions(session: Session, plan: InspectionPlan) -> list[Institution]:
    """A plan's target list, ordered by id (the order the draw samples from)."""
    target = TargetFilter.from_json(plan.target_filter)
    query = select(Institution).where(*target_clauses(target, plan.period_start))
    return list(session.scalars(query.order_by(Institution.id)))


#: The parts of one 参与部门 line, in order (seed 000's table: 部门、责任科室、责任人、联络人、电话),
#: then the dates the department was notified of the plan and confirmed its part.
DEPARTMENT_PARTS = ("name", "section", "responsible", "contact", "phone")
DATE_PARTS = (("notified_on", "通知日期"), ("confirmed_on", "确认日期"))
#: How one line is written, for help texts and errors.
DEPARTMENT_LINE_HINT = "部门、责任科室、责任人、联络人、联系电话、通知日期、确认日期"


def parse_department_lines(
    text: str, previous: tuple[DepartmentInput, ...] = ()
) -> tuple[DepartmentInput, ...]:
    """参与部门 typed one a line, parts separated by 、 , ， or tabs; blank lines skipped.

    The 6th and 7th parts are the 通知/确认 dates (YYYY-MM-DD, empty for none). A line that stops
    before them keeps the dates of the department of that name in `previous`, so a line typed
    without dates does not wipe them; a line that has the parts, even empty, sets them.
    """
    dates = {d.name: (d.notified_on, d.confirmed_on) for d in previous}
    departments, errors = [], []
    limit = len(DEPARTMENT_PARTS) + len(DATE_PARTS)
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in re.split(r"[、,，\t]", line)]
        if not any(parts):
            continue
        if len(parts) > limit:
            errors.append(
                FieldError("参与部门", f"第{number}行多于七项（{DEPARTMENT_LINE_HINT}）。")
            )
            continue
        fields = dict(zip(DEPARTMENT_PARTS, parts, strict=False))
        typed = list(dates.get(fields["name"], (None, None)))
        for offset, (_name, label) in enumerate(DATE_PARTS):
            position = len(DEPARTMENT_PARTS) + offset
            if position < len(parts):
                try:
                    typed[offset] = parse_date(parts[position], f"参与部门 第{number}行 {label}")
                except FieldError as error:
                    errors.append(error)
        departments.append(DepartmentInput(**fields, notified_on=typed[0], confirmed_on=typed[1]))
    if errors:
        raise ValidationError(errors, "工作方案")
    return tuple(departments)


def department_lines(departments: tuple[DepartmentInput, ...]) -> str:
    """The editor's text for stored departments (the inverse of parse_department_lines)."""
    lines = []
    for d in departments:
        parts = [getattr(d, part) for part in DEPARTMENT_PARTS]
        parts += [day.isoformat() if day else "" for day in (d.notified_on, d.confirmed_on)]
        lines.append("、".join(parts).rstrip("、"))
    return "\n".join(lines)


def plan_form_values(plan: PlanInput) -> dict[str, object]:
    """A plan as the values of forms.record_forms.PLAN_FIELDS (editor and command line)."""
    target = plan.target
    return {
        "kind": plan.kind, "title": plan.title, "period_start": plan.period_start,
        "period_end": plan.period_end, "lead_department": plan.lead_department,
        "checklist_id": plan.checklist_id, "note": plan.note,
        "departments": department_lines(plan.departments), "kinds": target.kinds,
        "towns": target.towns, "statuses": target.statuses, "all_cosmetic": target.all_cosmetic,
        "punished_unlicensed": target.punished_unlicensed,
    }  # fmt: skip


def plan_from_form(values: Mapping[str, Any], previous: PlanInput | None = None) -> PlanInput:
    """The PlanInput for PLAN_FIELDS values (already converted by their fields).

    Values the caller leaves out (target statuses; department dates on lines without them)
    are kept from `previous`.
    """
    if values.get("kind") is None:
        raise ValidationError([FieldError("方案类型", "请选择。")], "工作方案")
    if not isinstance(values.get("period_start"), date) or not isinstance(
        values.get("period_end"), date
    ):
        raise ValidationError([FieldError("开始日期", "开始和结束日期都要填写。")], "工作方案")
    old_departments = previous.departments if previous else ()
    return PlanInput(
        kind=PlanKind(values["kind"]),
        title=str(values.get("title") or ""),
        period_start=values["period_start"],
        period_end=values["period_end"],
        lead_department=str(values.get("lead_department") or ""),
        departments=parse_department_lines(str(values.get("departments") or ""), old_departments),
        checklist_id=values.get("checklist_id"),
        target=TargetFilter(
            kinds=tuple(values.get("kinds") or ()),
            towns=tuple(values.get("towns") or ()),
            statuses=tuple(values["statuses"] or ())
            if "statuses" in values
            else previous.target.statuses
            if previous
            else (),
            all_cosmetic=bool(values.get("all_cosmetic")),
            punished_unlicensed=bool(values.get("punished_unlicensed")),
        ),
        note=str(values.get("note") or ""),
    )


def validate_plan(session: Session, data: PlanInput) -> list[FieldError]:
    """Every problem of a plan's fields, each naming the field."""
    errors: list[FieldError] = []
    if not data.title.strip():
        errors.append(FieldError("方案名称", "不能为空。"))
    errors += text_errors(
        [("方案名称", data.title, 300), ("牵头部门", data.lead_department, 100),
         ("备注", data.note, LONG_TEXT)]
    )  # fmt: skip
    if data.period_end < data.period_start:
        errors.append(FieldError("结束日期", "早于开始日期。"))
    if data.checklist_id is not None and session.get(Checklist, data.checklist_id) is None:
        errors.append(FieldError("检查清单", f"没有编号为 {data.checklist_id} 的检查清单。"))
    # 联系电话 at most 30 characters: its ciphertext must fit the VARCHAR(200) column.
    for number, dept in enumerate(data.departments, start=1):
        if not dept.name.strip():
            errors.append(FieldError(f"第{number}个参与部门 名称", "不能为空。"))
        errors += text_errors(
            (f"第{number}个参与部门 {label}", value, limit)
            for label, value, limit in (("名称", dept.name, 100), ("责任科室", dept.section, 100),
                                        ("责任人", dept.responsible, 60),
                                        ("联络人", dept.contact, 60), ("联系电话", dept.phone, 30))
        )  # fmt: skip
        if dept.confirmed_on and dept.notified_on and dept.confirmed_on < dept.notified_on:
            errors.append(FieldError(f"参与部门“{dept.name}” 确认日期", "早于通知日期。"))
        if dept.confirmed_on and dept.notified_on is None:
            errors.append(FieldError(f"参与部门“{dept.name}” 确认日期", "没有通知日期，无从确认。"))
    return errors


def _apply(plan: InspectionPlan, data: PlanInput) -> None:
    plan.kind = data.kind
    plan.title = data.title.strip()
    plan.period_start = data.period_start
    plan.period_end = data.period_end
    plan.lead_department = data.lead_department.strip()
    plan.checklist_id = data.checklist_id
    plan.target_filter = data.target.to_json()
    plan.note = data.note
    plan.departments = [
        PlanDepartment(
            name=d.name.strip(),
            section=d.section.strip(),
            responsible=d.responsible.strip(),
            contact=d.contact.strip(),
            phone=d.phone.strip(),
            notified_on=d.notified_on,
            confirmed_on=d.confirmed_on,
        )
        for d in data.departments
    ]


def _input(plan: InspectionPlan) -> PlanInput:
    return PlanInput(
        kind=plan.kind,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        lead_department=plan.lead_department,
        departments=tuple(
            DepartmentInput(
                d.name, d.section, d.responsible, d.contact, d.phone, d.notified_on, d.confirmed_on
            )
            for d in plan.departments
        ),
        checklist_id=plan.checklist_id,
        target=TargetFilter.from_json(plan.target_filter),
        note=plan.note,
    )


class PlanService:
    """Create, change and list plans; compute their target lists."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def create(self, data: PlanInput) -> int:
        """Validate and store a plan; returns its id."""
        with self._uow_factory() as uow:
            errors = validate_plan(uow.session, data)
            if errors:
                raise ValidationError(errors, f"工作方案“{data.title}”")
            plan = InspectionPlan()
            _apply(plan, data)
            uow.session.add(plan)
            uow.commit()
            return plan.id

    def update(self, plan_id: int, data: PlanInput) -> None:
        """Replace a plan's fields and departments."""
        with self._uow_factory() as uow:
            plan = _get(uow.session, plan_id)
            errors = validate_plan(uow.session, data)
            if errors:
                raise ValidationError(errors, f"工作方案“{data.title}”")
            _apply(plan, data)
            uow.commit()

    def get(self, plan_id: int) -> PlanInput:
        """A plan's fields as the editor shows them."""
        with self._uow_factory(readonly=True) as uow:
            return _input(_get(uow.session, plan_id))

    def list(self) -> builtins.list[PlanRow]:
        """Every plan, newest period first."""
        with self._uow_factory(readonly=True) as uow:
            plans = uow.session.scalars(
                select(InspectionPlan).order_by(
                    InspectionPlan.period_start.desc(), InspectionPlan.id.desc()
                )
            )
            return [
                PlanRow(p.id, p.kind.value, p.title, p.period_start, p.period_end,
                        p.lead_department, p.checklist_id)
                for p in plans
            ]  # fmt: skip

    def targets(self, plan_id: int) -> builtins.list[TargetRow]:
        """The plan's target list as its filter selects it today."""
        with self._uow_factory(readonly=True) as uow:
            plan = _get(uow.session, plan_id)
            return [
                TargetRow(i.id, i.name, i.kind.value, i.town, i.address, i.credit_code or "")
                for i in target_institutions(uow.session, plan)
            ]


def _get(session: Session, plan_id: int) -> InspectionPlan:
    plan = session.get(InspectionPlan, plan_id)
    if plan is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的工作方案。")
    return plan
