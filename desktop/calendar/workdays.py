"""The Chinese statutory calendar: working days with 调休, extendable by the office year by year.

chinese-calendar ships the State Council arrangements it knows (2004–2026 in 1.11); the office
enters later years (holidays and 调休 working days) as data. A date in a year nobody has entered
is never guessed: results that touch it are marked provisional (weekends-only rule).

Note 行政处罚法 第八十五条: its 二日/三日/五日/七日 periods are working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from database.models import CalendarDay, CalendarYear
from database.unit_of_work import UowFactory
from desktop.calendar.year_file import YearEntry as YearEntry
from desktop.calendar.year_file import parse_complete_marks, parse_year_file
from desktop.calendar.year_file import workday_on_weekday as workday_on_weekday
from desktop.common.errors import CasedeskError, ValidationError
from desktop.common.sentences import sentence
from forms.validators import FieldError, check_year

#: How far a deadline may reach, in calendar days after its start: ten years. The longest period
#: the office counts is the five-year limitation of 行政处罚法 第三十六条; a longer count is a
#: typing error (and 9999-12-30 + 3 would leave the calendar). Within the span the count is
#: exact: 2020-01-01 + 800 and + 1000 working days are 3 and 4 years on, not both cut off.
MAX_SPAN_DAYS = 10 * 366


class DeadlineRangeError(CasedeskError):
    """A deadline the calendar cannot count (negative, or beyond MAX_SPAN_DAYS)."""


def check_calendar_year(year: int) -> int:
    """A year the calendar can hold: 1949 … ten years ahead (99999 has no dates)."""
    try:
        return check_year(year, "年份", date.today().year + 10)
    except FieldError as error:
        raise ValidationError([error], "节假日安排") from None


def _check_range(start: date, count: int, unit: str) -> None:
    if count < 0:
        raise DeadlineRangeError(f"{unit}数不能为负数（{count}）。")
    if count > MAX_SPAN_DAYS:
        raise DeadlineRangeError(
            f"{count} 个{unit}超出可计算范围：期限最多算到起算日期后十年（{MAX_SPAN_DAYS} 天）。"
        )
    if start > date.max - timedelta(days=2 * MAX_SPAN_DAYS):
        raise DeadlineRangeError(f"起算日期 {start.isoformat()} 超出可计算范围。")


#: Why a due date is provisional; one wording for the command line, the case page and the 工作台.
PROVISIONAL_NOTE = "节假日安排尚未录入，仅按周末计算"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due date; provisional when it rests on a year whose holidays nobody has entered."""

    due: date
    provisional: bool
    unknown_years: tuple[int, ...] = ()

    def describe(self) -> str:
        """The due date in Chinese, with the provisional warning when needed."""
        text = f"{self.due.year}年{self.due.month}月{self.due.day}日"
        if self.provisional:
            years = "、".join(str(y) for y in self.unknown_years)
            text += f"（暂定：{years}年{PROVISIONAL_NOTE}）"
        return text


def library_knows(year: int) -> bool:
    """Whether chinese-calendar ships this year's State Council arrangement."""
    return _library_day(date(year, 6, 1)) is not None


