"""The main window: navigation on the left, one page at a time, progress in the status bar.

The window is painted before the database layer is even imported: pages are named here as data
and their modules are imported when first shown, after `attach(ctx)` delivered the services.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.progress_panel import ProgressPanel

log = logging.getLogger("casedesk.ui")
#: How long closing waits for the backup on exit before leaving anyway.
EXIT_BACKUP_WAIT_MS = 5000
#: The warm LibreOffice (previews) starts this long after the converter check, once the
#: 工作台 has its data: starting soffice takes a core for a few seconds.
WARM_UP_DELAY_MS = 4000
#: How long a failed backup's message stays on screen before the window closes.
EXIT_FAILURE_SHOWN_MS = 2500

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.documents.converters import ConverterReport
    from desktop.trust.startup_check import StartupReport
    from desktop.ui.pages.base import Page


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One navigation entry: id, Chinese title, and where its class lives."""

    page_id: str
    title: str
    target: str  #: "module:Class"

    def load(self) -> type[Page]:
        """Import the page class."""
        module, name = self.target.split(":")
        cls: type[Page] = getattr(importlib.import_module(module), name)
        return cls


_P = "desktop.ui.pages."
#: The navigation, in order.
PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("dashboard", "工作台", _P + "dashboard_page:DashboardPage"),
    PageSpec("institutions", "机构", _P + "institutions_page:InstitutionsPage"),
    PageSpec("inspections", "检查", _P + "inspections_page:InspectionsPage"),
    PageSpec("cases", "案件", _P + "cases_page:CasesPage"),
    PageSpec("documents", "文书", _P + "documents_page:DocumentsPage"),
    PageSpec("reports", "报表", _P + "reports_page:ReportsPage"),
    PageSpec("packets", "报送", _P + "packets_page:PacketsPage"),
    PageSpec("settings", "设置", _P + "settings_page:SettingsPage"),
)


def page_spec(name: str) -> PageSpec | None:
    """A page by its Chinese title or English id."""
    wanted = name.strip().lower()
    return next((p for p in PAGE_SPECS if wanted in (p.page_id, p.title)), None)


#: The window's first size where the screen allows it, and the size of `gui --screenshot`
#: pictures (the same on every run): it fits a 1366×768 laptop's working area.
DEFAULT_SIZE = (1360, 720)
#: The smallest window every page must still lay out in, unclipped: a 1024×768 screen, and
#: 1366×768 at 125 % (1093×614, less the taskbar and title bar). Tests hold the layouts to it.
MINIMUM_SIZE = (1024, 540)


def default_size() -> QSize:
    """DEFAULT_SIZE, or the screen's working area when that is smaller (a 1024×768 screen)."""
    screen = QGuiApplication.primaryScreen()
    width, height = DEFAULT_SIZE
    if screen is None:
        return QSize(width, height)
    area = screen.availableGeometry()
    return QSize(min(width, area.width()), min(height, area.height() - 32))  # 32: title bar


