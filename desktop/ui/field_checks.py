"""The field self-test's checks that need Qt: printing at 100 % and the screen's size.

They run in the command-line process (`casedesk-cli --self-test --full`), so a QApplication is
made here when there is none; on a Linux machine without a display Qt's offscreen platform is
used (without a display the default platform would abort the process).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from desktop.app import AppContext


def ensure_application() -> QApplication:
    """The running QApplication, or a new one for the self-test."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication([sys.argv[0] if sys.argv else "casedesk"])


def print_scale(folder: Path) -> str:
    """Print a page with a known mark to a PDF printer and measure it (raises when not 100 %)."""
    from desktop.ui.widgets.print_check import check_print_scale

    ensure_application()
    folder.mkdir(parents=True, exist_ok=True)
    return check_print_scale(folder)


def window_minimum(ctx: AppContext) -> tuple[int, int, str]:
    """The smallest window every page fits in: (width, height, the widest page's title).

    Each page is built on the self-test's database (a page's minimum depends on its widgets),
    the navigation column added to the widest page; its background loads are waited for.
    """
    from desktop.ui.main_window import PAGE_SPECS, MainWindow
    from desktop.ui.tasks import wait_for_all
    from desktop.ui.ui_settings import UiSettings

    app = ensure_application()
    with tempfile.TemporaryDirectory(prefix="casedesk-screen-") as folder:
        window = MainWindow(UiSettings(Path(folder) / "ui.ini"), ctx)
        width, height, widest = 0, 0, ""
        for spec in PAGE_SPECS:
            page = window.show_page(spec.page_id)
            app.processEvents()
            hint = page.minimumSizeHint() if page is not None else window.minimumSizeHint()
            if hint.width() > width:
                width, widest = hint.width(), spec.title
            height = max(height, hint.height())
        wait_for_all(30_000)  # the pages' loads must not outlive the self-test's database
        chrome = window.nav.width(), window.statusBar().sizeHint().height()
        window.close()
        window.deleteLater()
    return width + chrome[0], height + chrome[1], widest


def screen_fits(ctx: AppContext) -> str:
    """The window's minimum size against the primary screen's free area (the clerk's PC: often
    1366×768 at 125 %, i.e. about 1093×574 logical pixels once the taskbar is taken off)."""
    app = ensure_application()
    screen = app.primaryScreen()
    if screen is None:
        raise RuntimeError("找不到显示器")
    free = screen.availableGeometry()
    scale = screen.devicePixelRatio() * 100
    width, height, widest = window_minimum(ctx)
    line = (
        f"可用区域 {free.width()}×{free.height()}（缩放 {scale:.0f}%），"
        f"窗口最小 {width}×{height}（最宽的是“{widest}”页）"
    )
    if width > free.width() or height > free.height():
        raise RuntimeError(line + "：屏幕放不下整个窗口，部分内容需滚动或被截断；"
                           "可降低 Windows 缩放比例或提高分辨率")  # fmt: skip
    return line
