"""不良执业行为记分 and 依法执业信用评价: points per event tied to their cause, totals per year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from database.models import Case, CreditEvaluation, Inspection, Institution, ScoreEvent, Staff
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError, ValidationError
from forms.validators import (
    LONG_TEXT,
    FieldError,
    check_record_date,
    check_year,
    field_errors,
    text_errors,
)

#: Highest points one event may carry (the provincial schemes seen use 1–12 per event).
MAX_POINTS_PER_EVENT = 12


@dataclass(frozen=True, slots=True)
class ScoreInput:
    """One 记分 event: who (an institution or a staff member), how many points, and why."""

    points: int
    reason: str
    occurred_on: date
    institution_id: int | None = None
    staff_id: int | None = None
    case_id: int | None = None
    inspection_id: int | None = None
    #: The 记分周期; by default the calendar year of the event.
    scoring_year: int | None = None


def score_from_form(
    values: Mapping[str, Any],
    *,
    institution_id: int | None,
    staff_id: int | None,
    case_id: int | None,
) -> ScoreInput:
    """A ScoreInput from forms.record_forms.SCORE_FIELDS values (window and command line).

    Who is scored and the linked case are resolved by the caller: the window picks the subject
    from a list, the command line takes an id.
    """
    return ScoreInput(
        points=int(values["points"]),
        reason=str(values["reason"]),
        occurred_on=values["occurred_on"],
        institution_id=institution_id,
        staff_id=staff_id,
        case_id=case_id,
        inspection_id=values.get("inspection_id"),
        scoring_year=values.get("scoring_year"),
    )


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A stored event with the names of its subject and cause."""

    id: int
    subject: str
    points: int
    reason: str
    occurred_on: date
    scoring_year: int
    case_no: str
    inspection_id: int | None


@dataclass(frozen=True, slots=True)
class ScoreTotal:
    """Points of one subject in one scoring year."""

    subject_type: str  # 机构 / 人员
    subject_id: int
    name: str
    scoring_year: int
    points: int
    events: int


def _validate(session: Session, data: ScoreInput) -> list[FieldError]:
    errors: list[FieldError] = []
    if (data.institution_id is None) == (data.staff_id is None):
        errors.append(FieldError("记分对象", "请选择一个机构或一名人员。"))
    if data.institution_id is not None and session.get(Institution, data.institution_id) is None:
        errors.append(FieldError("记分对象", f"没有编号为 {data.institution_id} 的机构。"))
    if data.staff_id is not None and session.get(Staff, data.staff_id) is None:
        errors.append(FieldError("记分对象", f"没有编号为 {data.staff_id} 的人员。"))
    if not 1 <= data.points <= MAX_POINTS_PER_EVENT:
        errors.append(FieldError("分值", f"应为 1 到 {MAX_POINTS_PER_EVENT} 分。"))
    if not data.reason.strip():
        errors.append(FieldError("记分事由", "不能为空。"))
    if data.case_id is None and data.inspection_id is None:
        errors.append(FieldError("记分依据", "请关联引起记分的案件或检查记录。"))
    if data.case_id is not None and session.get(Case, data.case_id) is None:
        errors.append(FieldError("记分依据", f"没有编号为 {data.case_id} 的案件。"))
    if data.inspection_id is not None and session.get(Inspection, data.inspection_id) is None:
        errors.append(FieldError("记分依据", f"没有编号为 {data.inspection_id} 的检查记录。"))
    return errors


