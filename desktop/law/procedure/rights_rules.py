"""The checks of the party's rights after the 告知 (issue 14): 听证 only within its scope and
always within it, the request in time, the hearing held, the statement reviewed, no heavier
penalty after it, and no decision before the windows (counted from the 告知书's service) end.

Each check reads the facts (the provision only to leave another authority's case alone) and
says what is wrong and what to do; the rules that carry them, with their basis and the documents
they refuse, are in rules.RULES.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.law.procedure.adapter import is_transfer_provision
from desktop.law.procedure.facts import ProcedureFacts, RightsFacts
from desktop.law.procedure.hearing import (
    HEARING_WORKING_DAYS,
    STATEMENT_WORKING_DAYS,
    SUMMONS_WORKING_DAYS,
)

#: The 听证 documents of 第六十四条 (通知, 笔录, 报告).
HEARING_DOCUMENTS = frozenset({"hearing_summons", "hearing_record", "hearing_report"})
#: The 听证 scope of 第六十三条 in a message's words.
SCOPE_WORDS = (
    "较大数额罚款，没收较大数额违法所得、较大价值非法财物，降低资质等级、吊销许可证件，"
    "责令停产停业、责令关闭、限制从业等较重的行政处罚"
)


def _day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _deciding(f: ProcedureFacts, provision: Any) -> bool:
    """Whether the case is (or is about to be) decided with a penalty of ours (another
    authority's case is the competence rule's to name)."""
    decided = f.decided or "penalty_decision" in f.issued
    ours = not is_transfer_provision(provision)
    return decided and ours and bool(f.kinds) and not f.no_penalty and not f.transfer_only


def _in_scope(r: RightsFacts) -> bool:
    """In 听证 scope by the penalty now intended or by the one the 告知书 proposed (a hearing
    may lighten it below the scope)."""
    return bool(r.hearing_reasons or r.notified_reasons)


def hearing_scope(f: ProcedureFacts, _provision: Any) -> str | None:
    """A 听证告知书 only when the intended penalty reaches 听证 (第六十三条)."""
    r = f.rights
    if "hearing_notice" not in f.issued or _in_scope(r) or not f.kinds or f.no_penalty:
        return None
    limit = r.hearing_threshold_fen // 100
    return (
        f"案件{f.case_no}拟作出的处罚（{'、'.join(f.kinds)}）不属于听证范围：只有{SCOPE_WORDS}"
        f"才告知听证权利（本机关设置的较大数额：对该类当事人{limit}元以上）；请制作《行政处罚事先"
        "告知书》告知陈述、申辩权利，已制作的听证告知书请作废"
    )


def hearing_notified(f: ProcedureFacts, provision: Any) -> str | None:
    """Within 听证 scope, no decision without the 听证告知 (第六十三条、第六十二条)."""
    r = f.rights
    if not _deciding(f, provision) or not _in_scope(r):
        return None
    if r.hearing_notified or "hearing_notice" in f.issued:
        return None
    return (
        f"案件{f.case_no}拟作出的处罚属于听证范围（{'、'.join(r.hearing_reasons or r.notified_reasons)}），但没有告知"
        "当事人要求听证的权利；请先制作《行政处罚听证告知书》并送达当事人（在案件中填写听证告知"
        "日期和告知书送达日期），听证申请期满或听证结束后再作出决定"
    )


def hearing_request(f: ProcedureFacts, _provision: Any) -> str | None:
    """The 听证 documents follow a request made within five working days of service."""
    r = f.rights
    making = f.issued & HEARING_DOCUMENTS
    if r.hearing_requested_on is None:
        if not making:
            return None
        return (
            f"案件{f.case_no}没有记录当事人的听证申请；请在案件的“陈述申辩与听证”中填写听证"
            "申请日期，再制作听证文书"
        )
    if r.hearing_due is not None and r.hearing_requested_on > r.hearing_due:
        return (
            f"案件{f.case_no}的听证申请日期（{_day(r.hearing_requested_on)}）已超过听证申请期限"
            f"（自告知书送达之日起{HEARING_WORKING_DAYS}个工作日，至{_day(r.hearing_due)}止），"
            "逾期未提出的视为放弃听证权利；请核对告知书送达日期和听证申请日期"
        )
    return None


def hearing_held(f: ProcedureFacts, provision: Any) -> str | None:
    """A hearing requested is held, and recorded, before the decision (第六十三条、第六十五条);
    the 听证 documents themselves require the date, place and host as fields."""
    r = f.rights
    if r.hearing_requested_on is None or not _deciding(f, provision):
        return None
    missing = [label for label, value in (("听证日期", r.hearing_on), ("听证地点", r.hearing_place),
               ("听证主持人", r.hearing_host), ("听证结论", r.hearing_outcome)) if not value]  # fmt: skip
    if missing:
        return (
            f"案件{f.case_no}的当事人于{_day(r.hearing_requested_on)}要求听证，应当组织听证并根据"
            f"听证笔录作出决定，但没有记录{'、'.join(missing)}；请在案件的“陈述申辩与听证”中填写"
        )
    if r.decided_on is not None and r.hearing_on is not None and r.decided_on < r.hearing_on:
        return (
            f"案件{f.case_no}的处罚决定日期（{_day(r.decided_on)}）早于听证日期"
            f"（{_day(r.hearing_on)}）：听证结束后才能作出决定；请核对日期"
        )
    return None


#: The words of 第六十四条第二项 a message quotes.
SUMMONS_WORDS = "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点"


def hearing_summoned(f: ProcedureFacts, provision: Any) -> str | None:
    """A hearing held records when the party was summoned (第六十四条第二项). The 听证通知书
    itself refuses the empty date as its own missing 通知日期, so this rule refuses what follows
    it: the record, the report and the decision."""
    r = f.rights
    if r.hearing_on is None or r.hearing_summoned_on is not None:
        return None
    if not (_deciding(f, provision) or f.issued & {"hearing_record", "hearing_report"}):
        return None
    return (
        f"案件{f.case_no}记录了听证日期（{_day(r.hearing_on)}），但没有记录听证通知日期："
        f"{SUMMONS_WORDS}（行政处罚法第六十四条第二项）；请在案件的“陈述申辩与听证”中填写"
        "听证通知日期（即听证通知书的日期）"
    )


def summons_period(f: ProcedureFacts, _provision: Any) -> str | None:
    """The summons goes out at least seven working days before the hearing (第六十四条第二项,
    第八十五条: 七日 are working days)."""
    r = f.rights
    if r.hearing_on is None or r.hearing_summoned_on is None:
        return None
    if r.hearing_earliest is not None:
        short = r.hearing_on < r.hearing_earliest
        earliest = f"，自通知之日起第{SUMMONS_WORKING_DAYS}个工作日为{_day(r.hearing_earliest)}"
    else:  # no calendar: fewer calendar days are surely fewer working days
        short = (r.hearing_on - r.hearing_summoned_on).days < SUMMONS_WORKING_DAYS
        earliest = ""
    if not short:
        return None
    return (
        f"案件{f.case_no}的听证通知日期（{_day(r.hearing_summoned_on)}）距听证日期"
        f"（{_day(r.hearing_on)}）不足{SUMMONS_WORKING_DAYS}个工作日{earliest}：{SUMMONS_WORDS}"
        "（行政处罚法第六十四条第二项；“七日”指工作日，第八十五条）；请重新通知并改期听证，"
        "或核对听证通知日期和听证日期"
    )


def statement_review(f: ProcedureFacts, provision: Any) -> str | None:
    """A statement (or hearing) is reviewed, with reasons, before the decision (第四十五条)."""
    r = f.rights
    if not _deciding(f, provision):
        return None
    heard = r.statement_on is not None or r.hearing_on is not None
    missing = []
    if r.statement_summary and r.statement_on is None and r.hearing_on is None:
        missing.append("陈述申辩日期")  # said at a hearing, it needs none of its own
    if r.statement_on is not None and not r.statement_summary:
        missing.append("陈述申辩内容")
    if (heard or r.statement_summary) and not r.review_result:
        missing.append("复核意见")
    if (heard or r.statement_summary) and not r.review_reason:
        missing.append("复核理由")
    if not missing:
        return None
    return (
        f"案件{f.case_no}的当事人提出了陈述、申辩（或听证）意见，行政机关应当复核并说明采纳与否的"
        f"理由，但没有记录{'、'.join(missing)}；请在案件的“陈述申辩与听证”中填写"
    )


def no_heavier(f: ProcedureFacts, provision: Any) -> str | None:
    """No heavier penalty than the 告知书 proposed after a statement (第四十五条第二款)."""
    r = f.rights
    stated = r.statement_on is not None or r.hearing_requested_on is not None
    if not _deciding(f, provision) or not stated or not r.notified_kinds:
        return None
    added = [kind for kind in f.kinds if kind not in r.notified_kinds]
    more = r.fine_fen > r.notified_fine_fen
    if not added and not more:
        return None
    what = []
    if added:
        what.append(f"增加了{'、'.join(added)}")
    if more:
        what.append(f"罚款由告知的{r.notified_fine_fen / 100:.2f}元增至{r.fine_fen / 100:.2f}元")
    return (
        f"案件{f.case_no}的当事人陈述、申辩后，处罚决定比事先告知的处罚"
        f"（{'、'.join(r.notified_kinds)}）更重：{'，'.join(what)}；不得因当事人陈述、申辩而给予"
        "更重的处罚。如认定的事实或依据变化，应当重新告知"
    )


def windows(f: ProcedureFacts, provision: Any) -> str | None:
    """No decision before the 陈述申辩 window (and, in 听证 scope, the 听证 window) ended."""
    r = f.rights
    if not _deciding(f, provision) or r.decided_on is None:
        return None
    served = "告知书送达之日" if r.notice_served_on else "告知之日（未记录告知书送达日期）"
    if r.statement_due and r.decided_on <= r.statement_due and r.statement_on is None:
        return (
            f"案件{f.case_no}的处罚决定日期（{_day(r.decided_on)}）在陈述申辩期限内（自{served}起"
            f"{STATEMENT_WORKING_DAYS}个工作日，至{_day(r.statement_due)}止）：当事人尚未陈述、"
            "申辩，期满后才能作出决定；请核对处罚决定日期和告知书送达日期"
        )
    scope = _in_scope(r) or r.hearing_notified
    if scope and r.hearing_due and r.decided_on <= r.hearing_due and r.hearing_requested_on is None:
        return (
            f"案件{f.case_no}的处罚决定日期（{_day(r.decided_on)}）在听证申请期限内（自{served}起"
            f"{HEARING_WORKING_DAYS}个工作日，至{_day(r.hearing_due)}止），期满后才能作出决定；"
            "请核对处罚决定日期和告知书送达日期"
        )
    return None
