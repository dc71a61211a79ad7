"""What every page of the main window has: id, Chinese title, lazy first load, a loaded signal,
and the targets of the window's shortcuts (search box, list, new/open/save/print buttons)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QTabWidget, QWidget

if TYPE_CHECKING:  # the window paints before the database layer is imported
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings


class Page(QWidget):
    """A page: built empty, filled by refresh() on first show, `loaded` when data is painted."""

    PAGE_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    #: The buttons a shortcut presses (Ctrl+N new, Enter open, Ctrl+S save, Ctrl+P print), by
    #: attribute name, looked up on the page's current tab, the page, then its detail panel.
    ACTION_BUTTONS: ClassVar[dict[str, tuple[str, ...]]] = {
        "new": ("new_button",),
        "open": ("edit_button", "open_button"),
        "save": ("save_button",),
        "print": ("generate_button", "print_button", "open_button"),
    }
    #: Whether every load sets off heavy work on `loaded` (the 工作台's second pass), so that each
    #: is painted before it; otherwise only the first is (the window's start-up work follows it),
    #: and a list refiltered at each keystroke repaints only what changed, as the event loop does.
    PAINTS_EVERY_LOAD: ClassVar[bool] = False
    #: Emitted after the page's data arrived and the widgets show it.
    loaded = Signal()
    #: Emitted when all the page loads is shown: with `loaded` on most pages; a page that fills
    #: in a second pass (the 工作台) emits it after that pass.
    settled = Signal()
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
        """Record that the data is shown and tell the window; the first load (every load with
        PAINTS_EVERY_LOAD) is painted first.

        What `loaded` starts (the converter check, the 工作台's second pass) holds the one
        interpreter lock for a few hundred milliseconds, and the views ask their Python models
        for every cell they paint: left to the event loop, the first pass reached the screen
        0.2–0.4 s late. A synchronous repaint puts it there first."""
        first = not self.is_loaded
        self.is_loaded = True
        if (first or self.PAINTS_EVERY_LOAD) and self.isVisible():
            layout = self.layout()
            if layout is not None:
                layout.activate()  # the new cards' geometry before they are painted
            self.repaint()
        self.loaded.emit()
        if self.is_settled:
            self.settled.emit()

    @property
    def is_settled(self) -> bool:
        """Whether all the page loads is shown (see `settled`)."""
        return self.is_loaded

    def reload(self) -> None:
        """F5: read everything again (pages with caches forget them first)."""
        self.refresh()

    # --- shortcut targets ----------------------------------------------------------------

    def parts(self) -> list[QWidget]:
        """Where the page's widgets live, the one in front first: the current tab, the page,
        its detail panel."""
        found: list[QWidget] = []
        tabs = getattr(self, "tabs", None)
        if isinstance(tabs, QTabWidget) and tabs.currentWidget() is not None:
            found.append(tabs.currentWidget())
        found.append(self)
        detail = getattr(self, "detail", None)
        if isinstance(detail, QWidget):
            found.append(detail)
        return found

    def run_action(self, action: str) -> bool:
        """Press the first visible, enabled button of an action; False when the page has none."""
        for part in self.parts():
            for name in self.ACTION_BUTTONS.get(action, ()):
                button = getattr(part, name, None)
                if isinstance(button, QAbstractButton) and button.isVisible() and button.isEnabled():
                    button.click()
                    return True
        return False

    def search_box(self) -> QLineEdit | None:
        """The search box Ctrl+F goes to (the filter bar's, or the page's own entry line)."""
        for part in self.parts():
            filters = getattr(part, "filters", None)
            search = getattr(filters, "search", None) or getattr(part, "search", None)
            if isinstance(search, QLineEdit) and search.isVisible():
                return search
        entry = getattr(self, "case_edit", None)
        return entry if isinstance(entry, QLineEdit) else None

    def focus_search(self) -> bool:
        """Ctrl+F: the cursor into the search box, its text selected to type over."""
        box = self.search_box()
        if box is None:
            return False
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()
        return True

    def focus_content(self) -> None:
        """After a page change: the cursor into the page (its list, else its first control)."""
        for part in self.parts():
            view = getattr(part, "view", None)
            if isinstance(view, QAbstractItemView) and view.isVisible():
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                model = view.model()
                if model is not None and model.rowCount() and not view.currentIndex().isValid():
                    view.setCurrentIndex(model.index(0, 0))  # Enter then opens the first row
                return
        for child in self.findChildren(QWidget):
            if (child.isVisible() and child.isEnabled()
                    and child.focusPolicy() & Qt.FocusPolicy.TabFocus):  # fmt: skip
                child.setFocus(Qt.FocusReason.OtherFocusReason)
                return
