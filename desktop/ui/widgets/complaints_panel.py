"""投诉举报 on the 检查 page: the complaints of a period, added and edited in the record editor."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.app import AppContext
from desktop.inspections.complaints import ComplaintInput, ComplaintRow
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_sources import institution_options
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import connect_open, make_table, size_columns
from forms.record_forms import COMPLAINT_FIELDS, YesNo


def _yes_no(value: bool | None) -> str:
    return "" if value is None else tr("是") if value else tr("否")


COMPLAINT_COLUMNS = (
    ColumnSpec(tr("受理日期"), attr("received_on"), 6, "date"),
    ColumnSpec(tr("来源渠道"), attr("channel"), 6),
    ColumnSpec(tr("被举报对象"), lambda r: r.target or "—", 14),
    ColumnSpec(tr("匿名"), lambda r: tr("是") if r.anonymous else "", 3),
    ColumnSpec(tr("处理结果"), attr("result"), 5),
    ColumnSpec(tr("案号"), attr("case_no"), 12),
    ColumnSpec(tr("办结日期"), attr("closed_on"), 6, "date"),
    ColumnSpec(tr("答复日期"), attr("replied_on"), 6, "date"),
    ColumnSpec(tr("满意"), lambda r: _yes_no(r.reporter_satisfied), 3),
)


def complaint_editor(
    ctx: AppContext,
    complaint_id: int | None,
    parent: QWidget | None = None,
    today: date | None = None,
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored complaint."""
    if complaint_id is None:
        original = ComplaintInput(received_on=today or date.today(), content="")
        title = tr("登记投诉举报")
    else:
        original = ctx.complaints.get(complaint_id)
        title = tr("投诉举报 — {0} 受理").format(original.received_on.isoformat())
    values: dict[str, object] = {f.name: getattr(original, f.name) for f in dc_fields(original)}
    values["case_no"] = ctx.cases.get(original.case_id).case_no if original.case_id else ""
    satisfied = original.reporter_satisfied
    values["reporter_satisfied"] = (
        None if satisfied is None else YesNo.YES if satisfied else YesNo.NO
    )

    def save(typed: dict[str, object]) -> int:
        case_id = ctx.cases.linked_case_id(str(typed.pop("case_no") or ""), "立案案件")
        answer = typed.pop("reporter_satisfied")
        data = replace(
            original,
            **typed,  # type: ignore[arg-type]
            case_id=case_id,
            reporter_satisfied=None if answer is None else answer is YesNo.YES,
        )
        if complaint_id is None:
            return ctx.complaints.create(data)
        ctx.complaints.update(complaint_id, data)
        return complaint_id

    sources = {"institutions": institution_options(ctx)}
    dialog = RecordEditorDialog(title, COMPLAINT_FIELDS, values, save, parent, sources)
    dialog.resize(680, 560)
    return dialog


class ComplaintsPanel(QWidget):
    """The complaints received in the page's period, newest first."""

    #: Emitted after the list was read and shown.
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.period: tuple[date | None, date | None] = (None, None)
        #: The open editor (tests fill it as a clerk would); today's date for new ones.
        self.editor: RecordEditorDialog | None = None
        self.today = date.today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = RowsTableModel(COMPLAINT_COLUMNS, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        size_columns(self.view, [c.width for c in COMPLAINT_COLUMNS])
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count_label = QLabel(self)
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.new_button = QPushButton(tr("登记投诉举报…"), self)
        self.edit_button = QPushButton(tr("处理/修改…"), self)
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        layout.addLayout(row)
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())

    def refresh(self, start: date | None = None, end: date | None = None) -> None:
        """Read the complaints of the period in the background."""
        self.period = (start, end)
        service = self.ctx.complaints
        run_in_background(
            lambda: service.list(start, end), self._on_loaded, lambda e: show_error(self, e)
        )

    def open_editor(self, complaint_id: int | None) -> RecordEditorDialog:
        """Open the editor (modeless); the list reloads when it saves."""
        self.editor = complaint_editor(self.ctx, complaint_id, self, self.today())
        self.editor.accepted.connect(lambda: self.refresh(*self.period))
        self.editor.open()
        return self.editor

    def _on_edit_button_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_editor(int(self.model.row_at(index.row()).id))

    def _on_loaded(self, rows: list[ComplaintRow]) -> None:
        self.model.set_rows(rows)
        open_count = sum(1 for r in rows if r.closed_on is None)
        self.count_label.setText(
            tr("共 {0} 件投诉举报，{1} 件未办结").format(len(rows), open_count)
        )
        self.loaded.emit()
