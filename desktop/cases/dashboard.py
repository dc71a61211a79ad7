"""The 工作台: counts, recent cases, due and overdue deadlines, the backup reminder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import extract, func, select

from database.models import Case, Institution, InstitutionStatus, OfficeSetting
from database.unit_of_work import UowFactory
from desktop.calendar.deadlines import DeadlineItem, DeadlineService, DeadlineStatus
from desktop.cases.cases import CaseRow, CaseService
from desktop.records.office import OfficeService
from desktop.trust.backup import LAST_BACKUP_KEY

if TYPE_CHECKING:  # the procedure checker is the second pass's: imported when it starts
    from desktop.law.procedure.service import ProcedureService

#: Deadlines further ahead than this (days) are not shown on the 工作台.
HORIZON_DAYS = 14
#: Remind after this many days without a backup.
BACKUP_REMINDER_DAYS = 7
#: The count of cases breaking a procedure rule (desktop.law.procedure; check --legal).
LEGAL_PROBLEMS = "法定程序问题"


@dataclass(frozen=True, slots=True)
class DueItem:
    """One deadline of one record (案件, 检查, 投诉举报), from the deadline rules."""

    record_type: str
    record_id: int
    record: str
    what: str
    due: date
    days_left: int
    provisional: bool = False
    #: Where the item stands (DeadlineStatus value): 决定早于期满 is not just another overdue day.
    status: str = ""

    @property
    def overdue(self) -> bool:
        """Whether the day has passed."""
        return self.days_left < 0

    @property
    def case_id(self) -> int | None:
        """The case to open when the clerk double-clicks the item."""
        return self.record_id if self.record_type == "案件" else None


@dataclass(frozen=True, slots=True)
class Defect:
    """A procedural or legal defect of a record: listed above the deadlines, worst first."""

    severity: int  #: DEFECT_SEVERITY of its kind (0 is the worst)
    kind: str
    record_type: str
    record_id: int
    record: str
    detail: str

    @property
    def case_id(self) -> int | None:
        """The case to open when the clerk opens the item."""
        return self.record_id if self.record_type == "案件" else None


#: Defect kinds, worst first. A decision made inside the 陈述申辩/听证 window has already been
#: issued unlawfully (行政处罚法 第六十二条: not heard, the decision may not stand); a penalty out
#: of range is about to be; an overdue decision (第六十条) is late but can still be made properly.
DECIDED_EARLY, OUT_OF_RANGE, DECISION_OVERDUE = "决定早于期满", "罚款超出法定幅度", "超期未决定"
DEFECT_SEVERITY = {DECIDED_EARLY: 0, OUT_OF_RANGE: 1, DECISION_OVERDUE: 2}


def deadline_defect(item: DeadlineItem) -> Defect | None:
    """The defect a deadline item shows, if any: decided before a window ended, or not decided
    within 90 days of 立案."""
    if item.status is DeadlineStatus.DECIDED_EARLY:
        kind = DECIDED_EARLY
        detail = f"{item.rule_label}为{item.due.isoformat()}，处罚决定早于期满（{item.basis}）"
    elif item.status is DeadlineStatus.OVERDUE and item.rule == "decision":
        kind = DECISION_OVERDUE
        detail = (
            f"立案{item.start.isoformat()}，应于{item.due.isoformat()}前作出决定，"
            f"已超期 {-item.days_left} 天（{item.basis}）"
        )
    else:
        return None
    return Defect(DEFECT_SEVERITY[kind], kind, item.record_type, item.record_id, item.record,
                  detail)  # fmt: skip


def defect_order(defect: Defect) -> tuple[int, str, int]:
    """Worst kind first; within a kind in record order (the deadlines' own order kept)."""
    return (defect.severity, defect.record_type, defect.record_id)


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the 工作台 shows."""

    today: date
    counts: tuple[tuple[str, int], ...]
    due: tuple[DueItem, ...]
    recent: tuple[CaseRow, ...]
    backup_reminder: str
    missing_settings: tuple[str, ...] = ()
    #: Procedural defects (决定早于期满, 超期未决定), worst first; not repeated among `due`.
    defects: tuple[Defect, ...] = ()


class DashboardService:
    """Compute the 工作台 from the records and the statutory calendar."""

    def __init__(
        self,
        uow_factory: UowFactory,
        cases: CaseService,
        deadlines: DeadlineService,
        office: OfficeService,
        procedure: Callable[[], ProcedureService],
    ) -> None:
        """The context's services; `procedure` gives the procedure checker when the second pass
        first needs it."""
        self._uow_factory = uow_factory
        self._cases = cases
        self._deadlines = deadlines
        self._office = office
        self._procedure = procedure

    def load(self, today: date | None = None, recent: int = 12, *, legal: bool = True) -> Dashboard:
        """The 工作台 as of `today`; without `legal`, its counts lack LEGAL_PROBLEMS (the window
        shows the rest first and fetches that count with legal_problem_count())."""
        today = today or date.today()
        with self._uow_factory(readonly=True) as uow:
            s = uow.session
            institutions = s.scalar(
                select(func.count(Institution.id)).where(
                    Institution.status != InstitutionStatus.CANCELLED
                )
            )
            total = s.scalar(select(func.count(Case.id)))
            open_cases = s.scalar(select(func.count(Case.id)).where(Case.closed_on.is_(None)))
            filed_year = s.scalar(
                select(func.count(Case.id)).where(extract("year", Case.filed_on) == today.year)
            )
            closed_year = s.scalar(
                select(func.count(Case.id)).where(extract("year", Case.closed_on) == today.year)
            )
            backup = s.scalar(
                select(OfficeSetting.value).where(OfficeSetting.key == LAST_BACKUP_KEY)
            )
            recent_ids = list(
                s.scalars(
                    select(Case.id).order_by(Case.updated_at.desc(), Case.id.desc()).limit(recent)
                )
            )
        due: list[DueItem] = []
        defects: list[Defect] = []
        for i in self._deadlines.list(today, HORIZON_DAYS):
            defect = deadline_defect(i)
            if defect is not None:
                defects.append(defect)
                continue
            due.append(DueItem(i.record_type, i.record_id, i.record, i.rule_label, i.due,
                               i.days_left, i.provisional, i.status.value))  # fmt: skip
        counts: tuple[tuple[str, int], ...] = (
            ("在册机构", int(institutions or 0)),
            ("案件总数", int(total or 0)),
            ("在办案件", int(open_cases or 0)),
            (f"{today.year}年立案", int(filed_year or 0)),
            (f"{today.year}年结案", int(closed_year or 0)),
            (
                "逾期事项",
                sum(1 for d in due if d.overdue)
                + sum(1 for d in defects if d.kind == DECISION_OVERDUE),
            ),
        )
        if legal:
            counts += ((LEGAL_PROBLEMS, self.legal_problem_count()),)
        return Dashboard(
            today=today,
            counts=counts,
            due=tuple(due),
            recent=tuple(self._cases.rows(recent_ids)),
            backup_reminder=_backup_text(backup or "", today),
            missing_settings=tuple(self._office.missing_required()),
            defects=tuple(sorted(defects, key=defect_order)),
        )

    def legal_problem_count(self) -> int:
        """How many cases break a rule of the procedure checker: every case is checked, the
        slowest part of the 工作台 (0.2 s on the demo district, growing with the cases)."""
        return self._procedure().cases_with_problems()


def _backup_text(last: str, today: date) -> str:
    """The reminder line: never backed up, or how long ago."""
    if not last:
        return "尚未备份：请在“设置”中备份数据库与文书档案。"
    try:
        days = (today - date.fromisoformat(last)).days
    except ValueError:
        return "上次备份日期无法识别，请重新备份。"
    if days >= BACKUP_REMINDER_DAYS:
        return f"距上次备份已 {days} 天，请尽快备份。"
    return f"上次备份：{last}（{days} 天前）。"
