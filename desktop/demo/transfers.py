"""Demo cases under another authority's provision become 移送 cases (行政处罚法 第三十八条: a
penalty by a body without the power is void): investigated, then transferred with 移送机关,
日期 and 理由, and closed — whatever the catalogue says is whose (catalogue.is_transfer_row)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import LegalProvision
from desktop.cases.cases import CaseInput
from desktop.demo.cases import inquiry_day
from desktop.law.catalogue import transfer_department
from desktop.law.procedure.adapter import is_transfer_provision, transfer_organ

#: The demo district's name, which its organs carry.
DISTRICT = "青溪区"
#: Days from 立案 to the end of the investigation, to the 移送, and from the 移送 to 结案.
INVESTIGATION_DAYS, TRANSFER_DAYS, CLOSING_DAYS = 15, 3, 5


def as_transfer(session: Session, data: CaseInput, today: date) -> CaseInput:
    """The case as a 移送-only case when its provision is another authority's (no penalty of
    the office, no decision), else unchanged. A case filed lately is transferred by today."""
    if not data.provision_code:
        return data
    provision = session.scalar(
        select(LegalProvision).where(LegalProvision.code == data.provision_code)
    )
    if provision is None or not is_transfer_provision(provision):
        return data
    transferred = min(data.filed_on + timedelta(days=INVESTIGATION_DAYS + TRANSFER_DAYS), today)
    ended = max(transferred - timedelta(days=TRANSFER_DAYS), data.filed_on)
    closed = transferred + timedelta(days=CLOSING_DAYS)
    return replace(
        data,
        warning=False, fine_fen=0, confiscation_fen=0, suspension=False, revocation=False,
        other_kinds="", confiscated_items=(), order_correction=False, judicial_transfer=False,
        no_penalty=False, no_penalty_ground=None, penalty_tier_condition="",
        correction_ordered_on=None, notified_on=None, hearing_notified_on=None,
        statement_on=None, legal_review_on=None, decided_on=None, served_on=None, paid_on=None, published_on=None,
        investigation_ended_on=ended,
        inquired_on=inquiry_day(data.filed_on, ended),
        deliberated_on=ended,
        transfer_organ=transfer_organ(provision, DISTRICT),
        transferred_on=transferred,
        transfer_reason=(
            f"该违法行为依照{provision.basis_article}由{transfer_department(provision)}"
            "实施行政处罚，不属于本机关管辖"
        ),
        closed_on=closed if closed <= today else None,
        is_typical=False,
    )  # fmt: skip
