"""Each check of the roll-up (issue 20, point 2): the refusal or warning, its file and reason."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.common.errors import ValidationError
from desktop.common.sentences import clause
from desktop.reports import annex1, annex2
from desktop.reports.rollup import render_rollup, roll_up
from desktop.reports.table import Number, ReportTable, to_json
from desktop.reports.xlsx import render_xlsx

START, END = date(2026, 1, 1), date(2026, 10, 31)
OK = {"结案数大于立案数": "x", "处罚单位数大于机构数": "x"}


def _annex1(unit: str, **changes: Number) -> ReportTable:
    """附表1 with plausible figures (结案 ≤ 立案, 处罚单位 ≤ 机构), `changes` by JSON key in the
    医疗美容机构 row."""
    cells: dict[str, dict[str, Number]] = {}
    for label in annex1.ROW_LABELS:
        row: dict[str, Number] = {}
        for column in annex1.columns():
            leaf = column.path[-1]
            row[column.key] = {"机构数": 5, "检查单位数": 3, "行政处罚单位数": 2, "立案数": 2,
                               "结案数": 1, "罚没金额(元)": Decimal("100.5")}[leaf]  # fmt: skip
        cells[label] = row
    cells["医疗美容机构"].update(changes)
    return annex1.assemble(unit, START, END, END, cells)


def _json(path: Path, table: ReportTable, **top: Any) -> Path:
    data = to_json(table) | top
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _hand(path: Path, table: ReportTable, label: str = "附表1") -> openpyxl.Workbook:
    """The casedesk layout copied into a plain workbook (no styles, no period property)."""
    source = openpyxl.load_workbook(io.BytesIO(render_xlsx(table, label))).worksheets[0]
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in source.iter_rows():
        for cell in row:
            ws.cell(cell.row, cell.column).value = cell.value
    for rng in source.merged_cells.ranges:
        ws.merge_cells(str(rng))
    book.save(path)
    return book


def _refusal(name: str, paths: list[Path], **kw: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        roll_up(name, START, END, paths, unit="市", filled_on=END, **kw)
    return str(caught.value)


def _says(message: str, reason: str) -> bool:
    """The refusal holds `reason` as one whole clause: its own closing mark may have become the
    "；" that joins it to the next (desktop/common/sentences), its text not."""
    body = clause(reason)
    return any(f"{body}{mark}" in message for mark in "。；")


def test_another_table_is_refused(tmp_path: Path) -> None:
    table2 = annex2.assemble("白沙县", START, END, END, {})
    paths = [_json(tmp_path / "a.json", _annex1("青溪区")), _json(tmp_path / "b.json", table2)]
    assert "b.json：是附表2“无证医疗美容场所“回头看”排查情况信息汇总表”，不是附表1。" in _refusal(
        "annex1", paths
    )


def test_another_period_is_refused(tmp_path: Path) -> None:
    path = _json(tmp_path / "a.json", _annex1("青溪区"), **{"from": "2026-02-01"})
    assert (
        "a.json：统计期间为 2026-02-01 至 2026-10-31，不是本次汇总的 2026-01-01 至 2026-10-31。"
        in _refusal("annex1", [path])
    )


def test_a_workbook_without_period_is_a_warning_and_another_title_year_a_refusal(
    tmp_path: Path,
) -> None:
    book = _hand(tmp_path / "h.xlsx", _annex1("青溪区"))
    message = _refusal("annex1", [tmp_path / "h.xlsx"])
    assert (
        "h.xlsx：［未注明统计期间］工作簿没有注明统计期间，无法核对是否为 2026-01-01 至 2026-10-31。"
        in message
    )
    rollup = roll_up("annex1", START, END, [tmp_path / "h.xlsx"], unit="市", filled_on=END,
                     accept={"未注明统计期间": "电话核实为1—10月数据"})  # fmt: skip
    assert rollup.inputs[0].period is None
    sources = openpyxl.load_workbook(io.BytesIO(render_rollup(rollup, "xlsx")))["来源"]
    assert "理由：电话核实为1—10月数据" in str(sources["F4"].value)
    assert sources["E4"].value == "未注明"
    ws = book.active
    assert ws is not None
    ws["A2"] = "2025年医疗美容机构监督检查工作信息汇总表"
    book.save(tmp_path / "h.xlsx")
    assert "h.xlsx：标题中的年份 2025 不在本次汇总期间 2026-01-01 至 2026-10-31 内。" in _refusal(
        "annex1", [tmp_path / "h.xlsx"], accept={"未注明统计期间": "x"}
    )


def test_the_same_unit_twice_is_refused(tmp_path: Path) -> None:
    a = _json(tmp_path / "a.json", _annex1("青溪区"))
    b = tmp_path / "b.xlsx"
    b.write_bytes(render_xlsx(_annex1("青溪区"), "附表1"))
    message = _refusal("annex1", [a, b])
    assert f"{b}：单位“青溪区”已在 {a} 中报送，同一单位只能汇总一次。" in message


def test_a_unit_off_the_list_is_refused_and_a_missing_one_is_a_warning(tmp_path: Path) -> None:
    a = _json(tmp_path / "a.json", _annex1("青溪区"))
    b = _json(tmp_path / "b.json", _annex1("外县"))
    listed = ("青溪区", "白沙县", "云岭区")
    message = _refusal("annex1", [a, b], expected_units=listed)
    assert _says(message, "b.json：单位“外县”不在汇总单位名单中（青溪区、白沙县、云岭区）。")
    message = _refusal("annex1", [a], expected_units=listed)
    assert "汇总单位：［缺报单位］已报 1/3 个单位，未报：白沙县、云岭区。" in message
    rollup = roll_up("annex1", START, END, [a], unit="市", filled_on=END, expected_units=listed,
                     accept={"缺报单位": "白沙县、云岭区逾期未报，先行汇总"})  # fmt: skip
    out = json.loads(render_rollup(rollup, "json"))
    assert out["coverage"] == "汇总单位名单 3 个，已报 1 个。"
    assert out["warnings_accepted"] == [
        {"file": "汇总单位", "kind": "缺报单位", "warning": "已报 1/3 个单位，未报：白沙县、云岭区。",
         "reason": "白沙县、云岭区逾期未报，先行汇总"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("机构数", 1.5, "“1.5”不是非负整数。"),
        ("检查单位数", -1, "“-1”不是非负整数。"),
        ("案件来源/社会举报/罚没金额(元)", 12.345, "“12.345”不是金额（元，非负，最多两位小数）。"),
    ],
)
def test_a_figure_that_is_not_a_count_or_amount_is_refused(
    tmp_path: Path, key: str, value: Any, reason: str
) -> None:
    table = _annex1("青溪区")
    data = to_json(table)
    data["rows"][1]["cells"][key] = value
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _says(_refusal("annex1", [path]), f"a.json：行“医疗美容机构”栏目“{key}”：{reason}")


def test_text_in_a_figure_cell_and_wan_yuan_finer_than_a_fen_name_the_cell(tmp_path: Path) -> None:
    book = _hand(tmp_path / "h.xlsx", _annex1("青溪区"))
    ws = book.active
    assert ws is not None
    ws["C8"] = "三"
    ws["A12"] = "统计期间：2026-01-01至2026-10-31"
    book.save(tmp_path / "h.xlsx")
    assert "h.xlsx：单元格 C8：“三”不是非负整数。" in _refusal("annex1", [tmp_path / "h.xlsx"])
    table2 = annex2.assemble(
        "白沙县", START, END, END, {"合计": {"罚款金额(万元)": Decimal("0.0000001")}}
    )
    path = _json(tmp_path / "b.json", table2)
    assert "“0.0000001”不是金额（万元，非负，精确到分）。" in _refusal("annex2", [path])


def test_a_total_row_that_does_not_add_up_is_refused_naming_the_cell(tmp_path: Path) -> None:
    book = _hand(tmp_path / "h.xlsx", _annex1("青溪区"))
    ws = book.active
    assert ws is not None
    for rng in list(ws.merged_cells.ranges):  # the notes under the table give way to 合计
        if rng.min_row == 9:
            ws.unmerge_cells(str(rng))
    ws["A9"] = "合计"
    for c in range(2, 2 + len(annex1.columns())):
        ws.cell(9, c).value = ws.cell(7, c).value + ws.cell(8, c).value
    ws["B9"] = 11  # 5 + 5
    ws["A12"] = "统计期间：2026年1月1日至2026年10月31日"
    book.save(tmp_path / "h.xlsx")
    message = _refusal("annex1", [tmp_path / "h.xlsx"])
    assert "h.xlsx：单元格 B9：合计 11 不等于各行之和 10。" in message
    assert message.count("合计") == 1  # the other 32 totals add up
    ws["B9"] = 10
    book.save(tmp_path / "h.xlsx")
    rollup = roll_up("annex1", START, END, [tmp_path / "h.xlsx"], unit="市", filled_on=END)
    assert rollup.table.cell("医疗美容机构", "机构数") == 5  # the 合计 row is not a unit's row


def test_a_total_column_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    data = to_json(_annex1("青溪区"))
    data["rows"][0]["cells"]["案件来源/合计/立案数"] = 7  # 2 + 2 + 2 + 2
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert (
        "a.json：行“生活美容机构”栏目“案件来源/合计/立案数”：合计 7 不等于“上级交办”、“社会举报”、"
        "“日常监督检查”、“其他部门移送”之和 8。" in _refusal("annex1", [path])
    )
    data["rows"][0]["cells"]["案件来源/合计/立案数"] = 8
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert (
        roll_up("annex1", START, END, [path], unit="市", filled_on=END).table.cell(
            "生活美容机构", "案件来源/上级交办/立案数"
        )
        == 2
    )


def test_closed_over_filed_and_punished_over_on_record_are_warnings_accepted_with_a_reason(
    tmp_path: Path,
) -> None:
    table = _annex1("青溪区", **{"行政处罚单位数": 6, "案由分类/其他违法违规行为/结案数": 3})
    path = _json(tmp_path / "a.json", table)
    message = _refusal("annex1", [path])
    assert (
        "a.json：［处罚单位数大于机构数］“医疗美容机构”行政处罚单位数 6 大于机构数 5。" in message
    )
    assert (
        "a.json：［结案数大于立案数］“医疗美容机构”案由分类/其他违法违规行为：结案数 3 大于立案数 2。"
        in message
    )
    assert "可注明理由接受：结案数大于立案数=理由" in message
    assert "处罚单位数大于机构数" in _refusal(
        "annex1", [path], accept={"结案数大于立案数": "上年立案"}
    )
    rollup = roll_up("annex1", START, END, [path], unit="市", filled_on=END,
                     accept={"结案数大于立案数": "上年立案本年结案", "处罚单位数大于机构数": "1家已注销"})  # fmt: skip
    row = json.loads(render_rollup(rollup, "json"))["sources"][0]
    assert "理由：上年立案本年结案" in row["warnings_accepted"]
    assert "理由：1家已注销" in row["warnings_accepted"]


def test_a_header_that_is_not_the_tables_is_refused_naming_its_cell(tmp_path: Path) -> None:
    book = _hand(tmp_path / "h.xlsx", _annex1("青溪区"))
    ws = book.active
    assert ws is not None
    ws["H5"] = "社会投诉"
    book.save(tmp_path / "h.xlsx")
    assert (
        "h.xlsx：单元格 H5：表头“社会投诉”（案件来源/社会投诉/立案数）不是附表1的栏目。"
        in _refusal("annex1", [tmp_path / "h.xlsx"])
    )
    ws["H5"] = "社会举报"
    ws["D4"] = None
    book.save(tmp_path / "h.xlsx")
    assert "h.xlsx：表头（第 4–6 行）缺少附表1的栏目 “行政处罚单位数”。" in _refusal(
        "annex1", [tmp_path / "h.xlsx"]
    )


def test_unreadable_inputs_are_refused_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    book = _hand(tmp_path / "c.xlsx", _annex1("青溪区"))
    ws = book.active
    assert ws is not None
    ws["B7"] = "=1+2"  # typed by openpyxl: no cached result
    book.save(tmp_path / "c.xlsx")
    message = _refusal("annex1", [tmp_path / "a.csv", tmp_path / "b.json", tmp_path / "c.xlsx"])
    assert "a.csv：只能汇总 JSON 或 XLSX 文件" in message
    assert "b.json：不是有效的 JSON" in message
    assert (
        "c.xlsx：单元格 B7 是公式但没有计算结果，请在 Excel/WPS 中打开、保存后再汇总。" in message
    )