class ScoringService:
    """Record 记分 events and 信用评价 results; totals per scoring year."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def record(self, data: ScoreInput) -> int:
        """Store one event; returns its id."""
        with self._uow_factory() as uow:
            errors = _validate(uow.session, data)
            if errors:
                raise ValidationError(errors, "不良执业行为记分")
            event = ScoreEvent(
                institution_id=data.institution_id, staff_id=data.staff_id, points=data.points,
                reason=data.reason.strip(), occurred_on=data.occurred_on,
                scoring_year=data.scoring_year or data.occurred_on.year, case_id=data.case_id,
                inspection_id=data.inspection_id,
            )  # fmt: skip
            uow.session.add(event)
            uow.commit()
            return event.id

    def history(
        self,
        institution_id: int | None = None,
        staff_id: int | None = None,
        *,
        with_staff: bool = False,
    ) -> list[ScoreRow]:
        """Events of one subject (or all), newest first; with_staff adds the institution's staff."""
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(ScoreEvent, Institution.name, Staff.name, Case.case_no)
                .outerjoin(Institution, Institution.id == ScoreEvent.institution_id)
                .outerjoin(Staff, Staff.id == ScoreEvent.staff_id)
                .outerjoin(Case, Case.id == ScoreEvent.case_id)
                .order_by(ScoreEvent.occurred_on.desc(), ScoreEvent.id.desc())
            )
            if institution_id is not None and with_staff:
                query = query.where(
                    or_(
                        ScoreEvent.institution_id == institution_id,
                        Staff.institution_id == institution_id,
                    )
                )
            elif institution_id is not None:
                query = query.where(ScoreEvent.institution_id == institution_id)
            if staff_id is not None:
                query = query.where(ScoreEvent.staff_id == staff_id)
            return [
                ScoreRow(e.id, inst or staff or "", e.points, e.reason, e.occurred_on,
                         e.scoring_year, case_no or "", e.inspection_id)
                for e, inst, staff, case_no in uow.session.execute(query)
            ]  # fmt: skip

    def totals(self, scoring_year: int) -> list[ScoreTotal]:
        """Points per institution and per staff member in a scoring year, highest first."""
        with self._uow_factory(readonly=True) as uow:
            result: list[ScoreTotal] = []
            for subject_type, column, model in (
                ("机构", ScoreEvent.institution_id, Institution),
                ("人员", ScoreEvent.staff_id, Staff),
            ):
                rows = uow.session.execute(
                    select(column, model.name, func.sum(ScoreEvent.points), func.count())
                    .join(model, model.id == column)
                    .where(ScoreEvent.scoring_year == scoring_year)
                    .group_by(column, model.name)
                )
                result += [
                    ScoreTotal(subject_type, int(sid or 0), name, scoring_year, int(points), int(n))
                    for sid, name, points, n in rows
                ]
            return sorted(result, key=lambda t: (-t.points, t.subject_type, t.subject_id))

    def evaluate(self, institution_id: int, year: int, grade: str,
                 evaluated_on: date | None = None, note: str = "") -> int:  # fmt: skip
        """Record a 信用评价; the institution shows the grade of its latest evaluated year.

        The year must be a real one (1949 … next year): 99999 would be the "latest" and hide
        every real grade. Grade and note follow the importer's text rules (no formula, no
        control character), since both are exported to Excel and printed."""
        errors = text_errors((("评价等级", grade, 20), ("备注", note, LONG_TEXT)))
        errors += field_errors(
            lambda: check_year(year, "评价年度", date.today().year + 1),
            lambda: check_record_date(evaluated_on, "评价日期"),
        )
        if not grade.strip():
            errors.insert(0, FieldError("评价等级", "不能为空。"))
        if errors:
            raise ValidationError(errors, "依法执业信用评价")
        with self._uow_factory() as uow:
            institution = uow.session.get(Institution, institution_id)
            if institution is None:
                raise NotFoundError(f"没有编号为 {institution_id} 的机构。")
            evaluation = CreditEvaluation(institution_id=institution_id, year=year,
                                          grade=grade.strip(), evaluated_on=evaluated_on, note=note)  # fmt: skip
            uow.session.add(evaluation)
            uow.session.flush()
            latest = uow.session.scalar(
                select(CreditEvaluation.grade)
                .where(CreditEvaluation.institution_id == institution_id)
                .order_by(CreditEvaluation.year.desc(), CreditEvaluation.id.desc())
            )
            institution.credit_grade = latest or ""
            uow.commit()
            return evaluation.id
