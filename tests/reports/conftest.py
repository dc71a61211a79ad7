"""Hand-built data sets for the annex tests: helpers that add institutions, cases, inspections."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from database.models import (
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    Complaint,
    Inspection,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    PartyType,
)
from desktop.app import AppContext

_numbers = itertools.count(1)


class Records:
    """Adds rows in one session; call done() to commit."""

    def __init__(self, ctx: AppContext) -> None:
        self._uow = ctx.uow_factory()
        self._uow.__enter__()
        self.session = self._uow.session

    def institution(
        self,
        name: str,
        kind: InstitutionKind,
        *,
        status: InstitutionStatus = InstitutionStatus.ACTIVE,
        cosmetic_filed: bool = False,
        credit_grade: str = "",
        address: str = "",
    ) -> Institution:
        inst = Institution(
            name=name,
            kind=kind,
            status=status,
            cosmetic_filed=cosmetic_filed,
            credit_grade=credit_grade,
            address=address,
        )
        self.session.add(inst)
        self.session.flush()
        return inst

    def inspect(
        self, inst: Institution, on: date, *, revisit: bool = False, again: bool | None = None
    ) -> Inspection:
        row = Inspection(
            institution_id=inst.id, inspected_on=on, is_revisit=revisit, illegal_again=again
        )
        self.session.add(row)
        self.session.flush()
        return row

    def case(
        self,
        party: Institution | str,
        *,
        filed: date,
        source: CaseSource = CaseSource.ROUTINE,
        cause_category: CauseCategory = CauseCategory.OTHER,
        campaign: CampaignCategory | None = None,
        party_kind: InstitutionKind | None = None,
        **fields: Any,
    ) -> Case:
        is_inst = isinstance(party, Institution)
        row = Case(
            case_no=f"测卫医案〔2026〕{next(_numbers)}号",
            source=source,
            cause_category=cause_category,
            campaign_category=campaign,
            party_type=PartyType.ORGANISATION if is_inst else PartyType.PERSON,
            institution_id=party.id if is_inst else None,
            party_name=party.name if is_inst else party,
            party_kind=party.kind if is_inst else party_kind,
            cause=fields.pop("cause", "未取得资质开展医疗美容"),
            filed_on=filed,
            **fields,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def complaint(self, received: date, **fields: Any) -> Complaint:
        row = Complaint(received_on=received, content="举报非法医疗美容", **fields)
        self.session.add(row)
        self.session.flush()
        return row

    def done(self) -> None:
        self._uow.commit()
        self._uow.__exit__(None, None, None)


@pytest.fixture
def records(ctx: AppContext) -> Iterator[Records]:
    """A Records helper on the test's fresh database."""
    rec = Records(ctx)
    yield rec
    if rec._uow._session is not None:
        rec._uow.__exit__(None, None, None)
