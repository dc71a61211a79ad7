"""投诉举报: received, handled, result (立案/不予立案), reply and the reporter's satisfaction."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, Complaint, ComplaintResult, Institution
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError, ValidationError
from forms.validators import LONG_TEXT, FieldError, text_errors

#: Channels offered in the editor (free text is accepted too).
CHANNELS = ("12345热线", "来信", "来访", "电话", "网络", "上级转办", "其他部门转来")


@dataclass(frozen=True, slots=True)
class ComplaintInput:
    """Everything a clerk records for one complaint or report."""

    received_on: date
    content: str
    channel: str = ""
    anonymous: bool = False
    reporter_name: str = ""
    reporter_contact: str = ""
    institution_id: int | None = None
    target_name: str = ""
    handling: str = ""
    result: ComplaintResult | None = None
    case_id: int | None = None
    closed_on: date | None = None
    replied_on: date | None = None
    reporter_satisfied: bool | None = None


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    """One line of the complaint list (no reporter contact: it is personal data)."""

    id: int
    received_on: date
    channel: str
    anonymous: bool
    target: str
    result: str
    case_no: str
    closed_on: date | None
    replied_on: date | None
    reporter_satisfied: bool | None


_FIELDS = tuple(f.name for f in fields(ComplaintInput))


def validate_complaint(session: Session, data: ComplaintInput) -> list[FieldError]:
    """Every problem of a complaint's fields, each naming the field."""
    errors: list[FieldError] = []
    if not data.content.strip():
        errors.append(FieldError("投诉举报内容", "不能为空。"))
    errors += text_errors(
        [
            ("投诉举报内容", data.content, LONG_TEXT),
            ("来源渠道", data.channel, 40),
            ("举报人", data.reporter_name, 200),
            ("联系方式", data.reporter_contact, 200),
            ("被举报对象", data.target_name, 200),
            ("处理情况", data.handling, LONG_TEXT),
        ]
    )
    if data.anonymous and (data.reporter_name.strip() or data.reporter_contact.strip()):
        errors.append(FieldError("举报人", "匿名举报不应登记举报人姓名或联系方式。"))
    if data.institution_id is not None and session.get(Institution, data.institution_id) is None:
        errors.append(FieldError("被举报机构", f"没有编号为 {data.institution_id} 的机构。"))
    if data.case_id is not None and session.get(Case, data.case_id) is None:
        errors.append(FieldError("立案案件", f"没有编号为 {data.case_id} 的案件。"))
    if data.result is ComplaintResult.FILED and data.case_id is None:
        errors.append(FieldError("立案案件", "处理结果为立案时，请选择所立案件。"))
    if data.result is ComplaintResult.NOT_FILED and data.case_id is not None:
        errors.append(FieldError("立案案件", "处理结果为不予立案，不应关联案件。"))
    for attr, label in (("closed_on", "办结日期"), ("replied_on", "答复日期")):
        value = getattr(data, attr)
        if value is not None and value < data.received_on:
            errors.append(FieldError(label, "早于受理日期。"))
    if data.anonymous and (data.replied_on or data.reporter_satisfied is not None):
        errors.append(FieldError("答复", "匿名举报无法答复举报人，也没有满意度。"))
    if data.reporter_satisfied is not None and data.replied_on is None:
        errors.append(FieldError("举报人是否满意", "尚未答复，不能登记满意度。"))
    return errors


def _apply(complaint: Complaint, data: ComplaintInput) -> None:
    for name in _FIELDS:
        setattr(complaint, name, getattr(data, name))
    complaint.content = data.content.strip()
    complaint.reporter_name = data.reporter_name.strip()
    complaint.reporter_contact = data.reporter_contact.strip()


class ComplaintService:
    """Record, change, read and list complaints."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def create(self, data: ComplaintInput) -> int:
        """Validate and store a complaint; returns its id."""
        with self._uow_factory() as uow:
            errors = validate_complaint(uow.session, data)
            if errors:
                raise ValidationError(errors, f"{data.received_on} 受理的投诉举报")
            complaint = Complaint()
            _apply(complaint, data)
            uow.session.add(complaint)
            uow.commit()
            return complaint.id

    def update(self, complaint_id: int, data: ComplaintInput) -> None:
        """Replace a complaint's fields (handling, result, reply …)."""
        with self._uow_factory() as uow:
            complaint = _get(uow.session, complaint_id)
            errors = validate_complaint(uow.session, data)
            if errors:
                raise ValidationError(errors, f"{data.received_on} 受理的投诉举报")
            _apply(complaint, data)
            uow.commit()

    def get(self, complaint_id: int) -> ComplaintInput:
        """A complaint's fields as the editor shows them."""
        with self._uow_factory(readonly=True) as uow:
            complaint = _get(uow.session, complaint_id)
            return ComplaintInput(**{name: getattr(complaint, name) for name in _FIELDS})

    def list(
        self, date_from: date | None = None, date_to: date | None = None
    ) -> builtins.list[ComplaintRow]:
        """Complaints received in the period (both days included), newest first."""
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(Complaint, Institution.name, Case.case_no)
                .outerjoin(Institution, Institution.id == Complaint.institution_id)
                .outerjoin(Case, Case.id == Complaint.case_id)
                .order_by(Complaint.received_on.desc(), Complaint.id.desc())
            )
            if date_from:
                query = query.where(Complaint.received_on >= date_from)
            if date_to:
                query = query.where(Complaint.received_on <= date_to)
            return [
                ComplaintRow(c.id, c.received_on, c.channel, c.anonymous,
                             name or c.target_name, c.result.value if c.result else "",
                             case_no or "", c.closed_on, c.replied_on, c.reporter_satisfied)
                for c, name, case_no in uow.session.execute(query)
            ]  # fmt: skip


def _get(session: Session, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFoundError(f"没有编号为 {complaint_id} 的投诉举报。")
    return complaint
