"""Every annex XLSX repeats exactly its table's header rows on each printed page."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from report_datasets import Records, annex1_data, annex2_data, shanxi_data

from desktop.app import AppContext

CASES = {
    # table: (data set, period, header rows, the corner/first header cell)
    "annex1": (annex1_data, (date(2026, 3, 1), date(2026, 3, 31)), (4, 6), "机构类别"),
    "annex2": (annex2_data, (date(2026, 6, 1), date(2026, 6, 30)), (4, 5), "项目"),
    "shanxi1": (shanxi_data, (date(2026, 9, 1), date(2026, 9, 30)), (4, 5), "处理情况"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_print_titles_are_the_header_rows(ctx: AppContext, records: Records, name: str) -> None:
    fill, period, (first, last), corner = CASES[name]
    fill(records)
    table = ctx.reports.compute(name, *period, filled_on=date(2026, 10, 8))
    ws = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(table, "xlsx"))).active
    assert ws.print_title_rows == f"${first}:${last}"
    # the row above is the 单位/填表日期 line, the header's corner spans exactly the title rows
    assert str(ws.cell(first - 1, 1).value).startswith("单位：")
    assert ws.cell(first, 1).value == corner
    assert f"A{first}:A{last}" in {str(m) for m in ws.merged_cells.ranges}
    # the first row below the titles is a body row with its label
    assert ws.cell(last + 1, 1).value == table.rows[0].label
