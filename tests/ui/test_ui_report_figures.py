"""Figures on screen carry thousands separators (issue 15 point 8): 10,686,372, not 10686372."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.reports.table import Column, ReportTable, Row
from desktop.ui.models.columns import display
from desktop.ui.models.report_table_model import ReportTableModel


def test_report_figures_and_counts_show_thousands_separators(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = ReportTable(
        name="annex1", title="附表1", unit="青溪区", period_from=date(2026, 1, 1),
        period_to=date(2026, 12, 31), filled_on=date(2027, 1, 5), corner="机构类别",
        columns=(Column(("罚没金额(元)",)), Column(("立案数",)), Column(("罚款(万元)",)),
                 Column(("检查对象数",))),
        rows=(Row("医疗美容机构", {"罚没金额(元)": Decimal("10686372.00"), "立案数": 1234,
                                   "罚款(万元)": Decimal("6.71360")}),),
    )  # fmt: skip
    model = ReportTableModel()
    model.set_table(table)
    shown = [model.data(model.index(r, 0)) for r in range(4)]
    # A cell the program cannot count stays blank, not 0.
    assert shown == ["10,686,372", "1,234", "6.7136", ""]
    assert display(10686, "count") == "10,686" and display(2026, "text") == "2026"
