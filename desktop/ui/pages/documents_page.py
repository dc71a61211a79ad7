"""文书: the register of generated documents (文号, case, who, when), opened in Word/WPS."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.documents.doc_types import DocumentRow
from desktop.documents.register import DocumentFilter, DocumentState
from desktop.trust.file_store import atomic_write
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ID_ROLE, ColumnSpec, attr
from desktop.ui.models.lazy_table_model import LazyTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.filter_bar import FilterBar
from desktop.ui.widgets.key_column_table import add_column_chooser, keep_sort_indicator_on_sortable
from desktop.ui.widgets.table_view import connect_open, make_table, size_columns
from forms.registry import FORMS

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings


def _state(d: DocumentRow) -> str:
    """有效 or 已作废：原因, with the 补号原因 of a number issued out of date order."""
    state = tr("已作废：") + d.void_reason if d.voided else tr(DocumentState.VALID.value)
    return state + (tr("（补号原因：{0}）").format(d.late_reason) if d.late_reason else "")


DOCUMENT_COLUMNS = (
    ColumnSpec(tr("文书"), attr("name"), 10, sort_key="doc_type"),
    ColumnSpec(tr("文号"), attr("number"), 14, sort_key="number"),
    ColumnSpec(tr("案号"), attr("case_no"), 12, sort_key="case_no"),
    ColumnSpec(tr("生成人"), attr("created_by"), 6, sort_key="created_by"),
    ColumnSpec(
        tr("生成时间"),
        lambda d: f"{d.created_at:%Y-%m-%d %H:%M}" if d.created_at else "",
        9,
        sort_key="created_at",
    ),
    ColumnSpec(tr("状态"), _state, 8),
)


class DocumentsPage(Page):
    """Every generated document, newest first; generate new ones from the 案件 page."""

    PAGE_ID = "documents"
    TITLE = "文书"

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        intro = QLabel(
            tr("文书按《卫生行政执法文书规范》从案件记录生成，文号由登记簿统一分配、不重号不跳号。")
            + tr("在“案件”页选择案件与环节即可生成、预览、打印。"),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.filters = FilterBar(
            tr("搜索文号、文书名称、案号、当事人、生成人、作废原因、补号原因"), self, self.settings, self.PAGE_ID
        )
        names = self.filters.add_choice("name", tr("文书"), [])
        for form_id, form in FORMS.items():
            names.addItem(form.name, form_id)
        self.filters.add_choice("state", tr("状态"), [tr(s.value) for s in DocumentState])
        layout.addWidget(self.filters)
        self._generation = 0
        self._sort = ("created_at", True)  # newest first
        self.model = LazyTableModel(DOCUMENT_COLUMNS, self.ctx.document_register.rows, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        keep_sort_indicator_on_sortable(self.view)
        size_columns(self.view, [c.width for c in DOCUMENT_COLUMNS])
        add_column_chooser(self.view, self.settings, self.PAGE_ID)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count_label = QLabel(self)
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.void_reason = QLineEdit(self)
        self.void_reason.setPlaceholderText(tr("作废原因（必填，如：当事人名称有误，已重新制作）"))
        self.void_reason.setMinimumWidth(320)
        self.void_button = QPushButton(tr("作废所选文书"), self)
        self.open_button = QPushButton(tr("用 Word/WPS 打开"), self)
        row.addWidget(self.void_reason)
        row.addWidget(self.void_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.void_button.clicked.connect(self.void_selected)
        self.filters.changed.connect(self.refresh)
        self.filters.submitted.connect(self.focus_content)  # type, Enter, then the list
        self.model.sort_requested.connect(self._on_model_sort_requested)
        connect_open(self.view, lambda _i: self._on_open_button_clicked())

    def current_filter(self) -> DocumentFilter:
        """The filter the widgets describe."""
        state = self.filters.value("state")
        return DocumentFilter(
            search=self.filters.text(),
            form_id=self.filters.value("name"),
            state=next((s for s in DocumentState if tr(s.value) == state), None),
        )

    def refresh(self) -> None:
        """Query the register's ids in the background; a newer query wins."""
        self._generation += 1
        generation, flt = self._generation, self.current_filter()
        register, (sort, descending) = self.ctx.document_register, self._sort

        def load() -> tuple[list[int], int]:
            return register.ids(flt, sort, descending), register.count()

        run_in_background(
            load, lambda result: self._on_loaded(generation, result), lambda e: show_error(self, e)
        )

    def _on_loaded(self, generation: int, result: tuple[list[int], int]) -> None:
        if generation != self._generation:
            return
        selected = self.selected_id()
        ids, total = result
        self.model.set_ids(ids)
        self.count_label.setText(tr("共 {0} 份文书，显示 {1} 份").format(total, len(ids)))
        if selected is not None:
            self.select_document(selected)
        self.mark_loaded()

    def _on_model_sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.refresh()

    def selected_id(self) -> int | None:
        """The id of the selected document."""
        rows = self.view.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def select_document(self, document_id: int) -> bool:
        """Select a document in the (sorted, filtered) list by its id."""
        row = self.model.row_of(document_id)
        if row >= 0:
            self.view.selectRow(row)
        return row >= 0

    def void_selected(self) -> TaskHandle | None:
        """Void the selected document with the reason typed; its 文号 stays taken."""
        document_id, reason = self.selected_id(), self.void_reason.text()
        if document_id is None:
            return None
        documents = self.ctx.documents

        def done(_none: object) -> None:
            self.void_reason.clear()
            self.status.emit(tr("文书已作废，文号保留不再使用。"))
            self.refresh()

        return run_in_background(
            lambda: documents.void(document_id, reason),
            done,
            lambda e: show_error(self, e, tr("未作废")),
            write=True,
        )

    def _on_open_button_clicked(self) -> None:
        document_id = self.selected_id()
        if document_id is None:
            return
        row = self.model.row_at(self.model.row_of(document_id))
        target = Path(tempfile.gettempdir()) / "casedesk" / f"{row.name}{row.number or row.id}.docx"

        def write() -> Path:
            # Owner-only (0600, the folder 0700 when made): the temp folder may be shared.
            atomic_write(target, self.ctx.documents.file_bytes(document_id))
            return target

        run_in_background(
            write,
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            lambda e: show_error(self, e),
        )
