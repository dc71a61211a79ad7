"""More hostile inputs (issue 16), beyond hostile_corpus: odd encodings, huge cells, empty rows
before a bad one, full-width digits, negative and out-of-range amounts, dates as text, invisible
characters in keys and headers, merged cells, formulas and error values, hidden sheets.

Each refused entry names the exact Chinese message a clerk reads; each accepted one the value it
must be stored as. Workbooks are built with openpyxl (which writes formulas without a cached
value, and merged and hidden sheets as Excel does); where openpyxl cannot write what Excel
writes (an error value), the sheet XML is edited."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from hostile_corpus import CASE_ROW, INSTITUTION_ROW
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from desktop.ledger.rows import CASE_COLUMNS, INSTITUTION_COLUMNS
from forms.validators import latest_record_date, make_credit_code

IMPORT_CASES = ("import", "cases", "{file}")
IMPORT_INSTITUTIONS = ("import", "institutions", "{file}")
CALENDAR = ("calendar", "import", "{file}")
GOOD_CASE = {**CASE_ROW, "案号": "青卫医案〔2026〕800号"}


@dataclass(frozen=True)
class Refused:
    """An input refused with `message` (a line of the error output); nothing is stored."""

    id: str
    command: tuple[str, ...]
    suffix: str
    make: Callable[[], bytes]
    message: str


@dataclass(frozen=True)
class Accepted:
    """An input read as the clerk meant: `check(ctx)` asserts the stored value."""

    id: str
    command: tuple[str, ...]
    suffix: str
    make: Callable[[], bytes]
    check: Callable[[Any], None]


def book_bytes(
    sheets: list[tuple[str, list[str], list[list[object]]]],
    change: Callable[[Workbook], None] | None = None,
) -> bytes:
    """A workbook of (title, headers, rows) sheets; `change` merges, hides … before saving."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    if change is not None:
        change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cases(
    rows: list[dict[str, object]],
    headers: list[str] | None = None,
    change: Callable[[Workbook], None] | None = None,
) -> Callable[[], bytes]:
    """A 案件台账 maker: the good row first (all or nothing), then these rows."""
    columns = headers or list(CASE_COLUMNS)

    def make() -> bytes:
        values = [[row.get(c) for c in columns] for row in [GOOD_CASE, *rows]]
        return book_bytes([("案件台账", columns, values)], change)

    return make


def case(**cells: object) -> dict[str, object]:
    """The corpus case row with some cells changed (by column name)."""
    return {**CASE_ROW, **cells}


def letter(name: str, columns: tuple[str, ...] | list[str] = CASE_COLUMNS) -> str:
    """The column letter of a case column."""
    return get_column_letter(list(columns).index(name) + 1)


