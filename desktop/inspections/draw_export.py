"""The 检查名单 of a recorded draw as an XLSX workbook, ready to print or upload."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from desktop.common.xlsx_safety import set_cell
from desktop.inspections.draw import DrawRecord
from desktop.trust.file_store import atomic_write

#: Column headers and widths (characters) of the list.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("检查对象", 30),
    ("统一社会信用代码", 22),
    ("机构类别", 14),
    ("所在镇街", 10),
    ("地址", 34),
    ("执法人员", 12),
    ("执法证号", 18),
    ("执法人员", 12),
    ("执法证号", 18),
    ("检查日期", 12),
    ("备注", 14),
)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def list_title(plan_title: str) -> str:
    """“…联合双随机检查工作方案” → “…联合双随机检查名单”."""
    base = plan_title.removesuffix("工作方案").removesuffix("方案")
    return base + ("名单" if base.endswith("检查") else "检查名单")


def _meta_line(record: DrawRecord) -> str:
    line = (
        f"抽取记录第 {record.id} 号；检查对象名单 {record.population} 户，抽取方式 {record.requested}，"
        f"实抽 {len(record.objects)} 户；随机种子 {record.seed}；抽取人 {record.drawn_by}；"
        f"抽取时间 {record.drawn_at:%Y-%m-%d %H:%M}"
    )
    if record.replaces_draw_id is not None:
        line += f"；本次为重新抽取，取代第 {record.replaces_draw_id} 号记录，理由：{record.reason}"
    if record.replaced_by_draw_id is not None:
        line += f"；注意：本记录已被第 {record.replaced_by_draw_id} 号重新抽取取代"
    return line + "。"


def export_draw_xlsx(record: DrawRecord, out: Path) -> Path:
    """Write the 检查名单 of `record` to `out` (atomically); returns the path."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "检查名单"
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    set_cell(sheet["A1"], list_title(record.plan_title))
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells(f"A2:{last}2")
    set_cell(sheet["A2"], _meta_line(record))
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[2].height = 36
    for col, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=3, column=col, value=title)
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = _BOX
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row, obj in enumerate(record.objects, start=4):
        values: list[object] = [obj.position, obj.name, obj.credit_code, obj.kind, obj.town,
                                obj.address]  # fmt: skip
        for name, badge in obj.officers:
            values += [name, badge]
        values += ["", ""]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col)
            set_cell(cell, value)
            cell.border = _BOX
            cell.alignment = Alignment(
                wrap_text=True, vertical="center", horizontal="center" if col == 1 else None
            )
            # Credit codes and badge numbers stay text (no scientific notation, no lost zeros).
            cell.number_format = "@" if col != 1 else "General"
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(out, buffer.getvalue())
    return out
