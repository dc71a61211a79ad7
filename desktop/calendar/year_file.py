"""The holiday file the README documents: `日期,类型,名称` lines (类型 休 or 班), and
`# 完整: 2027` lines marking a year complete. Parsed with every bad line reported at once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from desktop.common.errors import ValidationError
from forms.validators import FieldError, optional_text, parse_date


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


#: A line marking the file's years complete: "# 完整: 2027" (also "#完整：2027、2028").
_COMPLETE_RE = re.compile(r"^#\s*完整\s*[:：]\s*(.*)$")


def parse_complete_marks(text: str) -> set[int]:
    """The years the file marks complete (only a marked year stops being provisional)."""
    years: set[int] = set()
    errors: list[FieldError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _COMPLETE_RE.match(line.strip().lstrip("\ufeff"))
        if match is None:
            continue
        for part in re.split(r"[,，、\s]+", match.group(1).strip()):
            if not part:
                continue
            if re.fullmatch(r"[0-9]{4}", part) is None:
                errors.append(
                    FieldError(
                        f"第{number}行 完整", f"“{part[:20]}”不是年份，应写作“# 完整: 2027”。"
                    )
                )
                continue
            years.add(int(part))
    if errors:
        raise ValidationError(errors, "节假日文件")
    return years
