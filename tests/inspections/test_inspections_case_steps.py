"""The case page's steps take their due dates from the same rules as the 工作台 and documents."""

from __future__ import annotations

from datetime import date

from database.models import CaseSource, CauseCategory, PartyType
from desktop.app import AppContext
from desktop.calendar.workdays import WorkdayCalendar
from desktop.cases.cases import CaseInput
from desktop.cases.steps import case_timeline


def _case(**dates: date | None) -> CaseInput:
    return CaseInput(
        case_no="青卫医案〔2026〕1号", party_name="张某", party_type=PartyType.PERSON,
        source=CaseSource.ROUTINE, cause_category=CauseCategory.OTHER, cause="张某无证行医案",
        **dates,  # type: ignore[arg-type]
    )  # fmt: skip


def test_steps_use_the_statutory_working_days(ctx: AppContext) -> None:
    # 告知 Thu 2026-09-24: 陈述申辩 3 working days skip Mid-Autumn (Sep 25–27) → Sep 30.
    # 决定 Tue 2026-09-29: 送达 7 working days skip National Day (Oct 1–7), Sat Oct 10 is 调休 →
    # Sep 30, Oct 8, 9, 10, 12, 13, 14. 立案 Jul 5: decision in 90 calendar days, Sat Oct 3 is a
    # holiday → Thu Oct 8.
    data = _case(filed_on=date(2026, 7, 5), notified_on=date(2026, 9, 24),
                 decided_on=date(2026, 9, 29))  # fmt: skip
    steps = {
        s.name: s for s in case_timeline(data, WorkdayCalendar(ctx.uow_factory), date(2026, 10, 1))
    }
    assert steps["陈述申辩/听证"].due == date(2026, 9, 30)
    assert "三日" in steps["陈述申辩/听证"].deadline_text
    assert steps["送达"].due == date(2026, 10, 14)
    assert steps["决定"].due == date(2026, 10, 8)
    # The decision is dated, so the undated 陈述申辩 step is passed, not overdue.
    assert not steps["陈述申辩/听证"].overdue and not steps["送达"].overdue
    waiting = _case(filed_on=date(2026, 7, 5), notified_on=date(2026, 9, 24))
    steps = {
        s.name: s
        for s in case_timeline(waiting, WorkdayCalendar(ctx.uow_factory), date(2026, 10, 1))
    }
    assert steps["陈述申辩/听证"].overdue
    assert not any(s.provisional for s in steps.values())


def test_a_step_in_a_year_nobody_entered_is_provisional(ctx: AppContext) -> None:
    # 2027 is beyond chinese-calendar and nobody imported it: weekends only, marked as such.
    data = _case(filed_on=date(2026, 12, 1), notified_on=date(2027, 3, 4))
    steps = {
        s.name: s for s in case_timeline(data, WorkdayCalendar(ctx.uow_factory), date(2027, 3, 4))
    }
    statement = steps["陈述申辩/听证"]
    assert (statement.due, statement.provisional) == (date(2027, 3, 9), True)
    assert not steps["告知"].provisional
