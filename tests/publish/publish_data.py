"""What the publication tests share: the period, the issued decisions, the personal details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from database.models import Case, PartyType
from desktop.app import AppContext

#: The period the tests publish (the demo district is built relative to 2026-11-20).
START, END = date(2026, 10, 1), date(2026, 10, 31)


@dataclass(frozen=True, slots=True)
class Issued:
    """The demo context and the penalty decisions of the period, with their 文号."""

    ctx: AppContext
    numbers: dict[int, str]
    #: The decision DOCX of each case.
    paths: dict[int, Path]


def personal_values(ctx: AppContext) -> dict[str, set[str]]:
    """Every natural person's 身份证号, phone and address in the database (the secrets no
    published file may carry)."""
    found: dict[str, set[str]] = {"id": set(), "phone": set(), "address": set()}
    with ctx.uow_factory(readonly=True) as uow:
        for case in uow.session.scalars(select(Case).where(Case.party_type == PartyType.PERSON)):
            found["id"].add(case.party_id_number)
            found["phone"].add(case.party_phone)
            found["address"].add(case.party_address)
    return {key: {v for v in values if v} for key, values in found.items()}
