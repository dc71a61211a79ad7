"""报送 → 汇总: the units' tables summed from the window; a warning accepted with a typed reason."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QLineEdit

from desktop.app import AppContext
from desktop.reports import annex1
from desktop.reports.table import to_json
from desktop.reports.xlsx import render_xlsx
from desktop.ui.tasks import TaskHandle
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.rollup_panel import RollupPanel

START, END = date(2026, 1, 1), date(2026, 10, 31)


def _unit(unit: str, closed: int) -> dict[str, dict[str, int | Decimal]]:
    row: dict[str, int | Decimal] = {c.key: 1 for c in annex1.columns()}
    row["案件来源/上级交办/结案数"] = closed
    return {label: dict(row) for label in annex1.ROW_LABELS}


def _ended(qtbot, handle: TaskHandle) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: handle.done, timeout=60_000)


def test_rollup_tab_sums_files_and_asks_a_reason_for_a_warning(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx.office.save({"region": "江州市", "rollup_units": "青溪区、白沙县"})
    a = tmp_path / "a.json"
    table_a = annex1.assemble("青溪区", START, END, END, _unit("青溪区", 1))
    a.write_text(json.dumps(to_json(table_a), ensure_ascii=False), encoding="utf-8")
    b = tmp_path / "b.xlsx"  # 结案数 2 > 立案数 1: a warning to accept
    b.write_bytes(
        render_xlsx(annex1.assemble("白沙县", START, END, END, _unit("白沙县", 2)), "附表1")
    )
    panel = RollupPanel(ctx, UiSettings(tmp_path / "ui.ini"), lambda h: h)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.unit_edit.text() == "江州市"
    panel.period.set_period(START, END)
    panel.add_files([a, b, a])
    assert panel.files.count() == 2
    out = tmp_path / "city.xlsx"
    handle = panel.run(out)
    _ended(qtbot, handle)
    assert panel.result is None and not out.exists()
    assert (
        "b.xlsx：［结案数大于立案数］“生活美容机构”案件来源/上级交办：结案数 2 大于立案数 1。"
        in (panel.result_label.text())
    )
    assert list(panel.reasons) == ["结案数大于立案数"]
    edit = panel.reasons["结案数大于立案数"]
    assert isinstance(edit, QLineEdit)
    qtbot.waitUntil(lambda: edit.isVisibleTo(panel), timeout=5_000)  # shown by the layout, queued
    edit.setText("上年立案本年结案")
    handle = panel.run(out)
    _ended(qtbot, handle)
    assert panel.result is not None, panel.result_label.text()
    assert f"已汇总 2 个单位：{out}" in panel.result_label.text()
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A3"].value == "单位：江州市"
    assert book.worksheets[0]["F7"].value == 3  # 结案数: 1 + 2
    sources = book["来源"]
    assert sources["A2"].value == "汇总单位名单 2 个，已报 2 个。"
    assert "理由：上年立案本年结案" in str(sources["F5"].value)
