"""Reading a 机构名录 or 案件台账 workbook: the sheet and its header row found by the required
columns, each data row as {header: cell}, and the row errors every step reports (all at once,
at most MAX_REPORTED_ERRORS)."""

from __future__ import annotations

import itertools
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook

from desktop.common.errors import CasedeskError

#: Report at most this many errors (a wrong file would otherwise print 10,000 lines).
MAX_REPORTED_ERRORS = 500


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (row 0 means the file or its header)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行 " if self.row else ""
        return f"{where}“{self.column}”：{self.message}"


class LedgerImportError(CasedeskError):
    """Nothing was imported; `errors` lists every bad row with its column and reason."""

    def __init__(self, errors: list[RowError], total_errors: int | None = None) -> None:
        self.errors = errors
        self.total_errors = total_errors if total_errors is not None else len(errors)
        more = self.total_errors - len(errors)
        lines = [str(e) for e in errors] + ([f"……另有{more}处错误未列出。"] if more > 0 else [])
        super().__init__("导入失败，没有导入任何记录：\n" + "\n".join(lines))


Row = dict[str, Any]


#: What openpyxl reads (.xlsx and its macro/template variants).
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    """(Excel row number, {header: value}) for each non-empty row of the first sheet."""
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
        workbook = load_workbook(path, read_only=True, data_only=True)
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
    try:
        yield from _sheet_rows(workbook, required, path)
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
    """A header cell as the column name it means: ASCII brackets, no spaces, no trailing *."""
    if cell is None:
        return ""
    return "".join(str(cell).translate(_HEADER_FORMS).split()).rstrip("*")


def _sheet_rows(workbook: Any, required: tuple[str, ...], path: Path) -> Iterator[tuple[int, Row]]:
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None) or ()
        headers = [_header_name(h) for h in header_cells]
        missing = [name for name in required if name not in headers]
        if missing:
            raise LedgerImportError(
                [RowError(1, name, "缺少这一必填列（第1行应为列名）。") for name in missing]
                + _title_rows_hint(rows, required)
            )
        positions = {name: i for i, name in reversed(list(enumerate(headers))) if name}
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield (
                number,
                {name: values[i] if i < len(values) else None for name, i in positions.items()},
            )
    except (
        ElementTree.ParseError,
        zlib.error,
        zipfile.BadZipFile,
        EOFError,
        IndexError,
        KeyError,
        ValueError,
    ) as error:
        # The sheet is read lazily: damage inside it only shows while reading the rows.
        raise LedgerImportError(
            [RowError(0, "文件", f"{path.name} 已损坏，无法读取表格内容：{error}")]
        ) from None
