"""Start the desktop app: QApplication, error hook, first-start demo offer, optional screenshot."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import AppContext
from desktop.services.cases import CaseFilter
from desktop.services.demo_data import DemoOptions, load_demo
from desktop.ui.errors import configure_logging, install_excepthook, show_error
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.base import Page
from desktop.ui.tasks import run_in_background, wait_for_all
from desktop.ui.text import tr
from desktop.ui.ui_settings import DEMO_OFFERED, UiSettings

#: Fonts tried in order for Chinese text (Windows, domestic Linux, Debian).
CJK_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei")
#: Give up waiting for data after this long when taking a screenshot.
SCREENSHOT_TIMEOUT_MS = 30_000


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with a Chinese-capable UI font."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("casedesk")
    app.setApplicationDisplayName(tr("卫生监督执法文书工作站"))
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    return app


def build_window(ctx: AppContext) -> MainWindow:
    """The main window with its settings file in the data folder."""
    return MainWindow(ctx, UiSettings(ctx.data_dir / "ui.ini"))


def offer_demo(window: MainWindow) -> None:
    """On an empty database, once, offer to load the 青溪区 demo district."""
    ctx = window.ctx
    if window.settings.flag(DEMO_OFFERED) or ctx.cases.count(CaseFilter()) > 0:
        return
    if ctx.institutions.list():
        return
    window.settings.set_flag(DEMO_OFFERED)
    answer = QMessageBox.question(
        window,
        tr("首次使用"),
        tr("数据库是空的。是否载入示例辖区（青溪区：虚构的机构与案件），便于熟悉各项功能？"),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def loaded(summary: object) -> None:
        window.statusBar().showMessage(str(summary), 10_000)
        page = window.current_page()
        page.refresh()

    run_in_background(
        lambda: load_demo(ctx.uow_factory, DemoOptions(today=date.today())),
        loaded,
        lambda e: show_error(window, e),
        write=True,
    )


def run_gui(ctx: AppContext, page: str = "", screenshot: Path | None = None) -> int:
    """Open the window (on `page`); with `screenshot`, save a picture once painted and exit."""
    app = make_application()
    configure_logging(ctx.data_dir / "logs")
    window = build_window(ctx)
    install_excepthook(lambda: window)
    target = page or ("" if screenshot else window.settings.last_page()) or "dashboard"
    window.show()
    shown = window.show_page(target)
    if screenshot is not None:
        return _screenshot(app, window, shown, screenshot)
    QTimer.singleShot(0, lambda: offer_demo(window))
    code = app.exec()
    wait_for_all(5_000)
    return int(code)


def _screenshot(app: QApplication, window: MainWindow, page: Page, path: Path) -> int:
    """Wait until the page has its data painted, grab the window, exit."""
    result = {"code": 1}

    def grab() -> None:
        app.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        result["code"] = 0 if window.grab().save(str(path)) else 1
        app.quit()

    def on_loaded() -> None:
        QTimer.singleShot(300, grab)  # let the views lay out and paint their rows

    if page.is_loaded:
        on_loaded()
    else:
        page.loaded.connect(on_loaded)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, grab)
    app.exec()
    wait_for_all(5_000)
    if result["code"] != 0:
        print(tr("截图保存失败：{0}").format(path), file=sys.stderr)
    return result["code"]