class MainWindow(QMainWindow):
    """卫生监督执法文书工作站."""

    #: Emitted once the services are attached (the window is usable).
    ready = Signal()
    #: Emitted after the window's first paint (start-up work waits for it: the GIL is shared).
    first_painted = Signal()
    #: Emitted when the start-up check has run and the 工作台 shows its report.
    start_checked = Signal()

    def __init__(self, settings: UiSettings, ctx: AppContext | None = None) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.settings = settings
        self.pages: dict[str, Page] = {}
        self.painted = False
        #: The real app turns this on: closing then backs the data up first (tests leave it off).
        self.backup_on_close = False
        #: None, "running" or the Chinese outcome of the backup on exit.
        self.exit_backup: str | None = None
        #: Word/WPS/LibreOffice found by the start-up check (None until it has run), for 设置.
        self.converter_report: ConverterReport | None = None
        self._converter_warning: QLabel | None = None
        #: Whether the start-up check (check_at_start) is still to report.
        self.start_check_pending = False
        self._exit_closing = False
        self._setup_ui()
        self._connect_signals()
        self._restore_state()
        if ctx is not None:
            self.attach(ctx)

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("卫生监督执法文书工作站") + f" {__version__}")
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(0, 0))
        font = QFont(self.nav.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.nav.setFont(font)
        self.nav.setStyleSheet(
            "#nav { background:#1f3b5c; color:#dfe7f1; border:none; padding-top:8px; }"
            "#nav::item { padding:10px 18px; }"
            "#nav::item:selected { background:#2f5a8a; color:white; }"
        )
        for spec in PAGE_SPECS:
            item = QListWidgetItem(tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.page_id)
            self.nav.addItem(item)
        self.help_button = QPushButton(tr("快捷键 F1"), self)
        self.help_button.setObjectName("help_button")
        self.help_button.setFlat(True)
        self.help_button.setStyleSheet(
            "#help_button { background:#1f3b5c; color:#dfe7f1; border:none; padding:8px; }"
            "#help_button:focus { background:#2f5a8a; }"
        )
        left = QWidget(self)
        left.setFixedWidth(132)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.nav, 1)
        column.addWidget(self.help_button)
        self.stack = QStackedWidget(self)
        for _spec in PAGE_SPECS:
            waiting = QLabel(tr("正在打开数据库……"), self.stack)
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(waiting)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(left)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.progress = ProgressPanel(self)
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(default_size())

    def _connect_signals(self) -> None:
        from desktop.ui import shortcuts

        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        # A click or Enter on a page's name goes into the page; arrow keys stay in the list.
        self.nav.itemClicked.connect(lambda _item: self.focus_page())
        self.nav.itemActivated.connect(lambda _item: self.focus_page())
        self.help_button.clicked.connect(self.show_shortcuts)
        self.shortcuts = shortcuts.install(self)

    def _restore_state(self) -> None:
        """The clerk's own size and place (ui.ini in the data folder), kept on the screen."""
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            area = self.screen().availableGeometry()
            if self.width() > area.width() or self.height() > area.height():
                self.resize(min(self.width(), area.width()), min(self.height(), area.height()))
        state = self.settings.state()
        if state is not None:
            self.restoreState(state)

    def attach(self, ctx: AppContext) -> None:
        """Hand the services to the window; the current page then loads its data."""
        self.ctx = ctx
        # The window lives long enough for a warm LibreOffice to pay off (a one-shot command
        # would only wait longer for it to start).
        ctx.enable_warm_office()
        self.ready.emit()
        row = self.nav.currentRow()
        if row >= 0:
            self._on_nav_current_row_changed(row)

    def show_page(self, name: str) -> Page | None:
        """Switch to a page by Chinese title or id (None until the services are attached)."""
        spec = page_spec(name) or PAGE_SPECS[0]
        row = PAGE_SPECS.index(spec)
        if self.nav.currentRow() == row:
            self._on_nav_current_row_changed(row)
        else:
            self.nav.setCurrentRow(row)
        self.focus_page()
        return self.pages.get(spec.page_id)

    def go_to_page(self, row: int) -> None:
        """Ctrl+1…8: the page in that row of the navigation, with the cursor in it."""
        if 0 <= row < len(PAGE_SPECS):
            self.show_page(PAGE_SPECS[row].page_id)

    def focus_page(self) -> None:
        """The cursor into the current page's content (its list, else its first control)."""
        page = self.current_page()
        if page is not None:
            page.focus_content()

    # --- the shortcuts' actions (desktop.ui.shortcuts) ------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F."""
        page = self.current_page()
        if page is not None and not page.focus_search():
            self.statusBar().showMessage(tr("本页没有搜索框。"), 4000)

    def new_record(self) -> None:
        """Ctrl+N."""
        self._run_page_action("new", tr("本页不能新增记录。"))

    def save_page(self) -> None:
        """Ctrl+S (editors save themselves)."""
        self._run_page_action("save", tr("本页没有需要保存的内容。"))

    def print_page(self) -> None:
        """Ctrl+P: generate and preview the chosen document (printed from the preview)."""
        self._run_page_action("print", tr("请先选择要生成、预览或打印的文书。"))

    def reload_page(self) -> None:
        """F5."""
        page = self.current_page()
        if page is not None:
            page.reload()
            self.statusBar().showMessage(tr("正在刷新“{0}”……").format(tr(page.TITLE)), 3000)

    def show_shortcuts(self) -> None:
        """F1 (or the 快捷键 button): the list of shortcuts."""
        from desktop.ui.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.open()

    def _run_page_action(self, action: str, refusal: str) -> None:
        page = self.current_page()
        if page is not None and not page.run_action(action):
            self.statusBar().showMessage(refusal, 4000)

    def page(self, page_id: str) -> Page:
        """The page object (built if needed; the services must be attached)."""
        page = self.pages.get(page_id)
        if page is not None:
            return page
        assert self.ctx is not None, "attach(ctx) first"
        spec = next(p for p in PAGE_SPECS if p.page_id == page_id)
        page = spec.load()(self.ctx, self.settings, self.stack)
        page.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        if hasattr(page, "track"):
            page.track = self.progress.track
        requested = getattr(page, "case_requested", None)
        if requested is not None:
            requested.connect(self.open_case)
        record_requested = getattr(page, "record_requested", None)
        if record_requested is not None:
            record_requested.connect(self.open_record)
        page_requested = getattr(page, "page_requested", None)
        if page_requested is not None:
            page_requested.connect(self.open_page_tab)
        institution_requested = getattr(page, "institution_requested", None)
        if institution_requested is not None:
            institution_requested.connect(self.open_institution)
        show_converters = getattr(page, "show_converters", None)
        if show_converters is not None and self.converter_report is not None:
            show_converters(self.converter_report)
        checked = getattr(page, "converters_checked", None)
        if checked is not None:
            checked.connect(self.show_converter_report)
        index = PAGE_SPECS.index(spec)
        old = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.pages[page_id] = page
        return page

    def current_page(self) -> Page | None:
        """The page shown now (None before the services are attached)."""
        if self.ctx is None:
            return None
        return self.page(PAGE_SPECS[max(self.nav.currentRow(), 0)].page_id)

    def open_case(self, case_id: int) -> None:
        """Show a case on the 案件 page."""
        page = self.show_page("cases")
        opener = getattr(page, "open_case", None)
        if callable(opener):
            opener(case_id)

    def open_page_tab(self, page_id: str, tab: str) -> None:
        """A page, on its tab of that title (a reminder's link to 设置 → 数据与备份)."""
        page = self.show_page(page_id)
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            for index in range(tabs.count()):
                if tabs.tabText(index) == tab:
                    tabs.setCurrentIndex(index)
                    tabs.currentWidget().setFocus()
                    break

    def open_institution(self, institution_id: int) -> None:
        """Show an institution on the 机构 page and open its editor (from a case)."""
        page = self.show_page("institutions")
        opener = getattr(page, "open_institution", None)
        if callable(opener):
            opener(institution_id)

    def open_record(self, record_type: str, record_id: int) -> None:
        """Open a 工作台 deadline's record: a case, an inspection, a complaint or a plan."""
        if record_type == "案件":
            self.open_case(record_id)
            return
        if record_type == "机构":
            self.open_institution(record_id)
            return
        page = self.show_page("inspections")
        opener = getattr(page, "open_record", None)
        if callable(opener):
            opener(record_type, record_id)

    def check_at_start(self) -> None:
        """Run the start-up check off the GUI thread once the first page has its data (the app
        calls it after opening the database): it reads every document's number and file and
        walks the file store, which grows with the years, and need not hold up the first screen.
        What it repairs belongs to ended runs only (a second casedesk may run alongside), so the
        clerk can work meanwhile; the 工作台 shows the report when it comes."""
        if self.ctx is None:
            return
        self.start_check_pending = True
        page = self.current_page()
        if page is not None and not page.is_loaded:
            page.loaded.connect(self._start_check, Qt.ConnectionType.SingleShotConnection)
        else:
            self._start_check()

    def _start_check(self) -> None:
        from desktop.ui.tasks import run_in_background

        if self.ctx is None:
            return
        run_in_background(self.ctx.check_at_start, self._on_start_checked,
                          self._on_start_check_failed, write=True, title=tr("启动检查"))  # fmt: skip

    def _on_start_checked(self, report: StartupReport) -> None:
        self.start_check_pending = False
        if report.lines():
            self.statusBar().showMessage(tr("启动检查已完成，结果见“工作台”。"), 15_000)
        board = self.pages.get("dashboard")
        if board is not None:
            from desktop.ui.pages.dashboard_page import DashboardPage

            if isinstance(board, DashboardPage):
                board.show_start_report()
        self.start_checked.emit()

    def _on_start_check_failed(self, error: BaseException) -> None:
        # run_at_start reports database and file errors itself; anything else is logged here.
        log.warning("start-up check failed", exc_info=error)
        self.start_check_pending = False
        self.start_checked.emit()

    def check_converters(self) -> None:
        """Look for Word, WPS and LibreOffice once, off the GUI thread (the app calls it at start),
        once the first page shows all it loads (the 工作台: its second pass too): the check builds
        the documents service (python-docx, pypdf, PIL, 0.3 s), which would compete with the
        page's queries for the one interpreter lock."""
        page = self.current_page() if self.ctx is not None else None
        if page is not None and not page.is_settled:
            page.settled.connect(self.check_converters, Qt.ConnectionType.SingleShotConnection)
            return
        from desktop.documents import converters
        from desktop.ui.tasks import run_in_background

        def failed(error: BaseException) -> None:
            log.warning("converter check failed", exc_info=error)  # 设置 checks again itself

        # With the database open, in the order 设置 chose (the order the converter tries).
        ctx = self.ctx
        check = (lambda: ctx.documents.check_converters()) if ctx else converters.check_converters
        run_in_background(check, self._on_converters_checked, failed)

    def _on_converters_checked(self, report: ConverterReport) -> None:
        """Show the report; when LibreOffice makes the PDFs, start its warm office a few seconds
        later in the background (not while the 工作台 loads its data: soffice takes a core)."""
        self.show_converter_report(report)
        preferred = report.preferred
        if self.ctx is None or preferred is None or preferred.id != "libreoffice":
            return
        from desktop.ui.tasks import run_in_background

        documents = self.ctx.documents
        QTimer.singleShot(WARM_UP_DELAY_MS, self, lambda: run_in_background(
            documents.warm.warm_up, lambda _status: None, lambda _error: None, owner=self
        ))  # fmt: skip

    @property
    def converter_warning(self) -> QLabel:
        """The status-bar line shown when no PDF converter is found; made on first use, since a
        styled rich-text label costs the first paint about 10 ms and most PCs never need it."""
        if self._converter_warning is None:
            label = QLabel(self)
            label.setObjectName("converter_warning")
            label.setStyleSheet("color:#b3261e;")
            label.setText(
                tr("未找到 PDF 转换程序（Word、WPS 或 LibreOffice），只能生成 DOCX。")
                + " <a href='settings'>"
                + tr("详见设置")
                + "</a>"
            )
            label.linkActivated.connect(lambda _link: self.show_page("settings"))
            label.hide()
            self.statusBar().addWidget(label)
            self._converter_warning = label
        return self._converter_warning

    def show_converter_report(self, report: ConverterReport) -> None:
        """Keep the check's result for 设置 and warn on the status bar when nothing converts."""
        self.converter_report = report
        if report.fonts is not None:  # the start-up check's font line, kept in the log
            log.info("fonts: %s", report.fonts.message)
        if self._converter_warning is not None or not report.any_available:
            self.converter_warning.setToolTip(report.message)
            self.converter_warning.setVisible(not report.any_available)
        settings_page = self.pages.get("settings")
        show_converters = getattr(settings_page, "show_converters", None)
        if show_converters is not None:
            show_converters(report)

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        spec = PAGE_SPECS[row]
        self.settings.set_last_page(spec.page_id)
        if self.ctx is None:
            self.stack.setCurrentIndex(row)
            return
        page = self.page(spec.page_id)
        self.stack.setCurrentWidget(page)
        page.activate()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        from desktop.ui.task_exit import confirm_close_during_tasks

        if not self._exit_closing and not confirm_close_during_tasks(self):
            event.ignore()  # 继续等待: the work goes on, the window stays
            return
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_state(self.saveState())
        self.settings.sync()
        if self.backup_on_close and self.ctx is not None and self.exit_backup is None:
            event.ignore()  # closed again by _finish_exit once the backup is done or late
            self._start_exit_backup(self.ctx)
            return
        super().closeEvent(event)

    def _start_exit_backup(self, ctx: AppContext) -> None:
        """The automatic backup on exit, off the GUI thread, waited for a few seconds at most."""
        from desktop.ui.tasks import run_in_background

        self.exit_backup = "running"
        self.statusBar().showMessage(tr("正在自动备份数据，完成后退出……"))
        self.setEnabled(False)

        def done(summary: object) -> None:
            text = tr("自动备份完成：{0}").format(summary) if summary else tr("无需自动备份。")
            log.info("backup on exit: %s", summary)
            self._finish_exit(text)

        def failed(error: BaseException) -> None:
            log.error("backup on exit failed", exc_info=error)
            text = tr("自动备份失败：{0}（详情见日志）").format(error)
            self.exit_backup = text
            self.statusBar().showMessage(text)
            QTimer.singleShot(EXIT_FAILURE_SHOWN_MS, lambda: self._finish_exit(text))

        run_in_background(ctx.backups.backup_on_exit, done, failed, title=tr("自动备份"))
        QTimer.singleShot(
            EXIT_BACKUP_WAIT_MS, lambda: self._finish_exit(tr("自动备份超时，已退出。"))
        )

    def _finish_exit(self, outcome: str) -> None:
        """Close for good (once): after the backup, its failure message, or the time limit."""
        if self._exit_closing:
            return
        self._exit_closing = True
        if self.exit_backup == "running":
            self.exit_backup = outcome
        self.close()
