"""The roll-up (issue 20): a city or province office sums its units' annex tables, checked.

`roll_up` reads every input (reports.rollup_read / rollup_xlsx), checks each and all together
(reports.rollup_checks), refuses with every file and reason at once, and sums the figures cell by
cell under the JSON keys. The sum is shaped by the annex module's own `assemble`, so it is the
table `report` writes, and the output — XLSX (the sum in the seed's layout, 分单位, 来源) or JSON
(the export's keys plus units and sources) — is itself a valid input one level up.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from desktop.common.errors import ValidationError
from desktop.common.xlsx_safety import set_cell
from desktop.reports.rollup_checks import (
    WARNING_KINDS,
    UnitTable,
    check_set,
    check_unit,
    period_text,
)
from desktop.reports.rollup_layout import LAYOUTS
from desktop.reports.rollup_read import Issue, RawTable, UnreadableError, read_json
from desktop.reports.rollup_xlsx import read_xlsx
from desktop.reports.table import Number, ReportTable, Row, to_json
from desktop.reports.xlsx import (
    BORDER,
    CENTER,
    FONT_NAME,
    mark_workbook,
    text_width,
    write_sheet,
)
from forms.validators import FieldError

BY_UNIT_SHEET, SOURCES_SHEET = "分单位", "来源"
SOURCE_HEADERS = ("序号", "文件", "SHA-256", "单位", "统计期间", "已接受的提示及理由")


class RollupRefusedError(ValidationError):
    """Refused: every file and reason; `pending` the warning kinds still to accept (the 汇总 tab
    asks a reason for each)."""

    def __init__(self, errors: list[FieldError], issues: list[Issue], accept: dict[str, str]):
        super().__init__(errors, "未汇总")
        self.issues = issues
        self.refusals = [i for i in issues if not i.kind]
        self.pending = tuple(dict.fromkeys(
            i.kind for i in issues if i.kind and not accept.get(i.kind, "").strip()
        ))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Accepted:
    """A warning the clerk accepted, and why."""

    issue: Issue
    reason: str

    def __str__(self) -> str:
        return f"［{self.issue.kind}］{self.issue.reason} 理由：{self.reason}"


@dataclass(frozen=True, slots=True)
class Rollup:
    """The sum, each unit's table, and where each came from."""

    table: ReportTable
    units: tuple[ReportTable, ...]
    inputs: tuple[UnitTable, ...]
    accepted: tuple[Accepted, ...]
    expected_units: tuple[str, ...]


def parse_units(text: str) -> tuple[str, ...]:
    """The 汇总单位 setting: names separated by 、，, ; or line breaks (empty: no list)."""
    for sep in "，,;；\n\r\t":
        text = text.replace(sep, "、")
    return tuple(dict.fromkeys(u.strip() for u in text.split("、") if u.strip()))


def roll_up(
    name: str,
    start: date,
    end: date,
    paths: list[Path],
    *,
    unit: str,
    filled_on: date,
    expected_units: tuple[str, ...] = (),
    accept: dict[str, str] | None = None,
) -> Rollup:
    """Read, check and sum; raises ValidationError naming each refused file and reason."""
    accept = accept or {}
    _check_request(name, start, end, paths, unit, accept)
    issues: list[Issue] = []
    tables: list[UnitTable] = []
    for path in paths:
        try:
            table, found = check_unit(read_input(path))
        except UnreadableError as error:
            issues.append(Issue(str(path), str(error)))
            continue
        tables.append(table)
        issues += found
    issues += check_set(tables, name, start, end, expected_units)
    refused = [FieldError(i.file, i.reason) for i in issues if not i.kind]
    refused += [
        FieldError(i.file, f"［{i.kind}］{i.reason}（如确认无误，可注明理由接受：{i.kind}=理由）")
        for i in issues
        if i.kind and not accept.get(i.kind, "").strip()
    ]
    if refused:
        raise RollupRefusedError(refused, issues, accept)
    accepted = tuple(Accepted(i, accept[i.kind].strip()) for i in issues if i.kind)
    return _sum(name, start, end, unit, filled_on, tables, accepted, expected_units)


