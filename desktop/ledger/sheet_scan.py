"""What openpyxl's fast reader does not report about a sheet, found in one pass over its XML:
merged cells (all but the first cell read as blank), formulas saved without their result (they
read as blank: `=1000*2` became 0) and error values (#REF!, which would be stored as text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.xml.functions import iterparse

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW, _MERGE = f"{_NS}c", f"{_NS}row", f"{_NS}mergeCell"
_FORMULA, _VALUE = f"{_NS}f", f"{_NS}v"

#: (Excel row, column index from 1) of a cell.
Cell = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range: its text (D1:E1) and bounds."""

    ref: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int

    def covers(self, row: int, column: int) -> bool:
        """Whether a cell lies inside the range."""
        return self.min_row <= row <= self.max_row and self.min_col <= column <= self.max_col


@dataclass
class SheetScan:
    """The sheet's merged ranges, formulas without a saved result, and error values."""

    merges: list[Merge] = field(default_factory=list)
    #: Cell → the formula (without "=") whose result was never saved.
    uncached: dict[Cell, str] = field(default_factory=dict)
    #: Cell → the error value Excel shows (#REF!, #DIV/0!, #N/A …).
    error_values: dict[Cell, str] = field(default_factory=dict)


def scan_sheet(workbook: Any, sheet: Any) -> SheetScan:
    """Scan a sheet of a workbook opened read-only (openpyxl keeps its zip open as `_archive`
    and the sheet's part name as `_worksheet_path`; the read-only reader has no public API
    for merged cells or for formulas alongside their cached values)."""
    scan = SheetScan()
    if not _mentions_findings(workbook, sheet):
        return scan
    last_row, column = 0, 0
    with workbook._archive.open(sheet._worksheet_path) as source:
        for _event, element in iterparse(source):
            tag = element.tag
            if tag == _CELL:
                cell = _position(element.get("r"), last_row + 1, column)
                column = cell[1]
                _scan_cell(element, cell, scan)
                element.clear()
            elif tag == _ROW:
                last_row = int(element.get("r") or last_row + 1)
                column = 0
                element.clear()
            elif tag == _MERGE and element.get("ref"):
                _add_merge(element.get("ref"), scan)
    return scan


#: What a sheet with something to report contains: a formula, a merged range, an error value
#: (tags may carry a namespace prefix such as x:). Most ledgers have none, and a byte search
#: is some twenty times faster than parsing every cell.
#: (A false hit only costs the full parse.)
_FINDING_RES = (
    re.compile(rb"<(?:[A-Za-z0-9_]+:)?(?:f|mergeCell)[\s/>]"),
    re.compile(rb"t=[\"']e[\"']"),
)
_CHUNK = 1 << 20
_OVERLAP = 64


def _mentions_findings(workbook: Any, sheet: Any) -> bool:
    with workbook._archive.open(sheet._worksheet_path) as source:
        tail = b""
        while chunk := source.read(_CHUNK):
            text = tail + chunk
            if any(pattern.search(text) for pattern in _FINDING_RES):
                return True
            tail = chunk[-_OVERLAP:]
    return False


def _position(ref: str | None, row: int, column: int) -> Cell:
    """A cell's (row, column): from its r="D5", else the next column of the current row (a
    row's own number is only known once the row has been read; generators that leave r out
    number their rows one after the other)."""
    if not ref:
        return row, column + 1
    letters, number = coordinate_from_string(ref)
    return number, column_index_from_string(letters)


def _scan_cell(element: Any, cell: Cell, scan: SheetScan) -> None:
    value = element.findtext(_VALUE)
    if element.get("t") == "e":
        scan.error_values[cell] = value or "#VALUE!"
        return
    formula = element.find(_FORMULA)
    # Excel saves a formula whose result is "" (=IF(A2="","",…)) as t="str" with an empty
    # value; any other formula without a value was never calculated.
    if formula is not None and not value and not (value == "" and element.get("t") == "str"):
        scan.uncached[cell] = formula.text or ""


def _add_merge(ref: str, scan: SheetScan) -> None:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (TypeError, ValueError):
        return
    if None in (min_col, min_row, max_col, max_row):
        return
    scan.merges.append(Merge(ref, int(min_col or 0), int(min_row or 0), int(max_col or 0),
                             int(max_row or 0)))  # fmt: skip
