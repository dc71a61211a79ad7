"""One row of each export from the record, keyed by the column files' keys (desktop.publish.columns).

Values are text as written to the file. A natural person's withheld fields are blanked here from
the column data (`Column.withheld_for_person`), and their personal details are masked inside the
texts (违法事实) by the same transform as the 公开版 (desktop.documents.public_copy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from database.models import Case, CheckResult, Inspection, Institution, PartyType
from database.models.legal import LegalProvision
from desktop.documents.public_copy import mask_text, personal_details
from desktop.publish.columns import CODES_SEPARATOR, Column, date_text, wan_yuan
from desktop.publish.periods import publicity_end
from forms.case_penalty import case_kind_names, kind_lines
from forms.common import suspension_as

#: 行政相对人类别 of each party type (个体工商户 is not told apart by the record).
PARTY_CATEGORY = {PartyType.ORGANISATION: "法人及非法人组织", PartyType.PERSON: "自然人"}
#: 处罚有效期 of a penalty without a term (the template's "long term"; unverified, see the data).
NO_TERM = date(2099, 12, 31)
#: Kinds that name a licence in 暂扣或吊销证照名称及编号.
LICENCE_KINDS = ("暂扣许可证件", "吊销许可证件")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One record's row: which record, how errors name it, its values by column key."""

    record_id: int
    label: str
    values: dict[str, str]
    #: The record's date (a decision's 处罚决定日期), for checks on the dates an export records.
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Authority:
    """处罚机关 and 数据来源单位 from the office settings."""

    name: str
    credit_code: str
    source_unit: str
    source_credit_code: str


def withhold(columns: Sequence[Column], values: dict[str, str], person: bool) -> dict[str, str]:
    """The values with the fields withheld for a natural person blanked (when it is one)."""
    if not person:
        return values
    return {k: ("" if any(c.key == k and c.withheld_for_person for c in columns) else v)
            for k, v in values.items()}  # fmt: skip


def _kinds(case: Case, provision: LegalProvision | None) -> tuple[str, ...]:
    return case_kind_names(case, suspension_as(provision, case))


def _licence(case: Case, kinds: Sequence[str]) -> str:
    inst = case.institution
    if not set(kinds) & set(LICENCE_KINDS) or inst is None or not inst.license_no:
        return ""
    return f"医疗机构执业许可证（登记号：{inst.license_no}）"


def categories(kinds: Sequence[str], codes: Sequence[str]) -> str:
    """处罚类别: each kind in the code list, the health laws' own kinds as 其他, each once."""
    named: list[str] = []
    for kind in kinds:
        value = kind if kind in codes else "其他"
        if value not in named:
            named.append(value)
    return CODES_SEPARATOR.join(named)


def confiscated_fen(case: Case) -> int:
    """没收违法所得 plus the recorded value of 没收非法财物, in 分."""
    return case.confiscation_fen + sum(i.value_fen or 0 for i in case.confiscated_items)


def penalty_values(case: Case, provision: LegalProvision | None, decision_no: str,
                   authority: Authority, codes: Sequence[str]) -> dict[str, str]:  # fmt: skip
    """The 双公示 行政处罚 row of a decided case."""
    assert case.decided_on is not None  # selected by the service
    kinds = _kinds(case, provision)
    person = case.party_type is PartyType.PERSON
    secrets = tuple(sorted(set(personal_details(case).values()), key=len, reverse=True))
    lines = kind_lines(case, suspension_as(provision, case))
    return {
        "party_name": case.party_name,
        "party_category": PARTY_CATEGORY[case.party_type],
        "credit_code": "" if person else case.party_credit_code,
        "legal_representative": "" if person else case.party_representative,
        "id_type": "身份证" if person and case.party_id_number else "",
        "id_no": case.party_id_number if person else "",
        "decision_no": decision_no,
        "violation_type": case.cause,
        "facts": mask_text(case.facts, secrets),
        "basis": case.penalty_basis,
        "category": categories(kinds, codes),
        "content": "；".join(f"{i}.{line}" for i, line in enumerate(lines, start=1)),
        "fine_wan": wan_yuan(case.fine_fen) if case.fine_fen else "",
        "confiscation_wan": wan_yuan(confiscated_fen(case)) if confiscated_fen(case) else "",
        "licence": _licence(case, kinds),
        "decided_on": date_text(case.decided_on),
        "valid_until": date_text(NO_TERM),
        "publicity_end": date_text(
            publicity_end(case.decided_on, kinds, case.penalty_tier_condition)
        ),
        "authority": authority.name,
        "authority_code": authority.credit_code,
        "source_unit": authority.source_unit,
        "source_unit_code": authority.source_credit_code,
        "note": "",
    }


def inspection_values(inspection: Inspection, inst: Institution, plan_title: str,
                      case_numbers: Mapping[int, str]) -> dict[str, str]:  # fmt: skip
    """The 监管 platform row of an inspection (casedesk's documented default layout)."""
    failed = [r for r in inspection.results if r.result is CheckResult.FAIL]
    problems = "；".join(r.note or r.item_text for r in failed)
    opened = sorted(
        {
            case_numbers[r.case_id]
            for r in failed
            if r.case_id is not None and r.case_id in case_numbers
        }
    )
    measures = inspection.opinions.strip()
    if opened:
        joiner = "；" if measures and not measures.endswith(("。", "；")) else ""
        measures += joiner + f"已立案查处（{'、'.join(opened)}）。"
    return {
        "target": inst.name,
        "credit_code": inst.credit_code or "",
        "inspected_on": date_text(inspection.inspected_on),
        "officers": "、".join(o.name for o in inspection.officers),
        "items": plan_title or "日常监督检查",
        "result": "发现问题" if failed else "未发现问题",
        "problems": problems,
        "measures": measures,
    }


def case_values(case: Case, provision: LegalProvision | None, decision_no: str) -> dict[str, str]:
    """The upward 案件查处 row of a case (casedesk's documented default layout)."""
    kinds = _kinds(case, provision)
    return {
        "case_no": case.case_no,
        "filed_on": date_text(case.filed_on),
        "source": case.source.value,
        "party_name": case.party_name,
        "party_type": case.party_type.value,
        "credit_code": case.party_credit_code,
        "party_kind": case.party_kind.value if case.party_kind else "",
        "cause": case.cause,
        "cause_category": case.cause_category.value,
        "decision_no": decision_no,
        "decided_on": date_text(case.decided_on),
        "category": "、".join(kinds),
        "fine_wan": wan_yuan(case.fine_fen) if case.fine_fen else "",
        "confiscation_wan": wan_yuan(confiscated_fen(case)) if confiscated_fen(case) else "",
        "judicial_transfer": "是" if case.judicial_transfer else "否",
        "closed_on": date_text(case.closed_on),
    }
