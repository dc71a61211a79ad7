"""The selected inspection: summary, results (立案 from a 不合格 row), its two documents."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.inspections.inspections import InspectionDetail, ResultRow
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.text import tr
from desktop.ui.widgets.documents_box import add_documents_box, add_summary, add_table_box
from forms.record_forms import CheckResult

#: The documents an inspection produces (forms/inspection_forms.py).
INSPECTION_DOCUMENTS = ("现场笔录", "卫生监督意见书")

RESULT_COLUMNS = (
    ColumnSpec(tr("序号"), attr("position"), 2),
    ColumnSpec(tr("检查项目"), attr("item_text"), 12),
    ColumnSpec(tr("结论"), attr("result"), 3),
    ColumnSpec(tr("备注"), attr("note"), 5),
    ColumnSpec(tr("案号"), attr("case_no"), 10),
)


class ResultLine:
    """A result row with the 案号 of the case it opened (for the table)."""

    def __init__(self, row: ResultRow, case_no: str) -> None:
        self.row = row
        self.position = row.position
        self.item_text = row.item_text
        self.result = row.result
        self.note = row.note
        self.case_no = case_no


class InspectionDetailPanel(QWidget):
    """One inspection; asks the page to open a case or to generate a document."""

    #: (document title, inspection id)
    generate_requested = Signal(str, int)
    #: (inspection id, result id)
    open_case_requested = Signal(int, int)
    #: An inspection was shown (again, or another one): stale pre-flight lines go.
    record_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inspection_id: int | None = None
        self.issued: dict[str, str] = {}
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = add_summary(self, layout, tr("选择左侧的检查记录查看检查结果。"))
        self.model, self.view, box_layout = add_table_box(
            self, layout, tr("检查结果"), RESULT_COLUMNS
        )
        box = self.view.parentWidget()
        row = QHBoxLayout()
        self.case_label = QLabel(box)
        self.case_label.setWordWrap(True)
        row.addWidget(self.case_label, 1)
        self.open_case_button = QPushButton(tr("据此立案"), box)
        self.open_case_button.setEnabled(False)
        row.addWidget(self.open_case_button)
        box_layout.addLayout(row)
        self.documents, self.generate_button, self.document_label = add_documents_box(
            self, layout, tr("检查文书")
        )

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_result_changed(current.row())
        )
        self.documents.currentRowChanged.connect(
            lambda row: self.generate_button.setEnabled(row >= 0 and self.inspection_id is not None)
        )
        self.generate_button.clicked.connect(self._on_generate_button_clicked)
        self.open_case_button.clicked.connect(self._on_open_case_button_clicked)

    def show_inspection(
        self, detail: InspectionDetail, case_numbers: dict[int, str], issued: dict[str, str]
    ) -> None:
        """Show an inspection (read by the page in the background)."""
        self.inspection_id = detail.row.id
        self.issued = dict(issued)
        row = detail.row
        officers = "、".join(f"{o.name}（{o.badge_no}）" for o in detail.officers)
        self.summary.setText(
            f"<b>{row.institution_name}</b>　{row.inspected_on.isoformat()}<br>"
            f"<span style='color:#5f6368'>{row.institution_kind} · {row.town or '—'} · "
            f"{tr('执法人员')}：{officers}</span>"
        )
        lines = [ResultLine(r, case_numbers.get(r.case_id, "") if r.case_id else "")
                 for r in detail.results]  # fmt: skip
        self.model.set_rows(lines)
        failed = next((n for n, r in enumerate(detail.results) if r.result == "不合格"), 0)
        if lines:
            self.view.selectRow(failed)
        self._on_result_changed(failed if lines else -1)
        current = self.documents.currentRow()
        self.documents.clear()
        for title in INSPECTION_DOCUMENTS:
            item = QListWidgetItem(self._item_text(title))
            item.setData(Qt.ItemDataRole.UserRole, title)
            self.documents.addItem(item)
        self.documents.setCurrentRow(max(current, 0))
        self.record_shown.emit(row.id)

    def select_result(self, position: int) -> None:
        """Select a result row by its 序号."""
        self.view.selectRow(position - 1)

    def selected_result(self) -> ResultLine | None:
        """The selected result line."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        line = self.model.row_at(index.row())
        return line if isinstance(line, ResultLine) else None

    def select_document(self, title: str) -> bool:
        """Choose 现场笔录 or 卫生监督意见书."""
        for row in range(self.documents.count()):
            if self.documents.item(row).data(Qt.ItemDataRole.UserRole) == title:
                self.documents.setCurrentRow(row)
                return True
        return False

    def show_document_result(self, text: str, title: str = "", number: str = "") -> None:
        """The line under the documents: the 编号 once allocated, or why nothing was made."""
        self.document_label.setText(text)
        if title and number:
            self.issued[title] = number
            for row in range(self.documents.count()):
                item = self.documents.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == title:
                    item.setText(self._item_text(title))

    def _item_text(self, title: str) -> str:
        number = self.issued.get(title)
        return f"{title}　（{tr('已生成')}：{number}）" if number else title

    def _on_result_changed(self, row: int) -> None:
        line = self.model.row_at(row) if 0 <= row < self.model.rowCount() else None
        can_open = (
            isinstance(line, ResultLine)
            and line.result == CheckResult.FAIL.value
            and line.row.case_id is None
        )
        self.open_case_button.setEnabled(can_open)
        if isinstance(line, ResultLine) and line.case_no:
            self.case_label.setText(tr("已立案：{0}").format(line.case_no))
        elif isinstance(line, ResultLine) and line.result == CheckResult.FAIL.value:
            self.case_label.setText(tr("不合格项目，可据此立案。"))
        else:
            self.case_label.setText("")

    def _on_generate_button_clicked(self) -> None:
        item = self.documents.currentItem()
        if item is not None and self.inspection_id is not None:
            self.generate_requested.emit(
                str(item.data(Qt.ItemDataRole.UserRole)), self.inspection_id
            )

    def _on_open_case_button_clicked(self) -> None:
        line = self.selected_result()
        if line is not None and self.inspection_id is not None:
            self.open_case_requested.emit(self.inspection_id, line.row.id)
