"""文书: the register of generated documents (文号, case, who, when), opened in Word/WPS."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.services.document_types import DocumentRow
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ID_ROLE, SORT_ROLE, ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.filter_bar import FilterBar
from desktop.ui.widgets.table_view import make_table, size_columns
from forms.registry import FORMS

#: The 状态 filter's choices.
VALID, VOIDED = tr("有效"), tr("已作废")


def filter_documents(
    rows: list[DocumentRow], text: str, name: str, state: str
) -> list[DocumentRow]:
    """The register rows matching the search text (any part), the 文书 and the 状态 chosen."""
    wanted = text.strip().lower()
    return [
        r
        for r in rows
        if (not name or r.name == name)
        and (not state or r.voided == (state == VOIDED))
        and (
            not wanted
            or any(
                wanted in part.lower() for part in (r.number, r.name, r.created_by, r.void_reason)
            )
        )
    ]


if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

DOCUMENT_COLUMNS = (
    ColumnSpec(tr("文书"), attr("name"), 10),
    ColumnSpec(tr("文号"), attr("number"), 14),
    ColumnSpec(tr("案件编号"), lambda d: d.case_id or "", 5, "count"),
    ColumnSpec(tr("生成人"), attr("created_by"), 6),
    ColumnSpec(
        tr("生成时间"), lambda d: f"{d.created_at:%Y-%m-%d %H:%M}" if d.created_at else "", 9
    ),
    ColumnSpec(tr("状态"), lambda d: tr("已作废：") + d.void_reason if d.voided else VALID, 8),
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
        self.filters = FilterBar(tr("搜索文号、文书名称、生成人、作废原因"), self)
        self.filters.add_choice("name", tr("文书"), [form.name for form in FORMS.values()])
        self.filters.add_choice("state", tr("状态"), [VALID, VOIDED])
        layout.addWidget(self.filters)
        self.rows: list[DocumentRow] = []
        self.model = RowsTableModel(DOCUMENT_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = make_table(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # newest first
        size_columns(self.view, [c.width for c in DOCUMENT_COLUMNS])
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
        self.filters.changed.connect(self._apply_filters)
        self.view.doubleClicked.connect(lambda _i: self._on_open_button_clicked())

    def refresh(self) -> None:
        """Read the register in the background."""
        run_in_background(
            self.ctx.documents.list_documents,
            self._on_loaded,
            lambda e: show_error(self, e),
        )

    def _on_loaded(self, rows: list[DocumentRow]) -> None:
        self.rows = rows
        self._apply_filters()
        self.mark_loaded()

    def _apply_filters(self) -> None:
        shown = filter_documents(
            self.rows, self.filters.text(), self.filters.value("name"), self.filters.value("state")
        )
        self.model.set_rows(shown)
        self.count_label.setText(
            tr("共 {0} 份文书，显示 {1} 份").format(len(self.rows), len(shown))
        )

    def select_document(self, document_id: int) -> bool:
        """Select a document in the (sorted, filtered) list by its id."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == document_id:
                self.view.selectRow(row)
                return True
        return False

    def void_selected(self) -> TaskHandle | None:
        """Void the selected document with the reason typed; its 文号 stays taken."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        document_id, reason = int(rows[0].data(ID_ROLE)), self.void_reason.text()
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
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        document_id = int(rows[0].data(ID_ROLE))
        row = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        target = Path(tempfile.gettempdir()) / "casedesk" / f"{row.name}{row.number or row.id}.docx"

        def write() -> Path:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.ctx.documents.file_bytes(document_id))
            return target

        run_in_background(
            write,
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            lambda e: show_error(self, e),
        )
