"""What is due and overdue: statutory and plan deadlines over cases, inspections and complaints.

Every rule is data (`RULES`): how many days, working or calendar, and its basis. Working days
follow the statutory calendar with 调休 (`WorkdayCalendar`); calendar-day periods whose last day
is a holiday roll to the next working day. 行政处罚法 第八十五条 makes the law's 三日/五日/七日
periods working days. A deadline reaching a year whose holidays nobody has entered is marked
provisional. The 陈述申辩 and 听证 windows run from the 告知书送达日期 recorded on the case, the
告知 date standing in until it is recorded.

The complaint reply limit is the office setting `deadline.complaint_reply` (`COMPLAINT_REPLY_KEY`):
a number of days, calendar days unless followed by 工作日 (e.g. "60", "15工作日"). Default 60
calendar days: 《信访工作条例》第三十二条 (办结 within 60 days of 受理).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, Complaint, Inspection, InspectionPlan, Institution, OfficeSetting
from database.models import PlanDepartment as Department
from database.unit_of_work import UowFactory
from desktop.calendar.workdays import Deadline, WorkdayCalendar
from desktop.common.errors import ValidationError
from forms.validators import FieldError

#: Office setting holding the complaint reply limit, and its default (see module docstring).
COMPLAINT_REPLY_KEY = "deadline.complaint_reply"
COMPLAINT_REPLY_DEFAULT = "60"


@dataclass(frozen=True, slots=True)
class Rule:
    """One deadline rule: a period after a starting event."""

    key: str
    label: str
    days: int
    working: bool
    basis: str

    def due(self, calendar: WorkdayCalendar, start: date) -> Deadline:
        """The due date for an event on `start`."""
        if self.working:
            return calendar.add_working_days(start, self.days)
        return calendar.add_days(start, self.days)


RULES: dict[str, Rule] = {
    r.key: r
    for r in (
        Rule("inspection_entry", "检查情况录入监管平台", 2, True,
             "联合检查后两个工作日内录入（检查工作方案，如闵行区方案五（四））"),
        Rule("joint_confirmation", "协办部门确认联合检查", 3, True,
             "协办部门于3个工作日内予以确认（检查工作方案五（二））"),
        Rule("publicity", "行政处罚信息公示", 7, True,
             "作出行政处罚决定之日起7个工作日内公示（检查工作方案五（四））"),
        Rule("decision", "作出行政处罚决定", 90, False,
             "自立案之日起九十日内作出决定（《行政处罚法》第六十条）"),
        Rule("statement", "陈述申辩期满", 3, True,
             "告知书送达后三日内陈述、申辩（工作日，《行政处罚法》第八十五条）"),
        Rule("hearing", "听证申请期满", 5, True,
             "告知书送达后五日内要求听证（工作日，《行政处罚法》第六十四条、第八十五条）"),
        Rule("filing", "决定是否立案", 7, False,
             "受理后七日内决定是否立案（原《卫生行政处罚程序》；2025年新规的期限待核实）"),
        Rule("service", "送达处罚决定书", 7, True,
             "当事人不在场的，决定后七日内送达（工作日，《行政处罚法》第六十一条、第八十五条）"),
        Rule("payment", "缴纳罚款", 15, False,
             "收到决定书之日起十五日内缴纳罚款（《行政处罚法》第六十七条）"),
    )
}  # fmt: skip


class DeadlineStatus(StrEnum):
    """Where an item stands on the day of the listing."""

    OVERDUE = "逾期"
    DUE_TODAY = "今日到期"
    PENDING = "未到期"
    #: A window (陈述申辩/听证) still open: the decision must wait.
    WINDOW_OPEN = "期间未满"
    #: Decided before the window closed (fine only if the party stated or waived in writing).
    DECIDED_EARLY = "决定早于期满"


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    """One due or overdue item."""

    record_type: str
    record_id: int
    record: str
    rule: str
    rule_label: str
    basis: str
    start: date
    due: date
    days_left: int
    status: DeadlineStatus
    provisional: bool
    unknown_years: tuple[int, ...]


def parse_reply_limit(text: str) -> Rule:
    """The complaint rule from the office setting ("60", "60自然日", "15工作日")."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(工作日|自然日|日|天)?\s*", text or "")
    if match is None or int(match.group(1)) == 0:
        raise ValidationError(
            [FieldError("投诉举报答复期限", f"“{text}”应为天数，如“60”或“15工作日”。")]
        )
    days, working = int(match.group(1)), match.group(2) == "工作日"
    unit = "个工作日" if working else "日"
    return Rule("complaint_reply", "投诉举报办结答复", days, working,
                f"受理之日起{days}{unit}内办结并答复（单位设置“投诉举报答复期限”）")  # fmt: skip


def _penalised(case: Case) -> bool:
    return not case.no_penalty and (
        case.warning or case.fine_fen > 0 or case.confiscation_fen > 0 or case.suspension
        or case.revocation
    )  # fmt: skip


