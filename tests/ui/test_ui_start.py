"""First start: the window paints before the database opens; an empty database offers the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.app import AppContext
from desktop.cases.cases import CaseFilter
from desktop.ui import main as ui_main
from desktop.ui.main_window import MainWindow
from desktop.ui.ui_settings import DEMO_OFFERED, UiSettings


def test_window_shows_before_services_then_attaches(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    assert window.show_page("案件") is None  # no services yet: a waiting placeholder
    assert window.stack.currentIndex() == 3
    window.attach(ctx)
    page = window.pages["cases"]
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10_000)
    assert window.stack.currentWidget() is page


def test_empty_database_offers_the_demo_once(qtbot, ctx: AppContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer_yes(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_yes))
    window = ui_main.build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("工作台")
    ui_main.offer_demo(window)
    assert len(asked) == 1 and "示例辖区" in asked[0]
    qtbot.waitUntil(lambda: ctx.cases.count(CaseFilter()) > 0, timeout=60_000)
    assert window.settings.flag(DEMO_OFFERED)
    ui_main.offer_demo(window)  # never asked twice
    assert len(asked) == 1


def test_dashboard_double_click_opens_the_case(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dashboard = window.show_page("工作台")
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20_000)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    index = dashboard.recent_model.index(0, 0)
    wanted = dashboard.recent_model.row_at(0).id
    view, where = dashboard.recent_view, dashboard.recent_view.visualRect(index).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click:
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)  # press, then again
    cases = window.pages["cases"]
    assert window.stack.currentWidget() is cases
    qtbot.waitUntil(lambda: cases.selected_id() == wanted, timeout=20_000)


def test_screenshot_reports_an_unopenable_database(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    blocker = tmp_path / "一个文件"
    blocker.write_text("不是目录", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.entry import main; sys.exit(main())",
         "--data-dir", str(tmp_path), "--db", f"sqlite:///{blocker}/x.db",
         "gui", "--screenshot", str(tmp_path / "x.png")],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "无法打开数据库" in done.stderr or "错误" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_qt_dialogs_speak_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    assert ui_main.install_qt_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QMessageBox", "Show Details...") == "显示详情..."


def test_the_file_dialog_and_the_calendar_speak_chinese(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    """The issue saw “Look in:”, “January” and Mon–Sun: no zh_CN locale or Qt translations."""
    from PySide6.QtCore import QCoreApplication, QDate, QLocale
    from PySide6.QtWidgets import QCalendarWidget, QFileDialog, QLabel, QWidget

    assert ui_main.install_qt_translations(qapp)
    assert QLocale().name() == "zh_CN"
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().monthName(1) == "一月"
    assert calendar.locale().dayName(1, QLocale.FormatType.ShortFormat) == "周一"
    calendar.setSelectedDate(QDate(2026, 11, 25))
    month = calendar.findChild(QWidget, "qt_calendar_monthbutton")
    assert month is not None and month.text() == "十一月"
    dialog = QFileDialog(None, "导出")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    english = [
        w.text() for w in dialog.findChildren(QLabel)
        if w.text().isascii() and any(c.isalpha() for c in w.text())
    ]  # fmt: skip
    assert english == []  # “&Look in:” is missing from Qt's own zh_CN file: supplied here
    look_in = dialog.findChild(QLabel, "lookInLabel")
    assert look_in is not None and look_in.text() == "查找范围(&L)："
    # Translations that do exist are not blanked by the supplement (it answers only its own).
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QCoreApplication.translate("casedesk", "不是Qt的字符串") == "不是Qt的字符串"


def test_without_a_keyring_the_window_asks_for_the_key_passphrase(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    import keyring
    import keyring.backends.fail

    from desktop.app import build_context
    from desktop.trust import crypto
    from desktop.trust.crypto import ENV_KEY_PASSPHRASE, KeyUnavailableError
    from desktop.ui import main as ui_main
    from desktop.ui.dialogs import key_passphrase
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ui_settings import UiSettings

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.delenv(ENV_KEY_PASSPHRASE, raising=False)
    try:
        assert not crypto.keyring_available()
        with pytest.raises(KeyUnavailableError) as info:
            build_context(str(tmp_path / "data"))
        window = MainWindow(UiSettings(tmp_path / "ui.ini"))
        qtbot.addWidget(window)
        monkeypatch.setattr(key_passphrase, "ask_key_passphrase", lambda _parent: "口令-secret-1")
        assert ui_main._asked_for_passphrase(window, info.value)
        ctx = build_context(str(tmp_path / "data"))  # the key file is made with that passphrase
        ctx.close()
        assert (tmp_path / "data" / crypto.KEY_FILE_NAME).exists()
        # A passphrase that was given is not asked for again (the error is reported instead).
        assert not ui_main._asked_for_passphrase(window, info.value)
    finally:
        keyring.set_keyring(previous)


def test_a_missing_key_is_recovered_from_the_window_by_importing_the_backup(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    import keyring
    from memory_keyring import MemoryKeyring

    from database.models import InstitutionKind
    from desktop.app import build_context
    from desktop.records.institutions import InstitutionInput
    from desktop.trust.crypto import KeyUnavailableError, export_key
    from desktop.ui import main as ui_main
    from desktop.ui.dialogs import key_passphrase
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ui_settings import UiSettings

    folder = tmp_path / "data"
    previous = keyring.get_keyring()
    monkeypatch.delenv("CASEDESK_KEY_PASSPHRASE", raising=False)  # the key only in the keyring
    keyring.set_keyring(MemoryKeyring())
    try:
        ctx = build_context(str(folder))
        inst = ctx.institutions.create(
            InstitutionInput(
                name="青溪某诊所", kind=InstitutionKind.COSMETIC_CLINIC, phone="13700000001"
            )
        )
        export_key(ctx.engine, ctx.cipher, tmp_path / "密钥备份.json", "导出口令导出口令")
        ctx.close()
        keyring.set_keyring(MemoryKeyring())  # Windows reinstalled: the Credential Manager is empty
        with pytest.raises(KeyUnavailableError) as missing:
            build_context(str(folder))
        window = MainWindow(UiSettings(tmp_path / "ui.ini"))
        qtbot.addWidget(window)

        # Cancelled: nothing to retry, the error is shown as before.
        monkeypatch.setattr(key_passphrase, "ask_key_backup", lambda _w, _p, **_k: None)
        assert not ui_main._imported_key_backup(window, missing.value, folder, None)
        # A wrong passphrase is reported and the import offered again (opening is retried).
        warned: list[str] = []
        monkeypatch.setattr(
            ui_main.QMessageBox, "warning", lambda _w, _t, text: warned.append(text)
        )
        asked: list[str] = []

        def backup(_window: object, problem: str, passphrase: str) -> tuple[Path, str]:
            asked.append(problem)
            return tmp_path / "密钥备份.json", passphrase

        monkeypatch.setattr(
            key_passphrase, "ask_key_backup", lambda w, p, **_k: backup(w, p, "记错了记错了")
        )
        assert ui_main._imported_key_backup(window, missing.value, folder, None)
        assert warned and "口令不正确" in warned[0]
        assert "找不到本数据库的个人信息加密密钥" in asked[0]
        with pytest.raises(KeyUnavailableError):
            build_context(str(folder))

        monkeypatch.setattr(
            key_passphrase, "ask_key_backup", lambda w, p, **_k: backup(w, p, "导出口令导出口令")
        )
        assert ui_main._imported_key_backup(window, missing.value, folder, None)
        assert "密钥已导入" in window.statusBar().currentMessage()
        reopened = build_context(str(folder))
        assert reopened.institutions.get(inst).data.phone == "13700000001"
        reopened.close()
        # Other failures (a database on a share, …) are not a key problem: not offered.
        assert not ui_main._imported_key_backup(window, RuntimeError("x"), folder, None)
    finally:
        keyring.set_keyring(previous)


def test_gui_start_repairs_orphaned_files_and_shows_it_on_the_dashboard(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    leftover = tmp_path / "files" / "ab" / ".abab.x1.tmp"  # an interrupted write, an hour ago
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a document")
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    env = {k: v for k, v in os.environ.items() if k not in ("CASEDESK_FILE_STORE", "CASEDESK_DB")}
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.entry import main; sys.exit(main())",
         "--data-dir", str(tmp_path), "gui", "--page", "工作台",
         "--screenshot", str(tmp_path / "shot.png")],
        capture_output=True, text=True, timeout=180, env={**env, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not leftover.exists()
    log = (tmp_path / "logs" / "casedesk.log").read_text(encoding="utf-8")
    assert "启动检查" in log and f"已删除临时文件 {leftover}" in log


def test_dashboard_shows_the_start_up_report(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from desktop.trust.startup_check import StartupReport
    from desktop.ui.pages.dashboard_page import DashboardPage

    ctx.startup_report = StartupReport(
        repaired=("已将 notice 2026 年第 3 号登记为作废",), unreferenced_files=("ab" * 32,)
    )
    window = ui_main.build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    dashboard = window.show_page("工作台")
    assert isinstance(dashboard, DashboardPage)
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20_000)
    text = dashboard.reminder.text()
    assert "启动检查：已将 notice 2026 年第 3 号登记为作废" in text
    assert "启动检查：文件库中有 1 个文件没有任何记录引用（已保留）。" in text


def test_the_dashboard_is_painted_with_its_data_before_it_says_loaded(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """What `loaded` starts (the second pass, the converter check) holds the interpreter lock
    for a while; the first pass must be on the screen before that, not queued behind it."""
    from PySide6.QtCore import QEvent, QObject

    painted_rows: list[int] = []

    class PaintWatch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted_rows.append(dashboard.recent_model.rowCount())
            return False

    dashboard = window.pages.get("dashboard") or window.show_page("工作台")
    watch = PaintWatch()
    dashboard.recent_view.viewport().installEventFilter(watch)
    at_loaded: list[list[int]] = []
    dashboard.loaded.connect(lambda: at_loaded.append(list(painted_rows)))
    dashboard.refresh()
    qtbot.waitUntil(lambda: bool(at_loaded), timeout=20_000)
    rows = dashboard.recent_model.rowCount()
    assert rows > 0
    assert rows in at_loaded[0], at_loaded  # a paint with the rows came before `loaded`


def test_the_dashboard_boxes_elide_instead_of_cutting_off_at_1366x768(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The small tables stretch their last column into what is left: in a box narrower than
    their columns it narrows and elides (Qt's stretchLastSection alone never narrowed it, and
    the 立案日期 of the recent cases was cut off at the box's edge)."""
    window.resize(1366, 768)
    dashboard = window.show_page("工作台")
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20_000)
    qtbot.wait(50)
    for view in (dashboard.recent_view, dashboard.due_view, dashboard.defect_view):
        header = view.horizontalHeader()
        assert header.length() <= view.viewport().width() + 1, view.objectName()
    recent = dashboard.recent_view
    recent.parentWidget().setFixedWidth(420)  # narrower than its columns at their set widths
    qtbot.waitUntil(lambda: recent.horizontalHeader().length() <= recent.viewport().width() + 1)
    last = recent.model().columnCount() - 1
    assert recent.model().headerData(last, Qt.Orientation.Horizontal) == "当事人"


def test_the_start_up_check_runs_after_the_first_page_and_reports_on_the_dashboard(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext
) -> None:
    """The check reads every document and walks the file store: it waits for the first page's
    data, runs off the GUI thread, and the 工作台 then shows what it repaired."""
    import os
    import time

    leftover = ctx.store.root / "ab" / ".abab.x1.tmp"  # an interrupted write, an hour ago
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b"half a document")
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    assert ctx.startup_report is None  # opened without it, as the window opens the database
    window = ui_main.build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    dashboard = window.show_page("工作台")
    order: list[str] = []
    dashboard.loaded.connect(lambda: order.append("loaded"))
    window.start_checked.connect(lambda: order.append("checked"))
    window.check_at_start()
    assert window.start_check_pending
    qtbot.waitUntil(lambda: "checked" in order, timeout=20_000)
    assert order[:2] == ["loaded", "checked"]  # the first pass first
    assert not window.start_check_pending and not leftover.exists()
    assert f"已删除临时文件 {leftover}" in dashboard.reminder.text()
    assert window.statusBar().currentMessage() == "启动检查已完成，结果见“工作台”。"
