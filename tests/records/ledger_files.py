"""Build 机构名录 / 案件台账 workbooks for tests, with headers in any order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def write_sheet(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """A workbook whose first sheet has these headers and rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
