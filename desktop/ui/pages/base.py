"""What every page of the main window has: id, Chinese title, lazy first load, a loaded signal."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.app import AppContext
from desktop.ui.ui_settings import UiSettings


class Page(QWidget):
    """A page: built empty, filled by refresh() on first show, `loaded` when data is painted."""

    PAGE_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    #: Emitted after the page's data arrived and the widgets show it.
    loaded = Signal()
    #: A status-bar message for the main window.
    status = Signal(str)

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self.is_loaded = False
        self._started = False

    def activate(self) -> None:
        """Called when the page is shown: the first time it loads its data."""
        if not self._started:
            self._started = True
            self.refresh()

    def refresh(self) -> None:
        """Reload the page's data (in the background where it may take time)."""
        self.mark_loaded()

    def mark_loaded(self) -> None:
        """Record that the data is shown and tell the window."""
        self.is_loaded = True
        self.loaded.emit()
