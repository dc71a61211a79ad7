"""The 工作台: counts, recent cases, due and overdue deadlines, the backup reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select

from database.models import Case, Institution, InstitutionStatus, OfficeSetting
from database.unit_of_work import UowFactory
from desktop.calendar.deadlines import DeadlineService
from desktop.calendar.workdays import WorkdayCalendar
from desktop.cases.cases import CaseRow, CaseService
from desktop.law.procedure.service import ProcedureService
from desktop.records.office import OfficeService
from desktop.trust.backup import LAST_BACKUP_KEY

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

    @property
    def overdue(self) -> bool:
        """Whether the day has passed."""
        return self.days_left < 0

    @property
    def case_id(self) -> int | None:
        """The case to open when the clerk double-clicks the item."""
        return self.record_id if self.record_type == "案件" else None


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the 工作台 shows."""

    today: date
    counts: tuple[tuple[str, int], ...]
    due: tuple[DueItem, ...]
    recent: tuple[CaseRow, ...]
    backup_reminder: str
    missing_settings: tuple[str, ...] = ()


class DashboardService:
    """Compute the 工作台 from the records and the statutory calendar."""

    def __init__(self, uow_factory: UowFactory, calendar: WorkdayCalendar) -> None:
        self._uow_factory = uow_factory
        self._calendar = calendar
        self._cases = CaseService(uow_factory)
        self._deadlines = DeadlineService(uow_factory)
        self._procedure = ProcedureService(uow_factory)

    def load(self, today: date | None = None, recent: int = 12) -> Dashboard:
        """The 工作台 as of `today`."""
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
        due = [
            DueItem(i.record_type, i.record_id, i.record, i.rule_label, i.due, i.days_left,
                    i.provisional)
            for i in self._deadlines.list(today, HORIZON_DAYS)
        ]  # fmt: skip
        counts = (
            ("在册机构", int(institutions or 0)),
            ("案件总数", int(total or 0)),
            ("在办案件", int(open_cases or 0)),
            (f"{today.year}年立案", int(filed_year or 0)),
            (f"{today.year}年结案", int(closed_year or 0)),
            ("逾期事项", sum(1 for d in due if d.overdue)),
            (LEGAL_PROBLEMS, self._procedure.cases_with_problems()),
        )
        return Dashboard(
            today=today,
            counts=counts,
            due=tuple(due),
            recent=tuple(self._cases.rows(recent_ids)),
            backup_reminder=_backup_text(backup or "", today),
            missing_settings=tuple(OfficeService(self._uow_factory).missing_required()),
        )


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
