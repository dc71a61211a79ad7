"""The checklist results of an inspection: one row per item, 合格/不合格/不涉及 and a note."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.inspections.inspections import ResultInput
from desktop.ui.text import tr
from forms.record_forms import CheckResult

ITEM, RESULT, NOTE = 0, 1, 2


class ChecklistResultsTable(QTableWidget):
    """Items are read-only text; the result is a choice; the note is typed in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([tr("检查项目"), tr("结论"), tr("备注")])
        header = self.horizontalHeader()
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RESULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(NOTE, 180)
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._checklist_ids: list[int | None] = []

    def set_results(self, results: Sequence[ResultInput]) -> None:
        """Show results (a blank checklist or a stored inspection's)."""
        self.setRowCount(0)
        self._checklist_ids = [r.checklist_item_id for r in results]
        self.setRowCount(len(results))
        for row, result in enumerate(results):
            item = QTableWidgetItem(result.item_text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, ITEM, item)
            combo = QComboBox(self)
            combo.addItems([c.value for c in CheckResult])
            combo.setCurrentText(result.result.value)
            self.setCellWidget(row, RESULT, combo)
            self.setItem(row, NOTE, QTableWidgetItem(result.note))

    def set_result(self, row: int, result: CheckResult, note: str = "") -> None:
        """Set one row's conclusion and note (as the officer would)."""
        self.combo(row).setCurrentText(result.value)
        self._cell(row, NOTE).setText(note)

    def combo(self, row: int) -> QComboBox:
        """The conclusion chooser of a row."""
        widget = self.cellWidget(row, RESULT)
        assert isinstance(widget, QComboBox)
        return widget

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None
        return item

    def results(self) -> tuple[ResultInput, ...]:
        """The results as the service takes them, in order."""
        return tuple(
            ResultInput(
                item_text=self._cell(row, ITEM).text(),
                result=CheckResult(self.combo(row).currentText()),
                note=self._cell(row, NOTE).text().strip(),
                checklist_item_id=self._checklist_ids[row],
            )
            for row in range(self.rowCount())
        )
