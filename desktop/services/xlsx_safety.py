"""Writing untrusted text into XLSX cells safely: never a formula, never broken XML.

openpyxl turns any string starting with "=" into a formula, and Excel runs "=cmd|…" DDE
payloads from such cells. Exporters (annex tables, ledgers) write every text value through
`set_cell` so a record's text reaches Excel only as text.
"""

from __future__ import annotations

from typing import Any

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
            cell.data_type = "s"  # inline string: shown as typed, never evaluated
        return
    cell.value = value


def append_row(sheet: Any, values: list[object]) -> None:
    """Append a row of values to a worksheet through set_cell."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row=row, column=column), value)
