"""案件: 100,000 cases with search, filters and sorting; the selected case's steps and documents."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.cases.cases import CaseFilter, CaseInput
from desktop.documents.doc_types import BatchResult
from desktop.ui.case_list_actions import export_listed, generate_for_cases
from desktop.ui.dialogs.batch_result import BatchResultDialog
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_editors import case_editor
from desktop.ui.document_actions import DocumentActions
from desktop.ui.errors import show_error
from desktop.ui.models.case_table_model import CASE_COLUMNS, CaseTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import SPLITTER, UiSettings
from desktop.ui.widgets.case_detail import CaseDetail
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.filter_bar import FilterBar
from desktop.ui.widgets.key_column_table import add_column_chooser, keep_sort_indicator_on_sortable
from desktop.ui.widgets.table_view import connect_open, make_table, scrolled, size_columns
from forms.record_forms import CaseSource, CaseStatus, CauseCategory
from forms.registry import FORMS

#: Columns hidden until the clerk shows them (right-click the list): 案由分类 and 案件来源 are in
#: the case summary beside the list, and a 1366-pixel screen has no room for every column.
HIDDEN_BY_DEFAULT = (3, 4)


class CasesPage(Page):
    """The case list and the case file of the selected case."""

    PAGE_ID = "cases"
    TITLE = "案件"
    #: The institution that is the selected case's party (its name clicked in the summary).
    institution_requested = Signal(int)

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self._generation = 0
        self._sort = ("filed_on", True)
        self.last_query_ms = 0.0
        self._pending_open: int | None = None
        #: The open case editor (tests fill it as a clerk would).
        self.editor: RecordEditorDialog | None = None
        #: The result panel of the last batch (tests read it).
        self.batch_result: BatchResultDialog | None = None
        #: The main window replaces this to show progress and 取消 in its status bar.
        self.track: Callable[[TaskHandle], TaskHandle] = lambda handle: handle
        self._setup_ui()
        self._connect_signals()
        self.document_flow = DocumentActions(self.ctx, self.settings, self)

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.filters = FilterBar(
            tr("搜索案号、当事人、统一社会信用代码、案由或完整身份证号"), self, self.settings, self.PAGE_ID
        )
        self.filters.add_choice("status", tr("环节"), [s.value for s in CaseStatus])
        self.filters.add_choice("source", tr("来源"), [s.value for s in CaseSource])
        self.filters.add_choice("category", tr("分类"), [c.value for c in CauseCategory])
        self.filters.add_choice("town", tr("镇街"), [])
        self.date_from = DateField(self, label=tr("立案日期起"), placeholder=tr("不限"), compact=True)
        self.date_to = DateField(self, label=tr("立案日期止"), placeholder=tr("不限"), compact=True)
        self.filters.add_date_range(tr("立案"), self.date_from, self.date_to)
        layout.addWidget(self.filters)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QVBoxLayout()
        self.model = CaseTableModel(self.ctx.cases.rows, self, self.ctx.legal_flags.flags)
        self.view = make_table(self, key_column=True)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        keep_sort_indicator_on_sortable(self.view)
        size_columns(self.view, [c.width for c in CASE_COLUMNS])
        add_column_chooser(self.view, self.settings, self.PAGE_ID, HIDDEN_BY_DEFAULT)
        self.splitter.addWidget(self.view)
        self.detail = CaseDetail(self.ctx, self)
        self.splitter.addWidget(scrolled(self.detail))  # scrolls only on a very low window
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        saved = self.settings.state(SPLITTER.format(self.PAGE_ID))
        if saved is not None:
            self.splitter.restoreState(saved)
        else:
            self.splitter.setSizes([700, 600])
        layout.addLayout(left)
        layout.addWidget(self.splitter, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel(self)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.new_button = QPushButton(tr("新增案件"), self)
        self.edit_button = QPushButton(tr("编辑"), self)
        self.import_button = QPushButton(tr("导入案件台账…"), self)
        self.export_button = QPushButton(tr("导出清单…"), self)
        self.batch_button = QPushButton(tr("批量生成文书…"), self)
        for button in (
            self.new_button,
            self.edit_button,
            self.import_button,
            self.export_button,
            self.batch_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self.refresh)
        self.filters.submitted.connect(self.focus_content)  # type, Enter, then the list
        self.date_from.date_changed.connect(lambda _d: self.refresh())
        self.date_to.date_changed.connect(lambda _d: self.refresh())
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_row_changed(current.row())
        )
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.batch_button.clicked.connect(self._on_batch_button_clicked)
        self.detail.institution_requested.connect(self.institution_requested)
        self.splitter.splitterMoved.connect(
            lambda *_a: self.settings.set_state(
                self.splitter.saveState(), SPLITTER.format(self.PAGE_ID)
            )
        )

    # --- queries ----------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        """The filter the widgets describe."""
        value = self.filters.value
        status, source, category, town = (
            value(k) for k in ("status", "source", "category", "town")
        )
        return CaseFilter(
            search=self.filters.text(),
            statuses=(CaseStatus(status),) if status else (),
            sources=(CaseSource(source),) if source else (),
            categories=(CauseCategory(category),) if category else (),
            towns=(town,) if town else (),
            filed_from=self.date_from.valid_date(),
            filed_to=self.date_to.valid_date(),
        )

    def reload(self) -> None:
        """F5: forget the cached order and search index (other clerks' changes), then query."""
        self.ctx.case_search.invalidate()
        self._pending_open = self.selected_id()  # the clerk's row stays selected
        self.model.set_ids(self.model.ids())  # rows are read again
        self.refresh()

    def refresh(self) -> None:
        """Query the ids off the GUI thread; only the newest query's answer is shown."""
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        sort, descending = self._sort
        service = self.ctx.cases
        lister = self.ctx.case_search
        first = not self.is_loaded

        def load() -> tuple[list[int], list[str] | None, float]:
            began = time.perf_counter()
            ids = lister.ids(flt, sort, descending)
            return ids, service.towns() if first else None, time.perf_counter() - began

        run_in_background(
            load, lambda r: self._on_ids(generation, r), lambda e: show_error(self, e)
        )

    def open_case(self, case_id: int) -> None:
        """Select a case (from the 工作台), clearing filters that would hide it."""
        if case_id not in self.model.ids():
            self.filters.search.clear()
            for combo in self.filters.combos.values():
                combo.setCurrentIndex(0)
        self._pending_open = case_id
        self.refresh()

    def selected_id(self) -> int | None:
        """The id of the selected case."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _on_ids(self, generation: int, result: tuple[list[int], list[str] | None, float]) -> None:
        if generation != self._generation:
            return
        ids, towns, seconds = result
        self.last_query_ms = seconds * 1000
        self.model.set_ids(ids)
        if towns is not None:
            self.filters.set_choices("town", towns)
            run_in_background(self.ctx.case_search.index.warm)
        self.count_label.setText(tr("共 {0:,} 件").format(len(ids)))
        pending = self._pending_open
        if pending is not None and pending in ids:
            self._pending_open = None
            self.view.selectRow(ids.index(pending))
        elif ids and not self.view.currentIndex().isValid():
            self.view.selectRow(0)
        self.mark_loaded()

    def _on_model_sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.refresh()

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        case_id = self.model.id_at(row)
        cases, documents = self.ctx.cases, self.ctx.documents

        def load() -> tuple[CaseInput, dict[str, str], int | None]:
            issued = {
                d.name: d.number
                for d in documents.list_documents(case_id=case_id)
                if d.number and not d.voided
            }
            return cases.get(case_id), issued, cases.institution_of(case_id)

        def show(result: tuple[CaseInput, dict[str, str], int | None]) -> None:
            if self.selected_id() == case_id:
                data, issued, institution_id = result
                self.detail.show_case(case_id, data, issued=issued, institution_id=institution_id)

        run_in_background(load, show, lambda e: show_error(self, e))

    # --- actions ----------------------------------------------------------------------

    def _on_new_button_clicked(self) -> None:
        dialog = self.editor = case_editor(self.ctx, None, self)

        def saved() -> None:
            if dialog.saved_id is not None:
                self.ctx.case_search.invalidate()
                self.open_case(dialog.saved_id)

        dialog.accepted.connect(saved)
        dialog.open()  # window-modal, not blocking: the list stays readable behind it

    def _on_edit_button_clicked(self) -> None:
        case_id = self.selected_id()
        if case_id is None:
            return
        dialog = self.editor = case_editor(self.ctx, case_id, self)

        def saved() -> None:
            self.ctx.case_search.invalidate()
            self.model.invalidate(case_id)
            if self.selected_id() == case_id:
                self._on_row_changed(self.view.currentIndex().row())

        dialog.accepted.connect(saved)
        dialog.open()

    def _on_import_button_clicked(self) -> None:
        dialog = ImportDialog(self.ctx, "cases", self.settings, self)
        dialog.exec()
        if dialog.imported:
            self.ctx.case_search.invalidate()
            self.refresh()

    def _on_export_button_clicked(self) -> None:
        start = str(Path(self.settings.last_dir("export")) / "案件清单.xlsx")
        name, _f = QFileDialog.getSaveFileName(self, tr("导出案件清单"), start, "Excel (*.xlsx)")
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> TaskHandle:
        """Export the listed cases in the background (progress and 取消 in the status bar)."""
        self.settings.set_last_dir("export", path.parent)
        return self.track(export_listed(self.ctx.cases, self.model.ids(), path, self.status.emit))

    def batch_generate(self, form_name: str, out_dir: Path) -> TaskHandle:
        """One document per listed case into a folder (progress and 取消 in the status bar)."""
        self.settings.set_last_dir("documents", out_dir)
        handle = generate_for_cases(
            self.ctx.documents, self.ctx.provisions, form_name, self.model.ids(), out_dir,
            self.status.emit,
            lambda result, total, notices: self._show_batch(form_name, result, total, out_dir,
                                                            notices),
        )  # fmt: skip
        return self.track(handle)

    def _show_batch(
        self, form_name: str, result: BatchResult, total: int, folder: Path,
        notices: Mapping[str, Sequence[str]],
    ) -> None:  # fmt: skip
        """The result panel: counts, the unverified rows' 提示, every failure named by its 案号,
        打开文件夹."""
        failed = [i.record_id for i in result.items if i.document is None or i.pdf_error]
        names = {r.id: f"{r.case_no} {r.party_name}" for r in self.ctx.cases.rows(failed)}
        self.batch_result = BatchResultDialog(
            form_name, result, total, folder, names, self, notices
        )
        self.batch_result.open()

    def _on_batch_button_clicked(self) -> None:
        names = [f.name for f in FORMS.values() if f.subject == "case"]
        name, ok = QInputDialog.getItem(
            self,
            tr("批量生成文书"),
            tr("为当前列表中的 {0:,} 件案件生成：").format(self.model.rowCount()),
            names,
            names.index("行政处罚决定书") if "行政处罚决定书" in names else 0,
            False,
        )
        if not ok:
            return
        folder = QFileDialog.getExistingDirectory(
            self, tr("选择保存文书的文件夹"), self.settings.last_dir("documents")
        )
        if folder:
            self.batch_generate(name, Path(folder))

