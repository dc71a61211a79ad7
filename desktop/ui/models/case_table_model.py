"""The case list: ids first, rows fetched by the block when the view asks (100,000 cases)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.services.cases import CaseRow
from desktop.ui.models.columns import ID_ROLE, ColumnSpec, alignment, attr, display
from desktop.ui.text import tr

Index = QModelIndex | QPersistentModelIndex

#: Rows fetched per query when the view reaches an unloaded row (one screen is ~40 rows).
BLOCK = 200
#: Blocks kept in memory; scrolling far away drops the oldest.
MAX_BLOCKS = 50

#: The case list's columns, in order; sort_key names CaseService.SORT_COLUMNS.
CASE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(tr("案号"), attr("case_no"), 11, sort_key="case_no"),
    ColumnSpec(tr("当事人"), attr("party_name"), 11, sort_key="party_name"),
    ColumnSpec(tr("案由"), attr("cause"), 18),
    ColumnSpec(tr("案由分类"), attr("cause_category"), 7),
    ColumnSpec(tr("案件来源"), attr("source"), 6),
    ColumnSpec(tr("镇街"), attr("town"), 5, sort_key="town"),
    ColumnSpec(tr("环节"), attr("status"), 3, sort_key="status"),
    ColumnSpec(tr("立案日期"), attr("filed_on"), 6, "date", "filed_on"),
    ColumnSpec(tr("决定日期"), attr("decided_on"), 6, "date", "decided_on"),
    ColumnSpec(tr("罚款(元)"), attr("fine_fen"), 6, "money", "fine_fen"),
)


class CaseTableModel(QAbstractTableModel):
    """Holds the ids of the current query; loads CaseRows in blocks through `load_rows`."""

    #: (sort key, descending) when the user clicks a sortable header.
    sort_requested = Signal(str, bool)

    def __init__(self, load_rows: Callable[[list[int]], list[CaseRow]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = CASE_COLUMNS
        self._load_rows = load_rows
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, CaseRow]] = OrderedDict()
        self.queries = 0  #: row queries made (tests check laziness)

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these cases, in this order; nothing is loaded until a row is shown."""
        self.beginResetModel()
        self._ids = list(ids)
        self._blocks.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        """The ids in display order."""
        return list(self._ids)

    def id_at(self, row: int) -> int:
        """The case id of a row."""
        return self._ids[row]

    def row_at(self, row: int) -> CaseRow | None:
        """The CaseRow of a row (loads its block if needed)."""
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

    def invalidate(self, case_id: int) -> None:
        """Forget a case's cached row after an edit so it is read again."""
        for block_no, block in list(self._blocks.items()):
            if case_id in block:
                del self._blocks[block_no]
        if case_id in self._ids:
            row = self._ids.index(case_id)
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
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the page to re-query in this order (sorting 100,000 rows is the database's job)."""
        key = self.columns[column].sort_key
        if key:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)
