"""The demo's decided fines get what issue 14's rules ask: a 裁量理由 and the 裁量基准 level the
fine lies in (the shipped defaults, desktop.law.discretion), and — where the office's default
policy asks for them — a 法制审核 and a 集体讨论 recorded before the decision. Deterministic (no
draw from the district's random stream, so the rest of the district stays as it was)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy.orm import Session

from desktop.cases.cases import CaseInput
from desktop.law.discretion import shipped_levels
from desktop.law.procedure.facts import facts_of
from desktop.law.procedure.review_rules import review_reasons
from desktop.law.versions import find_provision

#: The 裁量理由 by level (what a clerk of the fictional 青溪区 writes).
REASONS = {
    "轻微": "鉴于当事人系初次违法，违法行为持续时间短，并已及时改正，",
    "一般": "鉴于当事人违法情节一般，未造成危害后果，",
    "较重": "鉴于当事人违法行为持续时间较长，涉及顾客较多，",
    "严重": "鉴于当事人违法行为造成一定危害后果，社会影响较大，",
}
#: Without a 裁量基准 for the provision (a fine by multiples of the 违法所得).
NO_LEVEL_REASON = "鉴于当事人违法所得数额及违法行为持续时间，综合考虑其配合调查的情况，"
#: The fictional 青溪区卫生健康委员会's 法制审核 reviewer and 负责人.
REVIEWER = "郑海"
HOST = "周建国"
MEMBERS = (
    "周建国（主任）：同意承办机构的处理意见。\n"
    "吴丽（副主任）：事实清楚，证据充分，同意。\n"
    "郑海（法制审核人员）：程序合法，裁量适当，同意。"
)


def with_review(session: Session, data: CaseInput) -> CaseInput:
    """The case with its 裁量 and, where needed, 法制审核 and 集体讨论 (else unchanged)."""
    decided = data.decided_on
    if decided is None or data.no_penalty:
        return data
    if data.fine_fen:
        levels = [t for t in shipped_levels()
                  if t.code == data.provision_code and t.condition == data.penalty_tier_condition]  # fmt: skip
        level = next((t.level for t in levels if t.fits(data.fine_fen)), "")
        data = replace(data, discretion=REASONS.get(level, NO_LEVEL_REASON), discretion_level=level)
    # find_provision reads only the input fields a Case shares with CaseInput.
    provision = find_provision(session, data)  # type: ignore[arg-type]
    if not review_reasons(facts_of(data, officers=[]), provision):
        return data
    return replace(
        data,
        legal_review_on=decided - timedelta(days=2),
        legal_reviewer=REVIEWER,
        legal_review_result="通过",
        legal_review_opinion="本案执法主体合法，事实清楚，证据确凿，适用依据正确，程序合法，"
        "裁量适当，同意承办机构的处理意见。",
        discussion_on=decided - timedelta(days=1),
        discussion_host=HOST,
        discussion_members=MEMBERS,
        discussion_conclusion="经集体讨论，同意承办机构的处理意见，作出行政处罚决定。",
    )
