"""A read-only table view set up the way every list in the app looks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.columns import ColumnSpec
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.widgets.key_column_table import KeyColumnTable


def make_table(parent: QWidget | None = None, *, key_column: bool = False) -> QTableView:
    """Whole-row selection, alternating rows, no editing, compact rows, last column stretched;
    with `key_column` the first column stays in place while the others scroll sideways."""
    view = KeyColumnTable(parent) if key_column else QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    # Tab leaves the list for the next control (arrow keys move inside it); with tab navigation
    # between cells a clerk tabbing through the page never got past a long list.
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(QFontMetrics(view.font()).height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(
        view.horizontalHeader().defaultAlignment().AlignLeft
    )
    return view


class _EnterOpens(QObject):
    """Enter on a list's current row calls `callback(index)` (the event stops there)."""

    def __init__(self, view: QAbstractItemView, callback: Callable[[QModelIndex], object]) -> None:
        super().__init__(view)
        self._view = view
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self._view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self._callback(self._view.currentIndex())
            return True
        return super().eventFilter(watched, event)


def connect_open(view: QAbstractItemView, callback: Callable[[QModelIndex], object]) -> None:
    """Open a row with a double-click or with Enter. Not `activated`: Qt 6 emits it for Enter but
    not for a double-click, and for a single click on desktops set to open on one click."""
    view.doubleClicked.connect(callback)
    view.installEventFilter(_EnterOpens(view, callback))


class _FitsItsArea(QWidget):
    """Holds a panel for a scroll area and answers its height-for-width with the least height
    the panel needs at that width: QScrollArea lays a panel with wrapped text out at the
    height it answers, and the preferred one made it scroll where everything fits."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        layout = self.layout()
        return layout.minimumHeightForWidth(width) if layout is not None else -1


def scrolled(panel: QWidget) -> QScrollArea:
    """A detail panel in a frameless scroll area: it scrolls only when the window is too low for
    it, instead of forcing the whole window to its height."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(_FitsItsArea(panel))
    return area


def size_columns(view: QTableView, widths: list[int]) -> None:
    """Column widths in characters (a CJK character is about one em wide)."""
    em = QFontMetrics(view.font()).horizontalAdvance("中")
    for column, chars in enumerate(widths):
        view.setColumnWidth(column, chars * em + 16)


def fit_last_column(view: QTableView) -> None:
    """The last column takes what is left and elides (tooltip shows all): no sideways scrolling.

    For small side tables (steps, deadlines) where a horizontal scrollbar would hide the last
    column at the default window size.
    """
    header = view.horizontalHeader()
    # Not stretchLastSection as well: with it Qt never narrows the last column below the width
    # it had, and a narrow box clipped its text at the edge instead of eliding it.
    header.setStretchLastSection(False)
    header.setSectionResizeMode(view.model().columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


def rows_table(
    columns: Sequence[ColumnSpec], parent: QWidget, owner: QObject | None = None
) -> tuple[RowsTableModel, QTableView]:
    """A rows model of these columns (owned by `owner`, else parent) in a view sized for them."""
    model = RowsTableModel(columns, owner or parent)
    view = make_table(parent)
    view.setModel(model)
    size_columns(view, [c.width for c in columns])
    return model, view
