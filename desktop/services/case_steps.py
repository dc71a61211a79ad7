"""The procedure of a case as data: its steps, their dates, deadlines and documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.services.cases import CaseInput
from desktop.services.workdays import WorkdayCalendar


@dataclass(frozen=True, slots=True)
class StepRule:
    """One step: name, the CaseInput date attribute, the documents of the step, its deadline."""

    name: str
    date_attr: str
    documents: tuple[str, ...]
    #: (attribute the deadline counts from, count, working days?, wording)
    deadline: tuple[str, int, bool, str] | None = None


#: 受理 → 结案. Documents are named as in the 卫生行政执法文书规范 (the forms registry's titles).
STEPS: tuple[StepRule, ...] = (
    StepRule("受理", "accepted_on", ("现场笔录", "卫生监督意见书")),
    StepRule("立案", "filed_on", ("立案报告",), ("accepted_on", 7, True, "受理后7个工作日内立案")),
    StepRule("调查", "investigation_ended_on", ("询问笔录", "案件调查终结报告", "合议记录")),
    StepRule("告知", "notified_on", ("行政处罚事先告知书", "行政处罚听证告知书")),
    StepRule(
        "陈述申辩/听证",
        "statement_on",
        ("陈述和申辩笔录",),
        ("notified_on", 5, True, "告知后5个工作日内陈述申辩"),
    ),
    StepRule(
        "决定", "decided_on", ("行政处罚决定书",), ("filed_on", 90, False, "立案后90日内作出决定")
    ),
    StepRule("送达", "served_on", ("送达回执",), ("decided_on", 7, False, "决定后7日内送达")),
    StepRule("执行", "paid_on", (), ("served_on", 15, False, "送达后15日内缴纳罚款")),
    StepRule(
        "结案",
        "closed_on",
        ("结案报告", "卷宗封面", "卷内目录"),
        None,
    ),
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


def case_timeline(data: CaseInput, calendar: WorkdayCalendar, today: date) -> list[CaseStep]:
    """The steps of this case with what was done when and what is due."""
    steps: list[CaseStep] = []
    for rule in STEPS:
        done = getattr(data, rule.date_attr)
        due: date | None = None
        text = ""
        if rule.deadline is not None:
            start_attr, count, working, text = rule.deadline
            start = getattr(data, start_attr)
            if start is not None:
                deadline = (
                    calendar.add_working_days(start, count)
                    if working
                    else calendar.add_days(start, count)
                )
                due = deadline.due
        overdue = done is None and due is not None and due < today and data.closed_on is None
        steps.append(CaseStep(rule.name, done, due, text, overdue, rule.documents))
    return steps
