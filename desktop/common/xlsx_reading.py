"""Reading untrusted XLSX files: every row and column of every sheet, even when the file says
otherwise. The one place that opens a workbook for an import (案件台账, 机构名录, 裁量基准,
检查清单)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def open_read_only(path: Path) -> Any:
    """The workbook read-only, formulas as their cached values, each sheet read to its last cell.

    The read-only reader stops at a sheet's <dimension>, which exporters that write it before
    their last row leave stale: rows below it and columns right of it were silently never read
    (3 cases imported as 1, a 罚款金额 as 0). openpyxl's own errors pass through: each import
    says in its own words that the file is no workbook."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()
    return workbook
