"""Pick a legal provision from the catalogue; it fills 违反条款/处罚依据 and checks the fine."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.law.catalogue import ProvisionRow
from desktop.law.penalties import (
    PenaltyFacts,
    case_kinds,
    check_penalty,
    penalty_facts,
    penalty_notes,
)
from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import connect_open, make_table, size_columns
from forms.validators import FieldError


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


#: The case field holding why a penalty outside its range was decided (CaseInput attribute).
REASON_FIELD = "range_override_reason"


class _Typed:
    """The editor's converted values read as a case's attributes (None for a field not shown)."""

    def __init__(self, values: dict[str, object]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> object:
        return self._values.get(name)


def typed_penalty(values: dict[str, object]) -> PenaltyFacts:
    """The penalty of a case editor's converted values, read as the law's checks read a case
    (tier, kinds and items included: one reading for the live warning and the save check)."""
    return penalty_facts(_Typed(values))


def out_of_range_check(
    chosen: Callable[[], ProvisionRow | None], catalogue: Sequence[ProvisionRow]
) -> Callable[[dict[str, object]], list[FieldError]]:
    """A save check of the case editor: a penalty the chosen provision does not allow (range,
    measures, version) is saved only with its reason, which 法制审核 reads in the report."""

    def check(values: dict[str, object]) -> list[FieldError]:
        row = chosen()
        if row is None or str(values.get(REASON_FIELD) or "").strip():
            return []
        facts = typed_penalty(values)
        if not case_kinds(facts):  # nothing imposed yet (a case just filed): nothing to fit
            return []
        problems = check_penalty(facts, row, catalogue).problems
        if not problems:
            return []
        message = tr("处罚不符合所选条款：{0}。确需如此处罚的，请在此写明理由（打印在案件调查"
                     "终结报告中，供法制审核），否则请修改处罚。").format("；".join(problems))  # fmt: skip
        return [FieldError("超出幅度的理由", message)]

    return check


class ProvisionPicker(FittedDialog):
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
        self.search.returnPressed.connect(self._on_search_return_pressed)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        connect_open(self.view, lambda _i: self._on_accepted())
        self.resize(1000, 560)

    def choose(self, row: int) -> ProvisionRow:
        """Pick a visible row (as a double-click would) and close."""
        self.view.selectRow(row)
        self._on_accepted()
        assert self.chosen is not None
        return self.chosen

    def _on_search_return_pressed(self) -> None:
        """Type, then Enter: the first match is taken (选用 is the default button)."""
        if not self.view.selectionModel().selectedRows() and self.proxy.rowCount():
            self.view.selectRow(0)

    def _on_accepted(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        self.accept()