def _library_day(day: date) -> bool | None:
    """chinese-calendar's answer for a day (None: the library does not know its year)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class WorkdayCalendar:
    """Working-day arithmetic over the library's years plus the office's entered years."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory
        self._days: dict[date, bool] = {}
        self._years: set[int] = set()
        #: The library's answers (None: a year it does not know). chinese-calendar checks the
        #: date against min() and max() of all its holidays on every call (about 25 µs); the
        #: 工作台 asks a few thousand times per start.
        self._library: dict[date, bool | None] = {}
        self.refresh()

    def refresh(self) -> None:
        """Reload the office's entered years (after an edit in another window or process)."""
        with self._uow_factory(readonly=True) as uow:
            self._days = {d.day: d.is_workday for d in uow.session.scalars(select(CalendarDay))}
            self._years = set(uow.session.scalars(select(CalendarYear.year)))

    def knows_year(self, year: int) -> bool:
        """Whether holidays of this year are known (entered or in the library)."""
        return year in self._years or library_knows(year)

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """(is a working day, known for certain)."""
        entered = self._days.get(day)
        if day.year in self._years:
            return (entered if entered is not None else day.weekday() < 5), True
        if day in self._library:
            library = self._library[day]
        else:
            library = self._library[day] = _library_day(day)
        if library is None:  # a draft day of an unknown year does not count yet
            return day.weekday() < 5, False
        # A day the office entered in a library year (a 调休 the next year's notice put in late
        # December) overrides the library, which only knows that year's own notice.
        return (entered if entered is not None else library), True

    def add_working_days(self, start: date, count: int) -> Deadline:
        """The date `count` working days after `start` (start itself not counted);
        DeadlineRangeError when it lies beyond MAX_SPAN_DAYS."""
        _check_range(start, count, "工作日")
        day, left, unknown = start, count, set()
        while left > 0:
            day += timedelta(days=1)
            if (day - start).days > MAX_SPAN_DAYS:
                raise DeadlineRangeError(
                    f"{count} 个工作日超出可计算范围：起算日期后十年（{MAX_SPAN_DAYS} 天）内"
                    "数不到这么多工作日。"
                )
            working, known = self.is_workday(day)
            if not known:
                unknown.add(day.year)
            if working:
                left -= 1
        return Deadline(day, bool(unknown), tuple(sorted(unknown)))

    def working_day_after(self, start: date, count: int) -> date:
        """The due day alone of add_working_days (what the procedure checker counts with)."""
        return self.add_working_days(start, count).due

    def add_days(self, start: date, count: int, *, roll_forward: bool = True) -> Deadline:
        """`count` calendar days after `start`; a last day on a holiday rolls to the next working day.

        The roll-forward rule is 行政诉讼法 第五十一条 / 民事诉讼法 第八十五条.
        """
        _check_range(start, count, "自然日")
        day = start + timedelta(days=count)
        unknown: set[int] = set()
        if roll_forward:
            for _ in range(366):  # a year without a working day is a broken calendar
                working, known = self.is_workday(day)
                if not known:
                    unknown.add(day.year)
                if working:
                    break
                day += timedelta(days=1)
            else:
                raise DeadlineRangeError(f"{day.year}年的节假日安排中一整年没有工作日，请核对。")
        return Deadline(day, bool(unknown), tuple(sorted(unknown)))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        return sum(
            1
            for i in range(1, (end - start).days + 1)
            if self.is_workday(start + timedelta(days=i))[0]
        )


class CalendarAdminService:
    """Enter holidays and 调休 working days from a file: days are added or corrected, never
    removed unless a year is replaced on purpose, and a year counts as complete only when
    marked so (`# 完整: 2027` in the file, or `holidays done`)."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def set_year(self, year: int, entries: list[YearEntry], source: str = "") -> None:
        """Store a whole year atomically and mark it complete; every entry must be in it."""
        wrong = [
            FieldError(e.day.isoformat(), f"不属于{year}年。")
            for e in entries
            if e.day.year != year
        ]
        if wrong:
            raise ValidationError(wrong, "节假日安排")
        with self._uow_factory() as uow:
            _delete_year(uow.session, year)
            uow.session.add_all(
                CalendarDay(day=e.day, is_workday=e.is_workday, name=e.name) for e in entries
            )
            uow.session.add(CalendarYear(year=year, source=source))
            uow.commit()

    def entered_years(self) -> list[int]:
        """The years a clerk entered (beyond what the calendar library knows)."""
        with self._uow_factory(readonly=True) as uow:
            return list(uow.session.scalars(select(CalendarYear.year).order_by(CalendarYear.year)))

    def import_path(self, path: Path, replace: Iterable[int] = ()) -> CalendarImport:
        """Import a UTF-8 CSV file (command line and 设置 page); Chinese errors for unreadable ones."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CasedeskError(f"无法读取节假日文件 {path}：{error.strerror or error}") from None
        except UnicodeDecodeError:
            raise CasedeskError(
                f"节假日文件 {path.name} 不是 UTF-8 编码的文本（CSV），请另存为 UTF-8 CSV 后重试。"
            ) from None
        return self.import_file(text, source=path.name, replace=replace)

    def import_file(
        self, text: str, source: str = "", replace: Iterable[int] = ()
    ) -> CalendarImport:
        """Import a file in one transaction.

        Each day is added, or corrects the day stored (a one-line correction never removes the
        other days of its year). Only a year in `replace` loses its stored days (and its
        complete mark) first. A year the file marks complete (`# 完整: 2027`) counts for
        deadlines; any other year not built into the library stays provisional.
        """
        entries = parse_year_file(text)
        marks, replaced = parse_complete_marks(text), set(replace)
        file_years = {e.day.year for e in entries}
        _check_marks(marks, replaced, file_years)
        with self._uow_factory() as uow:
            for year in sorted(replaced):
                _delete_year(uow.session, year)
            added, changed = _store_days(uow.session, entries)
            for year in sorted(marks):
                if not _has_holiday(uow.session, year):
                    raise ValidationError(
                        [FieldError(f"{year}年", "没有任何放假日期，不能标记为录入完毕。")],
                        "节假日文件",
                    )
                uow.session.merge(CalendarYear(year=year, source=source))
            complete = set(uow.session.scalars(select(CalendarYear.year)))
            uow.commit()
        drafts = sorted(y for y in file_years if y not in complete and not library_knows(y))
        return CalendarImport(tuple(added), tuple(changed), tuple(sorted(marks)),
                              tuple(sorted(replaced)), tuple(drafts))  # fmt: skip


