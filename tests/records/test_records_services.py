"""Institution, staff and case services on a real SQLite file; the demo district's coverage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from database.models import (
    CaseSource,
    CaseStatus,
    CauseCategory,
    InstitutionKind,
    InstitutionStatus,
    PartyType,
    StaffRole,
)
from desktop.app import AppContext
from desktop.cases.cases import CaseFilter, CaseInput
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.records.institutions import InstitutionFilter, InstitutionInput
from desktop.records.staff import StaffInput
from forms.validators import id_number_check_char, make_credit_code

CODE = make_credit_code("91339901MA7C8D9E")
CLINIC = InstitutionInput(name="青溪初见医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC, credit_code=CODE,
                          town="西园街道", subjects=("医疗美容科", "美容皮肤科"))  # fmt: skip


def _case(case_no: str = "青卫医罚〔2026〕1号", **changes: object) -> CaseInput:
    base = CaseInput(case_no=case_no, party_name=CLINIC.name, party_type=PartyType.ORGANISATION,
                     source=CaseSource.COMPLAINT, cause_category=CauseCategory.PERSONNEL,
                     cause="使用非卫生技术人员案", filed_on=date(2026, 3, 2), party_credit_code=CODE)  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_institution_create_update_list_search(ctx: AppContext) -> None:
    inst_id = ctx.institutions.create(CLINIC)
    detail = ctx.institutions.get(inst_id)
    assert detail.row.credit_code == CODE and detail.subjects == ("医疗美容科", "美容皮肤科")
    ctx.institutions.update(
        inst_id, replace(CLINIC, status=InstitutionStatus.SUSPENDED, subjects=("医疗美容科",))
    )
    assert ctx.institutions.get(inst_id).subjects == ("医疗美容科",)
    ctx.institutions.create(
        InstitutionInput(name="西园无名工作室", kind=InstitutionKind.UNLICENSED, town="西园街道")
    )
    assert [r.name for r in ctx.institutions.search("初见")] == [CLINIC.name]
    assert [r.name for r in ctx.institutions.search(CODE[-6:])] == [CLINIC.name]
    assert len(ctx.institutions.list(InstitutionFilter(towns=("西园街道",)))) == 2
    assert (
        len(ctx.institutions.list(InstitutionFilter(statuses=(InstitutionStatus.SUSPENDED,)))) == 1
    )
    assert ctx.institutions.towns() == ["西园街道"]


def test_institution_validation_and_conflicts(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as info:
        ctx.institutions.create(
            replace(CLINIC, name=" ", credit_code=CODE[:-1] + ("0" if CODE[-1] != "0" else "1"))
        )
    assert {e.field for e in info.value.errors} == {"机构名称", "统一社会信用代码"}
    ctx.institutions.create(CLINIC)
    with pytest.raises(ConflictError, match="已属于机构"):
        ctx.institutions.create(replace(CLINIC, name="另一家"))
    with pytest.raises(NotFoundError):
        ctx.institutions.update(999, CLINIC)


def test_staff(ctx: AppContext) -> None:
    inst_id = ctx.institutions.create(CLINIC)
    first17 = "33990119850612002"
    sid = ctx.staff.add(inst_id, StaffInput(name="周敏", role=StaffRole.DOCTOR, chief_cosmetic_doctor=True,
                                            id_number=first17 + id_number_check_char(first17)))  # fmt: skip
    assert [s.id for s in ctx.staff.list(inst_id)] == [sid]
    with pytest.raises(ValidationError) as info:
        ctx.staff.add(inst_id, StaffInput(name="吴护士", role=StaffRole.NURSE, chief_cosmetic_doctor=True,
                                          id_number=first17 + "Y"))  # fmt: skip
    assert {e.field for e in info.value.errors} == {"美容主诊医师", "身份证号"}


def test_case_lifecycle_and_rules(ctx: AppContext) -> None:
    ctx.institutions.create(CLINIC)
    case_id = ctx.cases.create(_case())
    assert ctx.cases.rows([case_id])[0].status == CaseStatus.FILED.value
    decided = _case(
        decided_on=date(2026, 4, 20), warning=True, fine_fen=2_000_050, notified_on=date(2026, 4, 1)
    )
    ctx.cases.update(case_id, decided)
    stored = ctx.cases.get(case_id)
    assert stored.party_kind is InstitutionKind.COSMETIC_CLINIC  # taken from the matched record
    row = ctx.cases.rows([case_id])[0]
    assert row.status == CaseStatus.DECIDED.value and row.fine_fen == 2_000_050
    assert ctx.cases.resolve("青卫医罚〔2026〕1号") == case_id == ctx.cases.resolve(str(case_id))
    with pytest.raises(ValidationError, match="早于"):
        ctx.cases.update(case_id, replace(decided, closed_on=date(2026, 4, 1)))
    with pytest.raises(ValidationError, match="没有处罚决定日期"):
        ctx.cases.create(_case("X-2", fine_fen=100))
    with pytest.raises(ConflictError, match="已存在"):
        ctx.cases.create(_case())
    # Nothing of the refused changes was stored.
    assert ctx.cases.get(case_id) == stored


def test_case_list_filters_sort_and_ids(demo_ctx: AppContext) -> None:
    total = demo_ctx.cases.count()
    assert total >= 240
    ids = demo_ctx.cases.list_ids(sort="fine_fen", descending=True)
    rows = demo_ctx.cases.rows(ids[:20])
    assert [r.fine_fen for r in rows] == sorted((r.fine_fen for r in rows), reverse=True)
    complaints = demo_ctx.cases.count(CaseFilter(sources=(CaseSource.COMPLAINT,)))
    assert 0 < complaints < total
    period = CaseFilter(filed_from=date(2026, 1, 1), filed_to=date(2026, 3, 31))
    assert all(
        date(2026, 1, 1) <= r.filed_on <= date(2026, 3, 31) for r in demo_ctx.cases.list(period)
    )
    found = demo_ctx.cases.search("擅自执业")
    assert found and all("擅自执业" in (r.cause + r.party_name + r.case_no) for r in found)


def test_demo_covers_every_source_category_and_step(demo_ctx: AppContext) -> None:
    rows = demo_ctx.cases.list()
    assert {r.source for r in rows} == {s.value for s in CaseSource}
    assert {r.cause_category for r in rows} == {c.value for c in CauseCategory}
    assert {CaseStatus.FILED.value, CaseStatus.DECIDED.value, CaseStatus.CLOSED.value} <= {
        r.status for r in rows
    }
    assert {r.party_type for r in rows} == {"机构", "个人"}
    kinds = {r.kind for r in demo_ctx.institutions.list()}
    assert kinds == {k.value for k in InstitutionKind}


def test_demo_decisions_respect_their_statutory_ranges(demo_ctx: AppContext) -> None:
    from sqlalchemy import select

    from database.models import Case
    from desktop.law.penalties import penalty_problems
    from desktop.law.versions import find_provision

    with demo_ctx.uow_factory(readonly=True) as uow:
        decided = list(uow.session.scalars(select(Case).where(Case.decided_on.is_not(None))))
        problems = [
            (c.case_no, penalty_problems(c, find_provision(uow.session, c))) for c in decided
        ]
        heavier = (any(c.suspension for c in decided), any(c.revocation for c in decided))
    assert len(decided) > 50
    assert [p for p in problems if p[1]] == []
    assert heavier == (True, True)
