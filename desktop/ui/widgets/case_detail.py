"""The selected case: summary, the steps 受理 → 结案 with dates and deadlines, their documents."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.calendar.workdays import PROVISIONAL_NOTE
from desktop.cases.cases import CaseInput
from desktop.cases.steps import CaseStep, case_timeline
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.text import tr
from desktop.ui.widgets.documents_box import add_documents_box, add_summary, add_table_box
from desktop.ui.widgets.money_text import capitals
from desktop.ui.widgets.table_view import fit_last_column
from forms.validators import format_yuan

STEP_COLUMNS = (
    ColumnSpec(tr("环节"), attr("name"), 7),
    ColumnSpec(tr("日期"), attr("done_on"), 6, "date"),
    ColumnSpec(
        tr("期限"),
        lambda s: (
            (tr("已逾期 ") if s.overdue else "")
            + (s.due.isoformat() if s.due else "")
            + (tr("（暂定）") if s.provisional else "")
        ),
        10,
        tip=lambda s: (
            s.deadline_text
            + (tr("\n暂定：该年{0}。").format(PROVISIONAL_NOTE) if s.provisional else "")
        ),
    ),
    ColumnSpec(tr("文书"), lambda s: "、".join(s.documents), 8),
)


class CaseDetail(QWidget):
    """Summary and timeline of one case; asks the page to generate a step's document."""

    #: (document title, case id)
    generate_requested = Signal(str, int)
    #: A case was shown (again, after an edit, or another one): stale pre-flight lines go.
    record_shown = Signal(int)
    #: The institution on record that is the case's party, its name clicked (or Enter on it).
    institution_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.institution_id: int | None = None
        self.data: CaseInput | None = None
        self.issued: dict[str, str] = {}
        self.steps: list[CaseStep] = []
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = add_summary(self, layout, tr("选择左侧的案件查看办案环节。"))
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )  # Tab reaches the institution's link, Enter opens it
        self.step_model, self.step_view, _ = add_table_box(
            self, layout, tr("办案环节"), STEP_COLUMNS
        )
        fit_last_column(self.step_view)
        self.documents, self.generate_button, self.document_label = add_documents_box(
            self, layout, tr("本环节文书")
        )

    def _connect_signals(self) -> None:
        self.step_view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._show_documents(current.row())
        )
        self.documents.currentRowChanged.connect(
            lambda row: self.generate_button.setEnabled(row >= 0 and self.case_id is not None)
        )
        self.generate_button.clicked.connect(self._on_generate_button_clicked)
        self.summary.linkActivated.connect(self._on_summary_link_activated)

    def show_case(
        self,
        case_id: int,
        data: CaseInput,
        today: date | None = None,
        issued: dict[str, str] | None = None,
        institution_id: int | None = None,
    ) -> None:
        """Show a case (read by the page in the background); `issued` maps 文书 → 文号;
        `institution_id` is the 机构 on record that is its party (its name becomes a link)."""
        self.case_id = case_id
        self.institution_id = institution_id
        self.data = data
        self.issued = dict(issued or {})
        self.steps = case_timeline(data, self.ctx.calendar, today or date.today())
        money = ""
        if data.fine_fen:
            money = tr("　罚款 {0} 元（{1}）").format(
                format_yuan(data.fine_fen), capitals(data.fine_fen)
            )
        party = html.escape(data.party_name)
        if institution_id is not None:
            party = f"<a href='institution' title='{tr('打开机构记录')}'>{party}</a>"
        self.summary.setText(
            f"<b>{html.escape(data.case_no)}</b>　{party}（{data.party_type.value}）<br>"
            f"{html.escape(data.cause)}<br><span style='color:#5f6368'>{data.source.value} · "
            f"{data.cause_category.value} · {tr('承办人')}：{data.handler or '—'}{money}</span>"
        )
        self.step_model.set_rows(self.steps)
        current = max((i for i, s in enumerate(self.steps) if s.done_on), default=0)
        next_step = min(current + 1, len(self.steps) - 1)
        self.step_view.selectRow(next_step)
        self._show_documents(next_step)
        self.record_shown.emit(case_id)

    def show_document_result(self, text: str, title: str = "", number: str = "") -> None:
        """The line under the documents: the 文号 once allocated, or why nothing was made."""
        self.document_label.setText(text)
        if title and number:
            self.issued[title] = number
            for row in range(self.documents.count()):
                item = self.documents.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == title:
                    item.setText(self._item_text(title))

    def selected_document(self) -> str:
        """The title of the chosen document ('' if none)."""
        item = self.documents.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def select_document(self, title: str) -> bool:
        """Choose a document of the whole timeline by its title (selects its step)."""
        for row, step in enumerate(self.steps):
            if title in step.documents:
                self.step_view.selectRow(row)
                self._show_documents(row)
                self.documents.setCurrentRow(step.documents.index(title))
                return True
        return False

    def _show_documents(self, row: int) -> None:
        self.documents.clear()
        if 0 <= row < len(self.steps):
            for title in self.steps[row].documents:
                item = QListWidgetItem(self._item_text(title))
                item.setData(Qt.ItemDataRole.UserRole, title)
                self.documents.addItem(item)
            if self.steps[row].documents:
                self.documents.setCurrentRow(0)

    def _item_text(self, title: str) -> str:
        number = self.issued.get(title)
        return f"{title}　（{tr('已生成')}：{number}）" if number else title

    def _on_summary_link_activated(self, _link: str) -> None:
        if self.institution_id is not None:
            self.institution_requested.emit(self.institution_id)

    def _on_generate_button_clicked(self) -> None:
        title = self.selected_document()
        if title and self.case_id is not None:
            self.generate_requested.emit(title, self.case_id)
