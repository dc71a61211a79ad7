"""The main window: navigation on the left, one page at a time, progress in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.app import AppContext
from desktop.ui.pages.base import Page
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.dashboard_page import DashboardPage
from desktop.ui.pages.institutions_page import InstitutionsPage
from desktop.ui.pages.pending_page import DocumentsPage, InspectionsPage, PacketsPage, ReportsPage
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.progress_panel import ProgressPanel

#: The navigation, in order. Pages are built when first shown (start-up stays fast).
PAGES: tuple[type[Page], ...] = (
    DashboardPage,
    InstitutionsPage,
    InspectionsPage,
    CasesPage,
    DocumentsPage,
    ReportsPage,
    PacketsPage,
    SettingsPage,
)


def page_class(name: str) -> type[Page] | None:
    """A page by its Chinese title or English id."""
    wanted = name.strip().lower()
    return next((p for p in PAGES if wanted in (p.PAGE_ID, p.TITLE)), None)


class MainWindow(QMainWindow):
    """卫生监督执法文书工作站."""

    def __init__(self, ctx: AppContext, settings: UiSettings) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        self.pages: dict[str, Page] = {}
        self._setup_ui()
        self._connect_signals()
        self._restore_state()

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
        for page in PAGES:
            item = QListWidgetItem(tr(page.TITLE))
            item.setData(Qt.ItemDataRole.UserRole, page.PAGE_ID)
            self.nav.addItem(item)
        self.nav.setFixedWidth(132)
        self.stack = QStackedWidget(self)
        self.placeholders: dict[str, QWidget] = {}
        for page in PAGES:
            holder = QWidget(self.stack)
            self.placeholders[page.PAGE_ID] = holder
            self.stack.addWidget(holder)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.progress = ProgressPanel(self)
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1360, 840)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

    def _restore_state(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.state()
        if state is not None:
            self.restoreState(state)

    def show_page(self, name: str) -> Page:
        """Switch to a page by Chinese title or id (built on first use)."""
        cls = page_class(name) or PAGES[0]
        self.nav.setCurrentRow(PAGES.index(cls))
        return self.page(cls.PAGE_ID)

    def page(self, page_id: str) -> Page:
        """The page object (built if needed)."""
        page = self.pages.get(page_id)
        if page is None:
            cls = next(p for p in PAGES if page_id == p.PAGE_ID)
            page = cls(self.ctx, self.settings, self.stack)
            page.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
            if isinstance(page, CasesPage):
                page.track = self.progress.track
            if isinstance(page, DashboardPage):
                page.open_case.connect(self.open_case)
            index = PAGES.index(cls)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.pages[page_id] = page
        return page

    def current_page(self) -> Page:
        """The page shown now."""
        return self.page(PAGES[max(self.nav.currentRow(), 0)].PAGE_ID)

    def open_case(self, case_id: int) -> None:
        """Show a case on the 案件 page."""
        page = self.show_page("cases")
        assert isinstance(page, CasesPage)
        page.open_case(case_id)

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(PAGES[row].PAGE_ID)
        self.stack.setCurrentWidget(page)
        page.activate()
        self.settings.set_last_page(page.PAGE_ID)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_state(self.saveState())
        self.settings.sync()
        super().closeEvent(event)
