"""报送 → 信息公示: the period's decisions with their 公示 state, the 双公示 export from the window
(recording the 公示日期), and the 公开版 of the selected decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from desktop.ui.pages.packets_page import PacketsPage
from desktop.ui.tasks import TaskHandle

pytestmark = pytest.mark.slow

START, END = date(2026, 10, 1), date(2026, 10, 31)


def _ended(qtbot, handle: TaskHandle) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: handle.done, timeout=180_000)


def test_decisions_are_listed_exported_and_published(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("报送")
    assert isinstance(page, PacketsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=30_000)
    panel = page.publication
    page.tabs.setCurrentWidget(panel)
    panel.period.set_period(START, END)
    panel.refresh()
    states = page.ctx.publish.states(START, END)
    assert panel.model.rowCount() == len(states) > 0
    assert f"共 {len(states)} 件处罚决定" in panel.result_label.text()
    # without the decisions' 文号 the export is refused, naming a case; nothing is written
    out = tmp_path / "公示.xlsx"
    _ended(qtbot, panel.export("penalties", out))
    boxes = [b.text() for b in panel.findChildren(QMessageBox)]
    assert any("请先生成决定书" in text for text in boxes) and not out.exists()
    for box in panel.findChildren(QMessageBox):
        box.close()
    for state in states:  # closed cases are locked: a numbered document needs a 重新打开 (issue 15)
        if page.ctx.cases.is_locked(state.case_id):
            page.ctx.audit.reopen_case(state.case_id, "测试：补发决定书文号")
    page.ctx.documents.generate_batch("penalty_decision", [s.case_id for s in states], tmp_path)
    _ended(qtbot, panel.export("penalties", out))
    assert panel.result is not None and panel.result.count == len(states)
    assert f"已导出 {len(states)} 条" in panel.result_label.text()
    assert load_workbook(out).active.max_row == len(states) + 1
    # the 公开版 of the first listed decision
    panel.view.selectRow(0)
    selected = panel.selected()
    assert selected is not None and selected.case_id == states[0].case_id
    _ended(qtbot, panel.public_copy(selected.case_id, tmp_path / "公开版"))
    assert panel.result.pdf_path is not None and panel.result.pdf_path.exists()
    assert "行政处罚决定书（公开版）" in panel.result_label.text()
