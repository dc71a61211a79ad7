"""The procedure of a case as data: its steps, their dates, deadlines and documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.calendar.deadlines import RULES
from desktop.calendar.workdays import Deadline, WorkdayCalendar
from desktop.cases.cases import CaseInput


@dataclass(frozen=True, slots=True)
class StepRule:
    """One step: name, the CaseInput date attribute, the documents of the step, its deadline."""

    name: str
    date_attr: str
    documents: tuple[str, ...]
    #: (attribute the deadline counts from, key of the deadline rule in `deadlines.RULES`);
    #: one rule table, so the case page, the 工作台 and the documents agree on every due date.
    deadline: tuple[str, str] | None = None


#: 受理 → 结案. Documents are named as in the 卫生行政执法文书规范 (the forms registry's titles).
STEPS: tuple[StepRule, ...] = (
    StepRule("受理", "accepted_on", ("现场笔录", "卫生监督意见书")),
    StepRule("立案", "filed_on", ("立案报告",), ("accepted_on", "filing")),
    StepRule("调查", "investigation_ended_on", ("询问笔录", "案件调查终结报告", "合议记录")),
    StepRule("告知", "notified_on", ("行政处罚事先告知书", "行政处罚听证告知书")),
    StepRule("陈述申辩/听证", "statement_on", ("陈述和申辩笔录",), ("notified_on", "statement")),
    # The decision: a penalty, 不予行政处罚 (第五十七条第一款第二项) or 移送 (第四项).
    StepRule("决定", "decided_on", ("行政处罚决定书", "不予行政处罚决定书", "案件移送书"),
             ("filed_on", "decision")),
    StepRule("送达", "served_on", ("送达回执",), ("decided_on", "service")),
    StepRule("执行", "paid_on", (), ("served_on", "payment")),
    StepRule("结案", "closed_on", ("结案报告", "卷宗封面", "卷内目录")),
)


@dataclass(frozen=True, slots=True)
class CaseStep:
    """One step of one case as the case page shows it."""

    name: str
    done_on: date | None
    due: date | None
    deadline_text: str
    overdue: bool
    documents: tuple[str, ...]
    #: The due date rests on a year whose holidays nobody has entered (weekends only).
    provisional: bool = False


def case_timeline(data: CaseInput, calendar: WorkdayCalendar, today: date) -> list[CaseStep]:
    """The steps of this case with what was done when and what is due."""
    steps: list[CaseStep] = []
    for index, rule in enumerate(STEPS):
        done = getattr(data, rule.date_attr)
        # A step the case has gone past (a later step is dated) is not overdue: 陈述申辩 is the
        # party's right, not a step that must carry a date of its own.
        passed = any(getattr(data, later.date_attr) for later in STEPS[index + 1 :])
        deadline: Deadline | None = None
        text = ""
        if rule.deadline is not None:
            start_attr, key = rule.deadline
            text = RULES[key].basis
            start = getattr(data, start_attr)
            if start is not None:
                deadline = RULES[key].due(calendar, start)
        due = deadline.due if deadline else None
        overdue = (
            done is None
            and not passed
            and due is not None
            and due < today
            and data.closed_on is None
        )
        provisional = deadline is not None and deadline.provisional
        steps.append(CaseStep(rule.name, done, due, text, overdue, rule.documents, provisional))
    return steps