def edited(make: Callable[[], bytes], pattern: str, replacement: str) -> Callable[[], bytes]:
    """The workbook with its first sheet's XML rewritten."""

    def made() -> bytes:
        with zipfile.ZipFile(io.BytesIO(make())) as source:
            members = {n: source.read(n) for n in source.namelist()}
        xml = members["xl/worksheets/sheet1.xml"].decode("utf-8")
        members["xl/worksheets/sheet1.xml"] = re.sub(pattern, replacement, xml).encode("utf-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in members.items():
                target.writestr(name, data)
        return out.getvalue()

    return made


def empty_rows_then_bad() -> bytes:
    """The good row, 10,000 rows whose cells are all empty text, then a bad row (10,003)."""
    columns = list(CASE_COLUMNS)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "案件台账"
    sheet.append(columns)
    sheet.append([GOOD_CASE.get(c) for c in columns])
    for row in range(3, 10_003):
        sheet.cell(row=row, column=1, value="")
        sheet.cell(row=row, column=len(columns), value=" ")
    sheet.append([case(案件来源="电话").get(c) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def note_in_column_az() -> bytes:
    """A note typed far to the right of the ledger, in column AZ, without a column name."""
    columns = list(CASE_COLUMNS)
    rows = [[r.get(c) for c in columns] for r in (GOOD_CASE, case())]
    rows[1] += [None] * (51 - len(columns)) + ["已电话回访"]
    return book_bytes([("案件台账", columns, rows)])


def header_with_zero_width() -> bytes:
    """A ledger whose 案由 column name was pasted with a trailing zero-width space."""
    columns = list(CASE_COLUMNS)
    headers = [c + "\u200b" if c == "案由" else c for c in columns]
    row = case(案由="案由列名带零宽字符")
    return book_bytes([("案件台账", headers, [[row.get(c) for c in columns]])])


def _merge(ref: str) -> Callable[[Workbook], None]:
    return lambda book: book["案件台账"].merge_cells(ref)


def _hide_first(state: str) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        book.worksheets[0].sheet_state = state  # type: ignore[assignment]

    return change


def _text(content: str, encoding: str) -> Callable[[], bytes]:
    return lambda: content.encode(encoding)


_HUGE = "医" * 32_767  # the most characters an Excel cell holds
_FINE = "罚款金额(元)"


def refused() -> list[Refused]:
    """Inputs that must be refused with their message."""
    row3 = "第3行 "
    entries = [
        Refused("case-huge-cause-32767", IMPORT_CASES, ".xlsx", cases([case(案由=_HUGE)]),
                f"{row3}“案由”：不能超过300个字符（实为32767个）。"),
        Refused("case-10000-empty-rows-then-bad", IMPORT_CASES, ".xlsx", empty_rows_then_bad,
                "第10003行 “案件来源”：“电话”不是可选值"),
        Refused("case-fullwidth-minus-fine", IMPORT_CASES, ".xlsx", cases([case(**{_FINE: "－５００"})]),
                f"{row3}“罚款金额(元)”：金额不能为负数（-500）。"),
        Refused("case-negative-text-fine", IMPORT_CASES, ".xlsx", cases([case(**{_FINE: "-0.01"})]),
                f"{row3}“罚款金额(元)”：金额不能为负数（-0.01）。"),
        Refused("case-fine-with-unit", IMPORT_CASES, ".xlsx", cases([case(**{_FINE: "2000元"})]),
                f"{row3}“罚款金额(元)”：“2000元”不是金额。"),
        Refused("case-fine-exponent-text", IMPORT_CASES, ".xlsx", cases([case(**{_FINE: "1e3"})]),
                f"{row3}“罚款金额(元)”：“1e3”不是金额。"),
        Refused("case-fine-one-over-bound", IMPORT_CASES, ".xlsx",
                cases([case(**{_FINE: 1_000_000_001})]),
                f"{row3}“罚款金额(元)”：金额 1000000001 元超出合理范围（不超过 10 亿元），请核对单位和数字。"),
        Refused("case-fine-bad-grouping", IMPORT_CASES, ".xlsx", cases([case(**{_FINE: "1,00"})]),
                f"{row3}“罚款金额(元)”：“1,00”的千位分隔符位置不对：逗号只能每三位一个（如 1,000 或 12,345.50）。"),
        Refused("case-confiscation-fullwidth-grouping", IMPORT_CASES, ".xlsx",
                cases([case(**{"没收违法所得(元)": "１，２，３"})]),
                f"{row3}“没收违法所得(元)”：“1,2,3”的千位分隔符位置不对：逗号只能每三位一个（如 1,000 或 12,345.50）。"),
        Refused("case-date-compact-digits-no-such-day", IMPORT_CASES, ".xlsx",
                cases([case(立案日期="20261340")]), f"{row3}“立案日期”：“20261340”不是有效日期。"),
        Refused("case-date-us-order", IMPORT_CASES, ".xlsx", cases([case(立案日期="3/2/2026")]),
                f"{row3}“立案日期”：“3/2/2026”不是日期，应写作 YYYY-MM-DD。"),
        Refused("case-date-before-1949-10-01", IMPORT_CASES, ".xlsx", cases([case(立案日期="1949-09-30")]),
                f"{row3}“立案日期”：立案日期（1949-09-30）不在 1949-10-01 至 {latest_record_date().isoformat()} 之间，请核对。"),
        Refused("case-date-year-9999-text", IMPORT_CASES, ".xlsx", cases([case(立案日期="9999年12月31日")]),
                f"{row3}“立案日期”：立案日期（9999-12-31）不在 1949-10-01 至 {latest_record_date().isoformat()} 之间，请核对。"),
        Refused("case-number-only-invisible", IMPORT_CASES, ".xlsx", cases([case(案号="\u200b\ufeff")]),
                f"{row3}“案号”：不能为空。"),
        Refused("case-number-nbsp-twin", IMPORT_CASES, ".xlsx",
                cases([case(案号="青卫医案〔2026〕800号\u00a0")]),
                f"{row3}“案号”：与第2行重复（青卫医案〔2026〕800号）。"),
        Refused("case-number-fullwidth-twin", IMPORT_CASES, ".xlsx",
                cases([case(案号="青卫医案〔２０２６〕８００号")]),
                f"{row3}“案号”：与第2行重复（青卫医案〔2026〕800号）。"),
        Refused("case-true-in-party", IMPORT_CASES, ".xlsx", cases([case(当事人=True)]),
                f"{row3}“当事人”：单元格是逻辑值（TRUE），不是文字：请填写文字，或把单元格设为“文本”格式后重新输入。"),
        Refused("case-false-in-facts", IMPORT_CASES, ".xlsx", cases([case(违法事实=False)]),
                f"{row3}“违法事实”：单元格是逻辑值（FALSE），不是文字：请填写文字，或把单元格设为“文本”格式后重新输入。"),
        Refused("case-horizontal-merge-in-data", IMPORT_CASES, ".xlsx",
                cases([case()], change=_merge(f"{letter('案由')}3:{letter('违法事实')}3")),
                f"{row3}“案由”：单元格 {letter('案由')}3:{letter('违法事实')}3 是合并单元格，除左上角外的单元格会读成空白：请取消合并，并在每个单元格中填写。"),
        Refused("case-formula-party", IMPORT_CASES, ".xlsx", cases([case(当事人="=B2")]),
                f"{row3}“当事人”：单元格是公式（=B2），但文件中没有保存计算结果：请在 Excel 中打开并保存后再导入。"),
        Refused("case-error-value-fine", IMPORT_CASES, ".xlsx",
                edited(cases([case(**{_FINE: 7})]), rf'<c r="{letter(_FINE)}3"[^>]*>.*?</c>',
                       f'<c r="{letter(_FINE)}3" t="e"><v>#DIV/0!</v></c>'),
                f"{row3}“罚款金额(元)”：单元格是错误值 #DIV/0!（公式出错）：请在 Excel 中改正后再导入。"),
        Refused("case-same-column-two-spellings", IMPORT_CASES, ".xlsx",
                cases([case()], headers=[*CASE_COLUMNS, "罚款金额（元）"]),
                f"第1行 “罚款金额(元)”：列名重复：{letter(_FINE)}列和{get_column_letter(len(CASE_COLUMNS) + 1)}列都是这一列，无法确定用哪一列的内容；请删除或改名其中一列。"),
        Refused("case-data-under-blank-header-far-right", IMPORT_CASES, ".xlsx", note_in_column_az,
                "第3行 “AZ列”：这一列没有列名，但有内容“已电话回访”：请补上列名，或删除这一列。"),
        Refused("case-unknown-column-huge-header", IMPORT_CASES, ".xlsx",
                cases([case()], headers=[*CASE_COLUMNS, "备" * 300]),
                f"第1行 “{'备' * 300}”：未知列（{get_column_letter(len(CASE_COLUMNS) + 1)}列）"),
        Refused("case-only-sheet-very-hidden", IMPORT_CASES, ".xlsx",
                lambda: book_bytes([("台账", list(CASE_COLUMNS), [[GOOD_CASE.get(c) for c in CASE_COLUMNS]]),
                                    ("封面", ["标题"], [["2026年案件台账"]])], _hide_first("veryHidden")),
                "“工作表”：输入.xlsx 中含有必填列的工作表“台账”是隐藏的：请在 Excel 中取消隐藏后再导入，或指定这张工作表（--sheet 台账）。"),
        Refused("case-named-sheet-missing", (*IMPORT_CASES, "--sheet", "2027"), ".xlsx", cases([]),
                "“工作表”：输入.xlsx 中没有名为“2027”的工作表（有：“案件台账”）。"),
        Refused("institution-invisible-name-twin", IMPORT_INSTITUTIONS, ".xlsx",
                lambda: book_bytes([("机构名录", list(INSTITUTION_COLUMNS),
                                     [[INSTITUTION_ROW.get(c) for c in INSTITUTION_COLUMNS],
                                      [{**INSTITUTION_ROW, "机构名称": INSTITUTION_ROW["机构名称"] + "\u200b"}.get(c)
                                       for c in INSTITUTION_COLUMNS]])]),
                f"第3行 “机构名称”：与第2行重复（{INSTITUTION_ROW['机构名称']}）。"),
        Refused("calendar-utf16", CALENDAR, ".csv", _text("# 完整: 2027\n2027-02-06,休,春节\n", "utf-16"),
                "错误：节假日文件 输入.csv 不是 UTF-8 编码的文本（CSV），请另存为 UTF-8 CSV 后重试。"),
        Refused("calendar-mark-year-without-holiday", CALENDAR, ".csv",
                _text("# 完整：2027、2028\n2027-02-06,休,春节\n2028-01-08,班,调休\n", "utf-8"),
                "错误：节假日文件：2028年：没有任何放假日期，不能标记为录入完毕。"),
        Refused("calendar-mark-built-in-year", CALENDAR, ".csv", _text("#完整:2025\n2025-12-27,班,调休\n", "utf-8"),
                "错误：节假日文件：2025年：节假日安排已内置，不能标记为完整；文件中该年的日期会作为更正逐日补录，无需标记。"),
        Refused("argv-deadline-working-days-huge", ("deadline", "--from", "2026-03-02", "--working-days", "99999999"), "",
                lambda: b"", "错误：99999999 个工作日超出可计算范围：期限最多算到起算日期后十年（3660 天）。"),
        Refused("argv-holidays-add-1900", ("holidays", "add", "--date", "1900-01-01", "--kind", "holiday"), "",
                lambda: b"", "错误：节假日安排：年份：“1900”不是合理的年份，应在 1949 至"),
        Refused("argv-credit-year-zero", ("credit", "--institution", "1", "--year", "0", "--grade", "A"), "",
                lambda: b"", "错误：依法执业信用评价：评价年度：“0”不是合理的年份，应在 1949 至"),
        Refused("argv-db-memory-uri", ("--db", "sqlite:///file::memory:?cache=shared", "list", "cases"), "",
                lambda: b"", "是内存数据库：内存数据库会在退出时丢失全部数据，请指定文件"),
    ]  # fmt: skip
    return entries


def _case_value(case_no: str, attribute: str, expected: object) -> Callable[[Any], None]:
    def check(ctx: Any) -> None:
        stored = ctx.cases.get(ctx.cases.resolve(case_no))
        assert getattr(stored, attribute) == expected, getattr(stored, attribute)

    return check


def _institution_code(expected: str) -> Callable[[Any], None]:
    def check(ctx: Any) -> None:
        [row] = ctx.institutions.search("", limit=10)
        assert ctx.institutions.get(row.id).data.credit_code == expected

    return check


_CODE = make_credit_code("91339901MA2B3C4D")
_FULL_WIDTH_CODE = _CODE.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


def accepted() -> list[Accepted]:
    """Inputs read as the clerk meant, with the value that must be stored."""
    only = "青卫医案〔2026〕901号"
    return [
        Accepted("case-fullwidth-digits-fine", IMPORT_CASES, ".xlsx",
                 cases([case(处罚决定日期="2026-04-01", **{_FINE: "２０，０００．５０"})]),
                 _case_value(only, "fine_fen", 2_000_050)),
        Accepted("case-date-chinese-fullwidth", IMPORT_CASES, ".xlsx",
                 cases([case(立案日期="２０２６年３月２日")]), _case_value(only, "filed_on", date(2026, 3, 2))),
        # YYYYMMDD as the window's date field accepts it (typed without separators).
        Accepted("case-date-compact-digits", IMPORT_CASES, ".xlsx", cases([case(立案日期="20260302")]),
                 _case_value(only, "filed_on", date(2026, 3, 2))),
        Accepted("case-date-dotted", IMPORT_CASES, ".xlsx", cases([case(立案日期="2026.3.2")]),
                 _case_value(only, "filed_on", date(2026, 3, 2))),
        Accepted("case-date-with-time", IMPORT_CASES, ".xlsx", cases([case(立案日期="2026-03-02 14:30:00")]),
                 _case_value(only, "filed_on", date(2026, 3, 2))),
        Accepted("case-date-excel-serial", IMPORT_CASES, ".xlsx", cases([case(立案日期=46083)]),
                 _case_value(only, "filed_on", date(2026, 3, 2))),
        Accepted("case-header-with-zero-width", IMPORT_CASES, ".xlsx",
                 header_with_zero_width, _case_value(only, "cause", "案由列名带零宽字符")),
        Accepted("case-hidden-first-sheet-visible-second", IMPORT_CASES, ".xlsx",
                 lambda: book_bytes([("旧", list(CASE_COLUMNS), [[case(案由="隐藏页的案件").get(c) for c in CASE_COLUMNS]]),
                                     ("案件台账", list(CASE_COLUMNS), [[case(案由="可见页的案件").get(c) for c in CASE_COLUMNS]])],
                                    _hide_first("hidden")),
                 _case_value(only, "cause", "可见页的案件")),
        Accepted("institution-fullwidth-credit-code", IMPORT_INSTITUTIONS, ".xlsx",
                 lambda: book_bytes([("机构名录", list(INSTITUTION_COLUMNS),
                                      [[{**INSTITUTION_ROW, "统一社会信用代码": _FULL_WIDTH_CODE + "\u200b"}.get(c)
                                        for c in INSTITUTION_COLUMNS]])]),
                 _institution_code(_CODE)),
    ]  # fmt: skip
