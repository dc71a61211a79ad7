"""How a case ends (行政处罚法 第五十七条第一款): a penalty, 不予行政处罚 on a ground of the law,
or 移送 — the words the documents print for each, read from the case's columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.case_penalty import case_kind_names
from forms.legal_bases import (
    ART_27,
    NO_PENALTY_GROUNDS,
    TRANSFER_ART_3,
    GroundTerms,
)

#: The outcomes a 调查终结报告 proposes and a 结案报告 records.
PENALTY, NO_PENALTY, TRANSFER, UNDECIDED = "处罚", "不予行政处罚", "移送", ""


def decision_number(issued: Mapping[str, str]) -> str:
    """The 文号 of the decision a case got: 行政处罚决定书, else 不予行政处罚决定书."""
    return issued.get("penalty_decision", "") or issued.get("no_penalty_decision", "")


def is_transfer(case: Any) -> bool:
    """Whether the case is (also) transferred: to the 公安机关 or to another authority."""
    return bool(case.judicial_transfer or case.transfer_organ.strip())


def transfer_only(case: Any) -> bool:
    """A case whose only outcome is its transfer (no penalty of the office, no 不予处罚)."""
    return is_transfer(case) and not case.no_penalty and not case_kind_names(case)


def outcome(case: Any) -> str:
    """处罚, 不予行政处罚, 移送, or '' while nothing is decided."""
    if case.no_penalty:
        return NO_PENALTY
    if case_kind_names(case):
        return PENALTY
    return TRANSFER if is_transfer(case) else UNDECIDED


def ground_terms(case: Any) -> GroundTerms | None:
    """The 不予处罚 ground's article and words (None: not a 不予处罚 case, or no ground)."""
    ground = case.no_penalty_ground
    return NO_PENALTY_GROUNDS.get(ground) if case.no_penalty and ground is not None else None


def transfer_basis(case: Any) -> str:
    """The articles a transfer to the 公安机关 cites ('' for another authority: the catalogue
    says whose the provision is, the letter states it in its reason)."""
    if not case.judicial_transfer:
        return ""
    return f"{ART_27.citation}、{TRANSFER_ART_3.citation}"


def competence(case: Any, department: str, basis: str) -> str:
    """Whose the provision is, for a transfer to another authority (the catalogue's 移送 row):
    "依照《…》第…条的规定，该违法行为由药品监督管理部门实施行政处罚"; '' for a transfer to the
    公安机关 or on one of the office's own provisions."""
    if case.judicial_transfer or not department:
        return ""
    where = f"依照{basis}的规定，" if basis.strip() else ""
    return f"{where}该违法行为由{department}实施行政处罚"


def transfer_materials(case: Any) -> list[str]:
    """The materials the letter lists (移送涉嫌犯罪案件的规定 第六条 for the 公安机关)."""
    if case.judicial_transfer:
        return ["涉嫌犯罪案件情况的调查报告", "涉案物品清单", "有关检验报告或者鉴定结论",
                "其他有关涉嫌犯罪的材料（" + (case.evidence.strip() or "证据材料") + "）"]  # fmt: skip
    return ["立案报告", "调查取证材料（" + (case.evidence.strip() or "证据材料") + "）"]


def proposal(case: Any, discretion: str = "") -> str:
    """The 调查终结报告's 处理意见 lead: what it proposes (the penalty items follow it)."""
    kind = outcome(case)
    if kind == PENALTY:
        return f"{discretion}建议给予当事人如下行政处罚："
    if kind == NO_PENALTY:
        terms = ground_terms(case)
        if terms is None:
            return ""  # the ground is still to be chosen: the report is not ready
        text = f"鉴于{terms.finding}，依据{terms.basis.citation}的规定，建议对当事人不予行政处罚。"
        return text + terms.order
    if kind == TRANSFER:
        reason = case.transfer_reason.strip().rstrip("。")
        organ = case.transfer_organ.strip() or ("公安机关" if case.judicial_transfer else "")
        if not organ:
            return ""
        why = f"鉴于{reason}，" if reason else ""
        return f"{why}建议将本案移送{organ}处理。"
    return ""
