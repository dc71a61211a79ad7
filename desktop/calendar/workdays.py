"""The Chinese statutory calendar: working days with 调休, extendable by the office year by year.

chinese-calendar ships the State Council arrangements it knows (2004–2026 in 1.11); the office
enters later years (holidays and 调休 working days) as data. A date in a year nobody has entered
is never guessed: results that touch it are marked provisional (weekends-only rule).

Note 行政处罚法 第八十五条: its 二日/三日/五日/七日 periods are working days.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from database.models import CalendarDay, CalendarYear
from database.unit_of_work import UowFactory
from desktop.common.errors import CasedeskError, ValidationError
from forms.validators import FieldError, optional_text, parse_date

#: Longest span a deadline search walks before giving up (guards against a broken calendar).
MAX_SEARCH_DAYS = 3 * 366


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
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkdayCalendar:
    """Working-day arithmetic over the library's years plus the office's entered years."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory
        self._days: dict[date, bool] = {}
        self._years: set[int] = set()
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
        try:
            library = bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # a draft day of an unknown year does not count yet
            return day.weekday() < 5, False
        # A day the office entered in a library year (a 调休 the next year's notice put in late
        # December) overrides the library, which only knows that year's own notice.
        return (entered if entered is not None else library), True

    def add_working_days(self, start: date, count: int) -> Deadline:
        """The date `count` working days after `start` (start itself not counted)."""
        if count < 0:
            raise ValueError("count must be ≥ 0")
        day, left, unknown = start, count, set()
        for _ in range(MAX_SEARCH_DAYS):
            if left == 0:
                break
            day += timedelta(days=1)
            working, known = self.is_workday(day)
            if not known:
                unknown.add(day.year)
            if working:
                left -= 1
        return Deadline(day, bool(unknown), tuple(sorted(unknown)))

    def add_days(self, start: date, count: int, *, roll_forward: bool = True) -> Deadline:
        """`count` calendar days after `start`; a last day on a holiday rolls to the next working day.

        The roll-forward rule is 行政诉讼法 第五十一条 / 民事诉讼法 第八十五条.
        """
        day = start + timedelta(days=count)
        unknown: set[int] = set()
        if roll_forward:
            for _ in range(MAX_SEARCH_DAYS):
                working, known = self.is_workday(day)
                if not known:
                    unknown.add(day.year)
                if working:
                    break
                day += timedelta(days=1)
        return Deadline(day, bool(unknown), tuple(sorted(unknown)))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        return sum(
            1
            for i in range(1, (end - start).days + 1)
            if self.is_workday(start + timedelta(days=i))[0]
        )


@dataclass(frozen=True, slots=True)
class YearEntry:
    """One day of an entered year: a holiday (休) or a 调休 working day (班)."""

    day: date
    is_workday: bool
    name: str = ""


def workday_on_weekday(entry: YearEntry) -> str:
    """Why a 调休 working day on Monday–Friday is wrong ("" when the entry is fine)."""
    if not entry.is_workday or entry.day.weekday() >= 5:
        return ""
    weekday = "一二三四五六日"[entry.day.weekday()]
    return f"{entry.day.isoformat()}是星期{weekday}，本来就是工作日，调休上班日应为周六或周日。"


def parse_year_file(text: str) -> list[YearEntry]:
    """Parse the calendar file the README documents: `日期,类型,名称` with 类型 休 or 班.

    Every bad row is reported at once: a bad date or type, a 班 on a weekday, a date twice.
    """
    entries: list[YearEntry] = []
    rows_of: dict[date, int] = {}
    errors: list[FieldError] = []
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:  # a NUL byte or a field beyond the csv module's limit
        raise ValidationError(
            [FieldError("节假日文件", f"不是有效的 CSV 文本（{error}）。")]
        ) from None
    for number, row in enumerate(rows, start=1):
        if (
            not row
            or not "".join(row).strip()
            or row[0].strip().startswith("#")
            or row[0].strip() == "日期"
        ):
            continue
        try:
            day = parse_date(row[0], f"第{number}行 日期")
            kind = row[1].strip() if len(row) > 1 else ""
            if day is None or kind not in ("休", "班"):
                raise FieldError(
                    f"第{number}行 类型", f"应为“休”（放假）或“班”（调休上班），实为“{kind}”。"
                )
            name = optional_text(row[2] if len(row) > 2 else "", f"第{number}行 名称", 60)
            entry = YearEntry(day, kind == "班", name)
            if reason := workday_on_weekday(entry):
                raise FieldError(f"第{number}行 类型", reason)
            if day in rows_of:
                raise FieldError(
                    f"第{number}行 日期", f"{day.isoformat()}与第{rows_of[day]}行重复。"
                )
            rows_of[day] = number
            entries.append(entry)
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors, "节假日文件")
    if not entries:
        raise ValidationError([FieldError("节假日文件", "没有任何日期。")])
    return entries


