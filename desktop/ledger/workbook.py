"""Reading a 机构名录 or 案件台账 workbook: the sheet with the required columns, its header
row, each data row as {header: cell}, and the row errors every step reports (all at once, at
most MAX_REPORTED_ERRORS).

Nothing is dropped silently: a column the program does not know, a column named twice, data
under a blank column name, merged cells, a formula saved without its result and an error value
(#REF!) are each refused naming the sheet, row and column; so are several sheets that could be
the ledger and a hidden one chosen over the visible. `ReadOptions` lets the clerk name the
sheet and knowingly leave unknown columns out."""

from __future__ import annotations

import itertools
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel
from openpyxl.utils.exceptions import CellCoordinatesException

from desktop.common.xlsx_reading import open_read_only
from desktop.ledger.columns import Columns
from desktop.ledger.row_errors import LedgerImportError as LedgerImportError
from desktop.ledger.row_errors import RowError as RowError
from desktop.ledger.sheet_scan import scan_sheet
from forms.validators import normalise_key

#: Report at most this many errors (a wrong file would otherwise print 10,000 lines).
MAX_REPORTED_ERRORS = 500


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Which sheet to read (None: the one visible sheet with the required columns) and whether
    columns the program does not know (or without a name) are knowingly left out."""

    sheet: str | None = None
    ignore_columns: bool = False


Row = dict[str, Any]


#: What openpyxl reads (.xlsx and its macro/template variants).
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def open_workbook(path: Path) -> Any:
    """The workbook opened read-only, or LedgerImportError saying in Chinese why not."""
    if not path.exists():
        raise LedgerImportError([RowError(0, "文件", f"找不到文件 {path}。")])
    if path.is_dir():
        raise LedgerImportError([RowError(0, "文件", f"{path} 是文件夹，请选择 .xlsx 文件。")])
    suffix = path.suffix.lower()
    if suffix not in _WORKBOOK_SUFFIXES:
        # openpyxl would answer in English; the old .xls format is what clerks most often have.
        hint = "只能导入 Excel 工作簿（.xlsx）"
        if suffix in (".xls", ".et"):
            hint = "请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入"
        raise LedgerImportError([RowError(0, "文件", f"{path.name} 不是 .xlsx 文件：{hint}。")])
    try:
        workbook = open_read_only(path)
    except FileNotFoundError:
        raise LedgerImportError([RowError(0, "文件", f"找不到文件 {path}。")]) from None
    except PermissionError:
        raise LedgerImportError(
            [
                RowError(
                    0,
                    "文件",
                    f"无法读取 {path.name}：文件被占用（可能在 Excel/WPS 中打开），请关闭后重试。",
                )
            ]
        ) from None
    except Exception:  # any failure to parse an untrusted file means "not a workbook"
        if _is_compound_file(path):
            raise LedgerImportError([RowError(0, "文件", f"{path.name} 设置了打开密码，或是旧版 .xls "
                                              "格式：请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿）"
                                              "并“另存为” .xlsx 后再导入。")]) from None  # fmt: skip
        raise LedgerImportError(
            [
                RowError(
                    0,
                    "文件",
                    f"{path.name} 不是有效的 Excel（.xlsx）文件，或已损坏：请用 Excel 或 WPS "
                    "打开确认，再“另存为” .xlsx 后导入。",
                )
            ]
        ) from None
    return workbook


#: The first bytes of an OLE compound file: Excel's encrypted workbooks and the old .xls.
_COMPOUND_FILE = bytes.fromhex("d0cf11e0a1b11ae1")


def _is_compound_file(path: Path) -> bool:
    try:
        with path.open("rb") as source:
            return source.read(len(_COMPOUND_FILE)) == _COMPOUND_FILE
    except OSError:
        return False


def sheet_names(path: Path) -> list[tuple[str, bool]]:
    """The workbook's sheets as (name, hidden), for the import dialog's choice."""
    workbook = open_workbook(path)
    try:
        return [(s.title, s.sheet_state != "visible") for s in workbook.worksheets]
    finally:
        workbook.close()


#: How far below row 1 to look for the real header row of a ledger that starts with a title.
HEADER_SEARCH_ROWS = 5


def _title_rows_hint(rows: Iterator[tuple[Any, ...]], required: tuple[str, ...]) -> list[RowError]:
    """Where the column names are when a title (2024年案件台账) sits above them: ledgers often
    start with one, and the clerk then needs to know which rows to delete."""
    for number, values in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=2):
        if all(name in {_header_name(v) for v in values or ()} for name in required):
            return [
                RowError(
                    number,
                    "列名",
                    f"列名在第{number}行：请删除第1–{number - 1}行（标题等），使列名位于第1行。",
                )
            ]
    return []


#: Offices type brackets full-width (罚款金额（元）) and copy DESIGN's required mark (案号*):
#: without this a 罚款金额 column would be silently ignored as an extra column.
_HEADER_FORMS = str.maketrans({"（": "(", "）": ")", "＊": "*", "\u3000": " "})


def _header_name(cell: object) -> str:
    """A header cell as the column name it means: NFKC (so ASCII brackets), no invisible
    characters, no spaces, no trailing *."""
    if cell is None:
        return ""
    return "".join(normalise_key(str(cell)).translate(_HEADER_FORMS).split()).rstrip("*")


class SheetReader:
    """One ledger sheet read row by row: iterate for (Excel row, {column: value}); afterwards
    `errors` holds what the header and the cells themselves are refused for, and `suspect` the
    cells whose conversion errors those findings replace (a formula without its result must not
    also be reported as 不能为空)."""

    def __init__(
        self,
        path: Path,
        required: tuple[str, ...],
        known: tuple[str, ...],
        options: ReadOptions,
        dates: tuple[str, ...] = (),
    ) -> None:
        self._path = path
        self._dates = dates
        self._required = required
        self._known = known
        self._options = options
        self.sheet = ""
        self.errors: list[RowError] = []
        self.suspect: set[tuple[int, str]] = set()

    def __iter__(self) -> Iterator[tuple[int, Row]]:
        workbook = open_workbook(self._path)
        try:
            yield from self._rows(workbook)
        except (
            ElementTree.ParseError,
            zlib.error,
            zipfile.BadZipFile,
            EOFError,
            IndexError,
            KeyError,
            ValueError,
            CellCoordinatesException,
        ) as error:
            # The sheet is read lazily: damage inside it only shows while reading the rows.
            raise LedgerImportError(
                [RowError(0, "文件", f"{self._path.name} 已损坏，无法读取表格内容：{error}")]
            ) from None
        finally:
            workbook.close()

    def _rows(self, workbook: Any) -> Iterator[tuple[int, Row]]:
        sheet = choose_sheet(workbook, self._required, self._options, self._path.name)
        self.sheet = sheet.title
        rows = sheet.iter_rows(values_only=True)
        headers = [_header_name(h) for h in next(rows, None) or ()]
        missing = [name for name in self._required if name not in headers]
        if missing:
            raise LedgerImportError(
                [
                    RowError(1, name, "缺少这一必填列（第1行应为列名）。", self.sheet)
                    for name in missing
                ]
                + [replace(e, sheet=self.sheet) for e in _title_rows_hint(rows, self._required)]
            )
        scan = scan_sheet(workbook, sheet)
        columns = Columns(headers, self._known, scan, self._options.ignore_columns)
        self.errors += columns.header_errors()
        self.errors += columns.cell_errors()
        self.suspect |= columns.suspect
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            self.errors += columns.unnamed_data(number, values)
            row = columns.row(values)
            if workbook.epoch == CALENDAR_MAC_1904:
                _mac_serials(row, self._dates)
            yield number, row
        self.errors = [replace(e, sheet=self.sheet) for e in self.errors]


#: A serial before this year is not a date but a number typed into a date cell (2024):
#: left as it is, for parse_date to refuse with its message.
_FIRST_SERIAL_YEAR = 1950


def _mac_serials(row: Row, dates: tuple[str, ...]) -> None:
    """A 1904 workbook's (Excel for Mac) date cells without a date format hold serials counted
    from 1904-01-01, which parse_date would read from 1900: four years and a day early. openpyxl
    converts only date-formatted cells by the workbook's epoch; these are converted here."""
    for name in dates:
        value = row.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2957003:
            day = from_excel(value, CALENDAR_MAC_1904)
            if day.year >= _FIRST_SERIAL_YEAR:
                row[name] = day


