"""What the law asks of a test's decided case besides what the test is about (issue 14, review
branch): a 法制审核 and a 集体讨论 recorded before the decision, which the office's default policy
requires of a case with a 听证告知, a 较大数额 fine, a 吊销/责令停产停业/责令关闭 or a 疑难复杂 one.
With tests/discretion_fit.py (the 裁量理由 and level of a fine) a test's case stays lawful when the
test changes it for another purpose."""

from __future__ import annotations

from datetime import date, timedelta

from discretion_fit import fitting

__all__ = ["DELIBERATION_OFFICE", "discretion_labels", "fitting", "review_labels", "reviewed"]

REVIEWER = "郑海"
HOST = "周建国"
MEMBERS = "周建国（主任）：同意\n吴丽（副主任）：同意"
OPINION = "事实清楚，证据确凿，程序合法，裁量适当。"
CONCLUSION = "同意处罚。"
#: The office's 合议 (issue 15: its people from 设置, at least three with the two 承办人), as
#: `casedesk office set` pairs; a case then needs its 合议日期 for the 合议记录.
DELIBERATION_OFFICE = ("合议主持人=王芳", "合议成员（、分隔，与承办人合计至少三人）=陈静")


def reviewed(decided_on: date) -> dict[str, object]:
    """The Case fields of a passed 法制审核 (two days before the decision) and a 集体讨论 (the day
    before), for `setattr` on an ORM Case or `**` into a CaseInput."""
    return {
        "legal_review_on": decided_on - timedelta(days=2),
        "legal_reviewer": REVIEWER,
        "legal_review_result": "通过",
        "legal_review_opinion": OPINION,
        "discussion_on": decided_on - timedelta(days=1),
        "discussion_host": HOST,
        "discussion_members": MEMBERS,
        "discussion_conclusion": CONCLUSION,
    }


def review_labels(decided_on: date) -> tuple[str, ...]:
    """The same record as `casedesk case set` pairs."""
    return (
        f"法制审核日期={decided_on - timedelta(days=2)}", f"法制审核人员={REVIEWER}",
        "法制审核结论=通过", f"法制审核意见={OPINION}",
        f"集体讨论日期={decided_on - timedelta(days=1)}", f"集体讨论主持人={HOST}",
        f"集体讨论结论={CONCLUSION}", f"集体讨论参加人={MEMBERS.replace(chr(10), '；')}",
    )  # fmt: skip


def discretion_labels(code: str, fine_fen: int, condition: str = "") -> tuple[str, ...]:
    """`fitting` as `casedesk case set` pairs (裁量理由, and 裁量阶次 where a level is shipped)."""
    fit = fitting(code, fine_fen, condition)
    pairs = [f"裁量理由={fit['discretion']}"]
    if fit["discretion_level"]:
        pairs.append(f"裁量阶次={fit['discretion_level']}")
    return tuple(pairs)
