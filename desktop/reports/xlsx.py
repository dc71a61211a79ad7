"""Render a ReportTable to XLSX in the seeds' official layout (merged headers, print set-up)."""

from __future__ import annotations

import io
from copy import copy
from dataclasses import replace
from itertools import pairwise

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from desktop.common.xlsx_safety import set_cell
from desktop.reports.table import Column, ReportTable, Row

FONT_NAME = "宋体"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: Header rows start here: 1 = 附表 label, 2 = title, 3 = 单位/填表日期.
FIRST_HEADER_ROW = 4


def text_width(text: str) -> float:
    """Excel's width units a text takes: a CJK character about two Latin ones."""
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _header_label(column: Column, level: int) -> str | None:
    depth = column.header_depth or len(column.path)
    return column.path[level] if level < depth else None


def _write_headers(ws: Worksheet, table: ReportTable, top: int, depth: int) -> None:
    ws.merge_cells(start_row=top, start_column=1, end_row=top + depth - 1, end_column=1)
    _box(ws.cell(top, 1), table.corner, bold=True)
    cols = table.columns
    for level in range(depth):
        start = 0
        while start < len(cols):
            label = _header_label(cols[start], level)
            if label is None:
                start += 1
                continue
            prefix = cols[start].path[: level + 1]
            end = start
            while (
                end + 1 < len(cols)
                and _header_label(cols[end + 1], level) is not None
                and cols[end + 1].path[: level + 1] == prefix
            ):
                end += 1
            leaf_here = all(
                _header_label(cols[i], level + 1) is None for i in range(start, end + 1)
            )
            bottom = top + depth - 1 if leaf_here else top + level
            row = top + level
            if end > start or bottom > row:
                ws.merge_cells(
                    start_row=row, start_column=start + 2, end_row=bottom, end_column=end + 2
                )
            _box(ws.cell(row, start + 2), label, bold=True)
            start = end + 1
    for r in range(top, top + depth):
        for c in range(1, len(cols) + 2):
            ws.cell(r, c).border = BORDER


def _box(cell: Cell, value: object, *, bold: bool = False) -> None:
    set_cell(cell, value)
    cell.font = Font(name=FONT_NAME, size=10, bold=bold)
    cell.alignment = CENTER
    cell.border = BORDER


def _write_row(ws: Worksheet, table: ReportTable, row: Row, r: int) -> int:
    keys = [c.key for c in table.columns]
    first = r
    if row.sub_header:
        # The seed puts 机构/人员 inside the body under 案件数: one label row, one value row.
        for i, column in enumerate(table.columns):
            depth = column.header_depth or len(column.path)
            if depth < len(column.path):
                _box(ws.cell(r, i + 2), column.path[-1])
            else:
                ws.merge_cells(start_row=r, start_column=i + 2, end_row=r + 1, end_column=i + 2)
        ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
        r += 1
    _box(ws.cell(first, 1), row.label)
    spanned = {a: (k, b) for k, (a, b) in row.spans.items()}
    for i, column in enumerate(table.columns):
        cell = ws.cell(r, i + 2)
        cell.border = BORDER
        if column.key in spanned:
            key, partner = spanned[column.key]
            ws.merge_cells(
                start_row=r, start_column=i + 2, end_row=r, end_column=keys.index(partner) + 2
            )
            value = row.cells.get(key)
        else:
            value = row.cells.get(column.key)
        if value is None:
            continue
        target = ws.cell(first, i + 2) if row.sub_header and not _in_body(table, column) else cell
        _box(target, value)
        target.number_format = row.number_format or column.number_format
    for rr in range(first, r + 1):
        for c in range(1, len(table.columns) + 2):
            ws.cell(rr, c).border = BORDER
    return r + 1


