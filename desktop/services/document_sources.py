"""Load the records a form reads (case / inspection + institution, provision, deadlines, numbers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, Document, Inspection, Institution
from desktop.services.errors import NotFoundError, ValidationError
from desktop.services.provisions import find_provision
from desktop.services.workdays import WorkdayCalendar
from forms.engine import FileItem, FormDefinition, FormSource, Subject
from forms.registry import FORMS
from forms.validators import FieldError

#: 陈述申辩 window after the 事先告知 (practice, reference §1.5: 三日, working days by 处罚法 85).
STATEMENT_WORKING_DAYS = 3
#: 听证 request window (处罚法 第六十四条: 五日, working days by 第八十五条).
HEARING_WORKING_DAYS = 5
#: Decision within 90 days of 立案 (处罚法 第六十条).
DECISION_DAYS = 90


def issued_numbers(
    session: Session, case_id: int | None, inspection_id: int | None
) -> dict[str, str]:
    """The latest valid 文号 of each document type already issued for the record."""
    if case_id is None and inspection_id is None:
        return {}
    query = select(Document).where(Document.voided.is_(False), Document.number != "")
    if case_id is not None:
        query = query.where(Document.case_id == case_id)
    else:
        query = query.where(Document.inspection_id == inspection_id)
    numbers: dict[str, str] = {}
    for doc in session.scalars(query.order_by(Document.id)):
        numbers[doc.doc_type] = doc.number
    return numbers


def default_items(session: Session, case_id: int) -> list[FileItem]:
    """卷内目录 items from the documents issued for the case (no page numbers yet)."""
    rows = session.scalars(
        select(Document)
        .where(Document.case_id == case_id, Document.voided.is_(False))
        .order_by(Document.id)
    )
    items: list[FileItem] = []
    seen: set[str] = set()
    for doc in rows:
        form = FORMS.get(doc.doc_type)
        if form is None or form.id in ("file_cover", "file_index") or doc.doc_type in seen:
            continue
        seen.add(doc.doc_type)
        items.append(
            FileItem(form.name, doc.number, doc.created_at.date() if doc.created_at else None)
        )
    return items


def case_deadlines(case: Case, calendar: WorkdayCalendar) -> dict[str, date]:
    """Due dates computed from the case's step dates."""
    deadlines = {"decision_due": calendar.add_days(case.filed_on, DECISION_DAYS).due}
    if case.notified_on:
        deadlines["statement_due"] = calendar.add_working_days(
            case.notified_on, STATEMENT_WORKING_DAYS
        ).due
    hearing_start = case.hearing_notified_on or case.notified_on
    if hearing_start:
        deadlines["hearing_due"] = calendar.add_working_days(
            hearing_start, HEARING_WORKING_DAYS
        ).due
    return deadlines


def load_source(
    session: Session,
    form: FormDefinition,
    *,
    office: Mapping[str, str],
    calendar: WorkdayCalendar,
    case_id: int | None = None,
    inspection_id: int | None = None,
    items: Sequence[FileItem] | None = None,
    today: date | None = None,
) -> FormSource:
    """Everything the form's build_context reads, for one case or inspection."""
    today = today or date.today()
    if form.subject is Subject.CASE:
        if case_id is None:
            raise ValidationError([FieldError("案件", f"{form.name}需要指定案件（--case）。")])
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError(f"找不到案件（编号 {case_id}）。")
        chosen = list(items) if items is not None else default_items(session, case.id)
        return FormSource(
            office=office, today=today, case=case, institution=case.institution,
            provision=find_provision(session, case), deadlines=case_deadlines(case, calendar),
            issued_numbers=issued_numbers(session, case.id, None), items=chosen,
        )  # fmt: skip
    if inspection_id is None:
        raise ValidationError(
            [FieldError("检查记录", f"{form.name}需要指定检查记录（--inspection）。")]
        )
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFoundError(f"找不到检查记录（编号 {inspection_id}）。")
    return FormSource(
        office=office, today=today, inspection=inspection,
        institution=session.get(Institution, inspection.institution_id),
        issued_numbers=issued_numbers(session, None, inspection.id),
    )  # fmt: skip
