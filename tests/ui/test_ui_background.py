"""Background work, cancel, the global exception hook, import errors, settings, PDF print."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter

from desktop.app import AppContext
from desktop.cases import export as case_export
from desktop.ui import errors
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.tasks import TaskControl, run_in_background
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.pdf_preview import PdfPreview, print_pdf


def test_result_and_error_arrive_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    got: list[object] = []
    with qtbot.waitSignal(run_in_background(lambda: 6 * 7, got.append).finished):
        pass
    assert got == [42]
    failed: list[BaseException] = []
    handle = run_in_background(lambda: 1 / 0, on_error=failed.append)
    qtbot.waitUntil(lambda: handle.done)
    assert isinstance(failed[0], ZeroDivisionError)


def test_a_result_for_a_deleted_widget_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page closed and deleted while its data loads must not be called back (it crashed with
    "Internal C++ object already deleted" before)."""
    import threading

    from PySide6.QtWidgets import QLabel

    release = threading.Event()

    class Page(QLabel):
        def load(self) -> None:
            # a closure over self, as the pages write them (a bound method PySide disconnects)
            run_in_background(lambda: release.wait(10) and "loaded", lambda t: self.setText(t))

    page = Page("waiting")
    page.load()
    page.deleteLater()
    qtbot.waitUntil(lambda: not _alive(page))
    release.set()
    from desktop.ui.tasks import wait_for_all

    assert wait_for_all(10_000)
    qtbot.wait(50)  # the result is delivered (or dropped) by the event loop; nothing raises


def test_many_windows_closed_while_loading(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """Windows opened and thrown away at once, their loads still running, with a tight collector."""
    import gc

    from desktop.ui.main import build_window
    from desktop.ui.tasks import wait_for_all

    old = gc.get_threshold()
    gc.set_threshold(30, 3, 3)
    try:
        for _ in range(8):
            win = build_window(demo_ctx)
            win.show()
            for page in ("inspections", "cases", "institutions"):
                win.show_page(page)
            qtbot.wait(5)
            win.close()
            win.deleteLater()
            del win
            qtbot.wait(5)
    finally:
        gc.set_threshold(*old)
    assert wait_for_all(30_000)
    qtbot.wait(50)


def _alive(obj: object) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(obj))


def test_batch_with_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    steps: list[int] = []
    outcome: list[str] = []

    def batch(control: TaskControl) -> int:
        for i in range(1000):
            control.check()
            steps.append(i)
            control.progress(i + 1, 1000)
            time.sleep(0.005)
        return len(steps)

    handle = run_in_background(batch, lambda n: outcome.append("done"),
                               on_cancelled=lambda: outcome.append("cancelled"))  # fmt: skip
    qtbot.waitUntil(lambda: len(steps) >= 5)
    handle.cancel()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert outcome == ["cancelled"]
    assert len(steps) < 1000


def test_export_cancel_writes_nothing_and_finish_writes_all(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    target = tmp_path / "清单.xlsx"
    # One case per chunk, each a little slow, so the clerk has time to press 取消.
    monkeypatch.setattr(case_export, "CHUNK", 1)
    real_rows = page.ctx.cases.rows

    def slow_rows(ids: list[int]):  # type: ignore[no-untyped-def]
        time.sleep(0.01)
        return real_rows(ids)

    monkeypatch.setattr(page.ctx.cases, "rows", slow_rows)
    handle = page.export(target)
    assert window.progress.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.progress.bar.value() > 0, timeout=10_000)
    window.progress.cancel_button.click()
    qtbot.waitUntil(lambda: handle.done, timeout=10_000)
    assert not target.exists()
    monkeypatch.setattr(case_export, "CHUNK", 500)
    handle = page.export(target)
    qtbot.waitUntil(lambda: handle.done, timeout=20_000)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == page.model.rowCount() + 1 and rows[0][0] == "案号"