class CalendarAdminService:
    """Enter a year's holidays and 调休 working days (replaces what was entered for that year)."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def set_year(self, year: int, entries: list[YearEntry], source: str = "") -> None:
        """Store a whole year atomically; every entry must fall in that year."""
        wrong = [
            FieldError(e.day.isoformat(), f"不属于{year}年。")
            for e in entries
            if e.day.year != year
        ]
        if wrong:
            raise ValidationError(wrong, "节假日安排")
        with self._uow_factory() as uow:
            _replace_year(uow.session, year, entries, source)
            uow.commit()

    def entered_years(self) -> list[int]:
        """The years a clerk entered (beyond what the calendar library knows)."""
        with self._uow_factory(readonly=True) as uow:
            return list(uow.session.scalars(select(CalendarYear.year).order_by(CalendarYear.year)))

    def import_path(self, path: Path) -> CalendarImport:
        """Import a UTF-8 CSV file (command line and 设置 page); Chinese errors for unreadable ones."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CasedeskError(f"无法读取节假日文件 {path}：{error.strerror or error}") from None
        except UnicodeDecodeError:
            raise CasedeskError(
                f"节假日文件 {path.name} 不是 UTF-8 编码的文本（CSV），请另存为 UTF-8 CSV 后重试。"
            ) from None
        return self.import_file(text, source=path.name)

    def import_file(self, text: str, source: str = "") -> CalendarImport:
        """Import a file in one transaction: whole years, plus days a notice puts in another year.

        A State Council notice can name days of the year before (2012's made Sat 2011-12-31 a
        调休 working day; 2008's gave 2007-12-30/31 off). Such days must not replace that year's
        arrangement, so only the file's main year (most days) and any year whose 1月1日 is 休
        count as whole years (replaced, marked complete); the other days, and every day of a
        year the library ships, are added one by one over what is there and count at once
        where their year is known (built in or entered).
        """
        entries = parse_year_file(text)
        per_year: dict[int, list[YearEntry]] = {}
        for entry in entries:
            per_year.setdefault(entry.day.year, []).append(entry)
        main = max(per_year, key=lambda y: (len(per_year[y]), y))
        whole = sorted(
            y for y, days in per_year.items()
            if not library_knows(y)
            and (y == main or any(e.day == date(y, 1, 1) and not e.is_workday for e in days))
        )  # fmt: skip
        extra = [e for y, days in sorted(per_year.items()) if y not in whole for e in days]
        with self._uow_factory() as uow:
            for year in whole:
                _replace_year(uow.session, year, per_year[year], source)
            for entry in extra:
                uow.session.merge(CalendarDay(day=entry.day, is_workday=entry.is_workday,
                                              name=entry.name))  # fmt: skip
            uow.commit()
        return CalendarImport(tuple(whole), tuple(e.day for e in extra))


@dataclass(frozen=True, slots=True)
class CalendarImport:
    """What a calendar file stored: whole years, and single days added to other years."""

    years: tuple[int, ...]
    extra_days: tuple[date, ...] = ()

    def describe(self) -> str:
        """One sentence for the command line and the 设置 page."""
        days = "、".join(d.isoformat() for d in self.extra_days)
        if not self.years:
            return f"已补录日期 {days}。"
        text = f"已录入 {'、'.join(str(y) for y in self.years)} 年节假日安排"
        return text + (f"，另补录跨年日期 {days}。" if days else "。")


def _replace_year(session: Session, year: int, entries: list[YearEntry], source: str) -> None:
    session.execute(
        delete(CalendarDay).where(
            CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)
        )
    )
    session.add_all(CalendarDay(day=e.day, is_workday=e.is_workday, name=e.name) for e in entries)
    session.merge(CalendarYear(year=year, source=source))
