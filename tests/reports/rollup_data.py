"""Inputs of the roll-up tests: three demo districts exported, and workbooks typed by hand.

The hand-filled workbooks copy the wording and merged cells of the exported layout into a plain
workbook (no styles, no casedesk properties), then type their own numbers at fixed places — the
test knows those numbers, so its sum is independent of the reader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from desktop.app import build_context
from desktop.demo.district import DemoOptions, load_demo

PERIOD = (date(2026, 1, 1), date(2026, 10, 31))
TABLES = ("annex1", "annex2", "shanxi1")
#: (seed, 所在地区) of each demo district.
DISTRICTS = ((11, "青溪区"), (22, "白沙县"), (33, "云岭区"))
HAND_UNIT = "石门县"
PERIOD_LINE = "统计期间：2026年1月1日至2026年10月31日"


@dataclass(frozen=True)
class District:
    unit: str
    #: table name → exported file
    json: dict[str, Path]
    xlsx: dict[str, Path]


def make_districts(folder: Path) -> list[District]:
    """Three demo districts (different seeds and units), each table exported as JSON and XLSX."""
    districts = []
    for seed, unit in DISTRICTS:
        ctx = build_context(str(folder / f"d{seed}"), None)
        try:
            load_demo(ctx.uow_factory, DemoOptions(seed=seed, cases=40, today=date(2026, 11, 20)))
            ctx.office.save({"region": unit})
            out = folder / f"out{seed}"
            out.mkdir()
            js, xs = {}, {}
            for name in TABLES:
                js[name] = out / f"{name}.json"
                xs[name] = out / f"{name}.xlsx"
                ctx.reports.export(name, *PERIOD, "json", js[name], date(2026, 11, 5))
                ctx.reports.export(name, *PERIOD, "xlsx", xs[name], date(2026, 11, 5))
        finally:
            ctx.close()
        districts.append(District(unit, js, xs))
    return districts


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))


def cells_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["label"]: row["cells"] for row in data["rows"]}


def copy_layout(exported: Path, last_header_row: int) -> openpyxl.Workbook:
    """A plain workbook with the export's text down to `last_header_row`, the row labels of
    column A and the merged cells — what a clerk's copy of the seed's form looks like."""
    source = openpyxl.load_workbook(exported).worksheets[0]
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in source.iter_rows():
        for cell in row:
            keep = cell.row <= last_header_row or cell.column == 1 or isinstance(cell.value, str)
            if cell.value is not None and keep:
                ws.cell(cell.row, cell.column).value = cell.value
    for rng in source.merged_cells.ranges:
        ws.merge_cells(str(rng))
    return book


#: 附表1 typed by hand: row → values left to right (the 33 columns after the label; 案件来源
#: has 上级交办, 社会举报, 日常监督检查 and 其他部门移送).
HAND_ANNEX1 = {
    "生活美容机构": [9, 7, 3] + [2, 1, 1200.5, 1, 1, 800, 4, 3, 2000, 1, 0, 0] + [1, 1, 500] * 6,
    "医疗美容机构": [12, 10, 5]
    + [3, 2, 30000, 2, 2, 5000.25, 6, 5, 8000, 2, 1, 700]
    + [2, 2, 1000] * 6,
}


def hand_annex1(exported: Path, out: Path, *, total_row: bool = True) -> None:
    """附表1 by hand: full-width brackets in one header, a number typed as text, a period line
    and a 合计 row that adds up."""
    book = copy_layout(exported, 6)
    ws = book.active
    assert ws is not None
    ws["A3"] = f"单位：{HAND_UNIT}"
    ws["G6"] = "罚没金额（元）"
    for r, label in ((7, "生活美容机构"), (8, "医疗美容机构")):
        ws.cell(r, 1).value = label
        for i, value in enumerate(HAND_ANNEX1[label]):
            ws.cell(r, i + 2).value = value
    ws["B7"] = "9"  # typed into a text cell
    # the export's notes under the table are not on the clerk's copy: row 9 is the 合计 row
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row > 8:
            ws.unmerge_cells(str(rng))
            ws.cell(rng.min_row, rng.min_col).value = None
    if total_row:
        ws["A9"] = "合计"
        for i in range(len(HAND_ANNEX1["生活美容机构"])):
            ws.cell(9, i + 2).value = (
                HAND_ANNEX1["生活美容机构"][i] + HAND_ANNEX1["医疗美容机构"][i]
            )
    ws["A11"] = PERIOD_LINE
    book.save(out)


HAND_ANNEX2 = [1, 2, 1, 0.35, 0.012345, 0]
#: 附表2's footer, typed as the export's note words it (annex2.footnotes).
HAND_ANNEX2_FOOTER = {"移送司法机关单位数": 1}
HAND_DETAILS = [
    {
        "被处罚对象": "石门县某美容工作室",
        "地址": "石门县城关镇1号",
        "案由": "未取得医疗机构执业许可证擅自执业",
    },
    {"被处罚对象": "张某", "地址": "石门县河口镇2号", "案由": "非医师行医"},
]


def hand_annex2(exported: Path, out: Path) -> None:
    book = copy_layout(exported, 5)
    ws = book.active
    assert ws is not None
    ws["A3"] = f"单位：{HAND_UNIT}"
    ws["A6"] = "合计"
    for i, value in enumerate(HAND_ANNEX2):
        ws.cell(6, i + 2).value = value
    for r, detail in enumerate(HAND_DETAILS, start=6):
        for c, header in enumerate(("被处罚对象", "地址", "案由"), start=8):
            ws.cell(r, c).value = detail[header]
    ws["A9"] = (
        "2.“移送司法机关数(人)”只计个人；"
        f"另有{HAND_ANNEX2_FOOTER['移送司法机关单位数']}个单位被移送司法机关，未计入该栏。"
    )
    ws["A10"] = PERIOD_LINE
    book.save(out)


#: 山西附件1 by hand: the group values of each row (B, D, F, H are merged 机构+人员 pairs, then
#: J, K, L), the 案件数 leaves (B..I in row 8, J..L in row 7) and the footer.
SHANXI_GROUPS = (
    "非法医疗美容/无证行医", "非法医疗美容/医疗机构", "非法制售使用药品、医疗器械/药品",
    "非法制售使用药品、医疗器械/医疗器械", "违法发布医疗美容广告", "违规发布互联网信息",
    "违规开展寄递业务信息",
)  # fmt: skip
SHANXI_ROWS = {
    "检查对象数": (6, [5, 8, 1, 0, 2, 1, 0]),
    "责令改正数": (9, [1, 3, 0, 0, 1, 0, 0]),
    "警告数": (10, [1, 2, 0, 0, 0, 0, 0]),
    "责令停业整顿户数": (11, [0, 1, 0, 0, 0, 0, 0]),
    "罚款户（人）次": (12, [2, 3, 1, 0, 1, 0, 0]),
    "罚款金额（万元）": (13, [1.5, 2.05, 0.3, 0, 0.2, 0, 0]),
    "没收违法所得（万元）": (14, [0.1234, 0, 0, 0, 0, 0, 0]),
    "吊销行政许可资质": (15, [0, 0, 0, 0, 0, 0, 0]),
    "移送司法机关": (16, [1, 0, 0, 0, 0, 0, 0]),
}
SHANXI_CASES = [1, 2, 3, 1, 1, 0, 0, 0, 2, 1, 0]  # B..I (机构, 人员 ×4), then J, K, L
SHANXI_FOOTER = {"投诉举报件数": 7, "办结件数": 6, "实施行政处罚件数": 2, "反馈件数": 5,
                 "举报人满意件数": 4, "医疗美容机构数": 9, "参加依法执业信用评价机构数": 6}  # fmt: skip


def hand_shanxi1(exported: Path, out: Path) -> None:
    """山西附件1 by hand, the footer in the seed's cells (label, value) instead of a sentence."""
    book = copy_layout(exported, 5)
    ws = book.active
    assert ws is not None
    ws["A3"] = f"单位：{HAND_UNIT}"
    value_columns = (2, 4, 6, 8, 10, 11, 12)
    for r, values in SHANXI_ROWS.values():
        for c, value in zip(value_columns, values, strict=True):
            ws.cell(r, c).value = value
    for i, value in enumerate(SHANXI_CASES):
        ws.cell(8 if i < 8 else 7, i + 2).value = value
    f = SHANXI_FOOTER
    ws["A17"] = (
        f"投诉举报情况：投诉举报 {f['投诉举报件数']} 件；办结 {f['办结件数']} 件；实施行政处罚 "
        f"{f['实施行政处罚件数']} 件；反馈 {f['反馈件数']} 件；举报人满意 {f['举报人满意件数']} 件。"
    )
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == 18:
            ws.unmerge_cells(str(rng))
    ws["A18"], ws["B18"] = "医疗美容机构数", f["医疗美容机构数"]
    ws["C18"], ws["E18"] = "参加依法执业信用评价机构数", f["参加依法执业信用评价机构数"]
    ws["A20"] = PERIOD_LINE
    book.save(out)


def hand_cells(name: str) -> tuple[dict[str, dict[str, Any]], dict[str, int], list[dict[str, str]]]:
    """What the hand-filled workbook of `name` holds, by row and JSON key (the test's own map)."""
    from desktop.reports import annex1, annex2, shanxi1

    if name == "annex1":
        keys = [c.key for c in annex1.columns()]
        return {label: dict(zip(keys, v, strict=True)) for label, v in HAND_ANNEX1.items()}, {}, []
    if name == "annex2":
        keys = [c.key for c in annex2.columns()]
        hand = {"合计": dict(zip(keys, HAND_ANNEX2, strict=True))}
        return hand, dict(HAND_ANNEX2_FOOTER), list(HAND_DETAILS)
    rows = {
        label: dict(zip(SHANXI_GROUPS, v, strict=True)) for label, (_, v) in SHANXI_ROWS.items()
    }
    leaves = [c.key for c in shanxi1.columns()]
    rows["案件数"] = dict(zip(leaves, SHANXI_CASES, strict=True))
    return rows, dict(SHANXI_FOOTER), []