def choose_sheet(workbook: Any, required: tuple[str, ...], options: ReadOptions, name: str) -> Any:
    """The named sheet, else the one visible sheet whose first row has the required columns;
    several such sheets, or only a hidden one, are refused (the clerk names the sheet)."""
    sheets = list(workbook.worksheets)
    titles = "、".join(f"“{s.title}”" for s in sheets)
    if options.sheet is not None:
        for sheet in sheets:
            if sheet.title.strip() == options.sheet.strip():
                return sheet
        raise LedgerImportError(
            [RowError(0, "工作表", f"{name} 中没有名为“{options.sheet}”的工作表（有：{titles}）。")]
        )
    if not sheets:
        raise LedgerImportError([RowError(0, "工作表", f"{name} 中没有工作表。")])
    fitting = [s for s in sheets if _has_columns(s, required)]
    visible = [s for s in fitting if s.sheet_state == "visible"]
    if len(visible) == 1:
        return visible[0]
    if len(visible) > 1:
        found = "、".join(f"“{s.title}”" for s in visible)
        raise LedgerImportError(
            [RowError(0, "工作表", f"{name} 中有多张工作表都含有必填列：{found}。请指定要导入的"
                      "一张（命令行 --sheet 工作表名，导入窗口中选择“工作表”）。")]
        )  # fmt: skip
    if fitting:
        hidden = fitting[0].title
        raise LedgerImportError(
            [RowError(0, "工作表", f"{name} 中含有必填列的工作表“{hidden}”是隐藏的：请在 Excel "
                      f"中取消隐藏后再导入，或指定这张工作表（--sheet {hidden}）。")]
        )  # fmt: skip
    # None fits: the first visible sheet is reported with its missing columns.
    return next((s for s in sheets if s.sheet_state == "visible"), sheets[0])


def _has_columns(sheet: Any, required: tuple[str, ...]) -> bool:
    first = next(sheet.iter_rows(max_row=1, values_only=True), None) or ()
    names = {_header_name(v) for v in first}
    return all(name in names for name in required)
