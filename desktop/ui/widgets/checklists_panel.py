"""设置 → 检查清单: copy a checklist and edit its items (处室, 序号, 检查内容) in place.

The built-in default (seed 000's items verbatim) is shown read-only: a clerk copies it first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.common.errors import CasedeskError
from desktop.inspections.checklists import ChecklistData, ChecklistItemData
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.field_widgets import show_failure, show_ok
from desktop.ui.widgets.table_view import make_table, size_columns

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.app import AppContext

Index = QModelIndex | QPersistentModelIndex

#: Editable columns: the item attribute, its header and width in characters.
ITEM_COLUMNS = (("department", "处室", 7), ("label", "序号", 4), ("text", "检查内容", 40))


class ChecklistItemsTableModel(QAbstractTableModel):
    """A checklist's items, editable cell by cell unless the checklist is read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[ChecklistItemData] = []
        self.read_only = True

    def set_items(self, items: tuple[ChecklistItemData, ...], read_only: bool) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.items = list(items)
        self.read_only = read_only
        self.endResetModel()

    def insert(self, row: int, item: ChecklistItemData) -> None:
        """Insert an item before `row`."""
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.insert(row, item)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        """Remove the item of `row`."""
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(ITEM_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return getattr(self.items[index.row()], ITEM_COLUMNS[index.column()][0])

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if self.read_only or not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        name = ITEM_COLUMNS[index.column()][0]
        self.items[index.row()] = replace(self.items[index.row()], **{name: str(value)})  # type: ignore[arg-type]
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base if self.read_only else base | Qt.ItemFlag.ItemIsEditable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(ITEM_COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None


class ChecklistsPanel(QGroupBox):
    """Pick a checklist; copy it; edit a copy's items and name, then save them in one go."""

    #: Emitted after the checklists were read and the chosen one shown.
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("检查清单（内置默认清单为工作方案原文，复制后可修改副本）"), parent)
        self.ctx = ctx
        self.checklists: list[ChecklistData] = []
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.picker = QComboBox(self)
        top.addWidget(self.picker, 1)
        self.copy_button = QPushButton(tr("复制为新清单…"), self)
        top.addWidget(self.copy_button)
        layout.addLayout(top)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel(tr("清单名称"), self))
        self.name_edit = QLineEdit(self)
        name_row.addWidget(self.name_edit, 1)
        layout.addLayout(name_row)
        self.model = ChecklistItemsTableModel(self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(
            self.view.EditTrigger.DoubleClicked | self.view.EditTrigger.EditKeyPressed
        )
        size_columns(self.view, [w for _n, _h, w in ITEM_COLUMNS])
        self.view.setMinimumHeight(200)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.add_button = QPushButton(tr("新增一项"), self)
        self.remove_button = QPushButton(tr("删除所选项"), self)
        self.save_button = QPushButton(tr("保存清单"), self)
        for button in (self.add_button, self.remove_button, self.save_button):
            row.addWidget(button)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self.picker.currentIndexChanged.connect(self._on_picker_changed)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)

    # --- public --------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Read the checklists again and show `select_id` (else the one shown now)."""
        current = self.current()
        wanted = select_id if select_id is not None else current.id if current else None
        run_in_background(self.ctx.checklists.list, lambda rows: self._on_loaded(rows, wanted),
                          lambda e: show_failure(self.message, e))  # fmt: skip

    def current(self) -> ChecklistData | None:
        """The checklist chosen in the picker."""
        index = self.picker.currentIndex()
        return self.checklists[index] if 0 <= index < len(self.checklists) else None

    def copy_as(self, name: str) -> int | None:
        """Copy the chosen checklist under a new name and show the copy for editing."""
        source = self.current()
        if source is None:
            return None
        try:
            new_id = self.ctx.checklists.copy(source.id, name)
        except CasedeskError as error:
            show_failure(self.message, error)
            return None
        show_ok(self.message, tr("已复制为“{0}”，可以修改。").format(name.strip()))
        self.refresh(new_id)
        return new_id

    def add_item(self) -> None:
        """A blank item after the selected one (or at the end), its text cell opened for typing."""
        index = self.view.currentIndex()
        row = index.row() + 1 if index.isValid() else self.model.rowCount()
        department = self.model.items[row - 1].department if row > 0 else ""
        self.model.insert(row, ChecklistItemData(text="", department=department))
        cell = self.model.index(row, 2)
        self.view.setCurrentIndex(cell)
        self.view.edit(cell)

    def remove_selected(self) -> None:
        """Drop the selected item (nothing is stored until 保存清单)."""
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())

    def save(self) -> bool:
        """Store the name and the items together; errors name the item and keep the edits."""
        checklist = self.current()
        if checklist is None or checklist.is_default:
            return False
        items = tuple(replace(i, id=None) for i in self.model.items)
        try:
            self.ctx.checklists.update(checklist.id, self.name_edit.text(), items)
        except CasedeskError as error:
            show_failure(self.message, error)
            return False
        show_ok(
            self.message,
            tr("已保存“{0}”，共 {1} 项。").format(self.name_edit.text().strip(), len(items)),
        )
        self.refresh(checklist.id)
        return True

    # --- slots ---------------------------------------------------------------------------

    def _on_loaded(self, rows: list[ChecklistData], wanted: int | None) -> None:
        self.checklists = rows
        self.picker.blockSignals(True)
        self.picker.clear()
        for c in rows:
            suffix = tr("（内置，只读）") if c.is_default else ""
            self.picker.addItem(f"{c.name}{suffix}　{len(c.items)}项", c.id)
        ids = [c.id for c in rows]
        self.picker.setCurrentIndex(ids.index(wanted) if wanted in ids else 0)
        self.picker.blockSignals(False)
        self._show_current()
        self.loaded.emit()

    def _on_picker_changed(self, _index: int) -> None:
        self.message.clear()
        self._show_current()

    def _show_current(self) -> None:
        checklist = self.current()
        read_only = checklist is None or checklist.is_default
        self.model.set_items(checklist.items if checklist else (), read_only)
        self.name_edit.setText(checklist.name if checklist else "")
        self.name_edit.setReadOnly(read_only)
        for button in (self.add_button, self.remove_button, self.save_button):
            button.setEnabled(not read_only)
        self.copy_button.setEnabled(checklist is not None)
        if checklist is not None and checklist.is_default and not self.message.text():
            self.message.setStyleSheet("color:#5f6368;")
            self.message.setText(tr("内置默认清单不能修改：请先“复制为新清单”，再修改副本。"))

    def _on_copy_button_clicked(self) -> None:
        source = self.current()
        if source is None:
            return
        name, ok = QInputDialog.getText(
            self, tr("复制检查清单"), tr("新清单名称："), text=f"{source.name}（副本）"
        )
        if ok and name.strip():
            self.copy_as(name)
