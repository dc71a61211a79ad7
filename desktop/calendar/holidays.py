"""Typing in a year's holidays and 调休 working days one day at a time (设置 table, `holidays`).

The whole-year file import lives in workdays.CalendarAdminService; both store CalendarDay rows
and a CalendarYear row once the year is complete, which WorkdayCalendar then uses.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, select

from database.models import CalendarDay, CalendarYear
from database.unit_of_work import UowFactory
from desktop.calendar.workdays import (
    YearEntry,
    check_calendar_year,
    library_knows,
    workday_on_weekday,
)
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from forms.validators import FieldError, field_errors, optional_text

#: What a year's holidays rest on, as the 设置 table and `casedesk holidays list` say it.
YEAR_BUILT_IN, YEAR_ENTERED, YEAR_DRAFT, YEAR_UNKNOWN = "内置", "已录入", "录入中", "未录入"
#: The source recorded for a year typed in day by day.
TYPED_SOURCE = "手工录入"


class HolidayEntryService:
    """Type a year's holidays and 调休 working days in one at a time (设置 table, `holidays`).

    Days typed into a year nobody has entered are a draft: deadlines keep treating the year as
    unknown (provisional) until the clerk marks it complete, so a half-typed year is never taken
    for the whole arrangement. In a year already entered, a change counts at once.
    """

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def state(self, year: int) -> str:
        """内置, 已录入, 录入中 (days typed, not yet complete) or 未录入."""
        check_calendar_year(year)
        with self._uow_factory(readonly=True) as uow:
            if uow.session.get(CalendarYear, year) is not None:
                return YEAR_ENTERED
            typed = uow.session.scalar(select(CalendarDay.day).where(*_in_year(year)).limit(1))
        if library_knows(year):
            return YEAR_BUILT_IN
        return YEAR_DRAFT if typed is not None else YEAR_UNKNOWN

    def days(self, year: int) -> list[YearEntry]:
        """The days typed or imported for a year, in date order."""
        check_calendar_year(year)
        with self._uow_factory(readonly=True) as uow:
            query = select(CalendarDay).where(*_in_year(year)).order_by(CalendarDay.day)
            return [YearEntry(d.day, d.is_workday, d.name) for d in uow.session.scalars(query)]

    def add(self, entry: YearEntry) -> str:
        """Store one day; returns the year's state afterwards (已录入 means it counts at once)."""
        check_calendar_year(entry.day.year)
        errors = field_errors(lambda: optional_text(entry.name, "名称", 60))
        if reason := workday_on_weekday(entry):
            errors.append(FieldError("类型", reason))
        if errors:
            raise ValidationError(errors, f"节假日 {entry.day.isoformat()}")
        year = entry.day.year
        with self._uow_factory() as uow:
            entered = uow.session.get(CalendarYear, year) is not None
            if not entered and library_knows(year):
                raise ConflictError(
                    f"{year}年的节假日安排已内置，无需逐日录入；如需更正，请导入列出更正日期的节假日文件。"
                )
            old = uow.session.get(CalendarDay, entry.day)
            if old is not None:
                raise ConflictError(
                    f"{entry.day.isoformat()}已录入为{old.name or ''}（{_kind(old.is_workday)}），"
                    "如需修改请先删除这一天。"
                )
            uow.session.add(CalendarDay(day=entry.day, is_workday=entry.is_workday,
                                        name=entry.name.strip()))  # fmt: skip
            uow.commit()
        return YEAR_ENTERED if entered else YEAR_DRAFT

    def remove(self, day: date) -> None:
        """Delete a day typed by mistake."""
        with self._uow_factory() as uow:
            old = uow.session.get(CalendarDay, day)
            if old is None:
                raise NotFoundError(f"{day.isoformat()}没有录入为节假日或调休上班日。")
            uow.session.delete(old)
            uow.commit()

    def complete(self, year: int) -> int:
        """Mark a typed year complete: from now on deadlines use it. Returns its number of days.

        A year the library ships is refused: marked, it would stop using the library's days."""
        check_calendar_year(year)
        if library_knows(year):
            raise ConflictError(f"{year}年的节假日安排已内置，无需标记为录入完毕。")
        with self._uow_factory() as uow:
            if uow.session.get(CalendarYear, year) is not None:
                raise ConflictError(f"{year}年已标记为录入完毕。")
            typed = list(uow.session.scalars(select(CalendarDay).where(*_in_year(year))))
            if not any(not d.is_workday for d in typed):
                raise ValidationError(
                    [FieldError(f"{year}年", "还没有录入任何放假日期，不能标记为录入完毕。")],
                    "节假日安排",
                )
            uow.session.add(CalendarYear(year=year, source=TYPED_SOURCE))
            uow.commit()
            return len(typed)


def _in_year(year: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)


def _kind(is_workday: bool) -> str:
    return "调休上班" if is_workday else "放假"
