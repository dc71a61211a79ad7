"""设置 → 执法人员: officers (姓名, 执法证号, 在职) and their 回避 declarations, which the 双随机
draw respects. Editors are drawn from OFFICER_FIELDS / OFFICER_CONFLICT_FIELDS."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.common.errors import CasedeskError
from desktop.records.officers import ConflictRow, OfficerInput, OfficerRow
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_sources import institution_options
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import connect_open, rows_table
from forms.record_forms import OFFICER_CONFLICT_FIELDS, OFFICER_FIELDS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.app import AppContext

OFFICER_COLUMNS = (
    ColumnSpec(tr("姓名"), attr("name"), 5),
    ColumnSpec(tr("执法证号"), attr("badge_no"), 10),
    ColumnSpec(tr("科室"), attr("department"), 8),
    ColumnSpec(tr("联系电话"), attr("phone"), 8),
    ColumnSpec(tr("状态"), lambda r: tr("在职") if r.active else tr("不在职"), 4),
    ColumnSpec(tr("回避"), lambda r: r.conflicts or "", 3, "count"),
)

CONFLICT_COLUMNS = (
    ColumnSpec(tr("回避机构"), attr("institution_name"), 14),
    ColumnSpec(tr("申报日期"), attr("declared_on"), 6, "date"),
    ColumnSpec(tr("回避理由"), attr("reason"), 14),
)


class OfficersPanel(QGroupBox):
    """Officer table with add/edit/在职 toggle; below it the chosen officer's 回避 list."""

    #: Emitted after the officers (and the chosen officer's declarations) were read and shown.
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("执法人员与回避申报（双随机抽取从在职人员中配对，避开回避机构）"), parent
        )
        self.ctx = ctx
        #: The open editor (tests fill it as a clerk would).
        self.editor: RecordEditorDialog | None = None
        self.conflict_rows: list[ConflictRow] = []
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.model, self.view = rows_table(OFFICER_COLUMNS, self)
        self.view.setMinimumHeight(160)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.add_button = QPushButton(tr("新增执法人员…"), self)
        self.edit_button = QPushButton(tr("编辑…"), self)
        self.active_button = QPushButton(tr("设为不在职"), self)
        for button in (self.add_button, self.edit_button, self.active_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.conflict_title = QLabel(tr("选择一名执法人员查看其回避申报。"), self)
        layout.addWidget(self.conflict_title)
        self.conflict_model, self.conflict_view = rows_table(CONFLICT_COLUMNS, self)
        self.conflict_view.setMinimumHeight(100)
        layout.addWidget(self.conflict_view)
        conflict_row = QHBoxLayout()
        conflict_row.addStretch(1)
        self.add_conflict_button = QPushButton(tr("申报回避…"), self)
        self.remove_conflict_button = QPushButton(tr("撤回回避"), self)
        conflict_row.addWidget(self.add_conflict_button)
        conflict_row.addWidget(self.remove_conflict_button)
        layout.addLayout(conflict_row)
        self._set_buttons()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())
        self.active_button.clicked.connect(self.toggle_active)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._on_officer_changed())
        self.add_conflict_button.clicked.connect(self.open_conflict_editor)
        self.remove_conflict_button.clicked.connect(self.remove_conflict)

    # --- public --------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Read the officers (and the chosen one's declarations) again."""
        current = self.selected()
        wanted = select_id if select_id is not None else current.id if current else None
        officers = self.ctx.officers

        def load() -> tuple[list[OfficerRow], list[ConflictRow]]:
            return officers.list(), officers.conflicts(wanted) if wanted is not None else []

        run_in_background(load, lambda result: self._on_loaded(result, wanted),
                          lambda e: show_error(self, e))  # fmt: skip

    def selected(self) -> OfficerRow | None:
        """The chosen officer, if any."""
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, officer_id: int) -> None:
        """Choose an officer of the table (its declarations are then read)."""
        for number, row in enumerate(self.model.row_at(n) for n in range(self.model.rowCount())):
            if row.id == officer_id:
                self.view.selectRow(number)
                return

    def open_editor(self, officer_id: int | None) -> RecordEditorDialog:
        """The editor of a new (None) or stored officer; the table reloads when it saves."""
        officers = self.ctx.officers
        original = officers.get(officer_id) if officer_id else OfficerInput("", "")

        def save(values: dict[str, object]) -> int:
            data = replace(original, **values)  # type: ignore[arg-type]
            if officer_id is None:
                return officers.add(data)
            officers.update(officer_id, data)
            return officer_id

        title = (
            tr("新增执法人员")
            if officer_id is None
            else tr("编辑执法人员 — {0}").format(original.name)
        )
        dialog = RecordEditorDialog(title, OFFICER_FIELDS, asdict(original), save, self)
        dialog.resize(520, 360)
        dialog.accepted.connect(lambda: self.refresh(dialog.saved_id))
        self.editor = dialog
        dialog.open()
        return dialog

    def open_conflict_editor(self) -> RecordEditorDialog | None:
        """Declare a 回避 of the chosen officer with an institution picked from the 名录."""
        officer = self.selected()
        if officer is None:
            return None
        officers = self.ctx.officers

        def save(values: dict[str, object]) -> int:
            declared = values.get("declared_on")
            return officers.add_conflict(officer.id, int(values["institution_id"]),  # type: ignore[call-overload]
                                         str(values.get("reason") or ""),
                                         declared if isinstance(declared, date) else None)  # fmt: skip

        sources = {"institutions": institution_options(self.ctx)}
        values: dict[str, object] = {
            "institution_id": None,
            "reason": "",
            "declared_on": date.today(),
        }
        dialog = RecordEditorDialog(tr("申报回避 — {0}").format(officer.name),
                                    OFFICER_CONFLICT_FIELDS, values, save, self, sources)  # fmt: skip
        dialog.resize(560, 360)
        dialog.accepted.connect(lambda: self.refresh(officer.id))
        self.editor = dialog
        dialog.open()
        return dialog

    def toggle_active(self) -> None:
        """Set the chosen officer 不在职 (or back 在职); saved at once."""
        officer = self.selected()
        if officer is None:
            return
        try:
            self.ctx.officers.set_active(officer.id, not officer.active)
        except CasedeskError as error:
            show_error(self, error)
        self.refresh(officer.id)

    def remove_conflict(self) -> None:
        """Withdraw the chosen 回避 declaration."""
        officer, index = self.selected(), self.conflict_view.currentIndex()
        if officer is None or not index.isValid():
            return
        conflict: ConflictRow = self.conflict_model.row_at(index.row())
        try:
            self.ctx.officers.remove_conflict(conflict.officer_id, conflict.institution_id)
        except CasedeskError as error:
            show_error(self, error)
        self.refresh(officer.id)

    # --- slots ---------------------------------------------------------------------------

    def _on_loaded(
        self, result: tuple[list[OfficerRow], list[ConflictRow]], wanted: int | None
    ) -> None:
        rows, conflicts = result
        self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        if wanted is not None:
            self.select(wanted)
        self.view.selectionModel().blockSignals(False)
        self._show_conflicts(conflicts if self.selected() else [])
        active = sum(r.active for r in rows)
        self.message.setText(tr("在职 {0} 人，共 {1} 人。").format(active, len(rows)))
        self.loaded.emit()

    def _on_officer_changed(self) -> None:
        officer = self.selected()
        if officer is not None:
            self.refresh(officer.id)
        self._set_buttons()

    def _show_conflicts(self, rows: list[ConflictRow]) -> None:
        self.conflict_rows = rows
        self.conflict_model.set_rows(rows)
        officer = self.selected()
        if officer is None:
            self.conflict_title.setText(tr("选择一名执法人员查看其回避申报。"))
        else:
            self.conflict_title.setText(
                tr("{0}的回避申报（{1} 处）：").format(officer.name, len(rows))
            )
        self._set_buttons()

    def _set_buttons(self) -> None:
        officer = self.selected()
        for button in (self.edit_button, self.active_button, self.add_conflict_button,
                       self.remove_conflict_button):  # fmt: skip
            button.setEnabled(officer is not None)
        if officer is not None:
            self.active_button.setText(tr("设为不在职") if officer.active else tr("恢复在职"))

    def _on_edit_button_clicked(self) -> None:
        officer = self.selected()
        if officer is not None:
            self.open_editor(officer.id)
