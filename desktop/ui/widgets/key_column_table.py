"""A list whose key column (案号, 机构名称, 文号 …) stays in place while the other columns scroll
sideways (Qt's Frozen Column example), whose columns can be hidden from a menu (remembered per
list), and whose header shows a sort arrow only on columns the database can sort by.

At 1366 pixels the case list could not show all its columns, and scrolling right to the dates
and 罚款 hid the 案号 that says which case a row is.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings

#: UiSettings key of a list's hidden columns ("3,4"): the list's name goes in.
HIDDEN_COLUMNS_KEY = "columns/{0}/hidden"


class KeyColumnTable(QTableView):
    """A table view with its first column frozen on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozen_column")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the main view
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setStyleSheet(
            "#frozen_column { border: none; border-right: 1px solid #c0c4c8; }"
        )
        self.viewport().stackUnder(self.frozen)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.verticalHeader().sectionResized.connect(
            lambda index, _old, size: self.frozen.setRowHeight(index, size)
        )
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.frozen.horizontalHeader().sectionClicked.connect(self._on_frozen_header_clicked)
        self.horizontalHeader().sortIndicatorChanged.connect(self._mirror_sort_indicator)
        self.frozen.doubleClicked.connect(self.doubleClicked)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._hide_frozen_others)
        self._hide_frozen_others()

    def _hide_frozen_others(self) -> None:
        model = self.model()
        if model is None:
            return
        for column in range(1, model.columnCount()):
            self.frozen.setColumnHidden(column, True)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self.frozen.setFont(self.font())
        self.frozen.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize()
        )
        self.frozen.setAlternatingRowColors(self.alternatingRowColors())
        self.frozen.setSelectionBehavior(self.selectionBehavior())
        self.frozen.setEditTriggers(self.editTriggers())
        self.frozen.setWordWrap(self.wordWrap())
        header, frozen = self.horizontalHeader(), self.frozen.horizontalHeader()
        frozen.setDefaultAlignment(header.defaultAlignment())
        frozen.setHighlightSections(header.highlightSections())
        self._update_frozen_geometry()

    def _on_section_resized(self, index: int, _old: int, size: int) -> None:
        if index == 0:
            self.frozen.setColumnWidth(0, size)
            self._update_frozen_geometry()

    def _on_frozen_header_clicked(self, section: int) -> None:
        header = self.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = (
            Qt.SortOrder.DescendingOrder
            if header.sortIndicatorSection() == section and header.sortIndicatorOrder() == ascending
            else ascending
        )
        self.sortByColumn(section, order)

    def _mirror_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        frozen = self.frozen.horizontalHeader()
        frozen.setSortIndicatorShown(True)  # only lists that sort set an indicator
        frozen.setSortIndicator(section, order)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_frozen_geometry()

    def updateGeometries(self) -> None:  # noqa: N802
        super().updateGeometries()
        self._update_frozen_geometry()

    def moveCursor(  # noqa: N802
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        left = self.visualRect(current).topLeft().x()
        if (action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0
                and left < self.frozen.columnWidth(0)):  # fmt: skip
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + left - self.frozen.columnWidth(0))
        return current

    def scrollTo(  # noqa: N802
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.column() > 0 or not index.isValid():
            super().scrollTo(index, hint)
            return
        # The key column is always in sight: bring the row into view, not the column (that
        # would scroll the other columns back to the left on every move up or down).
        leftmost = max(self.horizontalHeader().logicalIndexAt(self.frozen.columnWidth(0)), 0)
        super().scrollTo(self.model().index(index.row(), leftmost), hint)

    def _update_frozen_geometry(self) -> None:
        self.frozen.setGeometry(
            self.verticalHeader().width() + self.frameWidth(),
            self.frameWidth(),
            self.columnWidth(0),
            self.viewport().height() + self.horizontalHeader().height(),
        )


def keep_sort_indicator_on_sortable(view: QTableView) -> None:
    """A click on a header the database cannot sort by leaves the arrow where it was (the rows do
    not move, so an arrow there would lie)."""
    header = view.horizontalHeader()
    last: list[tuple[int, Qt.SortOrder]] = [
        (header.sortIndicatorSection(), header.sortIndicatorOrder())
    ]

    def sortable(section: int) -> bool:
        columns = getattr(view.model(), "columns", ())
        return 0 <= section < len(columns) and bool(columns[section].sort_key)

    def changed(section: int, order: Qt.SortOrder) -> None:
        if sortable(section):
            last[0] = (section, order)
            return
        header.blockSignals(True)
        header.setSortIndicator(*last[0])
        header.blockSignals(False)
        header.viewport().update()

    header.sortIndicatorChanged.connect(changed)


def add_column_chooser(
    view: QTableView, settings: UiSettings, name: str, hidden: tuple[int, ...] = ()
) -> None:
    """A right-click (or menu-key) menu on the list and its header to hide or show columns; the
    key column cannot be hidden. The choice is remembered per list; `hidden` until one is made."""
    key = HIDDEN_COLUMNS_KEY.format(name)
    model = view.model()
    saved = settings.text(key, ",".join(str(c) for c in hidden))
    for part in saved.split(","):
        if part.strip().isdigit() and 0 < int(part) < model.columnCount():
            view.setColumnHidden(int(part), True)

    def show_menu(position: QPoint) -> None:
        menu = QMenu(view)
        menu.addSection(tr("显示的列"))
        for column in range(1, model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not view.isColumnHidden(column))
            action.toggled.connect(lambda shown, c=column: toggle(c, shown))
            menu.addAction(action)
        view.column_menu = menu  # type: ignore[attr-defined]  # tests pick from it
        menu.popup(view.viewport().mapToGlobal(position))

    def toggle(column: int, shown: bool) -> None:
        view.setColumnHidden(column, not shown)
        now_hidden = [str(c) for c in range(1, model.columnCount()) if view.isColumnHidden(c)]
        settings.set_text(key, ",".join(now_hidden))

    for widget in (view, view.horizontalHeader()):
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(show_menu)
    view.horizontalHeader().customContextMenuRequested.connect(show_menu)
    view.show_column_menu = show_menu  # type: ignore[attr-defined]
