"""Deadlines across the Spring Festival, National Day and 调休 days, checked by hand.

2026 (State Council arrangement, confirmed with chinese_calendar): Spring Festival off Sun Feb 15 –
Mon Feb 23, 调休 working Saturdays Feb 14 and Feb 28; Mid-Autumn off Fri Sep 25 – Sun Sep 27;
National Day off Thu Oct 1 – Wed Oct 7, 调休 working Sun Sep 20 and Sat Oct 10.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from database.models import (
    Case,
    CaseSource,
    CauseCategory,
    Complaint,
    Inspection,
    OfficeSetting,
    PartyType,
)
from desktop.app import AppContext
from desktop.calendar.deadlines import RULES, DeadlineStatus, parse_reply_limit
from desktop.calendar.workdays import CalendarAdminService, WorkdayCalendar, YearEntry
from desktop.cli.main import run
from desktop.common.errors import ValidationError


@pytest.mark.parametrize(
    ("rule", "start", "due"),
    [
        # Thu + 2 working days: Fri 13, Sat 14 (调休 working Saturday).
        ("inspection_entry", date(2026, 2, 12), date(2026, 2, 14)),
        # Fri + 2: Sat 14, then the holiday Feb 15–23, Tue 24.
        ("inspection_entry", date(2026, 2, 13), date(2026, 2, 24)),
        # Thu + 7: 13, 14, 24, 25, 26, 27, Sat 28 (调休).
        ("publicity", date(2026, 2, 12), date(2026, 2, 28)),
        # Fri + 2: Sat 19 off, Sun 20 (调休) and Mon 21.
        ("inspection_entry", date(2026, 9, 18), date(2026, 9, 21)),
        # Thu + 3 (陈述申辩): Mid-Autumn Sep 25–27 off, then 28, 29, 30.
        ("statement", date(2026, 9, 24), date(2026, 9, 30)),
        # Tue + 3 (joint confirmation): 30, then Oct 1–7 off, Oct 8, 9.
        ("joint_confirmation", date(2026, 9, 29), date(2026, 10, 9)),
        # Wed + 5 (听证): Oct 8, 9, Sat 10 (调休), 12, 13.
        ("hearing", date(2026, 9, 30), date(2026, 10, 13)),
        # 90 calendar days from Jul 5 is Sat Oct 3, a holiday: rolls to Thu Oct 8.
        ("decision", date(2026, 7, 5), date(2026, 10, 8)),
    ],
)
def test_rules_against_hand_checked_dates(
    ctx: AppContext, rule: str, start: date, due: date
) -> None:
    deadline = RULES[rule].due(WorkdayCalendar(ctx.uow_factory), start)
    assert (deadline.due, deadline.provisional) == (due, False)


def _case(**dates: date | None) -> Case:
    return Case(case_no=f"青卫医案〔2026〕{len(dates)}{sorted(dates)[0]}号", source=CaseSource.ROUTINE,
                cause_category=CauseCategory.OTHER, party_type=PartyType.PERSON, party_name="张某",
                cause="张某无证行医案", **dates)  # fmt: skip


def test_service_lists_overdue_due_and_windows(ctx: AppContext, district) -> None:
    with ctx.uow_factory() as uow:
        s = uow.session
        s.add_all([
            _case(filed_on=date(2026, 7, 5)),  # decision due Oct 8
            _case(filed_on=date(2026, 1, 5), notified_on=date(2026, 2, 5), decided_on=date(2026, 2, 12),
                  warning=True),  # publicity due Feb 28, never published
            _case(filed_on=date(2026, 8, 1), notified_on=date(2026, 9, 24)),  # window to Sep 30
            _case(filed_on=date(2026, 8, 2), notified_on=date(2026, 9, 22), decided_on=date(2026, 9, 28),
                  hearing_notified_on=date(2026, 9, 22), fine_fen=100, published_on=date(2026, 9, 29)),
        ])  # fmt: skip
        s.add(Inspection(institution_id=district.cosmetic[1], inspected_on=date(2026, 9, 18)))
        s.add(
            Complaint(received_on=date(2026, 8, 3), content="举报无证注射", target_name="某工作室")
        )
        uow.commit()
    items = ctx.deadlines.list(today=date(2026, 9, 28))
    found = {(i.rule, i.due, i.status) for i in items}
    assert ("decision", date(2026, 10, 8), DeadlineStatus.PENDING) in found
    assert ("publicity", date(2026, 2, 28), DeadlineStatus.OVERDUE) in found
    assert ("statement", date(2026, 9, 30), DeadlineStatus.WINDOW_OPEN) in found
    assert ("inspection_entry", date(2026, 9, 21), DeadlineStatus.OVERDUE) in found
    # Decided Sep 28, inside both windows opened Tue Sep 22 (Mid-Autumn Sep 25–27 off):
    # 陈述申辩 Sep 23, 24, 28 → Sep 28; 听证 Sep 23, 24, 28, 29, 30 → Sep 30. Flagged.
    assert ("statement", date(2026, 9, 28), DeadlineStatus.DECIDED_EARLY) in found
    assert ("hearing", date(2026, 9, 30), DeadlineStatus.DECIDED_EARLY) in found
    # Complaint: 60 calendar days from Aug 3 is Fri Oct 2 (holiday) → Oct 8.
    assert ("complaint_reply", date(2026, 10, 8), DeadlineStatus.PENDING) in found
    assert items[0].status is DeadlineStatus.OVERDUE
    overdue = next(i for i in items if i.rule == "inspection_entry")
    assert overdue.days_left == -7
    assert all(i.days_left <= 3 for i in ctx.deadlines.list(today=date(2026, 9, 28), within_days=3))


def test_complaint_limit_is_an_office_setting(ctx: AppContext) -> None:
    assert parse_reply_limit("15工作日").working and parse_reply_limit("60").days == 60
    with pytest.raises(ValidationError, match="投诉举报答复期限"):
        parse_reply_limit("两个月")
    with ctx.uow_factory() as uow:
        uow.session.add(OfficeSetting(key="deadline.complaint_reply", value="15工作日"))
        uow.session.add(Complaint(received_on=date(2026, 9, 24), content="举报", anonymous=True))
        uow.commit()
    (item,) = ctx.deadlines.list(today=date(2026, 9, 28))
    # 15 working days from Thu Sep 24: 28, 29, 30, Oct 8, 9, 10 (Sat 调休), 12–16, 19–22 → Oct 22.
    assert (item.rule, item.due) == ("complaint_reply", date(2026, 10, 22))


def test_unknown_year_is_provisional_until_entered_then_used_at_once(
    ctx: AppContext, district
) -> None:
    with ctx.uow_factory() as uow:
        uow.session.add(
            Inspection(institution_id=district.cosmetic[2], inspected_on=date(2026, 12, 30))
        )
        uow.commit()
    (before,) = ctx.deadlines.list(today=date(2026, 12, 30))
    # Weekdays only: Thu Dec 31 and Fri Jan 1 2027 → provisional.
    assert (before.due, before.provisional, before.unknown_years) == (
        date(2027, 1, 1),
        True,
        (2027,),
    )
    CalendarAdminService(ctx.uow_factory).set_year(
        2027, [YearEntry(date(2027, 1, 1), False, "元旦")], source="国务院办公厅通知"
    )
    (after,) = ctx.deadlines.list(today=date(2026, 12, 30))
    # Jan 1 is now a holiday, Jan 2–3 the weekend: Mon Jan 4, and certain.
    assert (after.due, after.provisional) == (date(2027, 1, 4), False)


def test_cli_deadlines_json(ctx: AppContext, district, capsysbinary) -> None:
    with ctx.uow_factory() as uow:
        uow.session.add(
            Inspection(institution_id=district.cosmetic[1], inspected_on=date(2026, 2, 13))
        )
        uow.commit()
    data_dir = str(ctx.data_dir)
    assert run(["--data-dir", data_dir, "deadlines", "--json", "--today", "2026-02-25"]) == 0
    (item,) = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert item["due"] == "2026-02-24" and item["days_left"] == -1 and item["status"] == "逾期"
    assert item["rule_label"] == "检查情况录入监管平台" and item["provisional"] is False
    assert run(["--data-dir", data_dir, "deadlines", "--today", "2026-02-25"]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8")
    assert "逾期1天" in text and "检查情况录入监管平台" in text


def test_dashboard_lists_procedural_defects_first_worst_first(ctx: AppContext) -> None:
    """决定早于期满 and 超期未决定 are their own group above the deadlines, not '逾期 N 天'."""
    with ctx.uow_factory() as uow:
        uow.session.add_all([
            _case(filed_on=date(2026, 3, 2)),  # decision due ~Jun 1: 超期未决定 long ago
            _case(filed_on=date(2026, 9, 1), notified_on=date(2026, 9, 22),
                  decided_on=date(2026, 9, 23), warning=True),  # inside the 陈述申辩 window
            _case(accepted_on=date(2026, 9, 9), filed_on=date(2026, 9, 10)),  # due in December
        ])  # fmt: skip
        uow.commit()
    board = ctx.dashboard.load(today=date(2026, 11, 20))
    kinds = [(d.kind, d.record_type) for d in board.defects]
    assert kinds == [("决定早于期满", "案件"), ("超期未决定", "案件")]
    early, late = board.defects
    assert "陈述申辩期满为2026-09-28，处罚决定早于期满" in early.detail
    assert "应于2026-06-01前作出决定，已超期 172 天" in late.detail
    assert late.case_id == late.record_id
    # Not repeated among the deadlines; those keep their status.
    assert not any(d.record_id in {early.record_id, late.record_id} and d.what == "作出行政处罚决定"
                   for d in board.due)  # fmt: skip
    assert all(d.status for d in board.due)
    assert dict(board.counts)["逾期事项"] == sum(1 for d in board.due if d.overdue) + 1