class _Collector:
    """Turns (record, rule, start) into items as of `today`."""

    def __init__(self, calendar: WorkdayCalendar, today: date) -> None:
        self.calendar = calendar
        self.today = today
        self.items: list[DeadlineItem] = []

    def add(self, record: tuple[str, int, str], rule: Rule, start: date) -> None:
        """An obligation still open (overdue, due today or pending)."""
        deadline = rule.due(self.calendar, start)
        left = (deadline.due - self.today).days
        if left < 0:
            status = DeadlineStatus.OVERDUE
        else:
            status = DeadlineStatus.DUE_TODAY if left == 0 else DeadlineStatus.PENDING
        self._append(record, rule, start, deadline, status)

    def window(self, record: tuple[str, int, str], rule: Rule, start: date,
               decided_on: date | None) -> None:  # fmt: skip
        """A window the decision must wait for: listed while open, or if decided inside it."""
        deadline = rule.due(self.calendar, start)
        if decided_on is not None:
            if decided_on > deadline.due:
                return
            status = DeadlineStatus.DECIDED_EARLY
        elif deadline.due < self.today:
            return
        else:
            status = DeadlineStatus.WINDOW_OPEN
        self._append(record, rule, start, deadline, status)

    def _append(self, record: tuple[str, int, str], rule: Rule, start: date,
                deadline: Deadline, status: DeadlineStatus) -> None:  # fmt: skip
        record_type, record_id, label = record
        self.items.append(
            DeadlineItem(record_type, record_id, label, rule.key, rule.label, rule.basis, start,
                         deadline.due, (deadline.due - self.today).days, status,
                         deadline.provisional, deadline.unknown_years)
        )  # fmt: skip


def _case_items(session: Session, out: _Collector) -> None:
    for case in session.scalars(select(Case).where(Case.closed_on.is_(None))):
        record = ("案件", case.id, f"{case.case_no} {case.party_name}")
        if case.decided_on is None:
            out.add(record, RULES["decision"], case.filed_on)
        elif case.published_on is None and _penalised(case):
            out.add(record, RULES["publicity"], case.decided_on)
        # The windows run from the 告知书's service once it is recorded (第六十四条第一项).
        if case.notified_on is not None:
            start = case.notice_served_on or case.notified_on
            out.window(record, RULES["statement"], start, case.decided_on)
        if case.hearing_notified_on is not None:
            start = case.notice_served_on or case.hearing_notified_on
            out.window(record, RULES["hearing"], start, case.decided_on)


def _inspection_items(session: Session, out: _Collector) -> None:
    pending = session.execute(
        select(Inspection.id, Inspection.inspected_on, Institution.name)
        .join(Institution, Institution.id == Inspection.institution_id)
        .where(Inspection.entered_on.is_(None))
    )
    for inspection_id, day, name in pending:
        out.add(("检查", inspection_id, f"{day} {name}"), RULES["inspection_entry"], day)
    unconfirmed = session.execute(
        select(Department, InspectionPlan.title)
        .join(InspectionPlan, InspectionPlan.id == Department.plan_id)
        .where(Department.notified_on.is_not(None), Department.confirmed_on.is_(None))
    )
    for dept, title in unconfirmed:
        assert dept.notified_on is not None  # selected by the query
        record = ("工作方案", dept.plan_id, f"{title}：{dept.name}")
        out.add(record, RULES["joint_confirmation"], dept.notified_on)


def _complaint_items(session: Session, out: _Collector) -> None:
    setting = session.get(OfficeSetting, COMPLAINT_REPLY_KEY)
    rule = parse_reply_limit(setting.value if setting else COMPLAINT_REPLY_DEFAULT)
    for c in session.scalars(select(Complaint)):
        # An anonymous reporter cannot be answered: the complaint is due when closed.
        done = c.closed_on if c.anonymous else c.replied_on
        if done is None:
            label = f"{c.received_on} 投诉举报（{c.target_name or '未指明对象'}）"
            out.add(("投诉举报", c.id, label), rule, c.received_on)


#: Listing order of the statuses (what needs action first).
_STATUS_ORDER = {DeadlineStatus.OVERDUE: 0, DeadlineStatus.DECIDED_EARLY: 1}


class DeadlineService:
    """List open deadlines as of a day; the calendar is re-read on every call."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def list(self, today: date | None = None, within_days: int | None = None) -> list[DeadlineItem]:
        """Open items, overdue first then by due date; `within_days` keeps only those due soon."""
        out = _Collector(WorkdayCalendar(self._uow_factory), today or date.today())
        with self._uow_factory(readonly=True) as uow:
            _case_items(uow.session, out)
            _inspection_items(uow.session, out)
            _complaint_items(uow.session, out)
        items = out.items
        if within_days is not None:
            items = [i for i in items if i.days_left <= within_days]
        return sorted(
            items, key=lambda i: (_STATUS_ORDER.get(i.status, 2), i.due, i.record_type, i.record_id)
        )
