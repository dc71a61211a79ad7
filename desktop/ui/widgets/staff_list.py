"""An institution's staff (医师/护士/药师/技师) inside the 机构 editor: list, add, edit."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from dataclasses import replace

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.common.errors import CasedeskError
from desktop.records.staff import StaffInput
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import connect_open, make_table, size_columns
from forms.record_forms import STAFF_FIELDS, StaffRole

STAFF_COLUMNS = (
    ColumnSpec(tr("姓名"), attr("name"), 5),
    ColumnSpec(tr("类别"), attr("role"), 3),
    ColumnSpec(tr("执业证书编号"), attr("certificate_no"), 9),
    ColumnSpec(tr("美容主诊"), lambda r: tr("是") if r.chief_cosmetic_doctor else "", 4),
    ColumnSpec(tr("注册有效期至"), attr("registration_valid_until"), 6, "date"),
)


def staff_editor(
    ctx: AppContext, institution_id: int, staff_id: int | None, parent: QWidget | None = None
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored staff member of an institution."""
    if staff_id is None:
        original = StaffInput(name="", role=StaffRole.DOCTOR)
        title = tr("新增人员")
    else:
        original = ctx.staff.get(staff_id)
        title = tr("编辑人员 — {0}").format(original.name)

    def save(values: dict[str, object]) -> int:
        data = replace(original, **values)  # type: ignore[arg-type]
        if staff_id is None:
            return ctx.staff.add(institution_id, data)
        ctx.staff.update(staff_id, data)
        return staff_id

    values = {f.name: getattr(original, f.name) for f in dc_fields(original)}
    dialog = RecordEditorDialog(title, STAFF_FIELDS, values, save, parent)
    dialog.resize(560, 480)
    return dialog


class StaffList(QWidget):
    """The staff table of one stored institution; changes are saved at once by the service."""

    def __init__(
        self, ctx: AppContext, institution_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.institution_id = institution_id
        #: The open staff editor (tests fill it as a clerk would).
        self.editor: RecordEditorDialog | None = None
        layout = QVBoxLayout(self)
        note = tr("人员的增改立即保存，不受下方“取消”影响。")
        if institution_id is None:
            note = tr("请先保存机构，再添加人员。")
        self.note = QLabel(note, self)
        self.note.setStyleSheet("color:#5f6368;")
        layout.addWidget(self.note)
        self.model = RowsTableModel(STAFF_COLUMNS, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        size_columns(self.view, [c.width for c in STAFF_COLUMNS])
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_button = QPushButton(tr("新增人员…"), self)
        self.edit_button = QPushButton(tr("编辑人员…"), self)
        self.delete_button = QPushButton(tr("删除人员…"), self)
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        #: The open delete confirmation (tests answer it as a clerk would).
        self.confirm: QMessageBox | None = None
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(institution_id is not None)
        self.delete_button.clicked.connect(self.ask_delete)
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())
        self.reload()

    def reload(self) -> None:
        """Read the institution's staff again."""
        if self.institution_id is not None:
            self.model.set_rows(self.ctx.staff.list(self.institution_id))

    def open_editor(self, staff_id: int | None) -> RecordEditorDialog | None:
        """Open the staff editor (modeless); the list reloads when it saves."""
        if self.institution_id is None:
            return None
        self.editor = staff_editor(self.ctx, self.institution_id, staff_id, self)
        self.editor.accepted.connect(self.reload)
        self.editor.open()
        return self.editor

    def ask_delete(self) -> QMessageBox | None:
        """Ask before deleting the selected staff member; 是 deletes at once."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        person = self.model.row_at(index.row())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("删除人员"),
            tr(
                "删除{0}（{1}）的人员记录？\n删除会记入审计记录；有不良执业行为记分的人员不能删除。"
            ).format(person.name, person.role),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(tr("取消"))
        yes.clicked.connect(lambda: self._delete(int(person.id)))
        self.confirm = box
        box.open()
        return box

    def _delete(self, staff_id: int) -> None:
        try:
            self.ctx.staff.delete(staff_id)
        except CasedeskError as error:
            show_error(self, error, tr("不能删除"))
        self.reload()

    def _on_edit_button_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_editor(int(self.model.row_at(index.row()).id))
