"""Load the records a form reads (case / inspection + institution, provision, deadlines, numbers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from database.models import Case, Document, Inspection, Institution, LegalProvision
from desktop.calendar.workdays import Deadline, WorkdayCalendar
from desktop.common.errors import NotFoundError, ValidationError
from desktop.documents.order import FILE_FORMS, PROCEDURAL_ORDER
from desktop.documents.public_copy import PUBLIC_DOC_TYPE
from desktop.documents.slots import REGENERATED
from desktop.law.catalogue import is_transfer_row, transfer_department
from desktop.law.discretion import levels_for
from desktop.law.procedure.hearing import (
    HEARING_WORKING_DAYS,
    STATEMENT_WORKING_DAYS,
    SUMMONS_WORKING_DAYS,
    window_start,
)
from desktop.law.versions import find_provision
from forms.engine import FileItem, FormDefinition, FormSource, Subject
from forms.registry import FORMS
from forms.validators import FieldError

#: Decision within 90 days of 立案 (处罚法 第六十条).
DECISION_DAYS = 90


def issued_numbers(
    session: Session, case_id: int | None, inspection_id: int | None
) -> dict[str, str]:
    """The latest valid 文号 of each document type already issued for the record.

    A 文号 the clerk voided on any row (the original or a reprint carrying it) is never printed
    again; one voided because the document was generated again lives on in the new copy.
    """
    if case_id is None and inspection_id is None:
        return {}
    # A 公开版 carries the decision's 文号 without being the decision: voiding it frees nothing;
    # a copy voided because its slot was generated again passed its 文号 on to the new copy.
    original = Document.doc_type != PUBLIC_DOC_TYPE
    voided = select(Document.number).where(
        Document.voided.is_(True), Document.number != "", original,
        Document.void_reason != REGENERATED,
    )
    query = select(Document).where(
        Document.voided.is_(False), Document.number != "", Document.number.not_in(voided), original
    )
    if case_id is not None:
        query = query.where(Document.case_id == case_id)
    else:
        query = query.where(Document.inspection_id == inspection_id)
    numbers: dict[str, str] = {}
    for doc in session.scalars(query.order_by(Document.id)):
        numbers[doc.doc_type] = doc.number
    return numbers


#: The case step dates each document bears, first one recorded wins: the same dates its form
#: prints (the 听证告知书 goes out with the 事先告知 when no separate date is recorded). For
#: documents recorded before the register kept their date (Document.document_date).
DOCUMENT_DAY: dict[str, tuple[str, ...]] = {
    "filing_report": ("filed_on",),
    "inquiry_record": ("inquired_on",),
    "investigation_report": ("investigation_ended_on",),
    "deliberation_record": ("deliberated_on",),
    "penalty_notice": ("notified_on",),
    "hearing_notice": ("hearing_notified_on", "notified_on"),
    "hearing_summons": ("hearing_summoned_on",),
    "hearing_record": ("hearing_on",),
    "hearing_report": ("hearing_on",),
    "statement_record": ("statement_on",),
    "legal_review_opinion": ("legal_review_on",),
    "collective_discussion_record": ("discussion_on",),
    "penalty_decision": ("decided_on",),
    "no_penalty_decision": ("decided_on",),
    "transfer_letter": ("transferred_on",),
    "service_receipt": ("served_on",),
    "closing_report": ("closed_on",),
}


def document_day(case: Case, inspection: Inspection | None, doc: Document) -> date | None:
    """The date a document bears: the one the register recorded when it was generated, else
    its case step date or its inspection's date; never the day it was made (None: unknown)."""
    if doc.document_date is not None:
        return doc.document_date
    for attr in DOCUMENT_DAY.get(doc.doc_type, ()):
        day: date | None = getattr(case, attr, None)
        if day is not None:
            return day
    if doc.inspection_id is not None and inspection is not None:
        return inspection.inspected_on
    return None


