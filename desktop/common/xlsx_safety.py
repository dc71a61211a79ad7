"""Writing untrusted text into XLSX cells safely: never a formula, never broken XML.

openpyxl turns any string starting with "=" into a formula, and Excel runs "=cmd|…" DDE
payloads from such cells. Exporters (annex tables, ledgers) write every text value through
`set_cell` (or `append_row` / `write_only_row`) so a record's text reaches Excel only as text.
This is the one place that decides how text goes into a cell.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: First characters spreadsheet programs treat as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


#: Excel shows at most this many characters in a cell (and truncates longer ones on load).
MAX_CELL_CHARS = 32_767


def clean_text(value: str) -> str:
    """The text without the control characters XML cannot hold, cut to Excel's cell limit."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))[:MAX_CELL_CHARS]


def set_cell(cell: Any, value: object) -> None:
    """Write a value; text is stored as a string cell even when it looks like a formula."""
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        if text.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"  # a string cell: shown as typed, never evaluated
            cell.quotePrefix = True  # and Excel keeps it text when the clerk edits the cell
        return
    cell.value = value


def append_row(sheet: Any, values: list[object]) -> None:
    """Append a row of values to a worksheet through set_cell."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row=row, column=column), value)


def write_only_row(sheet: Any, values: list[object]) -> list[Any]:
    """A row for a write-only worksheet's append(), every value in a cell made by set_cell."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet)
        set_cell(cell, value)
        cells.append(cell)
    return cells