def read_input(path: Path) -> RawTable:
    """Read a JSON or XLSX table; raises UnreadableError with the reason."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableError(f"无法读取文件（{error.strerror or error}）。") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_json(str(path), data)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(str(path), data)
    raise UnreadableError("只能汇总 JSON 或 XLSX 文件（.xls 请先在 Excel/WPS 中另存为 .xlsx）。")


def _check_request(
    name: str, start: date, end: date, paths: list[Path], unit: str, accept: dict[str, str]
) -> None:
    errors: list[FieldError] = []
    if name not in LAYOUTS:
        errors.append(FieldError("报表", f"“{name}”不能汇总（可汇总：{'、'.join(LAYOUTS)}）。"))
    if end < start:
        errors.append(FieldError("结束日期", f"不能早于开始日期 {start.isoformat()}。"))
    if not paths:
        errors.append(FieldError("输入文件", "至少需要一个。"))
    if not unit.strip():
        errors.append(
            FieldError("单位", "汇总表的单位未填写（在设置中填写所在地区，或另行指定）。")
        )
    errors += [
        FieldError(kind, f"不是可接受的提示类别（可接受：{'、'.join(WARNING_KINDS)}）。")
        for kind in accept
        if kind not in WARNING_KINDS
    ]
    if errors:
        raise ValidationError(errors, "汇总")


def _sum(
    name: str,
    start: date,
    end: date,
    unit: str,
    filled_on: date,
    tables: list[UnitTable],
    accepted: tuple[Accepted, ...],
    expected_units: tuple[str, ...],
) -> Rollup:
    layout = LAYOUTS[name]
    cells: dict[str, dict[str, Number]] = {}
    for label, keys in layout.row_keys.items():
        cells[label] = {k: sum((t.cells[label].get(k, 0) for t in tables), start=0) for k in keys}
    footer = tuple(
        (k, sum((t.footer.get(k, 0) for t in tables), start=0)) for k in layout.footer_keys
    )
    details = tuple(d for t in tables for d in t.details)
    table = layout.assemble(unit, start, end, filled_on, cells, footer, details)
    units = tuple(
        layout.assemble(t.unit, start, end, filled_on, t.cells, tuple(t.footer.items()), t.details)
        for t in tables
    )
    return Rollup(table, units, tuple(tables), accepted, expected_units)


def by_unit_table(rollup: Rollup) -> ReportTable:
    """The 分单位 sheet: the same columns, each unit's rows under its name."""
    rows: list[Row] = []
    for table in rollup.units:
        for row in table.rows:
            label = table.unit if len(table.rows) == 1 else f"{table.unit}·{row.label}"
            rows.append(replace(row, label=label))
    sum_table = rollup.table
    headers = ("单位", *sum_table.detail_headers) if sum_table.detail_headers else ()
    return replace(
        sum_table,
        title=f"{sum_table.title}（分单位）",
        corner="单位",
        rows=tuple(rows),
        footer_text=tuple(f"{t.unit}：{'　'.join(t.footer_text)}" for t in rollup.units)
        if sum_table.footer_text
        else (),
        details_group="",
        detail_headers=headers,
        details=tuple({"单位": t.unit, **d} for t in rollup.units for d in t.details),
        note="",
    )


def source_rows(rollup: Rollup) -> list[dict[str, str]]:
    """One row per input file: file, sha256, unit, period, the warnings accepted with it."""
    rows = []
    for table in rollup.inputs:
        accepted = [str(a) for a in rollup.accepted if a.issue.file == table.file]
        rows.append(
            {
                "file": Path(table.file).name,  # what was received (not this PC's folders)
                "sha256": table.sha256,
                "unit": table.unit,
                "period": period_text(table.period),
                "warnings_accepted": "；".join(accepted),
            }
        )
    return rows


