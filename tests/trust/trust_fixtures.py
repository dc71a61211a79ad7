"""Helpers for the trust tests: valid personal data and small records."""

from __future__ import annotations

from datetime import date

import pytest

from database.models import (
    CaseSource,
    CauseCategory,
    InstitutionKind,
    Officer,
    PartyType,
    PlanKind,
    StaffRole,
)
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.inspections.plans import DepartmentInput, PlanInput
from desktop.records.institutions import InstitutionInput
from desktop.records.staff import StaffInput
from forms.validators import id_number_check_char

#: Recognisable personal data: if these bytes show up in a file, encryption failed.
PHONE = "13912345678"
STAFF_PHONE = "13787654321"
INSTITUTION_PHONE = "02166554433"
OFFICER_PHONE = "13655501234"
CONTACT_PHONE = "0599-86667788"


def id_number(first17: str = "31011219850312123") -> str:
    """A valid 18-character 身份证号 for the first 17 digits."""
    return first17 + id_number_check_char(first17)


PARTY_ID = id_number("31011219850312123")
STAFF_ID = id_number("31011219790101456")


def case_input(case_no: str = "青卫医案〔2026〕1号", **changes: object) -> CaseInput:
    """A person's case with an 身份证号 and a phone."""
    values: dict[str, object] = {
        "case_no": case_no,
        "party_name": "张三",
        "party_type": PartyType.PERSON,
        "source": CaseSource.COMPLAINT,
        "cause_category": CauseCategory.QUALIFICATION,
        "cause": "张三未取得医师资格从事医疗美容案",
        "filed_on": date(2026, 3, 2),
        "party_id_number": PARTY_ID,
        "party_phone": PHONE,
    }
    values.update(changes)
    return CaseInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def person_case(ctx: AppContext) -> int:
    """A stored case whose party has an 身份证号 and a phone."""
    return ctx.cases.create(case_input())


@pytest.fixture
def staffed_institution(ctx: AppContext) -> tuple[int, int]:
    """(institution id, staff id) with phones and an 身份证号."""
    inst = ctx.institutions.create(
        InstitutionInput(
            name="青溪某医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC, phone=INSTITUTION_PHONE
        )
    )
    person = ctx.staff.add(
        inst, StaffInput(name="李四", role=StaffRole.DOCTOR, id_number=STAFF_ID, phone=STAFF_PHONE)
    )
    return inst, person


@pytest.fixture
def officer_and_plan(ctx: AppContext) -> tuple[int, int]:
    """(officer id, plan id): an officer and a plan department's contact, each with a phone."""
    with ctx.uow_factory() as uow:
        officer = Officer(name="王执法", badge_no="ZJ339901202600099", phone=OFFICER_PHONE)
        uow.session.add(officer)
        uow.commit()
    department = DepartmentInput(name="区市场监管局", contact="赵菊", phone=CONTACT_PHONE)
    plan = ctx.plans.create(
        PlanInput(
            kind=PlanKind.DOUBLE_RANDOM,
            title="2026年医疗美容联合检查",
            period_start=date(2026, 3, 1),
            period_end=date(2026, 6, 30),
            departments=(department,),
        )
    )
    return officer.id, plan
