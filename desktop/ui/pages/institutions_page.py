"""机构: the facility records with search, filters, editor and 机构名录 import."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.app import AppContext
from desktop.records.institutions import InstitutionFilter
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_editors import institution_editor
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ID_ROLE, ColumnSpec, attr
from desktop.ui.models.lazy_table_model import LazyTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.filter_bar import FilterBar
from desktop.ui.widgets.key_column_table import add_column_chooser, keep_sort_indicator_on_sortable
from desktop.ui.widgets.table_view import connect_open, make_table, size_columns
from forms.record_forms import InstitutionKind, InstitutionStatus

INSTITUTION_COLUMNS = (
    ColumnSpec(tr("机构名称"), attr("name"), 18, sort_key="name"),
    ColumnSpec(tr("机构类别"), attr("kind"), 8, sort_key="kind"),
    ColumnSpec(tr("统一社会信用代码"), attr("credit_code"), 11, sort_key="credit_code"),
    ColumnSpec(tr("镇街"), attr("town"), 6, sort_key="town"),
    ColumnSpec(tr("法定代表人"), attr("legal_representative"), 6, sort_key="legal_representative"),
    ColumnSpec(tr("状态"), attr("status"), 4, sort_key="status"),
    ColumnSpec(tr("信用评价"), attr("credit_grade"), 6, sort_key="credit_grade"),
)


class InstitutionsPage(Page):
    """The 机构名录."""

    PAGE_ID = "institutions"
    TITLE = "机构"
    #: (record type 案件/检查, id): a case or inspection opened from the institution's editor.
    record_requested = Signal(str, int)

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self._generation = 0
        self._sort = ("name", False)
        self._pending_open: int | None = None
        #: The open editor (tests fill it as a clerk would).
        self.editor: RecordEditorDialog | None = None
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.filters = FilterBar(
            tr("搜索机构名称、统一社会信用代码、地址、法定代表人"), self, self.settings, self.PAGE_ID
        )
        self.filters.add_choice("kind", tr("类别"), [k.value for k in InstitutionKind])
        self.filters.add_choice("town", tr("镇街"), [])
        self.filters.add_choice("status", tr("状态"), [s.value for s in InstitutionStatus])
        layout.addWidget(self.filters)
        self.model = LazyTableModel(INSTITUTION_COLUMNS, self.ctx.institutions.rows, self)
        self.view = make_table(self, key_column=True)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        keep_sort_indicator_on_sortable(self.view)
        size_columns(self.view, [c.width for c in INSTITUTION_COLUMNS])
        add_column_chooser(self.view, self.settings, self.PAGE_ID)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel(self)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.new_button = QPushButton(tr("新增机构"), self)
        self.edit_button = QPushButton(tr("编辑"), self)
        self.import_button = QPushButton(tr("导入机构名录…"), self)
        for button in (self.new_button, self.edit_button, self.import_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self.refresh)
        self.filters.submitted.connect(self.focus_content)  # type, Enter, then the list
        self.model.sort_requested.connect(self._on_model_sort_requested)
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)

    def current_filter(self) -> InstitutionFilter:
        """The filter the widgets describe."""
        kind, town, status = (self.filters.value(k) for k in ("kind", "town", "status"))
        return InstitutionFilter(
            search=self.filters.text(),
            kinds=(InstitutionKind(kind),) if kind else (),
            towns=(town,) if town else (),
            statuses=(InstitutionStatus(status),) if status else (),
        )

    def refresh(self) -> None:
        """Query the institutions in the background; a newer query wins."""
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        service = self.ctx.institutions

        sort, descending = self._sort

        def load() -> tuple[list[int], list[str]]:
            return service.ids(flt, sort, descending), service.towns()

        run_in_background(
            load, lambda result: self._on_loaded(generation, result), lambda e: show_error(self, e)
        )

    def selected_id(self) -> int | None:
        """The id of the selected institution."""
        rows = self.view.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def _on_loaded(self, generation: int, result: tuple[list[int], list[str]]) -> None:
        if generation != self._generation:
            return
        selected = self.selected_id()  # a reload (after an edit) keeps the clerk's row
        ids, towns = result
        self.model.set_ids(ids)
        self.filters.set_choices("town", towns)
        self.count_label.setText(tr("共 {0} 家").format(len(ids)))
        pending, self._pending_open = self._pending_open, None
        wanted = pending if pending is not None else selected
        if wanted is not None and self.model.row_of(wanted) >= 0:
            self.view.selectRow(self.model.row_of(wanted))
        elif ids:
            self.view.selectRow(0)  # a row to open with Enter
        self.mark_loaded()
        if pending is not None and self.model.row_of(pending) >= 0:
            self._edit(pending)

    def _on_model_sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.refresh()

    def _on_new_button_clicked(self) -> None:
        self._open_editor(None)

    def _on_edit_button_clicked(self) -> None:
        institution_id = self.selected_id()
        if institution_id is not None:
            self._edit(institution_id)

    def open_institution(self, institution_id: int) -> None:
        """Select an institution (from its case) and open its editor, clearing the filters."""
        if self.model.row_of(institution_id) < 0:
            self.filters.reset()
        self._pending_open = institution_id
        self.refresh()

    def _edit(self, institution_id: int) -> None:
        self._open_editor(institution_id)

    def _open_editor(self, institution_id: int | None) -> RecordEditorDialog:
        """The editor (window-modal, not blocking); the list reloads when it saves, and a case or
        inspection opened in its tabs is shown on its own page."""
        self.editor = dialog = institution_editor(self.ctx, institution_id, self)

        def closed(result: int) -> None:
            if result:
                self.refresh()
            chosen = getattr(dialog, "open_after", None)
            if chosen is not None:
                self.record_requested.emit(*chosen)

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def _on_import_button_clicked(self) -> None:
        dialog = ImportDialog(self.ctx, "institutions", self.settings, self)
        dialog.exec()
        if dialog.imported:
            self.refresh()
