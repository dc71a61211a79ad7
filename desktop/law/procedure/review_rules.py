"""The rules of 法制审核, 集体讨论 and 裁量 (issue 14): which decided cases need the review (the
office's policy, forms.review_terms), that both are recorded before the decision, that a fine
states its 裁量理由 and lies in the 裁量基准 level chosen — below it only when 减轻 on a legal
ground (行政处罚法 第三十条至第三十二条)."""

from __future__ import annotations

from typing import Any

from desktop.law.catalogue import chosen_tier
from desktop.law.penalties import tier_case_kinds
from desktop.law.procedure.adapter import is_transfer_provision
from desktop.law.procedure.facts import ProcedureFacts
from forms.money import fen_to_figures
from forms.review_terms import Circumstance, LegalReviewResult, ground_article

#: Where the clerk records them (the case editor's tabs).
REVIEW_TAB = "“法制审核与集体讨论”"
DISCRETION_TAB = "“裁量”"
#: At least this many take part in a 集体讨论 (负责人 collectively, 第五十七条第二款).
MIN_DISCUSSANTS = 2


def _deciding_penalty(f: ProcedureFacts, provision: Any) -> bool:
    """A penalty decided (or being decided) here: another authority's provision is the
    competence rule's to refuse, once."""
    deciding = f.decided or "penalty_decision" in f.issued
    if not deciding or not f.kinds or f.no_penalty or f.transfer_only:
        return False
    return not is_transfer_provision(provision)


def _kinds(f: ProcedureFacts, provision: Any) -> set[str]:
    """The case's kinds as its tier names them (the 停业 field is 责令停止执业活动 under
    基本医疗卫生与健康促进法 第九十九条, not 责令停产停业)."""
    tier = chosen_tier(provision, f.penalty.penalty_tier_condition) if provision else None
    return tier_case_kinds(f.penalty, tier) if tier is not None else set(f.kinds)


def _hearing_reason(f: ProcedureFacts) -> str | None:
    """The 听证 reason, from the 听证 rules' scope (第六十三条) — not from a recorded 听证告知日期,
    so a clerk who forgot to record the notice still meets the review. In scope by the penalty
    intended or the one the 告知书 proposed (a hearing may lighten it); a hearing held is the
    law's own wording (第五十八条第一款第二项: 经过听证程序的)."""
    r = f.rights
    scope = r.hearing_reasons or r.notified_reasons
    if scope:
        return f"案件属听证范围：{'、'.join(scope)}"
    if r.hearing_on is not None:
        return "案件经过听证程序"
    return None


def review_reasons(f: ProcedureFacts, provision: Any) -> list[str]:
    """Why the case needs 法制审核 and 集体讨论 (empty: it does not)."""
    reasons: list[str] = []
    if f.review.complex_case:
        reasons.append("案件为疑难复杂案件")
    hearing = _hearing_reason(f) if f.policy.hearing else None
    if hearing:
        reasons.append(hearing)
    kinds = _kinds(f, provision)
    heavy = [k for k in f.policy.kinds if k in kinds]
    if heavy:
        reasons.append(f"处罚种类含{'、'.join(heavy)}")
    threshold, fine = f.policy.fine_threshold_fen, f.penalty.fine_fen
    if threshold is not None and fine and fine >= threshold:
        reasons.append(f"罚款{fen_to_figures(fine)}达到本机关设定的{fen_to_figures(threshold)}")
    return reasons


def _late(day: Any, f: ProcedureFacts) -> bool:
    return day is not None and f.penalty.decided_on is not None and day > f.penalty.decided_on


def legal_review(f: ProcedureFacts, provision: Any) -> str | None:
    """法制审核 recorded (date, reviewer, opinion, 通过) before a decision that needs it."""
    reasons = review_reasons(f, provision) if _deciding_penalty(f, provision) else []
    if not reasons:
        return None
    r = f.review
    why = f"案件{f.case_no}须经法制审核（{'；'.join(reasons)}）"
    if r.legal_review_result == LegalReviewResult.FAILED:
        return f"{why}，法制审核未通过，不得作出决定；请按审核意见重新调查或修改处罚后再次审核"
    missing = [label for label, value in (("法制审核日期", r.legal_review_on),
               ("法制审核人员", r.legal_reviewer), ("法制审核意见", r.legal_review_opinion),
               ("法制审核结论", r.legal_review_result)) if not value]  # fmt: skip
    if missing:
        return (f"{why}，但没有记录{'、'.join(missing)}；未经法制审核的，不得作出决定。请在案件的"
                f"{REVIEW_TAB}中填写，并生成《法制审核意见书》")  # fmt: skip
    if _late(r.legal_review_on, f):
        return f"{why}，法制审核日期晚于处罚决定日期；法制审核应当在作出决定之前"
    return None


