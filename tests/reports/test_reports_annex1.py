"""附表1 on a hand-built district whose right answer is stated cell by cell."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from report_datasets import Records, annex1_data

from desktop.app import AppContext
from desktop.reports.table import ReportTable

START, END = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def annex1_table(ctx: AppContext, records: Records) -> ReportTable:
    annex1_data(records)
    return ctx.reports.compute("annex1", START, END, filled_on=date(2026, 4, 3))


EXPECTED = {
    "医疗美容机构": {
        "机构数": 4,
        "检查单位数": 1,
        "行政处罚单位数": 2,
        "案件来源/上级交办/立案数": 0,
        "案件来源/上级交办/结案数": 1,
        "案件来源/上级交办/罚没金额(元)": Decimal("0"),
        "案件来源/社会举报/立案数": 0,
        "案件来源/社会举报/结案数": 0,
        "案件来源/社会举报/罚没金额(元)": Decimal("0"),
        "案件来源/日常监督检查/立案数": 2,
        "案件来源/日常监督检查/结案数": 1,
        "案件来源/日常监督检查/罚没金额(元)": Decimal("12346.17"),
        "案由分类/违反机构资质管理相关规定/立案数": 0,
        "案由分类/违反人员管理相关规定/立案数": 1,
        "案由分类/违反人员管理相关规定/结案数": 1,
        "案由分类/违反人员管理相关规定/罚没金额(元)": Decimal("12346.17"),
        "案由分类/违反医疗技术管理相关规定/立案数": 1,
        "案由分类/违反医疗技术管理相关规定/结案数": 0,
        "案由分类/违反医疗技术管理相关规定/罚没金额(元)": Decimal("0"),
        "案由分类/违反医疗质量、医疗文书管理相关规定/立案数": 1,
        "案由分类/违反药品、医疗器械管理相关规定/立案数": 0,
        "案由分类/违反药品、医疗器械管理相关规定/结案数": 1,
        "案由分类/其他违法违规行为/立案数": 0,
    },
    "生活美容机构": {
        "机构数": 1,
        "检查单位数": 1,
        "行政处罚单位数": 1,
        "案件来源/社会举报/立案数": 1,
        "案件来源/社会举报/罚没金额(元)": Decimal("200.01"),
        "案件来源/日常监督检查/立案数": 1,
        "案件来源/日常监督检查/结案数": 0,
        "案件来源/日常监督检查/罚没金额(元)": Decimal("500"),
        "案由分类/违反机构资质管理相关规定/立案数": 1,
        "案由分类/违反机构资质管理相关规定/罚没金额(元)": Decimal("500"),
        "案由分类/其他违法违规行为/立案数": 1,
        "案由分类/其他违法违规行为/罚没金额(元)": Decimal("200.01"),
        "案由分类/违反人员管理相关规定/立案数": 0,
    },
}


def test_annex1_counts_follow_the_design_rules(annex1_table: ReportTable) -> None:
    for row, cells in EXPECTED.items():
        for key, value in cells.items():
            assert annex1_table.cell(row, key) == value, (row, key)


def test_annex1_json_has_the_design_shape_and_exact_amounts(
    ctx: AppContext, annex1_table: ReportTable
) -> None:
    data = json.loads(ctx.reports.render(annex1_table, "json"))
    assert data["from"] == "2026-03-01" and data["to"] == "2026-03-31"
    assert [r["label"] for r in data["rows"]] == ["生活美容机构", "医疗美容机构"]
    cosmetic = data["rows"][1]["cells"]
    assert cosmetic["案件来源/社会举报/立案数"] == 0
    assert cosmetic["案件来源/日常监督检查/罚没金额(元)"] == 12346.17
    assert len(cosmetic) == 3 + 10 * 3  # 4 来源 (其他部门移送 added) + 6 案由, 3 figures each


def test_annex1_xlsx_reads_back_with_merged_headers_and_numbers(
    ctx: AppContext, annex1_table: ReportTable
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(annex1_table, "xlsx")))
    ws = wb.active
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert ws["B2"].value is None and ws["A2"].value == "2026年医疗美容机构监督检查工作信息汇总表"
    assert "A4:A6" in merged  # corner over the three header rows
    assert "B4:B6" in merged and ws["B4"].value == "机构数"
    assert "E4:P4" in merged and ws["E4"].value == "案件来源"
    # 案由分类 spans two printed pages: one merge a page, each with the whole header.
    assert {"Q4:Y4", "Z4:AH4"} <= merged and ws["Q4"].value == ws["Z4"].value == "案由分类"
    assert "K5:M5" in merged and ws["K5"].value == "日常监督检查"
    assert "N5:P5" in merged and ws["N5"].value == "其他部门移送"
    assert [ws.cell(6, c).value for c in (5, 6, 7)] == ["立案数", "结案数", "罚没金额(元)"]
    assert ws["A3"].value == "单位：" and ws["I3"].value == "填表日期：2026年4月3日"
    assert ws.print_title_rows == "$4:$6" and ws.print_title_cols == "$A:$A"
    # Three A4 landscape pages (机构+来源 | 案由 1–3 | 案由 4–6), not one page at 5 pt.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.scale >= 80
    assert [b.id for b in ws.col_breaks.brk] == [16, 25]
    # Same figures as the JSON, as numbers, column by column.
    data = json.loads(ctx.reports.render(annex1_table, "json"))
    headers = [c.key for c in annex1_table.columns]
    for offset, row in enumerate(data["rows"]):
        assert ws.cell(7 + offset, 1).value == row["label"]
        for i, key in enumerate(headers):
            cell = ws.cell(7 + offset, 2 + i)
            assert isinstance(cell.value, int | float), (row["label"], key, cell.value)
            assert cell.value == row["cells"][key]
    assert ws.cell(8, 11 + 2).number_format == "#,##0.00"