def test_global_exception_hook_logs_and_shows_a_dialog(qtbot, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    previous = sys.excepthook
    errors.install_excepthook()
    try:

        def explode() -> None:
            raise RuntimeError("模拟的意外错误")

        with caplog.at_level(logging.ERROR, logger="casedesk.ui"):
            QTimer.singleShot(0, explode)
            qtbot.waitUntil(lambda: bool(errors.open_dialogs()), timeout=5000)
        box = errors.open_dialogs()[-1]
        assert "意外错误（RuntimeError）" in box.text()
        assert "模拟的意外错误" in box.detailedText()
        assert any("未处理的异常" in r.message for r in caplog.records)
        box.accept()
    finally:
        sys.excepthook = previous


def test_import_dialog_lists_bad_rows_and_saves_nothing(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["机构名称", "机构类别", "统一社会信用代码"])
    sheet.append(["青溪甲诊所", "医疗美容诊所", ""])
    sheet.append(["", "医疗美容诊所", ""])
    sheet.append(["青溪乙诊所", "美容院", ""])
    path = tmp_path / "名录.xlsx"
    book.save(path)
    dialog = ImportDialog(ctx, "institutions", UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(dialog)
    dialog.import_file(path)
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.error_model.rowCount() == 2
    assert {dialog.error_model.data(dialog.error_model.index(r, 0)) for r in range(2)} == {"3", "4"}
    assert "没有导入任何记录" in dialog.result_label.text()
    assert ctx.institutions.list() == []


def test_import_cancel_saves_nothing_then_the_import_runs(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["机构名称", "机构类别", "所在镇街"])
    for i in range(450):
        sheet.append([f"青溪第{i}号美容店", "生活美容机构", "南港镇"])
    path = tmp_path / "名录.xlsx"
    book.save(path)
    dialog = ImportDialog(ctx, "institutions", UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(dialog)
    dialog.import_file(path)
    assert dialog.cancel_button.isVisibleTo(dialog)
    dialog.cancel_button.click()  # before the transaction commits: all of it rolls back
    qtbot.waitUntil(lambda: not dialog.running, timeout=20_000)
    assert dialog.result_label.text() == "已取消导入，没有保存任何记录。"
    assert ctx.institutions.list() == [] and dialog.imported is None
    assert not dialog.cancel_button.isVisibleTo(dialog)
    dialog.import_file(path)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20_000)
    assert dialog.imported is not None and dialog.imported.created == 450
    assert len(ctx.institutions.list()) == 450


def test_settings_page_marks_required_and_saves(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx, UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(page)
    page.activate()
    qtbot.waitUntil(lambda: page.is_loaded)
    page.edits["authority_name"].setText("青溪区卫生健康委员会")
    assert page.save() is False
    assert page.errors["机关简称（文号用）"].text() == "不能为空。"
    for key, value in (
        ("short_name", "青"),
        ("review_organ", "青溪区人民政府"),
        ("court", "青溪区人民法院"),
    ):
        page.edits[key].setText(value)
    assert page.save() is True
    assert ctx.office.get("authority_name") == "青溪区卫生健康委员会"


def test_pdf_preview_and_print_to_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "two.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(source))
    from PySide6.QtGui import QPainter

    painter = QPainter(printer)
    painter.drawText(100, 100, "行政处罚决定书")
    printer.newPage()
    painter.drawText(100, 100, "第二页")
    painter.end()
    preview = PdfPreview()
    qtbot.addWidget(preview)
    assert preview.load(source) == 2
    out = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(source, out) == 2
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2


@pytest.mark.slow
def test_batch_generation_from_the_case_list_with_cancel(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    real = window.ctx.documents._generate_docx

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.1)  # a clerk's click is slower than one small DOCX
        return real(*args, **kwargs)

    monkeypatch.setattr(window.ctx.documents, "_generate_docx", slow)
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    page.filters.combos["status"].setCurrentText("立案")
    page.filters.flush()
    qtbot.waitUntil(lambda: 5 < page.model.rowCount() < 200, timeout=10_000)
    listed = page.model.rowCount()
    messages: list[str] = []
    page.status.connect(messages.append)
    handle = page.batch_generate("立案报告", tmp_path / "批量")
    qtbot.waitUntil(lambda: window.progress.bar.value() >= 1, timeout=60_000)
    window.progress.cancel_button.click()
    qtbot.waitUntil(lambda: handle.done, timeout=60_000)
    written = list((tmp_path / "批量").glob("*.docx"))
    assert 1 <= len(written) < listed
    # The clerk is told how many were left undone, in the status bar and in the result panel.
    qtbot.waitUntil(lambda: page.batch_result is not None, timeout=10_000)
    panel = page.batch_result
    skipped = listed - len(written) - len(panel.failures)
    assert skipped > 0 and f"已取消 {skipped} 件（未处理）" in panel.summary.text()
    assert messages and f"已取消 {skipped} 件" in messages[-1]
    assert f"共 {listed} 件，已生成 {len(written)} 份" in panel.summary.text()


def test_garbage_is_collected_on_the_gui_thread_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Automatic collection is off once background work exists; the GUI thread's timer collects."""
    import gc

    from desktop.ui.tasks import GC_INTERVAL_MS, GC_START_DELAY_MS

    handle = run_in_background(lambda: 1)
    qtbot.waitUntil(lambda: handle.done, timeout=10_000)
    assert not gc.isenabled()

    class Node:
        def __init__(self) -> None:
            self.me = self

    threshold = gc.get_threshold()[0]
    for _ in range(threshold * 3):
        Node()  # unreachable cycles: only the collector frees them
    assert gc.get_count()[0] > threshold
    # The first collection waits for the window's start (GC_START_DELAY_MS), then every interval.
    qtbot.waitUntil(lambda: gc.get_count()[0] < threshold,
                    timeout=GC_START_DELAY_MS + GC_INTERVAL_MS * 3)  # fmt: skip
