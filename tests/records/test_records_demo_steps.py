"""The demo district has cases in 执行 and with 陈述申辩 / 听证 dates, placed relative to its today."""

from __future__ import annotations

from datetime import date, timedelta

from database.models import CaseStatus
from desktop.app import AppContext
from desktop.cases.cases import CaseFilter, validate_case

#: The demo's today in tests (tests/conftest.py DEMO_TODAY; conftest modules are not importable
#: by name when several folders have one).
TODAY = date(2026, 11, 20)


def _days(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_demo_shows_execution_statement_and_hearing(demo_ctx: AppContext) -> None:
    cases = demo_ctx.cases
    executing = cases.list(CaseFilter(statuses=(CaseStatus.EXECUTING,)))
    assert len(executing) == 2
    heard = cases.list(CaseFilter(statuses=(CaseStatus.HEARING,)))
    assert len(heard) == 1
    open_cases = {row.case_no: cases.get(row.id) for row in cases.list() if row.closed_on is None}
    stored = {
        case_no: d
        for case_no, d in open_cases.items()
        # (the decided cases in 听证 scope were told of it too: 听证告知 with the 告知)
        if d.statement_on or (d.hearing_notified_on and not d.decided_on)
        or (d.paid_on and d.served_on)
    }
    dated = sorted(
        (d.notified_on, d.hearing_notified_on, d.statement_on, d.decided_on, d.paid_on)
        for d in stored.values()
    )
    assert dated == [
        (_days(90), _days(90), _days(62), _days(55), _days(30)),  # 听证, decided, paid
        (_days(55), None, _days(53), _days(40), _days(20)),  # 陈述申辩, decided, paid
        (_days(9), None, _days(6), None, None),  # 陈述申辩 held, decision pending
        (_days(2), _days(2), None, None, None),  # 听证 window open
    ]
    for data in stored.values():
        assert validate_case(data) == [], data.case_no
    hearing_paid = next(d for d in stored.values() if d.hearing_notified_on and d.paid_on)
    # 超范围执业 (医疗机构管理条例 第四十六条): the 较大数额 fine at the 10万 ceiling, and the 违法所得.
    assert hearing_paid.fine_fen == 10_000_000 and hearing_paid.confiscation_fen == 420_000
    assert "听证笔录" in hearing_paid.evidence
    # Requested, then summoned the next day, 25 days before the hearing (第六十四条第二项).
    assert (hearing_paid.hearing_requested_on, hearing_paid.hearing_summoned_on,
            hearing_paid.hearing_on) == (_days(88), _days(87), _days(62))  # fmt: skip
    # The 工作台 shows the open 听证 window of the case just notified.
    open_hearing = next(n for n, d in stored.items() if d.hearing_notified_on == _days(2))
    due = [i for i in demo_ctx.deadlines.list(TODAY) if open_hearing in i.record]
    assert {"陈述申辩期满", "听证申请期满"} <= {i.rule_label for i in due}
