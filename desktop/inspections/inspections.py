"""Inspection records (监督检查): when, who (≥2 officers with 执法证号), results, findings, opinions."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from database.models import (
    Checklist,
    CheckResult,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Institution,
    InstitutionKind,
    Officer,
    OfficerConflict,
)
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError, ValidationError
from desktop.common.list_order import display_order
from desktop.inspections.plans import punished_before_clause
from forms.validators import LONG_TEXT, FieldError, text_errors

#: Officers an inspection needs at least (行政处罚法 第四十二条, 第五十五条).
MIN_OFFICERS = 2


@dataclass(frozen=True, slots=True)
class ResultInput:
    """合格/不合格/不涉及 for one checklist item, with a note."""

    item_text: str
    result: CheckResult
    note: str = ""
    checklist_item_id: int | None = None


@dataclass(frozen=True, slots=True)
class InspectionInput:
    """Everything a clerk records for one inspection."""

    institution_id: int
    inspected_on: date
    officer_ids: tuple[int, ...]
    results: tuple[ResultInput, ...] = ()
    plan_id: int | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    location: str = ""
    present_person: str = ""
    present_person_title: str = ""
    findings: str = ""
    opinions: str = ""
    entered_on: date | None = None
    is_revisit: bool = False
    illegal_again: bool | None = None


@dataclass(frozen=True, slots=True)
class OfficerRef:
    """An officer as printed on a record."""

    id: int
    name: str
    badge_no: str


@dataclass(frozen=True, slots=True)
class ResultRow:
    """A stored result, with the case it opened."""

    id: int
    position: int
    item_text: str
    result: str
    note: str
    checklist_item_id: int | None
    case_id: int | None


@dataclass(frozen=True, slots=True)
class InspectionRow:
    """One line of the inspection list."""

    id: int
    inspected_on: date
    institution_id: int
    institution_name: str
    institution_kind: str
    town: str
    plan_id: int | None
    officers: str
    failed_items: int
    entered_on: date | None
    is_revisit: bool
    illegal_again: bool | None


@dataclass(frozen=True, slots=True)
class InspectionDetail:
    """One inspection with its officers and results."""

    row: InspectionRow
    data: InspectionInput
    officers: tuple[OfficerRef, ...]
    results: tuple[ResultRow, ...]


@dataclass(frozen=True, slots=True)
class InspectionFilter:
    """List filters; empty means no restriction. The period is on the inspection date."""

    plan_id: int | None = None
    institution_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    revisits_only: bool = False
    #: Substring of the institution's name or 统一社会信用代码, the person present or findings.
    search: str = ""
    towns: tuple[str, ...] = ()
    kinds: tuple[InstitutionKind, ...] = ()


def _validate(session: Session, data: InspectionInput) -> list[FieldError]:
    errors: list[FieldError] = []
    institution = session.get(Institution, data.institution_id)
    if institution is None:
        errors.append(FieldError("检查对象", f"没有编号为 {data.institution_id} 的机构。"))
    if data.plan_id is not None and session.get(InspectionPlan, data.plan_id) is None:
        errors.append(FieldError("工作方案", f"没有编号为 {data.plan_id} 的工作方案。"))
    ids = list(dict.fromkeys(data.officer_ids))
    if len(ids) < MIN_OFFICERS:
        errors.append(FieldError("执法人员", "至少需要两名执法人员。"))
    officers = {o.id: o for o in session.scalars(select(Officer).where(Officer.id.in_(ids)))}
    errors += [
        FieldError("执法人员", f"没有编号为 {i} 的执法人员。") for i in ids if i not in officers
    ]
    conflicted = session.scalars(
        select(OfficerConflict).where(
            OfficerConflict.institution_id == data.institution_id,
            OfficerConflict.officer_id.in_(ids),
        )
    )
    errors += [
        FieldError(
            "执法人员", f"{officers[c.officer_id].name}已申报与该机构存在利害关系，应当回避。"
        )
        for c in conflicted
    ]
    if data.started_at and data.started_at.date() != data.inspected_on:
        errors.append(FieldError("检查开始时间", "与检查日期不是同一天。"))
    if data.started_at and data.ended_at and data.ended_at < data.started_at:
        errors.append(FieldError("检查结束时间", "早于开始时间。"))
    if data.entered_on and data.entered_on < data.inspected_on:
        errors.append(FieldError("录入平台日期", "早于检查日期。"))
    errors += _revisit_errors(session, data, institution)
    errors += text_errors(
        [
            ("检查地点", data.location, 300),
            ("在场人员", data.present_person, 60),
            ("在场人员职务", data.present_person_title, 60),
            ("现场检查情况", data.findings, LONG_TEXT),
            ("监督意见", data.opinions, LONG_TEXT),
        ]
    )
    for n, r in enumerate(data.results, start=1):
        if not r.item_text.strip():
            errors.append(FieldError(f"第{n}项检查内容", "不能为空。"))
        errors += text_errors(
            [(f"第{n}项检查内容", r.item_text, LONG_TEXT), (f"第{n}项备注", r.note, LONG_TEXT)]
        )
    return errors


def _revisit_errors(
    session: Session, data: InspectionInput, institution: Institution | None
) -> list[FieldError]:
    errors: list[FieldError] = []
    if data.is_revisit and data.illegal_again is None:
        errors.append(FieldError("回头看结果", "请选择是否再次开展非法医疗美容。"))
    if not data.is_revisit and data.illegal_again is not None:
        errors.append(FieldError("回头看结果", "只有“回头看”检查才填写是否再次违法。"))
    if not data.is_revisit or institution is None:
        return errors
    if institution.kind is not InstitutionKind.UNLICENSED:
        errors.append(FieldError("回头看", "“回头看”针对曾被处罚的无证场所。"))
    elif not session.scalar(
        select(punished_before_clause(data.inspected_on)).where(Institution.id == institution.id)
    ):
        # 附表2 counts revisits as venues punished before and found again; enter the old case first
        errors.append(FieldError("回头看", f"{institution.name}在{data.inspected_on.isoformat()}"
                                 "之前没有作出过行政处罚决定，“回头看”针对曾被处罚的无证场所"
                                 "（请先录入原案件）。"))  # fmt: skip
    return errors


def _apply(session: Session, inspection: Inspection, data: InspectionInput) -> None:
    for name in ("institution_id", "inspected_on", "plan_id", "started_at", "ended_at",
                 "location", "present_person", "present_person_title", "findings", "opinions",
                 "entered_on", "is_revisit", "illegal_again"):  # fmt: skip
        setattr(inspection, name, getattr(data, name))
    ids = list(dict.fromkeys(data.officer_ids))
    by_id = {o.id: o for o in session.scalars(select(Officer).where(Officer.id.in_(ids)))}
    inspection.officers = [by_id[i] for i in ids]
    old_cases = {(r.position, r.item_text): r.case_id for r in inspection.results}
    inspection.results = [
        InspectionResult(position=n, item_text=r.item_text, result=r.result, note=r.note,
                         checklist_item_id=r.checklist_item_id,
                         case_id=old_cases.get((n, r.item_text)))
        for n, r in enumerate(data.results, start=1)
    ]  # fmt: skip


def _row(i: Inspection, institution: Institution) -> InspectionRow:
    return InspectionRow(
        id=i.id,
        inspected_on=i.inspected_on,
        institution_id=i.institution_id,
        institution_name=institution.name,
        institution_kind=institution.kind.value,
        town=institution.town,
        plan_id=i.plan_id,
        officers="、".join(o.name for o in i.officers),
        failed_items=sum(1 for r in i.results if r.result is CheckResult.FAIL),
        entered_on=i.entered_on,
        is_revisit=i.is_revisit,
        illegal_again=i.illegal_again,
    )


def _clauses(flt: InspectionFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if flt.plan_id is not None:
        clauses.append(Inspection.plan_id == flt.plan_id)
    if flt.institution_id is not None:
        clauses.append(Inspection.institution_id == flt.institution_id)
    if flt.date_from:
        clauses.append(Inspection.inspected_on >= flt.date_from)
    if flt.date_to:
        clauses.append(Inspection.inspected_on <= flt.date_to)
    if flt.revisits_only:
        clauses.append(Inspection.is_revisit.is_(True))
    # The clauses below name Institution: every query using them joins it.
    if flt.search.strip():
        pattern = f"%{flt.search.strip()}%"
        clauses.append(
            or_(
                Institution.name.like(pattern),
                Institution.credit_code.like(pattern.upper()),
                Inspection.present_person.like(pattern),
                Inspection.findings.like(pattern),
            )
        )
    if flt.towns:
        clauses.append(Institution.town.in_(flt.towns))
    if flt.kinds:
        clauses.append(Institution.kind.in_(flt.kinds))
    return clauses


#: Sortable columns of the inspection list (the UI's header keys).
INSPECTION_SORT_COLUMNS: dict[str, ColumnElement[object] | InstrumentedAttribute[object]] = {
    "inspected_on": Inspection.inspected_on,
    "institution_name": Institution.name,
    "institution_kind": Institution.kind,
    "town": Institution.town,
    "entered_on": Inspection.entered_on,
}


class InspectionService:
    """Record, change, read and list inspections."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def blank_results(self, checklist_id: int) -> tuple[ResultInput, ...]:
        """A checklist's items as results to fill (all 合格 until the officer says otherwise)."""
        with self._uow_factory(readonly=True) as uow:
            checklist = uow.session.get(Checklist, checklist_id)
            if checklist is None:
                raise NotFoundError(f"没有编号为 {checklist_id} 的检查清单。")
            return tuple(
                ResultInput(f"{i.label}{i.text}", CheckResult.PASS, "", i.id)
                for i in checklist.items
            )

    def create(self, data: InspectionInput) -> int:
        """Validate and store an inspection; returns its id."""
        with self._uow_factory() as uow:
            errors = _validate(uow.session, data)
            if errors:
                raise ValidationError(errors, f"{data.inspected_on} 的检查记录")
            inspection = Inspection()
            _apply(uow.session, inspection, data)
            uow.session.add(inspection)
            uow.commit()
            return inspection.id

    def update(self, inspection_id: int, data: InspectionInput) -> None:
        """Replace an inspection's fields (a result that opened a case keeps its link)."""
        with self._uow_factory() as uow:
            inspection = _get(uow.session, inspection_id)
            errors = _validate(uow.session, data)
            if errors:
                raise ValidationError(errors, f"{data.inspected_on} 的检查记录")
            _apply(uow.session, inspection, data)
            uow.commit()

    def mark_entered(self, inspection_id: int, entered_on: date) -> None:
        """Record that the results were entered in the supervision platform on that day."""
        with self._uow_factory() as uow:
            inspection = _get(uow.session, inspection_id)
            if entered_on < inspection.inspected_on:
                raise ValidationError([FieldError("录入平台日期", "早于检查日期。")])
            inspection.entered_on = entered_on
            uow.commit()

    def get(self, inspection_id: int) -> InspectionDetail:
        """One inspection with officers (执法证号) and results."""
        with self._uow_factory(readonly=True) as uow:
            i = _get(uow.session, inspection_id)
            institution = uow.session.get_one(Institution, i.institution_id)
            data = InspectionInput(
                institution_id=i.institution_id, inspected_on=i.inspected_on,
                officer_ids=tuple(o.id for o in i.officers),
                results=tuple(ResultInput(r.item_text, r.result, r.note, r.checklist_item_id)
                              for r in i.results),
                plan_id=i.plan_id, started_at=i.started_at, ended_at=i.ended_at,
                location=i.location, present_person=i.present_person,
                present_person_title=i.present_person_title, findings=i.findings,
                opinions=i.opinions, entered_on=i.entered_on, is_revisit=i.is_revisit,
                illegal_again=i.illegal_again,
            )  # fmt: skip
            return InspectionDetail(
                row=_row(i, institution),
                data=data,
                officers=tuple(OfficerRef(o.id, o.name, o.badge_no) for o in i.officers),
                results=tuple(
                    ResultRow(
                        r.id,
                        r.position,
                        r.item_text,
                        r.result.value,
                        r.note,
                        r.checklist_item_id,
                        r.case_id,
                    )
                    for r in i.results
                ),
            )

    def officers(self) -> builtins.list[OfficerRef]:
        """The active officers an inspection can name, by name."""
        with self._uow_factory(readonly=True) as uow:
            query = select(Officer).where(Officer.active).order_by(Officer.name, Officer.id)
            return [OfficerRef(o.id, o.name, o.badge_no) for o in uow.session.scalars(query)]

    def ids(
        self, flt: InspectionFilter | None = None, sort: str = "inspected_on",
        descending: bool = True,
    ) -> builtins.list[int]:  # fmt: skip
        """Only the ids, in display order: the list loads its rows lazily by id."""
        flt = flt or InspectionFilter()
        column = INSPECTION_SORT_COLUMNS.get(sort, Inspection.inspected_on)
        order = display_order(column, Inspection.id, descending)
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(Inspection.id)
                .join(Institution, Institution.id == Inspection.institution_id)
                .where(*_clauses(flt))
                .order_by(*order)
            )
            return builtins.list(uow.session.scalars(query))

    def count_failed(self, flt: InspectionFilter | None = None) -> int:
        """How many of the matching inspections found at least one 不合格 item."""
        flt = flt or InspectionFilter()
        failed = (
            select(InspectionResult.id)
            .where(InspectionResult.inspection_id == Inspection.id)
            .where(InspectionResult.result == CheckResult.FAIL)
            .exists()
        )
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(func.count(Inspection.id))
                .join(Institution, Institution.id == Inspection.institution_id)
                .where(*_clauses(flt), failed)
            )
            return int(uow.session.scalar(query) or 0)

    def rows(self, ids: builtins.list[int]) -> builtins.list[InspectionRow]:
        """The rows for these ids, in the same order (ids of deleted records are left out)."""
        if not ids:
            return []
        with self._uow_factory(readonly=True) as uow:
            pairs = uow.session.execute(
                select(Inspection, Institution)
                .join(Institution, Institution.id == Inspection.institution_id)
                .where(Inspection.id.in_(ids))
                .options(selectinload(Inspection.officers), selectinload(Inspection.results))
            ).all()
            found = {i.id: _row(i, inst) for i, inst in pairs}
            return [found[i] for i in ids if i in found]

    def list(self, flt: InspectionFilter | None = None) -> builtins.list[InspectionRow]:
        """Inspections matching the filter, newest first."""
        flt = flt or InspectionFilter()
        with self._uow_factory(readonly=True) as uow:
            pairs = uow.session.execute(
                select(Inspection, Institution)
                .join(Institution, Institution.id == Inspection.institution_id)
                .where(*_clauses(flt))
                .options(selectinload(Inspection.officers), selectinload(Inspection.results))
                .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
            ).all()
            return [_row(i, inst) for i, inst in pairs]


def _get(session: Session, inspection_id: int) -> Inspection:
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFoundError(f"没有编号为 {inspection_id} 的检查记录。")
    return inspection