def render_rollup_xlsx(rollup: Rollup) -> bytes:
    """The sum in the seed's layout, then 分单位 and 来源; the workbook carries the period."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    label = LAYOUTS[rollup.table.name].label
    write_sheet(first, rollup.table, label)
    by_unit = wb.create_sheet()
    write_sheet(by_unit, by_unit_table(rollup), label)
    by_unit.title = BY_UNIT_SHEET
    _write_sources(wb.create_sheet(SOURCES_SHEET), rollup)
    mark_workbook(wb, rollup.table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_sources(ws: Worksheet, rollup: Rollup) -> None:
    set_cell(ws.cell(1, 1), f"{rollup.table.title} 汇总来源")
    ws.cell(1, 1).font = Font(name=FONT_NAME, size=14, bold=True)
    set_cell(ws.cell(2, 1), _coverage(rollup))
    ws.cell(2, 1).font = Font(name=FONT_NAME, size=10)
    for c, header in enumerate(SOURCE_HEADERS, start=1):
        _boxed(ws, 3, c, header, bold=True)
    for r, row in enumerate(source_rows(rollup), start=4):
        values = (str(r - 3), row["file"], row["sha256"], row["unit"], row["period"],
                  row["warnings_accepted"])  # fmt: skip
        for c, value in enumerate(values, start=1):
            _boxed(ws, r, c, value)
    general = [
        str(a) for a in rollup.accepted if a.issue.file not in {t.file for t in rollup.inputs}
    ]
    if general:
        r = 4 + len(rollup.inputs)
        set_cell(ws.cell(r, 1), "已接受的提示：" + "；".join(general))
        ws.cell(r, 1).font = Font(name=FONT_NAME, size=10)
    widths = (6, 24, 38, 14, 24, 50)
    for letter, width in zip("ABCDEF", widths, strict=True):
        ws.column_dimensions[letter].width = width
    for r in range(4, 4 + len(rollup.inputs)):
        # LibreOffice does not grow a row for wrapped text by itself
        lines = max(
            -(-text_width(str(ws.cell(r, c).value or "")) // (w - 1))
            for c, w in enumerate(widths, start=1)
        )
        ws.row_dimensions[r].height = 15 * max(1, int(lines)) + 3
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _boxed(ws: Worksheet, r: int, c: int, value: str, *, bold: bool = False) -> None:
    cell = ws.cell(r, c)
    set_cell(cell, value)
    cell.font = Font(name=FONT_NAME, size=10, bold=bold)
    cell.alignment = CENTER if bold else Alignment(vertical="center", wrap_text=True)
    cell.border = BORDER


def _coverage(rollup: Rollup) -> str:
    count = len(rollup.inputs)
    if not rollup.expected_units:
        return f"汇总单位 {count} 个（未设汇总单位名单，不核对缺报）。"
    sent = sum(1 for t in rollup.inputs if t.unit in rollup.expected_units)
    return f"汇总单位名单 {len(rollup.expected_units)} 个，已报 {sent} 个。"


def rollup_json(rollup: Rollup) -> dict[str, Any]:
    """The export's JSON of the sum (a valid input one level up) with units and sources."""
    out = to_json(rollup.table)
    out["table"] = rollup.table.name
    out["units"] = [to_json(t) for t in rollup.units]
    out["sources"] = source_rows(rollup)
    out["expected_units"] = list(rollup.expected_units)
    out["coverage"] = _coverage(rollup)
    out["warnings_accepted"] = [
        {"file": a.issue.file, "kind": a.issue.kind, "warning": a.issue.reason, "reason": a.reason}
        for a in rollup.accepted
    ]
    return out


def render_rollup(rollup: Rollup, fmt: str) -> bytes:
    """XLSX or JSON bytes of the roll-up."""
    if fmt == "json":
        return json.dumps(rollup_json(rollup), ensure_ascii=False, indent=2).encode("utf-8")
    return render_rollup_xlsx(rollup)
