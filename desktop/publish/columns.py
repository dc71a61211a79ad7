"""Column sets of the outward exports as data (database/seed_data/publication_*.csv).

Each row of a column file is one field of the export: its key (what the row builder fills), its
heading, whether it is required, its maximum length, its format (text, code, codes, credit_code,
date, wan6), its code list, whether it is withheld for a natural person, and how far the rule is
verified and from where. A province's variant of a template is a change of the file, not of code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

from desktop.common.errors import ValidationError
from forms.validators import FieldError, validate_credit_code

#: The exports and their column files.
COLUMN_FILES = {
    "penalties": "publication_penalties.csv",
    "inspections": "publication_inspections.csv",
    "cases": "publication_cases.csv",
}
FORMATS = ("text", "code", "codes", "credit_code", "date", "wan6")
#: Several values of a `codes` field (处罚类别) are joined with this (unverified, see the data).
CODES_SEPARATOR = ";"
#: How a date is written in the exported files (the 双公示 YYYY/MM/DD; unverified, see the data).
DATE_PATTERN = "%Y/%m/%d"
#: 1 万元 = 1,000,000 分.
FEN_PER_WAN = 1_000_000
_HEADER = ("key", "字段", "必填", "最大长度", "格式", "代码表", "自然人不公示", "核实", "依据")


@dataclass(frozen=True, slots=True)
class Column:
    """One exported field and its rule."""

    key: str
    heading: str
    required: bool
    max_length: int
    format: str
    codes: tuple[str, ...]
    withheld_for_person: bool
    verified: str
    basis: str


def wan_yuan(fen: int) -> str:
    """An amount in 分 as 万元 with six decimals, exactly (integer arithmetic, never float)."""
    if fen < 0:
        raise ValueError("金额不能为负数")
    return f"{fen // FEN_PER_WAN}.{fen % FEN_PER_WAN:06d}"


def date_text(day: date | None) -> str:
    """A date as the exports write it ("" for none)."""
    return day.strftime(DATE_PATTERN) if day else ""


def parse_columns(text: str, source: str) -> tuple[Column, ...]:
    """Columns from a column file's text; ValidationError naming the line and field."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != _HEADER:
        raise ValidationError([FieldError("表头", f"应为 {'，'.join(_HEADER)}。")], source)
    columns: list[Column] = []
    errors: list[FieldError] = []
    for line, row in enumerate(reader, start=2):
        where = f"第 {line} 行"
        fmt = row["格式"].strip()
        if fmt not in FORMATS:
            errors.append(
                FieldError(f"{where} 格式", f"“{fmt}”不是可用格式（{'、'.join(FORMATS)}）。")
            )
            continue
        try:
            length = int(row["最大长度"])
        except ValueError:
            errors.append(FieldError(f"{where} 最大长度", f"“{row['最大长度']}”不是整数。"))
            continue
        codes = tuple(c for c in row["代码表"].split("|") if c)
        if fmt in ("code", "codes") and not codes:
            errors.append(FieldError(f"{where} 代码表", "代码字段须列出取值。"))
        columns.append(
            Column(row["key"].strip(), row["字段"].strip(), row["必填"] == "是", length, fmt,
                   codes, row["自然人不公示"] == "是", row["核实"], row["依据"])
        )  # fmt: skip
    if errors:
        raise ValidationError(errors, source)
    return tuple(columns)


def load_columns(export: str) -> tuple[Column, ...]:
    """The shipped column set of an export ("penalties", "inspections", "cases")."""
    name = COLUMN_FILES[export]
    text = resources.files("database").joinpath("seed_data", name).read_text("utf-8")
    return parse_columns(text, name)


def check_value(column: Column, value: str) -> str | None:
    """What is wrong with a value under the column's rule (None: fine)."""
    if not value:
        return "不能为空。" if column.required else None
    if len(value) > column.max_length:
        return f"超过 {column.max_length} 字（{len(value)} 字）。"
    if column.format == "code" and value not in column.codes:
        return f"“{value}”不在代码表中（{'、'.join(column.codes)}）。"
    if column.format == "codes":
        unknown = [v for v in value.split(CODES_SEPARATOR) if v not in column.codes]
        if unknown:
            return f"“{'、'.join(unknown)}”不在代码表中。"
    if column.format == "credit_code":
        try:
            validate_credit_code(value, column.heading)
        except FieldError as error:
            return error.message
    return None


def validate_rows(columns: Sequence[Column], rows: Sequence[tuple[str, Mapping[str, str]]],
                  what: str) -> None:  # fmt: skip
    """Check every (record label, values) row; one ValidationError naming record and field."""
    errors = [
        FieldError(f"{label} {column.heading}", problem)
        for label, values in rows
        for column in columns
        if (problem := check_value(column, values.get(column.key, ""))) is not None
    ]
    if errors:
        raise ValidationError(errors, what)
