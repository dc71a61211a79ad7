"""An institution's 案件 and 检查 inside the 机构 editor, with their counts; Enter (or a
double-click) opens one on its own page, so the clerk never retypes the name on the 案件 page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.cases.cases import CaseFilter
from desktop.inspections.inspections import InspectionFilter
from desktop.ui.models.case_table_model import CASE_COLUMNS
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import connect_open, fit_last_column, rows_table

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.dialogs.record_editor import RecordEditorDialog

#: 案号, 环节, 立案日期, 决定日期, 罚款, 案由: what tells one case of the institution from another.
CASE_LIST_COLUMNS = (*(CASE_COLUMNS[i] for i in (0, 6, 7, 8, 9)), CASE_COLUMNS[2])
INSPECTION_COLUMNS = (
    ColumnSpec(tr("检查日期"), attr("inspected_on"), 6, "date"),
    ColumnSpec(tr("执法人员"), attr("officers"), 10),
    ColumnSpec(tr("不合格项"), attr("failed_items"), 4, "count"),
    ColumnSpec(tr("回头看"), lambda r: tr("是") if r.is_revisit else "", 3),
)


class RecordList(QWidget):
    """One list (the cases or the inspections of the institution) with a hint line."""

    #: (record type 案件/检查, id) chosen with Enter or a double-click.
    open_requested = Signal(str, int)

    def __init__(
        self, record_type: str, columns: tuple[ColumnSpec, ...], rows: list[object],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.record_type = record_type
        layout = QVBoxLayout(self)
        hint = tr("选中一行按 Enter（或双击）打开。") if rows else tr("没有记录。")
        layout.addWidget(QLabel(hint, self))
        self.model, self.view = rows_table(columns, self)
        self.model.set_rows(rows)
        fit_last_column(self.view)
        layout.addWidget(self.view, 1)
        connect_open(self.view, self._on_view_activated)

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.record_type, int(self.model.row_at(index.row()).id))


def attach_institution_records(
    ctx: AppContext, dialog: RecordEditorDialog, institution_id: int | None
) -> None:
    """Tabs 案件（n） and 检查（n） in the 机构 editor. Opening one closes the editor (asking
    first when something was typed) and leaves `dialog.open_after` = (record type, id) for the
    page to show."""
    if institution_id is None:
        return  # a new institution has no records yet
    cases = ctx.cases.list(CaseFilter(institution_id=institution_id))
    inspections = ctx.inspections.list(InspectionFilter(institution_id=institution_id))
    dialog.open_after = None  # type: ignore[attr-defined]
    for title, record_type, columns, rows in (
        (tr("案件"), "案件", CASE_LIST_COLUMNS, cases),
        (tr("检查"), "检查", INSPECTION_COLUMNS, inspections),
    ):
        records = RecordList(record_type, columns, list(rows), dialog)
        records.open_requested.connect(lambda kind, record_id: _open(dialog, kind, record_id))
        dialog.tabs.addTab(records, tr("{0}（{1}）").format(title, len(rows)))
        setattr(dialog, f"{'cases' if record_type == '案件' else 'inspections'}_list", records)


def _open(dialog: RecordEditorDialog, record_type: str, record_id: int) -> None:
    dialog.open_after = (record_type, record_id)  # type: ignore[attr-defined]
    dialog.reject()  # asks 放弃修改？ when the institution was changed
    if dialog.isVisible():  # 继续编辑: stay, open nothing
        dialog.open_after = None  # type: ignore[attr-defined]
