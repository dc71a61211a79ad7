"""Pick a legal provision from the catalogue; it fills 违反条款/处罚依据 and checks the fine."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.law.catalogue import ProvisionRow
from desktop.law.penalties import PenaltyFacts, penalty_notes
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import make_table, size_columns


def effective_period(row: ProvisionRow) -> str:
    """2016-02-06 至 2022-04-30, or 2022-05-01 起."""
    start = row.effective_from.isoformat()
    return f"{start} 至 {row.effective_to.isoformat()}" if row.effective_to else f"{start} 起"


PROVISION_COLUMNS = (
    ColumnSpec(tr("违法行为"), attr("violation"), 18),
    ColumnSpec(tr("违反条款"), attr("violated_article"), 12),
    ColumnSpec(tr("处罚依据"), attr("basis_article"), 14),
    ColumnSpec(tr("处罚幅度"), attr("range_text"), 16),
    # Versions of one provision differ by period: the clerk picks the one the act falls in.
    ColumnSpec(tr("施行期间"), effective_period, 10),
)


def fine_warning(
    row: ProvisionRow | None, facts: PenaltyFacts, catalogue: Sequence[ProvisionRow] = ()
) -> str:
    """The penalty typed so far against the chosen provision ('' when it fits).

    The rules are the 决定书 pre-flight's (fixed limits, multiples of 违法所得/货值金额, 警告,
    停业整顿, 吊销), so a warning here is what generating the decision would refuse.
    """
    notes = penalty_notes(facts, row, catalogue)
    return tr("请核对处罚：") + "；".join(notes) + tr("。") if notes else ""


class ProvisionPicker(QDialog):
    """The catalogue with a search box; double-click or OK picks a row."""

    def __init__(self, rows: Sequence[ProvisionRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("选择法律条款"))
        self.chosen: ProvisionRow | None = None
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("搜索违法行为、条款"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = RowsTableModel(PROVISION_COLUMNS, self)
        self.model.set_rows(rows)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = make_table(self)
        self.view.setModel(self.proxy)
        self.view.setWordWrap(True)
        size_columns(self.view, [c.width for c in PROVISION_COLUMNS])
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("选用"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        self.view.doubleClicked.connect(lambda _i: self._on_accepted())
        self.resize(1000, 560)

    def choose(self, row: int) -> ProvisionRow:
        """Pick a visible row (as a double-click would) and close."""
        self.view.selectRow(row)
        self._on_accepted()
        assert self.chosen is not None
        return self.chosen

    def _on_accepted(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        self.accept()
