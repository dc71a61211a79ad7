"""检查: inspection records for a period, with the failed items and whether they were entered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.services.inspections import InspectionFilter, InspectionRow
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.period_picker import PeriodPicker
from desktop.ui.widgets.table_view import make_table, size_columns

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

INSPECTION_COLUMNS = (
    ColumnSpec(tr("检查日期"), attr("inspected_on"), 6, "date"),
    ColumnSpec(tr("被检查单位"), attr("institution_name"), 14),
    ColumnSpec(tr("机构类别"), attr("institution_kind"), 7),
    ColumnSpec(tr("镇街"), attr("town"), 5),
    ColumnSpec(tr("执法人员"), attr("officers"), 9),
    ColumnSpec(tr("不合格项"), attr("failed_items"), 4, "count"),
    ColumnSpec(tr("录入日期"), attr("entered_on"), 6, "date"),
    ColumnSpec(tr("回头看"), lambda r: tr("是") if r.is_revisit else "", 4),
    ColumnSpec(
        tr("再次违法"),
        lambda r: "" if r.illegal_again is None else tr("是") if r.illegal_again else tr("否"),
        4,
    ),
)


class InspectionsPage(Page):
    """The inspections of a period (plans, draws and checklists are edited from the CLI)."""

    PAGE_ID = "inspections"
    TITLE = "检查"

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        row = QHBoxLayout()
        self.period = PeriodPicker(self)
        self.period.set_period(self.period.period()[0].replace(year=self.period.period()[0].year - 1),
                               self.period.period()[1])  # fmt: skip
        self.revisits = QCheckBox(tr("只看“回头看”"), self)
        row.addWidget(self.period)
        row.addWidget(self.revisits)
        row.addStretch(1)
        self.count_label = QLabel(self)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.model = RowsTableModel(INSPECTION_COLUMNS, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        size_columns(self.view, [c.width for c in INSPECTION_COLUMNS])
        layout.addWidget(self.view, 1)
        self.period.changed.connect(self.refresh)
        self.revisits.toggled.connect(lambda _b: self.refresh())

    def refresh(self) -> None:
        """Query the inspections of the period in the background."""
        start, end = self.period.period()
        flt = InspectionFilter(
            date_from=start, date_to=end, revisits_only=self.revisits.isChecked()
        )
        run_in_background(
            lambda: self.ctx.inspections.list(flt), self._on_loaded, lambda e: show_error(self, e)
        )

    def _on_loaded(self, rows: list[InspectionRow]) -> None:
        self.model.set_rows(rows)
        failed = sum(1 for r in rows if r.failed_items)
        self.count_label.setText(tr("共 {0} 次检查，{1} 次有不合格项").format(len(rows), failed))
        self.mark_loaded()
