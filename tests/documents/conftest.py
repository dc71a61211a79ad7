"""Helpers for the document tests: pick demo cases, add an inspection, read a DOCX back."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import docx
import pytest
from lawful_case import reviewed
from sqlalchemy import select

from database.models import (
    Case,
    CheckResult,
    Inspection,
    InspectionResult,
    Institution,
    InstitutionKind,
    Officer,
    PartyType,
)
from desktop.app import AppContext
from desktop.law.penalties import penalty_problems
from desktop.law.versions import find_provision


def docx_text(data: bytes) -> str:
    """All paragraph and table-cell text of a DOCX, in document order."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def reopen(demo_ctx: AppContext) -> Callable[[int], None]:
    """Record a 重新打开 when the case is locked (a save with a 结案日期 locks it again)."""

    def run(case_id: int) -> None:
        if demo_ctx.cases.is_locked(case_id):
            demo_ctx.audit.reopen_case(case_id, "测试：修改案情后重新生成文书")

    return run


@pytest.fixture
def closed_case_id(demo_ctx: AppContext) -> int:
    """A closed demo case with a fine whose penalty fits its catalogue provision.

    It is reopened (recorded with a reason) so that tests may change its facts.
    """
    found = _closed_case_with_lawful_fine(demo_ctx)
    demo_ctx.audit.reopen_case(found, "测试：记录听证告知")
    # These tests print every notice, the 听证告知书 among them: the office's 较大数额 (行政处罚法
    # 第六十三条, a setting) is 1元 so any fine reaches 听证, and the party was told of it.
    demo_ctx.office.save({"hearing.amount_organisation": "1", "hearing.amount_individual": "1"})
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, found)
        assert case is not None
        case.hearing_notified_on = case.notified_on
        # A 听证告知 puts the case under the office's 法制审核 + 集体讨论 policy (issue 14).
        record_review(case)
        uow.commit()  # saved with its 结案日期: locked again
    demo_ctx.audit.reopen_case(found, "测试：修改案情以检验文书")
    return found


def record_review(case: Case) -> None:
    """Record a passed 法制审核 and a 集体讨论 before the case's decision (tests/lawful_case.py)."""
    assert case.decided_on is not None
    for name, value in reviewed(case.decided_on).items():
        setattr(case, name, value)


def _closed_case_with_lawful_fine(demo_ctx: AppContext) -> int:
    with demo_ctx.uow_factory(readonly=True) as uow:
        # An institution's case: the tests put it under provisions that punish institutions.
        cases = uow.session.scalars(
            select(Case)
            .where(
                Case.closed_on.is_not(None),
                Case.fine_fen > 0,
                Case.confiscation_fen > 0,
                Case.party_type == PartyType.ORGANISATION,
            )
            .order_by(Case.id)
        ).all()
        cases = (
            cases
            or uow.session.scalars(
                select(Case).where(Case.closed_on.is_not(None), Case.fine_fen > 0).order_by(Case.id)
            ).all()
        )
        for case in cases:
            if len(case.officers) >= 2 and not penalty_problems(
                case, find_provision(uow.session, case)
            ):
                return case.id
    raise AssertionError("the demo district has no closed case with a lawful fine")


@pytest.fixture
def add_inspection(demo_ctx: AppContext) -> Callable[..., int]:
    """Create an inspection of a cosmetic clinic with two officers and three checklist results."""

    def make(findings: str = "现场检查时，该机构正在营业，执业许可证悬挂于前台。") -> int:
        with demo_ctx.uow_factory() as uow:
            session = uow.session
            inst = session.scalars(
                select(Institution).where(Institution.kind == InstitutionKind.COSMETIC_CLINIC)
            ).first()
            officers = session.scalars(select(Officer).order_by(Officer.id).limit(2)).all()
            assert inst is not None
            inspection = Inspection(
                institution_id=inst.id, inspected_on=date(2026, 11, 3),
                started_at=datetime(2026, 11, 3, 9, 30), ended_at=datetime(2026, 11, 3, 10, 40),
                location=inst.address, present_person="王丽", present_person_title="店长",
                findings=findings, opinions="1.立即停止使用未注册的射频美容仪；\n2.完善医疗废物交接登记。",
            )  # fmt: skip
            inspection.officers = list(officers)
            inspection.results = [
                InspectionResult(position=1, item_text="执业许可证悬挂", result=CheckResult.PASS),
                InspectionResult(position=2, item_text="医疗废物分类收集", result=CheckResult.FAIL,
                                 note="注射器与生活垃圾混放"),
                InspectionResult(position=3, item_text="毒性药品管理", result=CheckResult.NOT_APPLICABLE),
            ]  # fmt: skip
            session.add(inspection)
            uow.commit()
            return inspection.id

    return make


@pytest.fixture
def read_docx() -> Callable[[bytes], str]:
    """The text of a DOCX (paragraphs, then table cells)."""
    return docx_text


@pytest.fixture
def staffed_case_ids(demo_ctx: AppContext) -> list[int]:
    """Demo cases with two or more officers, in filing order."""
    with demo_ctx.uow_factory(readonly=True) as uow:
        cases = uow.session.scalars(select(Case).order_by(Case.filed_on, Case.id)).all()
        # not the closed ones: a locked case's documents need a recorded 重新打开
        return [c.id for c in cases if len(c.officers) >= 2 and not c.locked]


@pytest.fixture
def person_case_id(demo_ctx: AppContext) -> int:
    """A demo case against a 个人 party (无证行医), with two officers and an ID number."""
    with demo_ctx.uow_factory(readonly=True) as uow:
        cases = uow.session.scalars(
            select(Case).where(Case.party_type == PartyType.PERSON).order_by(Case.id)
        ).all()
        found = next((c.id for c in cases if len(c.officers) >= 2 and c.party_id_number), None)
    assert found is not None, "the demo district has no 个人 case"
    return found