def default_items(session: Session, case_id: int) -> list[FileItem]:
    """卷内目录 items from the documents issued for the case and its inspection, in the
    procedural order of the case file, each with the date it bears (no page numbers yet)."""
    case = session.get(Case, case_id)
    if case is None:
        return []
    inspection = session.get(Inspection, case.inspection_id) if case.inspection_id else None
    belongs = Document.case_id == case_id
    if inspection is not None:  # the 现场笔录/意见书 of the inspection that led to the case
        belongs = or_(belongs, Document.inspection_id == inspection.id)
    rows = session.scalars(
        select(Document).where(belongs, Document.voided.is_(False)).order_by(Document.id)
    )
    latest: dict[str, Document] = {}
    for doc in rows:
        form = FORMS.get(doc.doc_type)
        if form is None or form.id in FILE_FORMS:
            continue
        latest[doc.doc_type] = doc  # the slot's valid copy (the newest, in older data)
    slot_of = {key: index for index, slot in enumerate(PROCEDURAL_ORDER) for key in slot.doc_types}
    unplaced = len(PROCEDURAL_ORDER)  # types outside the order follow, in issue order
    ordered = sorted(
        latest.values(),
        key=lambda d: (
            slot_of.get(d.doc_type, slot_of.get(FORMS[d.doc_type].name, unplaced)),
            d.id,
        ),
    )
    return [
        FileItem(FORMS[d.doc_type].name, d.number, document_day(case, inspection, d))
        for d in ordered
    ]


def case_deadlines(case: Case, calendar: WorkdayCalendar) -> dict[str, date]:
    """Due dates computed from the case's step dates."""
    return {name: d.due for name, d in case_deadline_details(case, calendar).items()}


def case_deadline_details(case: Case, calendar: WorkdayCalendar) -> dict[str, Deadline]:
    """Due dates computed from the case's step dates (provisional where holidays are unknown)."""
    deadlines = {"decision_due": calendar.add_days(case.filed_on, DECISION_DAYS)}
    # The windows run from the 告知书's service (行政处罚法 第六十四条第一项), the notice's own
    # date standing in until the service is recorded (desktop.law.procedure.hearing).
    start = window_start(case.notice_served_on, case.notified_on)
    if start:
        deadlines["statement_due"] = calendar.add_working_days(start, STATEMENT_WORKING_DAYS)
    hearing_start = window_start(case.notice_served_on,
                                 case.hearing_notified_on or case.notified_on)  # fmt: skip
    if hearing_start:
        deadlines["hearing_due"] = calendar.add_working_days(hearing_start, HEARING_WORKING_DAYS)
    if case.hearing_summoned_on:  # the earliest lawful hearing day (第六十四条第二项)
        deadlines["hearing_earliest"] = calendar.add_working_days(
            case.hearing_summoned_on, SUMMONS_WORKING_DAYS
        )
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
        # One round trip for the case, its party institution and its officers.
        case = session.get(
            Case, case_id, options=[joinedload(Case.institution), selectinload(Case.officers)]
        )
        if case is None:
            raise NotFoundError(f"找不到案件（编号 {case_id}）。")
        chosen: list[FileItem] = []
        if "items" in form.field_names():  # only the case-file forms list the documents
            chosen = list(items) if items is not None else default_items(session, case.id)
        deadlines = case_deadline_details(case, calendar)
        provision = find_provision(session, case)
        return FormSource(
            office=office, today=today, case=case, institution=case.institution,
            provision=provision, competent_department=competent_department(provision),
            deadlines={name: d.due for name, d in deadlines.items()},
            provisional={name: d.unknown_years for name, d in deadlines.items() if d.provisional},
            issued_numbers=issued_numbers(session, case.id, None), items=chosen,
            discretion_levels=levels_for(session, case.provision_code, case.penalty_tier_condition),
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


def competent_department(provision: LegalProvision | None) -> str:
    """The department a 移送 row's case goes to ("" for the office's own rows)."""
    if provision is None or not is_transfer_row(provision):
        return ""
    return transfer_department(provision)
