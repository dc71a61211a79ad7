"""设置 → 节假日与调休: days typed into 2027, refused ones explained, the year marked complete."""

from __future__ import annotations

from datetime import date

from ui_keys import type_date

from desktop.app import AppContext
from desktop.calendar.holidays import YEAR_BUILT_IN, YEAR_DRAFT, YEAR_ENTERED
from desktop.ui.widgets.holidays_panel import HolidaysPanel


def _panel(qtbot, ctx: AppContext, year: int) -> HolidaysPanel:  # type: ignore[no-untyped-def]
    panel = HolidaysPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.year.blockSignals(True)
    panel.year.setValue(year)
    panel.year.blockSignals(False)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.refresh()
    return panel


def _type(panel: HolidaysPanel, day: date, workday: bool, name: str = "") -> bool:
    type_date(panel.day_edit, day.strftime("%Y%m%d"))
    panel.kind.setCurrentIndex(1 if workday else 0)
    panel.name_edit.setText(name)
    return panel.add_day()


def test_a_year_is_typed_in_and_completed(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, ctx, 2027)
    assert "尚未录入" in panel.state_label.text() and not panel.complete_button.isEnabled()
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert _type(panel, date(2027, 1, 1), False, "元旦")
    assert panel.state == YEAR_DRAFT and panel.complete_button.isEnabled()
    assert "尚未生效" in panel.state_label.text()
    assert not _type(panel, date(2027, 1, 5), True, "调休")
    assert "星期二，本来就是工作日" in panel.message.text()
    assert not _type(panel, date(2027, 1, 1), False, "元旦")
    assert "已录入为元旦" in panel.message.text()
    assert ctx.calendar.add_working_days(date(2026, 12, 31), 1).provisional
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert _type(panel, date(2027, 1, 9), True, "元旦调休")
    assert panel.model.rowCount() == 2
    assert panel.model.data(panel.model.index(1, 1)) == "星期六"
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.complete_button.click()
    assert panel.state == YEAR_ENTERED and "已录入完毕" in panel.state_label.text()
    # The window's calendar uses the year at once: Thu Dec 31 + 1 working day skips 元旦.
    due = ctx.calendar.add_working_days(date(2026, 12, 31), 1)
    assert (due.due, due.provisional) == (date(2027, 1, 4), False)
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.remove_button.click()
    assert ctx.calendar.add_working_days(date(2026, 12, 31), 1).due == date(2027, 1, 1)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.year.setValue(2026)
    assert panel.state == YEAR_BUILT_IN and not panel.add_button.isEnabled()