def _check_marks(marks: set[int], replaced: set[int], file_years: set[int]) -> None:
    errors: list[FieldError] = []
    for year in sorted(marks | replaced):
        try:
            check_calendar_year(year)
        except ValidationError as error:
            errors += error.errors
    for year in sorted(marks):
        if library_knows(year):
            errors.append(FieldError(f"{year}年", "节假日安排已内置，不能标记为完整；文件中该年的"
                                     "日期会作为更正逐日补录，无需标记。"))  # fmt: skip
    for year in sorted(replaced - file_years):
        errors.append(FieldError(f"--replace {year}", f"文件中没有{year}年的日期；替换会删除该年已"
                                 "录入的全部日期，已拒绝。"))  # fmt: skip
    if errors:
        raise ValidationError(errors, "节假日文件")


def _store_days(session: Session, entries: list[YearEntry]) -> tuple[list[date], list[date]]:
    """Add each day or correct the stored one: (days added, days changed)."""
    added: list[date] = []
    changed: list[date] = []
    for entry in entries:
        old = session.get(CalendarDay, entry.day)
        if old is None:
            session.add(CalendarDay(day=entry.day, is_workday=entry.is_workday, name=entry.name))
            added.append(entry.day)
        elif (old.is_workday, old.name) != (entry.is_workday, entry.name):
            old.is_workday, old.name = entry.is_workday, entry.name
            changed.append(entry.day)
    session.flush()
    return added, changed


def _has_holiday(session: Session, year: int) -> bool:
    query = select(CalendarDay.day).where(
        CalendarDay.day >= date(year, 1, 1),
        CalendarDay.day <= date(year, 12, 31),
        CalendarDay.is_workday.is_(False),
    )
    return session.scalar(query.limit(1)) is not None


def _years(years: Iterable[int]) -> str:
    return "、".join(str(y) for y in years)


#: A file of at most this many days has them listed in the answer (a correction).
_LISTED_DAYS = 5


@dataclass(frozen=True, slots=True)
class CalendarImport:
    """What a calendar file stored: days added and corrected, years marked complete or
    replaced, and the file's years that still count as not entered (provisional)."""

    added: tuple[date, ...]
    changed: tuple[date, ...] = ()
    completed: tuple[int, ...] = ()
    replaced: tuple[int, ...] = ()
    drafts: tuple[int, ...] = ()

    def describe(self) -> str:
        """One sentence for the command line and the 设置 page."""
        counts = f"新增 {len(self.added)} 天" + (
            f"，更正 {len(self.changed)} 天" if self.changed else ""
        )
        days = self.added + self.changed
        if 0 < len(days) <= _LISTED_DAYS:
            counts += f"（{'、'.join(d.isoformat() for d in sorted(days))}）"
        parts = [f"已删除 {_years(self.replaced)} 年原录入的日期"] if self.replaced else []
        if self.completed:
            parts.append(
                f"已录入 {_years(self.completed)} 年节假日安排（{counts}），已标记为录入完毕"
            )
        else:
            parts.append(f"已录入日期：{counts}")
        for year in self.drafts:
            parts.append(f"{year}年尚未标记为录入完毕，期限仍为暂定；整年录完后在文件中加一行"
                         f"“# 完整: {year}”再导入，或运行 casedesk holidays done --year {year}")  # fmt: skip
        return sentence(*parts)


def _delete_year(session: Session, year: int) -> None:
    """Remove a year's stored days and its complete mark (`--replace`, `set_year`)."""
    session.execute(
        delete(CalendarDay).where(
            CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)
        )
    )
    session.execute(delete(CalendarYear).where(CalendarYear.year == year))
