"""Validation of codes, dates, amounts and enumerations, with Chinese messages naming the field."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import partial
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class FieldError(ValueError):
    """A value that does not pass validation; `field` is the Chinese label."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}：{message}")
        self.field = field
        self.message = message


# --- 统一社会信用代码 (GB 32100-2015) -------------------------------------------------

#: The 31 characters GB 32100 allows (no I, O, S, V, Z), in value order.
#: What separates the items of a list typed as text (诊疗科目, 镇街 …): DESIGN writes 、; clerks and
#: ledgers also type , ， ; ； and line breaks (Alt+Enter in a cell). "/" and spaces are not
#: separators: they may be part of one item's name.
LIST_SEPARATORS = re.compile(r"[、,，;；\n\r]")


def split_list(text: str) -> tuple[str, ...]:
    """The items of a list typed as text, trimmed, empty ones dropped."""
    return tuple(part.strip() for part in LIST_SEPARATORS.split(text) if part.strip())


CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: GB 11714 weights for the 8 body characters of the embedded 组织机构代码.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_RE = re.compile(rf"^[{CREDIT_CODE_CHARSET}]{{18}}$")


#: A wrong check character is reported without the right one: naming it would invite typing the
#: expected character instead of finding the real typo in the other 17.
CHECK_DIGIT_MISMATCH = "校验位不符，请对照证件核对"


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(
        CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The GB 11714 check character of a 组织机构代码 body (digits are 0–9, letters 10–35)."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_credit_code(value: str, field: str = "统一社会信用代码") -> str:
    """Normalise (trim, upper-case) and check a 统一社会信用代码; return it."""
    code = value.strip().upper()
    if len(code) != 18:
        raise FieldError(field, f"应为18位，实为{len(code)}位（{code}）。")
    if not _CREDIT_RE.match(code):
        bad = sorted({c for c in code if c not in CREDIT_CODE_CHARSET})
        raise FieldError(field, f"含有不允许的字符 {'、'.join(bad)}（不使用 I、O、S、V、Z）。")
    if not code[2:8].isdigit():
        raise FieldError(field, f"第3–8位应为行政区划代码（数字），实为 {code[2:8]}。")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise FieldError(field, f"{CHECK_DIGIT_MISMATCH}（{code}）。")
    org_expected = org_code_check_char(code[8:16])
    if code[16] != org_expected:
        raise FieldError(
            field, f"其中的组织机构代码（第9–17位 {code[8:17]}）{CHECK_DIGIT_MISMATCH}。"
        )
    return code


def make_credit_code(first16: str) -> str:
    """Complete 16 characters with both check characters (for demo data and tests)."""
    with_org = first16 + org_code_check_char(first16[8:16])
    return with_org + credit_code_check_char(with_org)


# --- 身份证号 (GB 11643-1999) ------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str, field: str = "身份证号") -> str:
    """Normalise and check an 18-digit 公民身份号码 (check digit and birth date); return it."""
    number = value.strip().upper()
    if not _ID_RE.match(number):
        raise FieldError(field, f"应为17位数字加1位数字或X，共18位（{number}）。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise FieldError(field, f"出生日期 {number[6:14]} 不是有效日期。") from None
    if born.year < 1900 or born > date.today():
        raise FieldError(field, f"出生日期 {born.isoformat()} 不合理。")
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        raise FieldError(field, f"{CHECK_DIGIT_MISMATCH}。")
    return number


# --- money ------------------------------------------------------------------------------

_MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")
#: Digits and commas only: the form in which a comma is a thousands separator.
_GROUPED_RE = re.compile(r"^[\d,]+(\.\d*)?$")
#: A thousands separator only between groups of three (1,000 / 12,345.50, never 1,0,0,0).
_THOUSANDS_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")

#: The largest amount accepted, in 元 (10 亿元). No fine or confiscation of a district health
#: office comes near it (the health laws' highest fines are in the millions of 元); a larger
#: number is a unit or typing error (万元 for 元, a 身份证号 in the wrong column). In 分 it keeps
#: 12 digits: exact in the 15 significant digits Excel stores, and a year's sum stays far inside
#: the 64-bit integer of the database (99999999999999999 or 1e20 overflowed it).
MAX_YUAN = 1_000_000_000


def _money_text(value: object) -> str:
    """A cell's amount as plain text: Excel's 15 digits for a number, NFKC for typed text
    (full-width digits, commas and points), thousands separators checked and removed."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # What Excel shows (15 significant digits): a sum cell =1234.56+789.1 holds
        # 2023.6599999999999 but means 2023.66; 1.234 stays 1.234 and is refused below.
        text = format(value, ".15g")
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    text = normalise_key(str(value))
    if "," in text and _GROUPED_RE.match(text.lstrip("-")):
        if not _THOUSANDS_RE.match(text.lstrip("-")):
            raise ValueError(text)
        text = text.replace(",", "")
    return text


def parse_yuan(value: object, field: str) -> int:
    """An amount in 元 (text or number, ≥ 0, at most two decimals, at most MAX_YUAN) as 分."""
    if value is None or (isinstance(value, str) and not normalise_key(value)):
        return 0
    if isinstance(value, bool):
        raise FieldError(field, "应为金额（元）。")
    try:
        text = _money_text(value)
    except ValueError as error:
        raise FieldError(
            field, f"“{error}”的千位分隔符位置不对：逗号只能每三位一个（如 1,000 或 12,345.50）。"
        ) from None
    if text.startswith("-"):
        raise FieldError(field, f"金额不能为负数（{text}）。")
    if text.endswith(".0"):
        text = text[:-2]
    if not _MONEY_RE.match(text):
        if re.fullmatch(r"\d+\.\d{3,}", text):
            raise FieldError(field, f"金额最多保留两位小数（{text}）。")
        raise FieldError(field, f"“{text[:40]}”不是金额。")
    amount = Decimal(text)
    if amount > MAX_YUAN:
        raise FieldError(
            field,
            f"金额 {text} 元超出合理范围（不超过 {MAX_YUAN // 100_000_000} 亿元），请核对单位和数字。",
        )
    return int((amount * 100).to_integral_value(ROUND_HALF_UP))


def format_yuan(fen: int) -> str:
    """分 as 元 with two decimals and thousands separators: 20,000.00."""
    return f"{Decimal(fen) / 100:,.2f}"


# --- dates ------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),  # 20261125, typed without separators
)
#: Excel's day zero (serial 1 = 1900-01-01, including the 1900 leap-year bug).
_EXCEL_EPOCH = date(1899, 12, 30)
#: No record of this office is older: an earlier Excel date is a number typed into a date cell.
_FIRST_SERIAL_YEAR = 1950


def parse_date(value: object, field: str) -> date | None:
    """A date from an Excel cell or text (YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日); None if empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            serial_day = _EXCEL_EPOCH + timedelta(days=int(value))
            if serial_day.year >= _FIRST_SERIAL_YEAR:
                return serial_day
            # A year (2024) or a count typed into a date cell reads as a day of 1900–1905.
            raise FieldError(
                field,
                f"“{value}”是数字，不是日期（会被当作 {serial_day.isoformat()}），应写作 YYYY-MM-DD。",
            )
        raise FieldError(field, f"“{value}”不是日期。")
    text = normalise_key(str(value))  # full-width digits (２０２４年３月１日) as typed in Chinese
    if not text:
        return None
    text = text.split(" ")[0].split("T")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise FieldError(field, f"“{text}”不是有效日期。") from None
    raise FieldError(field, f"“{text}”不是日期，应写作 YYYY-MM-DD。")


def check_date_order(dates: Iterable[tuple[str, date | None]]) -> None:
    """Dates given in procedural order must not go backwards (立案 ≤ 决定 ≤ 结案)."""
    previous: tuple[str, date] | None = None
    for label, day in dates:
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            raise FieldError(
                label,
                f"{label}（{day.isoformat()}）早于{previous[0]}（{previous[1].isoformat()}）。",
            )
        previous = (label, day)


#: The People's Republic's founding day: no record of a health-supervision office is older, so
#: an earlier 立案/决定/结案 date (1900-01-01) is a typing or conversion error.
EARLIEST_RECORD_DATE = date(1949, 10, 1)


def latest_record_date(today: date | None = None) -> date:
    """The latest date a record may carry: one year after today (a later one is a typo)."""
    today = today or date.today()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_record_date(day: date | None, field: str, today: date | None = None) -> None:
    """Refuse a date outside 1949-10-01 … today + 1 year (9999-12-31, 1900-01-01)."""
    if day is None:
        return
    latest = latest_record_date(today)
    if not EARLIEST_RECORD_DATE <= day <= latest:
        raise FieldError(
            field,
            f"{field}（{day.isoformat()}）不在 {EARLIEST_RECORD_DATE.isoformat()} 至 "
            f"{latest.isoformat()} 之间，请核对。",
        )


def check_year(year: int, field: str, latest: int) -> int:
    """A year between 1949 and `latest` (99999 would hide every real year's record)."""
    if not EARLIEST_RECORD_DATE.year <= year <= latest:
        raise FieldError(
            field, f"“{year}”不是合理的年份，应在 {EARLIEST_RECORD_DATE.year} 至 {latest} 之间。"
        )
    return year


# --- enumerations and booleans -------------------------------------------------------------


def parse_enum(enum_cls: type[E], value: object, field: str) -> E:
    """The enum member whose Chinese value is the text; the message lists the allowed values."""
    text = "" if value is None else str(value).strip()
    for member in enum_cls:
        if member.value == text:
            return member
    allowed = "、".join(m.value for m in enum_cls)
    if not text:
        raise FieldError(field, f"不能为空，应为：{allowed}。")
    raise FieldError(field, f"“{text}”不是可选值，应为：{allowed}。")


def parse_optional_enum(enum_cls: type[E], value: object, field: str) -> E | None:
    """Like parse_enum, but an empty cell gives None."""
    if value is None or not str(value).strip():
        return None
    return parse_enum(enum_cls, value, field)


_TRUE = {"是", "Y", "YES", "TRUE", "1", "√", "✓"}
_FALSE = {"否", "N", "NO", "FALSE", "0", ""}


def parse_bool(value: object, field: str) -> bool:
    """是/否 (also True/False cells); empty is 否."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().upper()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldError(field, f"“{value}”应为“是”或“否”。")


def require_text(value: object, field: str, max_length: int = 300) -> str:
    """Non-empty text, trimmed, at most max_length characters."""
    text = optional_text(value, field, max_length)
    if not text:
        raise FieldError(field, "不能为空。")
    return text


def optional_text(value: object, field: str, max_length: int = 300) -> str:
    """Trimmed text ('' if empty); numbers from Excel come back without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        # Excel turns a typed TRUE/是 into a logical cell; stored as "True" it means nothing.
        raise FieldError(
            field,
            f"单元格是逻辑值（{'TRUE' if value else 'FALSE'}），不是文字：请填写文字，"
            "或把单元格设为“文本”格式后重新输入。",
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = strip_invisible(str(value)).strip()
    if len(text) > max_length:
        raise FieldError(field, f"不能超过{max_length}个字符（实为{len(text)}个）。")
    check_safe_text(text, field)
    return text


#: Excel keeps 15 significant digits of a number: a longer code typed into a number cell has
#: lost its last digits (1.23456789012346E+17) and cannot be recovered from the file.
_EXCEL_DIGITS_LIMIT = 1e15


def code_text(value: object, field: str, max_length: int = 60) -> str:
    """A code (统一社会信用代码, 登记号) from a cell; refuses one Excel has stored as a number
    and so rounded, instead of reporting a misleading check-character error."""
    if isinstance(value, float) and abs(value) >= _EXCEL_DIGITS_LIMIT:
        raise FieldError(
            field,
            f"单元格是数字格式（显示为 {value:.15g}），Excel 只保留15位有效数字，代码已失真；"
            "请把这一列设为“文本”格式后重新填写。",
        )
    return normalise_key(optional_text(value, field, max_length))


#: Invisible characters copied along from web pages and chat messages: zero-width space and
#: joiners, word joiner, byte-order mark, soft hyphen, direction marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))


def strip_invisible(text: str) -> str:
    """The text without invisible characters (a 案号 with a trailing U+200B is the same 案号)."""
    return text.translate(_INVISIBLE)


def normalise_key(value: str) -> str:
    """A 案号 or code as it is matched and stored: NFKC (full-width digits, letters and
    brackets to their plain forms), invisible characters removed, trimmed, so one case typed
    two ways is never two cases."""
    return strip_invisible(unicodedata.normalize("NFKC", value)).strip()


#: Length limit for free text (事实、证据、处理情况…) stored in Text columns.
LONG_TEXT = 20000


def field_errors(*checks: Callable[[], object]) -> list[FieldError]:
    """Run each check; the FieldErrors they raise, collected (so a form lists every problem)."""
    errors: list[FieldError] = []
    for check in checks:
        try:
            check()
        except FieldError as error:
            errors.append(error)
    return errors


def text_errors(values: Iterable[tuple[str, str, int]]) -> list[FieldError]:
    """The typed-text problems of (label, value, max length) triples, one FieldError each.

    The same rules the importer applies through optional_text: length, control characters,
    formula-like text — so nothing typed in the UI can break a DOCX/XLSX or inject a formula.
    """
    return field_errors(
        *(partial(optional_text, value, label, limit) for label, value, limit in values)
    )


#: Characters XML 1.0 (so DOCX/XLSX) cannot hold; tab, line feed and carriage return are fine.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: What spreadsheet programs run as a formula or DDE command: =…, or +/-/@ followed by a DDE
#: pipe or a function call (SUM(, HYPERLINK(). A phone number such as +86(0571)… is not one.
_FORMULA_RE = re.compile(r"^(=|[+\-@].*(\||[A-Za-z_][A-Za-z0-9_.]*\s*\())", re.DOTALL)


def check_safe_text(text: str, field: str) -> None:
    """Refuse control characters (they break the documents) and formula-like text (injection)."""
    found = _CONTROL_RE.search(text)
    if found:
        raise FieldError(
            field, f"含有不可见的控制字符（U+{ord(found.group()):04X}），会损坏文书，请删除后重试。"
        )
    if _FORMULA_RE.match(text):
        raise FieldError(
            field, f"“{text[:20]}”以公式符号开头，导出到 Excel 时可能被当作公式执行，请修改。"
        )
