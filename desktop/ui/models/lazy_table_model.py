"""A list model that holds only ids and fetches rows by the block when the view shows them.

Every large list (cases, institutions, inspections, documents) uses it: the query returns ids
in display order (cheap even for 100,000 rows) and the DTOs of a screen are read on demand.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.ui.models.columns import ID_ROLE, ColumnSpec, alignment, display
from desktop.ui.text import tr

Index = QModelIndex | QPersistentModelIndex

#: Rows fetched per query when the view reaches an unloaded row (one screen is ~40 rows).
BLOCK = 200
#: Blocks kept in memory; scrolling far away drops the oldest.
MAX_BLOCKS = 50


class LazyTableModel(QAbstractTableModel):
    """Holds the ids of the current query; loads row DTOs in blocks through `load_rows`.

    Sorting is the database's job: clicking a header with a `sort_key` emits `sort_requested`
    and the page re-queries the ids in that order.
    """

    #: (sort key, descending) when the user clicks a sortable header.
    sort_requested = Signal(str, bool)

    def __init__(
        self,
        columns: Sequence[ColumnSpec],
        load_rows: Callable[[list[int]], Sequence[Any]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._load_rows = load_rows
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, Any]] = OrderedDict()
        self.queries = 0  #: row queries made (tests check laziness)

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these records, in this order; nothing is loaded until a row is shown."""
        self.beginResetModel()
        self._ids = list(ids)
        self._blocks.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        """The ids in display order."""
        return list(self._ids)

    def id_at(self, row: int) -> int:
        """The record id of a row."""
        return self._ids[row]

    def row_of(self, record_id: int) -> int:
        """The row showing a record, -1 when it is not listed."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> Any:
        """The DTO of a row (loads its block if needed); None when the record is gone."""
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            ids = self._ids[block_no * BLOCK : (block_no + 1) * BLOCK]
            self.queries += 1
            block = {r.id: r for r in self._load_rows(ids)}
            self._blocks[block_no] = block
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])

    def loaded_rows(self) -> int:
        """How many rows are in memory now."""
        return sum(len(b) for b in self._blocks.values())

    def invalidate(self, record_id: int) -> None:
        """Forget a record's cached row after an edit so it is read again."""
        for block_no, block in list(self._blocks.items()):
            if record_id in block:
                del self._blocks[block_no]
        row = self.row_of(record_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(spec.kind)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return tr("（已删除）") if index.column() == 0 else ""
        if role == Qt.ItemDataRole.ToolTipRole and spec.tip is not None:
            return spec.tip(row) or None
        text = display(spec.get(row), spec.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > spec.width else None
        return text

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole and not self.columns[section].sort_key:
            return tr("此列不能排序")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the page to re-query in this order (sorting is the database's job)."""
        key = self.columns[column].sort_key
        if key:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)