def collective_discussion(f: ProcedureFacts, provision: Any) -> str | None:
    """集体讨论 recorded (date, 主持人, participants with their opinions, 结论) before a decision
    that needs it."""
    reasons = review_reasons(f, provision) if _deciding_penalty(f, provision) else []
    if not reasons:
        return None
    r = f.review
    missing = [label for label, value in (("集体讨论日期", r.discussion_on),
               ("主持人", r.discussion_host), ("结论", r.discussion_conclusion)) if not value]  # fmt: skip
    if r.discussion_members < MIN_DISCUSSANTS:
        missing.append(f"参加人及其意见（至少{MIN_DISCUSSANTS}人，现有{r.discussion_members}人）")
    why = f"案件{f.case_no}须经行政机关负责人集体讨论决定（{'；'.join(reasons)}）"
    if missing:
        return (f"{why}，但没有记录集体讨论的{'、'.join(missing)}；请在案件的{REVIEW_TAB}中填写，"
                "并生成《集体讨论记录》")  # fmt: skip
    if _late(r.discussion_on, f):
        return f"{why}，集体讨论日期晚于处罚决定日期；应当先讨论，后决定"
    return None


def discretion_reason(f: ProcedureFacts, provision: Any) -> str | None:
    """A fine states why this amount (裁量理由)."""
    if not _deciding_penalty(f, provision) or not f.penalty.fine_fen or f.discretion.reason:
        return None
    return (f"案件{f.case_no}有罚款{fen_to_figures(f.penalty.fine_fen)}，但没有填写裁量理由；请在案件的"
            f"{DISCRETION_TAB}中填写（打印在调查终结报告、合议记录、集体讨论记录和决定书中）")  # fmt: skip


def discretion_level(f: ProcedureFacts, provision: Any) -> str | None:
    """A fine under a provision with a 裁量基准 names its level and lies in it; below it only
    when 减轻 on a legal ground."""
    if not _deciding_penalty(f, provision) or not f.penalty.fine_fen or not f.levels:
        return None
    d, fine = f.discretion, f.penalty.fine_fen
    code = f.levels[0].code
    unverified = "" if all(t.verified for t in f.levels) else (
        "（该条款的裁量基准是随软件提供的示例，未经核对，请导入本机关公布的裁量基准）")  # fmt: skip
    names = "、".join(f"{t.level}（{t.range_text}）" for t in f.levels)
    chosen = next((t for t in f.levels if t.level == d.level), None)
    if chosen is None:
        what = f"所选裁量阶次“{d.level}”不在其中" if d.level else "案件没有选择裁量阶次"
        return (f"案件{f.case_no}适用的{code}有裁量基准：{names}，{what}；请在案件的"
                f"{DISCRETION_TAB}中选择裁量阶次{unverified}")  # fmt: skip
    if chosen.fits(fine):
        return None
    below = chosen.min_fine_fen is not None and fine < chosen.min_fine_fen
    mitigated = d.circumstance == Circumstance.MITIGATED and bool(
        ground_article(d.circumstance, d.ground)
    )
    if below and mitigated:
        return None
    how = ("只有减轻处罚（行政处罚法第三十条至第三十二条的法定情形）才可低于阶次幅度，"
           if below else "罚款不得高于所选阶次的上限，")  # fmt: skip
    return (f"案件{f.case_no}的罚款{fen_to_figures(fine)}不在所选裁量阶次“{chosen.level}”的幅度"
            f"（{chosen.range_text}）内；{how}请调整罚款或裁量阶次"
            f"{'，或记录减轻情节及其依据' if below else ''}{unverified}")  # fmt: skip
