"""Reading an annex workbook in the seed's layout: casedesk's XLSX or one typed by hand.

The first sheet is read by its wording, not by fixed cells: the title names the table, "单位："
the unit, the rows between the title lines and the first row label are the headers. A column's
header path is the text of its header cells top to bottom, a merged cell counting once, compared
leniently (reports.rollup_layout.norm); 山西附件1's 机构/人员 come from the 案件数 row. A header
that is not the table's is refused naming its cell, a missing one naming the header rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.reports.rollup_layout import LAYOUTS, TOTAL, Layout, identify, norm
from desktop.reports.rollup_read import Figure, RawTable, UnreadableError, sha256_of
from desktop.reports.xlsx import FROM_PROPERTY, TABLE_PROPERTY, TO_PROPERTY

#: The title and 单位 lines are looked for in the first rows only.
HEAD_ROWS = 8
_UNIT = re.compile(r"^(?:各)?单位\s*[:：]\s*(.*?)\s*(?:填表日期.*)?$")
_DAY = r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?"
_PERIOD = re.compile(_DAY + r"\s*(?:至|到|~|—|－|-)\s*" + _DAY)
#: Footer figures (山西附件1) in the sentence casedesk writes or the seed's cells.
_FOOTER = {
    "投诉举报件数": r"投诉举报\s*[:：]?\s*(\d+)\s*件",
    "办结件数": r"办结\s*[:：]?\s*(\d+)\s*件",
    "实施行政处罚件数": r"实施行政处罚\s*[:：]?\s*(\d+)\s*件",
    "反馈件数": r"反馈\s*[:：]?\s*(\d+)\s*件",
    "举报人满意件数": r"举报人满意\s*[:：]?\s*(\d+)\s*件",
    "医疗美容机构数": r"(?<!评价)医疗美容机构数\s*[:：]?\s*(\d+)",
    "参加依法执业信用评价机构数": r"参加依法执业信用评价机构数\s*[:：]?\s*(\d+)",
    # 附表2's note prints its footer figure only when it is not 0 (annex2.footnotes)
    "移送司法机关单位数": r"另有\s*(\d+)\s*个单位被移送司法机关",
}


class _Sheet:
    """A sheet with merged cells resolved to their top-left cell."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.top: dict[tuple[int, int], tuple[int, int]] = {}
        self.width: dict[tuple[int, int], int] = {}
        for rng in ws.merged_cells.ranges:
            self.width[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.top[(r, c)] = (rng.min_row, rng.min_col)

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self.top.get((r, c), (r, c))

    def value(self, r: int, c: int) -> object:
        return self.ws.cell(*self.origin(r, c)).value

    def own(self, r: int, c: int) -> object:
        """The cell's value only when it is not covered by a merge from another cell."""
        return self.ws.cell(r, c).value if self.origin(r, c) == (r, c) else None

    def text(self, r: int, c: int) -> str:
        value = self.value(r, c)
        return value.strip() if isinstance(value, str) else ""


def _cell(r: int, c: int) -> str:
    return f"{get_column_letter(c)}{r}"


def read_xlsx(file: str, data: bytes) -> RawTable:
    """The unit's table from the workbook's first sheet; raises UnreadableError naming the cell."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableError(f"不是可读取的 XLSX 工作簿（{error}）。") from None
    ws = book.worksheets[0]
    _refuse_formulas_without_result(ws, formulas.worksheets[0])
    sheet = _Sheet(ws)
    title_row, name, title = _title(sheet)
    layout = LAYOUTS[name]
    unit_row, unit = _unit(sheet, title_row)
    raw = RawTable(file, sha256_of(data), name, unit, title)
    raw.period = _stored_period(book) or _typed_period(sheet)
    header_top = max(title_row, unit_row) + 1
    body_top = _body_top(sheet, layout, header_top)
    columns = _columns(sheet, layout, header_top, body_top)
    _read_body(sheet, layout, raw, columns, body_top)
    return raw


def _refuse_formulas_without_result(values: Worksheet, formulas: Worksheet) -> None:
    for row in formulas.iter_rows():
        for cell in row:
            if cell.data_type == "f" and values[cell.coordinate].value is None:
                raise UnreadableError(
                    f"单元格 {cell.coordinate} 是公式但没有计算结果，"
                    "请在 Excel/WPS 中打开、保存后再汇总。"
                )


def _title(sheet: _Sheet) -> tuple[int, str, str]:
    for r in range(1, min(HEAD_ROWS, sheet.ws.max_row) + 1):
        for c in range(1, sheet.ws.max_column + 1):
            text = sheet.text(r, c)
            name = identify(text) if text else None
            if name is not None:
                return r, name, text
    known = "、".join(layout.title for layout in LAYOUTS.values())
    raise UnreadableError(f"第一个工作表的前 {HEAD_ROWS} 行没有可汇总附表的标题（{known}）。")


def _unit(sheet: _Sheet, title_row: int) -> tuple[int, str]:
    for r in range(title_row + 1, min(title_row + 3, sheet.ws.max_row) + 1):
        for c in range(1, sheet.ws.max_column + 1):
            found = _UNIT.match(sheet.text(r, c))
            if found:
                return r, found.group(1).strip()
    raise UnreadableError(f"标题下没有“单位：”一栏（第 {title_row + 1} 行起）。")


def _stored_period(book: openpyxl.Workbook) -> tuple[date, date] | None:
    props = {p.name: str(p.value) for p in book.custom_doc_props}
    if TABLE_PROPERTY not in props:
        return None
    try:
        return date.fromisoformat(props[FROM_PROPERTY]), date.fromisoformat(props[TO_PROPERTY])
    except (KeyError, ValueError):
        return None


def _typed_period(sheet: _Sheet) -> tuple[date, date] | None:
    """A period typed in a cell: 统计期间：2026年3月1日至2026年3月31日 (or ISO dates)."""
    for row in sheet.ws.iter_rows():
        for cell in row:
            found = _PERIOD.search(cell.value) if isinstance(cell.value, str) else None
            if found:
                n = [int(x) for x in found.groups()]
                try:
                    return date(n[0], n[1], n[2]), date(n[3], n[4], n[5])
                except ValueError:
                    return None
    return None


def _body_top(sheet: _Sheet, layout: Layout, header_top: int) -> int:
    labels = {norm(label) for label in layout.rows}
    for r in range(header_top, sheet.ws.max_row + 1):
        if sheet.origin(r, 1) == (r, 1) and norm(sheet.text(r, 1)) in labels:
            if r == header_top:
                break
            return r
    wanted = "、".join(layout.rows)
    raise UnreadableError(f"第 A 列没有找到{layout.label}的行（{wanted}），或表头缺失。")


def _header_path(sheet: _Sheet, c: int, top: int, bottom: int) -> tuple[list[str], list[int]]:
    """The header texts of column c top to bottom (a merged cell once), and their rows."""
    path: list[str] = []
    rows: list[int] = []
    seen: set[tuple[int, int]] = set()
    for r in range(top, bottom):
        origin = sheet.origin(r, c)
        text = sheet.text(r, c)
        if origin in seen or not text:
            continue
        seen.add(origin)
        path.append(text)
        rows.append(origin[0])
    return path, rows


#: A column as read: its key (None until the 案件数 row names 机构/人员), or a detail header,
#: or a total column's path.
Mapped = dict[int, tuple[str, str]]


def _columns(sheet: _Sheet, layout: Layout, top: int, body_top: int) -> Mapped:
    """Column number → (kind, key): kind "cell", "split" (key = header path; the leaf comes
    from the body), "detail" or "total"."""
    by_header: dict[str, list[str]] = {}
    for column in layout.columns:
        by_header.setdefault("/".join(norm(p) for p in layout.header_path(column)), []).append(
            column.key
        )
    details = {norm(h): h for h in layout.detail_headers}
    mapped: Mapped = {}
    rows = f"第 {top}–{body_top - 1} 行" if body_top - 1 > top else f"第 {top} 行"
    for c in range(2, sheet.ws.max_column + 1):
        path, places = _header_path(sheet, c, top, body_top)
        if not path:
            continue
        parts = [norm(p) for p in path]
        key = "/".join(parts)
        if layout.details_group and parts[0] == norm(layout.details_group):
            if parts[-1] not in details:
                raise UnreadableError(_not_ours(layout, places, c, path))
            mapped[c] = ("detail", details[parts[-1]])
        elif TOTAL in parts:
            mapped[c] = ("total", "/".join(path))
        elif key in by_header:
            keys = by_header[key]
            mapped[c] = ("cell", keys[0]) if len(keys) == 1 else ("split", key)
        else:
            raise UnreadableError(_not_ours(layout, places, c, path))
    found = {norm(k) for kind, k in mapped.values() if kind == "cell"}
    found |= {k for kind, k in mapped.values() if kind == "split"}
    missing = [
        "/".join(layout.header_path(col))
        for col in layout.columns
        if col.key not in {k for _, k in mapped.values()}
        and "/".join(norm(p) for p in layout.header_path(col)) not in found
    ]
    missing += [h for h in layout.detail_headers if h not in {k for _, k in mapped.values()}]
    if missing:
        names = "、".join(f"“{m}”" for m in dict.fromkeys(missing))
        raise UnreadableError(f"表头（{rows}）缺少{layout.label}的栏目 {names}。")
    return mapped


def _not_ours(layout: Layout, rows: list[int], c: int, path: list[str]) -> str:
    """Name the first header cell of the column whose wording no column of the table has."""
    known = [tuple(norm(p) for p in layout.header_path(col)) for col in layout.columns]
    known += [(norm(layout.details_group), norm(h)) for h in layout.detail_headers]
    parts = [norm(p) for p in path]
    level = next(
        (
            i
            for i in range(len(parts))
            if not any(k[: i + 1] == tuple(parts[: i + 1]) for k in known)
        ),
        len(parts) - 1,
    )
    cell = _cell(rows[level], c)
    return f"单元格 {cell}：表头“{path[level]}”（{'/'.join(path)}）不是{layout.label}的栏目。"


def _read_body(sheet: _Sheet, layout: Layout, raw: RawTable, cols: Mapped, top: int) -> None:
    labels = {norm(label): label for label in layout.rows}
    leaves = {norm(c.path[-1]) for c in layout.columns if c.header_depth}
    split_keys = {k: [c.key for c in layout.columns if
                      "/".join(norm(p) for p in layout.header_path(c)) == k]
                  for kind, k in cols.values() if kind == "split"}  # fmt: skip
    r = top
    while r <= sheet.ws.max_row:
        bottom = r
        while bottom + 1 <= sheet.ws.max_row and sheet.origin(bottom + 1, 1) == (r, 1):
            bottom += 1
        label = norm(sheet.text(r, 1))
        if label in labels or (label == TOTAL and TOTAL not in labels):
            name = labels.get(label, TOTAL)
            raw.row_places[name] = f"单元格 {_cell(r, 1)}"
            raw.rows[name] = _row_cells(sheet, cols, split_keys, leaves, r, bottom)
        elif label:
            _footer_or_other(sheet, layout, raw, cols, r)
        for line in range(r, bottom + 1):  # 附表2's 合计 spans the rows of its objects
            _details(sheet, raw, cols, line)
        r = bottom + 1


def _row_cells(
    sheet: _Sheet,
    cols: Mapped,
    split_keys: dict[str, list[str]],
    leaves: set[str],
    top: int,
    bottom: int,
) -> dict[str, Figure]:
    cells: dict[str, Figure] = {}
    sub: dict[int, str] = {}  # a split column's 机构/人员 label in this row block
    for c, (kind, key) in cols.items():
        if kind == "detail":
            continue
        for r in range(top, bottom + 1):
            value = sheet.own(r, c)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if kind == "split" and isinstance(value, str) and norm(value) in leaves:
                sub[c] = norm(value)
                continue
            cell_key = key
            if kind == "split":
                leaf = sub.get(c)
                full = [k for k in split_keys[key] if leaf and norm(k.split("/")[-1]) == leaf]
                # a merged 机构+人员 cell holds the group's one figure (its key is the group's)
                group = "/".join(split_keys[key][0].split("/")[:-1])
                cell_key = full[0] if full and sheet.width.get((r, c), 1) == 1 else group
            if cell_key in cells:
                raise UnreadableError(
                    f"单元格 {_cell(r, c)}：“{sheet.text(top, 1)}”行的“{cell_key}”只应有一个数"
                    f"（已在{cells[cell_key].where}读到）；机构、人员两格请合并后填写。"
                )
            cells[cell_key] = Figure(value, f"单元格 {_cell(r, c)}")
    return cells


def _footer_or_other(sheet: _Sheet, layout: Layout, raw: RawTable, cols: Mapped, r: int) -> None:
    """A line under the table: the footer's figures, a note, or a row that is not the table's."""
    values = [sheet.own(r, c) for c in range(1, sheet.ws.max_column + 1)]
    line = " ".join(str(v).strip() for v in values if v is not None)
    for key, pattern in _FOOTER.items():
        found = re.search(pattern, line)
        if key in layout.footer_keys and found:
            raw.footer[key] = Figure(int(found.group(1)), f"第 {r} 行“{key}”")
    numbers = [c for c, (kind, _) in cols.items()
               if kind != "detail" and isinstance(sheet.own(r, c), int | float)]  # fmt: skip
    if numbers and not any(re.search(p, line) for p in _FOOTER.values()):
        raise UnreadableError(
            f"单元格 {_cell(r, 1)}：行“{sheet.text(r, 1)}”不是{layout.label}的行。"
        )


def _details(sheet: _Sheet, raw: RawTable, cols: Mapped, r: int) -> None:
    places = {c: key for c, (kind, key) in cols.items() if kind == "detail"}
    # a note merged across the whole line (附表2's 注) is not a detail row
    detail = {key: sheet.text(r, c) if sheet.origin(r, c)[1] in places else ""
              for c, key in places.items()}  # fmt: skip
    if any(detail.values()):
        raw.details.append(detail)
