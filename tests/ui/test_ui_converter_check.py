"""The PDF-converter check at start: once, off the GUI thread, a status-bar warning when nothing
converts, the result kept for 设置; 设置's converter choice is a list, not free text."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from desktop.app import AppContext
from desktop.common.errors import ValidationError
from desktop.documents.converters import ConverterReport
from desktop.records.office import CONVERTER_CHOICES
from desktop.ui import main as ui_main
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings_page import SettingsPage


def _nothing_installed(report: ConverterReport) -> ConverterReport:
    return replace(report, converters=tuple(
        replace(c, available=False, detail="未安装") for c in report.converters))  # fmt: skip


def test_the_app_checks_converters_once_at_start(qtbot, demo_ctx: AppContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # run_gui is the real start; its process-wide hooks are kept out of the test process.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(ui_main, "configure_logging", lambda folder: None)
    on_gui_thread: list[bool] = []
    real_check = demo_ctx.documents.check_converters

    def counted() -> ConverterReport:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_check()

    # The window checks through the open database's service: the order 设置 chose.
    monkeypatch.setattr(demo_ctx.documents, "check_converters", counted)
    seen: dict[str, object] = {}

    def event_loop() -> int:
        # Stands in for app.exec(): runs the events until the started window has its report.
        def started() -> bool:
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            found = [w for w in windows if w.isVisible() and w.converter_report is not None]
            if found:
                seen["window"] = found[0]
            return bool(found)

        qtbot.waitUntil(started, timeout=30_000)
        window = seen["window"]
        assert isinstance(window, MainWindow)
        seen["warning"] = window.converter_warning.isVisible()
        window.backup_on_close = False  # the test's data needs no backup on exit
        return 0

    monkeypatch.setattr(QApplication, "exec", lambda self: event_loop())
    assert ui_main.run_gui(demo_ctx, page="工作台") == 0
    window = seen["window"]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert on_gui_thread == [False]  # once, off the GUI thread
    report = window.converter_report
    assert isinstance(report, ConverterReport) and report.any_available  # LibreOffice is here
    assert seen["warning"] is False
    # 设置 opened later shows the kept result at once, without a check of its own.
    page = window.show_page("设置")
    assert isinstance(page, SettingsPage)
    assert page.converters is report
    assert page.converter_message.text() == report.message
    assert len(on_gui_thread) == 1


def test_no_converter_is_a_status_bar_warning_that_leads_to_settings(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.check_converters()
    qtbot.waitUntil(lambda: window.converter_report is not None, timeout=20_000)
    assert window.converter_warning.isHidden()
    none = _nothing_installed(window.converter_report)
    window.show_converter_report(none)
    warning = window.converter_warning
    assert warning.isVisibleTo(window)
    assert "未找到 PDF 转换程序" in warning.text() and warning.toolTip() == none.message
    warning.linkActivated.emit("settings")
    page = window.pages["settings"]
    assert window.stack.currentWidget() is page
    assert page.converters is none and "未找到" in page.converter_message.text()
    # 重新检测 on the page finds LibreOffice again: the warning goes away.
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    page.recheck_button.click()
    qtbot.waitUntil(lambda: window.converter_report is not none, timeout=20_000)
    assert window.converter_report.any_available and warning.isHidden()
    assert page.converters is not None and page.converters.any_available


def test_converter_choice_is_a_list_and_is_saved(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("设置")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    combo = page.choices["pdf_converter"]
    assert "pdf_converter" not in page.edits
    assert [combo.itemData(i) for i in range(combo.count())] == [c for c, _w in CONVERTER_CHOICES]
    assert combo.currentData() == "auto" and combo.currentText().startswith("自动")
    combo.setCurrentIndex(combo.findData("word"))
    assert page.save(), page.message.text()
    ctx = window.ctx
    assert ctx.office.get("pdf_converter") == "word"
    # a fresh page reads it back
    fresh = SettingsPage(ctx, window.settings)
    qtbot.addWidget(fresh)
    fresh.refresh()
    qtbot.waitUntil(lambda: fresh.is_loaded, timeout=20_000)
    assert fresh.choices["pdf_converter"].currentText() == "Microsoft Word"


def test_an_unknown_converter_is_refused_and_nothing_is_saved(ctx: AppContext) -> None:
    values = ctx.office.all()
    with pytest.raises(ValidationError) as caught:
        ctx.office.save({**values, "pdf_converter": "excel", "phone": "0571-1234567"})
    message = str(caught.value)
    assert "PDF 转换程序" in message and "excel" in message and "libreoffice" in message
    assert ctx.office.get("pdf_converter") == "auto"
    assert ctx.office.get("phone") == values["phone"]
