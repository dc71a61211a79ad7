"""A document slot and its 文号: one valid copy per (document type, case or inspection), the
number kept across regenerations, numbers in date order, and the lock of a closed case.

Regenerating a document replaces its valid copy: the old row is voided with the reason
"重新生成" (it stays in the register) and the new copy takes over its 文号 — only the same
slot ever reuses a number; a number voided by the clerk is never printed again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, Document, Inspection
from desktop.common.errors import CasedeskError, ConflictError
from forms.engine import FormDefinition

#: The void reason of a copy replaced by a new one of the same slot (its 文号 lives on).
REGENERATED = "重新生成"
#: Documents of the archive, not of the procedure: still made for a closed, locked case.
ARCHIVE_DOCUMENTS = frozenset({"卷宗封面", "卷内目录", "备考表", "结案报告"})

_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


class NumberOrderError(CasedeskError):
    """A new 文号 would go to a document dated before the highest number of its series."""


def parse_day(value: object) -> date | None:
    """A context date as a date: a date, "2026年3月5日" or "2026-03-05"; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    found = _CN_DATE.match(value)
    try:
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def act_date(form: FormDefinition, source: object, context: Mapping[str, object]) -> date | None:
    """The date the document bears: the date it prints (the clerk's edit included), else the
    record's date of the act it records. Never the day it is generated."""
    if form.date_field:
        printed = parse_day(context.get(form.date_field))
        if printed is not None:
            return printed
    return form.document_date(source)  # type: ignore[arg-type]


def date_label(form: FormDefinition) -> str:
    """The Chinese label of the form's date field (what the clerk must fill)."""
    if form.date_field and form.date_field in form.field_names():
        return form.field(form.date_field).label
    return "文书日期"


def valid_copies(
    session: Session, form_id: str, case_id: int | None, inspection_id: int | None
) -> list[Document]:
    """The valid copies of a slot, oldest first (one, or none; more only in older data)."""
    query = select(Document).where(Document.doc_type == form_id, Document.voided.is_(False))
    if case_id is not None:
        query = query.where(Document.case_id == case_id)
    else:
        query = query.where(Document.case_id.is_(None), Document.inspection_id == inspection_id)
    return list(session.scalars(query.order_by(Document.id)))


def number_is_dead(session: Session, number: str) -> bool:
    """Whether the clerk voided this 文号 (any reason but a regeneration): never printed again."""
    found = session.scalar(
        select(Document.id).where(
            Document.number == number,
            Document.voided.is_(True),
            Document.void_reason != REGENERATED,
        )
    )
    return found is not None


def replace_copies(session: Session, previous: list[Document], record: Document) -> bool:
    """Void the slot's previous copies ("重新生成"); the new copy takes over their 文号 while
    it is alive (True). The 文号's register columns move to the new copy (the old row is
    flushed first: they are unique), so the register sorts and checks it by its valid copy."""
    now = datetime.now()
    keeper: Document | None = None
    for doc in previous:
        doc.voided, doc.void_reason, doc.voided_at = True, REGENERATED, now
        if doc.number and not number_is_dead(session, doc.number):
            keeper = doc
    if keeper is None:
        return False
    record.number, record.late_reason = keeper.number, keeper.late_reason
    moved = (keeper.series, keeper.year, keeper.seq)
    keeper.series = keeper.year = keeper.seq = None
    session.flush()
    record.series, record.year, record.seq = moved
    return True


def check_number_order(
    session: Session, form: FormDefinition, series: str, year: int, day: date, late_reason: str
) -> str:
    """The 补号原因 to record ("" when the number is in order); refuses an out-of-order number
    without one. Within a series and year a number's document is dated no earlier than the
    document of the highest number already issued (voided ones included: they were issued)."""
    top = session.scalars(
        select(Document)
        .where(Document.series == series, Document.year == year, Document.seq.is_not(None))
        .order_by(Document.seq.desc())
        .limit(1)
    ).first()
    if top is None or top.document_date is None or day >= top.document_date:
        return ""
    if late_reason.strip():
        return late_reason.strip()
    raise NumberOrderError(
        f"{form.name}不能编号：文书日期{day.isoformat()}早于已编文号{top.number}的日期"
        f"{top.document_date.isoformat()}，同一年度的文号按文书日期顺序编排。"
        "确需补编文号的，请填写补号原因后重新生成。"
    )


def refuse_locked(session: Session, form_name: str, case_id: int | None,
                  inspection_id: int | None, action: str) -> None:  # fmt: skip
    """Refuse to make or void a procedure document of a closed, locked case (the inspection's
    documents belong to the case it led to); archive documents stay allowed."""
    if form_name in ARCHIVE_DOCUMENTS:
        return
    case: Case | None = None
    if case_id is not None:
        case = session.get(Case, case_id)
    elif inspection_id is not None:
        inspection = session.get(Inspection, inspection_id)
        if inspection is not None:
            case = session.scalars(
                select(Case).where(Case.inspection_id == inspection.id, Case.locked.is_(True))
            ).first()
    if case is not None and case.locked:
        raise ConflictError(
            f"案件 {case.case_no} 已结案锁定，{action}{form_name}前须先登记“重新打开”及理由。"
        )
