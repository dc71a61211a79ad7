"""Open a case (立案) from a 不合格 checklist result, with facts, 案由分类 and provision filled in.

The case number comes from the office setting `number_pattern.case` and the gap-free counter
(series "case", per year). Allocating the number and storing the case happen in one transaction
— the same validation (`validate_case`) and mapping (`apply_case`) as CaseService.create — so
a refused case gives its number back. Numbers already taken by imported ledger cases are skipped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from database.models import (
    COSMETIC_KINDS,
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    ChecklistItem,
    CheckResult,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Institution,
    InstitutionKind,
    LegalProvision,
    OfficeSetting,
    PartyType,
    PlanKind,
)
from database.numbering import CASE_SERIES, allocate_sequence
from database.unit_of_work import UowFactory
from desktop.cases.cases import CaseInput, apply_case, validate_case
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.records.office import OFFICE_KEYS

#: 案件来源 of a case opened from an inspection of a plan of this kind (no plan: 日常监督检查).
SOURCE_BY_PLAN_KIND = {
    PlanKind.DOUBLE_RANDOM: CaseSource.RANDOM,
    PlanKind.CAMPAIGN: CaseSource.SPECIAL,
    PlanKind.ROUTINE: CaseSource.ROUTINE,
    PlanKind.REVISIT: CaseSource.SPECIAL,
}
#: Numbers tried past ones already used by imported cases before giving up.
MAX_SKIPS = 10_000


def _setting(session: Session, key: str) -> str:
    row = session.get(OfficeSetting, key)
    if row is not None and row.value.strip():
        return row.value
    return next((k.default for k in OFFICE_KEYS if k.key == key), "")


def format_case_number(pattern: str, short_name: str, year: int, seq: int, padding: int) -> str:
    """Fill `{简称}`, `{年}` and `{序号}` (zero-padded to `padding` digits when > 0)."""
    number = f"{seq:0{padding}d}" if padding > 0 else str(seq)
    return (
        pattern.replace("{简称}", short_name).replace("{年}", str(year)).replace("{序号}", number)
    )


def next_case_number(session: Session, year: int) -> str:
    """Allocate the next free case number of `year` in the caller's transaction."""
    pattern = _setting(session, "number_pattern.case")
    short = _setting(session, "short_name")
    padding_text = _setting(session, "number_padding").strip()
    padding = int(padding_text) if padding_text.isdigit() else 0
    for _ in range(MAX_SKIPS):
        number = format_case_number(
            pattern, short, year, allocate_sequence(session, CASE_SERIES, year), padding
        )
        if session.scalar(select(Case.id).where(Case.case_no == number)) is None:
            return number
    raise ConflictError(f"{year}年的案件编号已用尽，请检查“案件编号格式”设置。")


def _provision(session: Session, code: str, on: date) -> LegalProvision | None:
    if not code:
        return None
    return session.scalar(
        select(LegalProvision)
        .where(
            LegalProvision.code == code,
            LegalProvision.effective_from <= on,
            or_(LegalProvision.effective_to.is_(None), LegalProvision.effective_to >= on),
        )
        .order_by(LegalProvision.effective_from.desc())
    )


def _campaign(institution: Institution) -> CampaignCategory | None:
    if institution.kind is InstitutionKind.UNLICENSED:
        return CampaignCategory.UNLICENSED_PRACTICE
    if institution.kind in COSMETIC_KINDS or institution.cosmetic_filed:
        return CampaignCategory.MEDICAL_INSTITUTION
    return None


def case_input_from_result(session: Session, inspection: Inspection, result: InspectionResult,
                           filed_on: date, case_no: str) -> CaseInput:  # fmt: skip
    """The case a failed result suggests: party, facts, 案由分类 and provision filled in."""
    institution = session.get_one(Institution, inspection.institution_id)
    item = (
        session.get(ChecklistItem, result.checklist_item_id) if result.checklist_item_id else None
    )
    plan = session.get(InspectionPlan, inspection.plan_id) if inspection.plan_id else None
    provision = _provision(session, item.provision_code if item else "", inspection.inspected_on)
    category_text = (item.cause_category if item else "") or (
        provision.cause_category if provision else ""
    )
    category = CauseCategory(category_text) if category_text else CauseCategory.OTHER
    wording = (item.case_cause if item else "") or (provision.violation if provision else "")
    cause = f"{institution.name}{wording or '检查项目不合格'}案"
    officers = "、".join(f"{o.name}（执法证号{o.badge_no}）" for o in inspection.officers)
    facts = (
        f"{inspection.inspected_on:%Y年%-m月%-d日}，执法人员{officers}对{institution.name}"
        f"（{institution.address}）进行监督检查，检查项目“{result.item_text}”结论为不合格"
        + (f"：{result.note}" if result.note.strip() else "")
        + "。"
        + (f"现场检查发现：{inspection.findings}" if inspection.findings.strip() else "")
    )
    return CaseInput(
        case_no=case_no,
        party_name=institution.name,
        party_type=PartyType.ORGANISATION,
        source=SOURCE_BY_PLAN_KIND[plan.kind] if plan else CaseSource.ROUTINE,
        cause_category=category,
        campaign_category=_campaign(institution),
        cause=cause,
        filed_on=filed_on,
        party_credit_code=institution.credit_code or "",
        party_kind=institution.kind,
        party_address=institution.address,
        party_representative=institution.legal_representative,
        party_phone=institution.phone,
        town=institution.town,
        facts=facts,
        evidence="现场笔录、现场照片",
        violated_provisions=provision.violated_article if provision else "",
        penalty_basis=provision.basis_article if provision else "",
        provision_code=(item.provision_code if item else "") or "",
        accepted_on=inspection.inspected_on,
        handler="、".join(o.name for o in inspection.officers),
        inspection_id=inspection.id,
    )


class InspectionCaseService:
    """立案 from an inspection's 不合格 result."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def open_case(self, inspection_id: int, result_id: int, filed_on: date | None = None) -> int:
        """Create the case for a 不合格 result and link both ways; returns the case id."""
        filed_on = filed_on or date.today()
        with self._uow_factory() as uow:
            session = uow.session
            inspection = session.get(Inspection, inspection_id)
            # locked: a second clerk opening the same result waits, then sees the case
            result = session.get(InspectionResult, result_id, with_for_update=True)
            if inspection is None or result is None or result.inspection_id != inspection_id:
                raise NotFoundError(
                    f"检查记录 {inspection_id} 中没有编号为 {result_id} 的检查结果。"
                )
            if result.result is not CheckResult.FAIL:
                raise ConflictError(
                    f"检查项目“{result.item_text}”结论为{result.result.value}，不能据此立案。"
                )
            if result.case_id is not None:
                existing = session.get_one(Case, result.case_id)
                raise ConflictError(f"检查项目“{result.item_text}”已立案（{existing.case_no}）。")
            data = case_input_from_result(session, inspection, result, filed_on, "（待编号）")
            errors = validate_case(data)
            if errors:
                raise ValidationError(errors, "据检查结果立案")
            data = replace(data, case_no=next_case_number(session, filed_on.year))
            case = Case()
            apply_case(session, case, data)
            case.officers = list(inspection.officers)
            session.add(case)
            session.flush()
            result.case_id = case.id
            uow.commit()
            return case.id
