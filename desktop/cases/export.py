"""Export a list of cases to an Excel file (案件清单), cancellable, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from desktop.cases.cases import CaseService
from desktop.common.progress import BuildCancelledError, Cancel, Progress, is_cancelled
from desktop.common.xlsx_safety import write_only_row
from desktop.trust.file_store import atomic_write

HEADERS = ("案号", "当事人", "当事人类型", "案由", "案由分类", "案件来源", "镇街", "环节",
           "立案日期", "处罚决定日期", "结案日期", "罚款金额(元)", "没收违法所得(元)")  # fmt: skip
#: Rows read per query while exporting.
CHUNK = 500


def export_cases(
    cases: CaseService,
    ids: Sequence[int],
    path: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> int:
    """Write these cases (in this order) to an XLSX file; returns the number of rows."""
    # Read everything first: a cancelled export then leaves no half-built workbook behind.
    lines: list[list[object]] = []
    total = len(ids)
    for start in range(0, total, CHUNK):
        if is_cancelled(cancel):
            raise BuildCancelledError("已取消导出，没有写入文件。")
        for r in cases.rows(list(ids[start : start + CHUNK])):
            lines.append([r.case_no, r.party_name, r.party_type, r.cause, r.cause_category,
                          r.source, r.town, r.status, r.filed_on, r.decided_on, r.closed_on,
                          r.fine_fen / 100, r.confiscation_fen / 100])  # fmt: skip
        if progress is not None:
            progress(min(start + CHUNK, total), total, "正在导出案件清单")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("案件清单")
    sheet.append(list(HEADERS))
    for line in lines:
        sheet.append(write_only_row(sheet, line))

    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, buffer.getvalue())
    return total
