"""Writing an export as XLSX (one sheet, a heading row, every value a text cell) or CSV (UTF-8
with BOM, which Excel and WPS open as UTF-8). Text cells keep 统一社会信用代码, dates and 万元
amounts exactly as built: no spreadsheet program turns them into numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.common.errors import ValidationError
from desktop.common.xlsx_safety import FORMULA_PREFIXES, clean_text, set_cell
from desktop.publish.columns import Column
from desktop.trust.file_store import atomic_write
from forms.validators import FieldError

FORMATS = (".xlsx", ".csv")
#: Column width in characters (a heading's length, within these bounds).
MIN_WIDTH, MAX_WIDTH = 10, 40


def check_target(path: Path) -> None:
    """Refuse an output file of another kind before anything is computed or marked."""
    if path.suffix.lower() not in FORMATS:
        raise ValidationError(
            [FieldError("输出文件", f"{path.name} 应以 .xlsx 或 .csv 结尾。")], "导出"
        )


def render_xlsx(columns: Sequence[Column], rows: Sequence[dict[str, str]], title: str) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = title[:31]
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        set_cell(cell, column.heading)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = min(
            MAX_WIDTH, max(MIN_WIDTH, 2 * len(column.heading))
        )
    for r, values in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            cell = sheet.cell(row=r, column=c)
            set_cell(cell, values.get(column.key, ""))
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_text(value: str) -> str:
    """A value Excel/WPS opens as text: an apostrophe before a formula's first character."""
    text = clean_text(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def render_csv(columns: Sequence[Column], rows: Sequence[dict[str, str]]) -> bytes:
    """The CSV's bytes (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.heading for c in columns])
    for values in rows:
        writer.writerow([_csv_text(values.get(c.key, "")) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def write_export(path: Path, columns: Sequence[Column], rows: Sequence[dict[str, str]],
                 title: str) -> None:  # fmt: skip
    """Write the file whole (a temp file renamed), XLSX or CSV by its suffix."""
    check_target(path)
    if path.suffix.lower() == ".csv":
        data = render_csv(columns, rows)
    else:
        data = render_xlsx(columns, rows, title)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