def render_xlsx(table: ReportTable, annex_label: str = "") -> bytes:
    """The table as XLSX bytes: one sheet, A4 landscape, fit to one page wide, print titles."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    write_sheet(ws, table, annex_label)
    mark_workbook(wb, table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: Custom document properties naming the table and its period: the layout has no cell for the
#: period, and the roll-up (reports.rollup_xlsx) checks it when it reads the workbook back.
TABLE_PROPERTY, FROM_PROPERTY, TO_PROPERTY = "casedesk.table", "casedesk.from", "casedesk.to"


def mark_workbook(wb: Workbook, table: ReportTable) -> None:
    """Record the table's name and period in the workbook's custom properties."""
    for name, value in (
        (TABLE_PROPERTY, table.name),
        (FROM_PROPERTY, table.period_from.isoformat()),
        (TO_PROPERTY, table.period_to.isoformat()),
    ):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))


def write_sheet(ws: Worksheet, table: ReportTable, annex_label: str = "") -> None:
    """Write the table on a sheet in the seed's layout (the sheet takes the table's title)."""
    ws.title = table.title[:31]
    figures = len(table.columns) + 1  # the label column and the figures
    if table.details_group:
        # 附表2: 具体信息 columns beside the figures; their rows continue under the print titles.
        grouped = tuple(Column((table.details_group, h)) for h in table.detail_headers)
        table = replace(table, columns=table.columns + grouped)
    ncols = len(table.columns) + 1
    depth = max((c.header_depth or len(c.path)) for c in table.columns)
    _box(ws.cell(1, 1), annex_label)
    ws.cell(1, 1).border = Border()
    ws.cell(1, 1).alignment = Alignment(horizontal="left")
    # A table printed on several pages keeps its title, 单位/日期 line and notes on the first
    # page's width, so that no page edge cuts them.
    width = 1 + table.page_breaks[0] if table.page_breaks else ncols
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    set_cell(ws.cell(2, 1), table.title)
    ws.cell(2, 1).font = Font(name=FONT_NAME, size=16, bold=True)
    ws.cell(2, 1).alignment = CENTER
    ws.row_dimensions[2].height = 30
    half = max(2, width // 2)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=half)
    set_cell(ws.cell(3, 1), f"单位：{table.unit}")
    ws.merge_cells(start_row=3, start_column=half + 1, end_row=3, end_column=width)
    filled = table.filled_on
    set_cell(ws.cell(3, half + 1), f"填表日期：{filled.year}年{filled.month}月{filled.day}日")
    ws.cell(3, half + 1).alignment = Alignment(horizontal="right")
    for c in (ws.cell(3, 1), ws.cell(3, half + 1)):
        c.font = Font(name=FONT_NAME, size=11)
    _write_headers(ws, table, FIRST_HEADER_ROW, depth)
    r = FIRST_HEADER_ROW + depth
    body = r
    for row in table.rows:
        r = _write_row(ws, table, row, r)
    # Sized while the details are still on the table: the 具体信息 columns fit their text.
    widths = _size_columns(ws, table)
    if table.details_group:
        r = _write_detail_columns(ws, table, body, figures)
        table = replace(table, details=())
    r = _write_footer(ws, table, r, width)
    _fit_row_heights(ws, widths, FIRST_HEADER_ROW, r - 1)
    _page_setup(ws, FIRST_HEADER_ROW, FIRST_HEADER_ROW + depth - 1)
    if table.page_breaks:
        _split_pages(ws, widths, table.page_breaks)
        _split_header_merges(ws, FIRST_HEADER_ROW, FIRST_HEADER_ROW + depth - 1, table.page_breaks)


def _in_body(table: ReportTable, column: Column) -> bool:
    return column.header_depth is not None and column.header_depth < len(column.path)


def _write_footer(ws: Worksheet, table: ReportTable, r: int, ncols: int) -> int:
    # A split table repeats column A on every page: its notes start in B, or page 2 would
    # print their first characters.
    a = 2 if table.page_breaks else 1
    for text in table.footer_text:
        ws.merge_cells(start_row=r, start_column=a, end_row=r, end_column=ncols)
        set_cell(ws.cell(r, a), text)
        ws.cell(r, a).font = Font(name=FONT_NAME, size=10)
        ws.cell(r, a).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        ws.row_dimensions[r].height = 22
        r += 1
    if table.details:
        r += 1
        set_cell(ws.cell(r, 1), "具体信息")
        ws.cell(r, 1).font = Font(name=FONT_NAME, size=11, bold=True)
        r += 1
        spans = _detail_spans(len(table.detail_headers), ncols)
        for i, header in enumerate(table.detail_headers):
            a, b = spans[i]
            ws.merge_cells(start_row=r, start_column=a, end_row=r, end_column=b)
            _box(ws.cell(r, a), header, bold=True)
        r += 1
        for detail in table.details:
            for i, header in enumerate(table.detail_headers):
                a, b = spans[i]
                ws.merge_cells(start_row=r, start_column=a, end_row=r, end_column=b)
                _box(ws.cell(r, a), detail.get(header, ""))
                for c in range(a, b + 1):
                    ws.cell(r, c).border = BORDER
            r += 1
    if table.note:
        set_cell(ws.cell(r, 1), table.note)
        ws.cell(r, 1).font = Font(name=FONT_NAME, size=10)
        r += 1
    return r


def _write_detail_columns(ws: Worksheet, table: ReportTable, top: int, first_col: int) -> int:
    """One punished object a row in the columns after `first_col`, from the first body row on;
    the figures stay in that first row. Returns the row after the last."""
    for offset, detail in enumerate(table.details):
        r = top + offset
        for c in range(1, len(table.columns) + 2):
            ws.cell(r, c).border = BORDER
        for j, header in enumerate(table.detail_headers):
            _box(ws.cell(r, first_col + 1 + j), detail.get(header, ""))
    if len(table.rows) == 1 and len(table.details) > 1:
        # One row of figures (合计) beside many objects: each figure spans their rows, so no
        # empty grid stands under it.
        last = top + len(table.details) - 1
        for c in range(1, first_col + 1):
            ws.merge_cells(start_row=top, start_column=c, end_row=last, end_column=c)
    return top + max(len(table.details), len(table.rows))


def _detail_spans(count: int, ncols: int) -> list[tuple[int, int]]:
    width = max(1, ncols // count)
    spans = []
    for i in range(count):
        a = 1 + i * width
        b = ncols if i == count - 1 else a + width - 1
        spans.append((a, b))
    return spans


def _size_columns(ws: Worksheet, table: ReportTable) -> list[float]:
    label_width = max([text_width(table.corner)] + [text_width(r.label) for r in table.rows])
    widths = [min(max(label_width + 2, 10), 24)]
    for column in table.columns:
        # The leaf header wraps to lines of ~5 CJK characters; amounts need room for 1,234,567.89.
        width = min(text_width(column.path[-1]) + 1.5, 11.0)
        if column.number_format != "0":
            width = max(width, 12.0)
        if column.path[0] == table.details_group:
            # detail text (名称, 地址, 案由) wraps to lines of ~12 CJK characters
            texts = [d.get(column.path[-1], "") for d in table.details]
            width = min(max([text_width(t) + 1.5 for t in texts] + [width]), 26.0)
        if table.page_breaks and column.number_format == "0":
            widths.append(SPLIT_COUNT_WIDTH)  # a split table: narrow counts, more on a page
            continue
        widths.append(max(width, 7.5))
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    return widths


def _fit_row_heights(ws: Worksheet, widths: list[float], first: int, last: int) -> None:
    """Row heights that show every wrapped line (LibreOffice does not grow merged rows itself)."""
    lines = dict.fromkeys(range(first, last + 1), 1)
    spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    for row in range(first, last + 1):
        for col in range(1, len(widths) + 1):
            value = ws.cell(row, col).value
            if not isinstance(value, str):
                continue
            merged = spans.get((row, col))
            cols = range(col, (merged.max_col if merged else col) + 1)
            rows = (merged.max_row if merged else row) - row + 1
            room = sum(widths[c - 1] for c in cols) - 1
            needed = -(-text_width(value) // max(room, 1))
            lines[row] = max(lines[row], int(-(-needed // rows)))
    for row, count in lines.items():
        ws.row_dimensions[row].height = 15 * count + 3


def _page_setup(ws: Worksheet, header_first: int, header_last: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


#: Side margins of a table split over pages (inches): narrower than one page's 0.4, so that a
#: part of 附表1 prints at 8 pt or more.
SPLIT_MARGIN_IN = 0.25
#: A4 landscape width less those margins, in mm.
A4_LANDSCAPE_PRINTABLE_MM = 297 - 2 * SPLIT_MARGIN_IN * 25.4
#: Body figures are 10 pt; printed at no less than 8 pt.
BODY_PT, MIN_PRINTED_PT = 10, 8


#: LibreOffice prints a column about 1.2 × the width Excel's formula gives (measured on 附表1:
#: at 80 % a part estimated at 241 mm did not fit 284 mm); the scale allows 1.25.
WIDTH_MARGIN = 1.25
#: Count columns of a split table: room for four digits; the header wraps.
SPLIT_COUNT_WIDTH = 6.0


def column_mm(width: float) -> float:
    """Printed width of a column of `width` character units (Excel: 7 px a unit + 5 px, 96 dpi),
    with WIDTH_MARGIN for the suites that draw it wider."""
    return (7 * width + 5) * 25.4 / 96 * WIDTH_MARGIN


def split_scale(widths: list[float], breaks: tuple[int, ...]) -> int:
    """The print scale (%) at which the widest page part — label column plus its figures — fits
    A4 landscape."""
    label, figures = widths[0], widths[1:]
    edges = [0, *breaks, len(figures)]
    widest = max(
        column_mm(label) + sum(column_mm(w) for w in figures[a:b]) for a, b in pairwise(edges)
    )
    return min(100, int(100 * A4_LANDSCAPE_PRINTABLE_MM / widest))


def _split_pages(ws: Worksheet, widths: list[float], breaks: tuple[int, ...]) -> None:
    """Print a wide table on several A4 landscape pages, not one page at an unreadable size:
    a column break after each group, the label column and the header rows on every page."""
    for leaf_count in breaks:
        ws.col_breaks.append(Break(id=1 + leaf_count))  # after the label column and the leaves
    ws.print_title_cols = "A:A"
    ws.page_margins.left = ws.page_margins.right = SPLIT_MARGIN_IN
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = None
    ws.page_setup.scale = split_scale(widths, breaks)


def _split_header_merges(ws: Worksheet, first: int, last: int, breaks: tuple[int, ...]) -> None:
    """A group header merged across a page break (案由分类) is cut into one merge a page, each
    with the whole header text, so that no page prints half a word."""
    edges = [1 + b for b in breaks]  # the last sheet column of each page but the last
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row < first or merged.max_row > last:
            continue
        cuts = [e for e in edges if merged.min_col <= e < merged.max_col]
        if not cuts:
            continue
        top, bottom, left, right = merged.min_row, merged.max_row, merged.min_col, merged.max_col
        source = ws.cell(top, left)
        value, font, alignment = source.value, copy(source.font), copy(source.alignment)
        ws.unmerge_cells(str(merged))
        starts = [left, *(e + 1 for e in cuts)]
        ends = [*cuts, right]
        for a, b in zip(starts, ends, strict=True):
            ws.merge_cells(start_row=top, start_column=a, end_row=bottom, end_column=b)
            cell = ws.cell(top, a)
            cell.value, cell.font, cell.alignment = value, copy(font), copy(alignment)
            for r in range(top, bottom + 1):
                for c in range(a, b + 1):
                    ws.cell(r, c).border = BORDER
