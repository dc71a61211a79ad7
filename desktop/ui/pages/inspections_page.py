"""检查: inspections of a period (record, open, 立案 from a 不合格 item, documents); 投诉举报."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.errors import CasedeskError
from desktop.inspections.inspections import InspectionDetail, InspectionFilter
from desktop.ui.dialogs.inspection_editor import InspectionEditor
from desktop.ui.document_actions import DocumentActions
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.lazy_table_model import LazyTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import SPLITTER
from desktop.ui.widgets.complaints_panel import ComplaintsPanel
from desktop.ui.widgets.filter_bar import FilterBar
from desktop.ui.widgets.inspection_detail import InspectionDetailPanel
from desktop.ui.widgets.key_column_table import add_column_chooser, keep_sort_indicator_on_sortable
from desktop.ui.widgets.period_picker import PeriodPicker
from desktop.ui.widgets.plans_panel import PlansPanel
from desktop.ui.widgets.table_view import connect_open, make_table, scrolled, size_columns
from forms.record_forms import InstitutionKind

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

INSPECTION_COLUMNS = (
    ColumnSpec(tr("检查日期"), attr("inspected_on"), 6, "date", "inspected_on"),
    ColumnSpec(tr("被检查单位"), attr("institution_name"), 14, sort_key="institution_name"),
    ColumnSpec(tr("机构类别"), attr("institution_kind"), 7, sort_key="institution_kind"),
    ColumnSpec(tr("镇街"), attr("town"), 5, sort_key="town"),
    ColumnSpec(tr("执法人员"), attr("officers"), 9),
    ColumnSpec(tr("不合格项"), attr("failed_items"), 5, "count"),
    ColumnSpec(tr("录入日期"), attr("entered_on"), 6, "date", "entered_on"),
    ColumnSpec(tr("回头看"), lambda r: tr("是") if r.is_revisit else "", 4),
    ColumnSpec(
        tr("再次违法"),
        lambda r: "" if r.illegal_again is None else tr("是") if r.illegal_again else tr("否"),
        5,
    ),
)


class InspectionsPage(Page):
    """The inspections of a period and the selected one (plans, draws, checklists: CLI)."""

    PAGE_ID = "inspections"
    TITLE = "检查"

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.filters = FilterBar(
            tr("搜索被检查单位、统一社会信用代码、在场人、检查情况"), self, self.settings, self.PAGE_ID
        )
        self.period = PeriodPicker(self)
        self.period.set_period(self.period.period()[0].replace(year=self.period.period()[0].year - 1),
                               self.period.period()[1])  # fmt: skip
        self.revisits = QCheckBox(tr("只看“回头看”"), self)
        self.filters.add_widget(self.period)
        self.filters.add_widget(self.revisits)
        self.filters.add_choice("kind", tr("类别"), [k.value for k in InstitutionKind])
        self.filters.add_choice("town", tr("镇街"), [])
        self.count_label = QLabel(self)
        self.filters.add_trailing(self.count_label)
        layout.addWidget(self.filters)
        self._generation = 0
        self._sort = ("inspected_on", True)
        self.tabs = QTabWidget(self)
        records = QWidget()
        records_layout = QVBoxLayout(records)
        records_layout.setContentsMargins(0, 6, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = LazyTableModel(INSPECTION_COLUMNS, self.ctx.inspections.rows, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        keep_sort_indicator_on_sortable(self.view)
        size_columns(self.view, [c.width for c in INSPECTION_COLUMNS])
        add_column_chooser(self.view, self.settings, self.PAGE_ID)
        self.splitter.addWidget(self.view)
        self.detail = InspectionDetailPanel(self)
        self.splitter.addWidget(scrolled(self.detail))  # scrolls only on a very low window
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        saved = self.settings.state(SPLITTER.format(self.PAGE_ID))
        if saved is not None:
            self.splitter.restoreState(saved)
        else:
            self.splitter.setSizes([700, 600])
        records_layout.addWidget(self.splitter, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(tr("新增检查记录…"), self)
        self.edit_button = QPushButton(tr("打开/修改…"), self)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        records_layout.addLayout(buttons)
        self.tabs.addTab(records, tr("检查记录"))
        self.complaints = ComplaintsPanel(self.ctx, self)
        self.tabs.addTab(self.complaints, tr("投诉举报"))
        self.plans = PlansPanel(self.ctx, self.settings, self)
        self.tabs.addTab(self.plans, tr("工作方案与抽取"))
        self.plans.status.connect(self.status)
        layout.addWidget(self.tabs, 1)
        #: The open editor (tests fill it as a clerk would); today's date for new records.
        self.editor: InspectionEditor | None = None
        self.today: Callable[[], date] = date.today
        self._pending_open: int | None = None
        self.document_flow = DocumentActions(self.ctx, self.settings, self, subject="inspection")
        self.period.changed.connect(self.refresh)
        self.revisits.toggled.connect(lambda _b: self.refresh())
        self.filters.changed.connect(self.refresh)
        self.filters.submitted.connect(self.focus_content)  # type, Enter, then the list
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_row_changed(current.row())
        )
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.detail.open_case_requested.connect(self.open_case_from_result)
        self.splitter.splitterMoved.connect(
            lambda *_a: self.settings.set_state(
                self.splitter.saveState(), SPLITTER.format(self.PAGE_ID)
            )
        )

    def current_filter(self) -> InspectionFilter:
        """The filter the widgets describe."""
        start, end = self.period.period()
        kind, town = self.filters.value("kind"), self.filters.value("town")
        return InspectionFilter(
            date_from=start,
            date_to=end,
            revisits_only=self.revisits.isChecked(),
            search=self.filters.text(),
            kinds=(InstitutionKind(kind),) if kind else (),
            towns=(town,) if town else (),
        )

    def refresh(self) -> None:
        """Query the inspections' ids (and the counts) in the background; a newer query wins."""
        self._generation += 1
        generation, flt = self._generation, self.current_filter()
        service, towns = self.ctx.inspections, self.ctx.institutions.towns
        sort, descending = self._sort

        def load() -> tuple[list[int], int, list[str]]:
            return service.ids(flt, sort, descending), service.count_failed(flt), towns()

        run_in_background(
            load,
            lambda result: self._on_loaded(generation, result),
            lambda e: show_error(self, e),
        )
        # The 投诉举报 tab depends on the period only: typing a search does not re-read it.
        if self.complaints.period != (flt.date_from, flt.date_to):
            self.complaints.refresh(flt.date_from, flt.date_to)

    def _on_model_sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.refresh()

    def activate(self) -> None:
        """The first showing also reads the plans (they do not depend on the period)."""
        if not self._started:
            self.plans.refresh()
        super().activate()

    def selected_id(self) -> int | None:
        """The id of the selected inspection."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.id_at(index.row())

    def open_record(self, record_type: str, record_id: int) -> None:
        """Show a 检查 record, open a 投诉举报 in its editor, or select a 工作方案."""
        if record_type == "投诉举报":
            self.tabs.setCurrentWidget(self.complaints)
            self.complaints.open_editor(record_id)
        elif record_type == "工作方案":
            self.tabs.setCurrentWidget(self.plans)
            self.plans.select_plan(record_id)
        else:
            self.tabs.setCurrentIndex(0)
            self.open_inspection(record_id)

    def open_inspection(self, inspection_id: int) -> None:
        """Select an inspection after the next load (widening the period to show it)."""
        self._pending_open = inspection_id
        row = self.ctx.inspections.get(inspection_id).row
        day = row.inspected_on
        if self.selected_id() != inspection_id:
            # A record asked for by id must not hide behind the clerk's search or filters.
            self.filters.reset()
            if self.revisits.isChecked() and not row.is_revisit:
                self.revisits.blockSignals(True)
                self.revisits.setChecked(False)
                self.revisits.blockSignals(False)
        start, end = self.period.period()
        if not start <= day <= end:
            self.period.set_period(min(day, start), max(day, end))
        self.refresh()

    def _on_loaded(self, generation: int, result: tuple[list[int], int, list[str]]) -> None:
        if generation != self._generation:
            return
        selected = self.selected_id()  # a reload keeps the clerk's row
        ids, failed, towns = result
        self.model.set_ids(ids)
        self.filters.set_choices("town", towns)
        self.count_label.setText(tr("共 {0} 次检查，{1} 次有不合格项").format(len(ids), failed))
        wanted = self._pending_open if self._pending_open in ids else selected
        if self._pending_open in ids:
            self._pending_open = None
        if wanted in ids:
            self.view.selectRow(ids.index(wanted))
        elif ids:
            self.view.selectRow(0)
        self.mark_loaded()

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.show_detail(self.model.id_at(row))

    def show_detail(self, inspection_id: int) -> None:
        """Read one inspection, the 案号 of its cases and its issued documents, then show it."""
        ctx = self.ctx

        def load() -> tuple[int, InspectionDetail, dict[int, str], dict[str, str]]:
            detail = ctx.inspections.get(inspection_id)
            numbers = {
                r.case_id: ctx.cases.get(r.case_id).case_no
                for r in detail.results
                if r.case_id is not None
            }
            issued = {
                d.name: d.number
                for d in ctx.documents.list_documents(inspection_id=inspection_id)
                if d.number and not d.voided
            }
            return inspection_id, detail, numbers, issued

        run_in_background(load, self._on_detail_loaded, lambda e: show_error(self, e))

    def _on_detail_loaded(
        self, result: tuple[int, InspectionDetail, dict[int, str], dict[str, str]]
    ) -> None:
        inspection_id, detail, numbers, issued = result
        if self.selected_id() == inspection_id:
            self.detail.show_inspection(detail, numbers, issued)

    # --- actions ----------------------------------------------------------------------

    def _on_new_button_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_button_clicked(self) -> None:
        inspection_id = self.selected_id()
        if inspection_id is not None:
            self.open_editor(inspection_id)

    def open_editor(self, inspection_id: int | None) -> InspectionEditor:
        """Show the editor (modeless, so the list stays readable); reload when it saves."""
        self.editor = InspectionEditor(self.ctx, inspection_id, parent=self, today=self.today())
        self.editor.accepted.connect(self._on_editor_saved)
        self.editor.open()
        return self.editor

    def _on_editor_saved(self) -> None:
        editor = self.editor
        if editor is not None and editor.saved_id is not None:
            self.status.emit(tr("检查记录已保存。"))
            self.open_inspection(editor.saved_id)

    def open_case_from_result(self, inspection_id: int, result_id: int) -> None:
        """立案 from a 不合格 item in the background; the 案号 appears in the results."""
        service, today = self.ctx.inspection_cases, self.today()

        def done(case_id: int) -> None:
            self.ctx.case_search.invalidate()
            number = self.ctx.cases.get(case_id).case_no
            self.detail.case_label.setText(tr("已立案：{0}").format(number))
            self.status.emit(tr("已立案：{0}").format(number))
            self.show_detail(inspection_id)

        def failed(error: BaseException) -> None:
            if isinstance(error, CasedeskError):
                self.detail.case_label.setText(str(error))
            show_error(self, error)

        run_in_background(
            lambda: service.open_case(inspection_id, result_id, today), done, failed, write=True
        )
