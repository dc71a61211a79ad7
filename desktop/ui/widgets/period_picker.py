"""A 统计期间 picker: two calendar date edits, this year by default."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QWidget

from desktop.ui.text import tr
from desktop.ui.widgets.field_widgets import to_qdate


class PeriodPicker(QWidget):
    """From–to dates (both included)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.start = self._edit(date(today.year, 1, 1))
        self.end = self._edit(today)
        layout.addWidget(QLabel(tr("统计期间"), self))
        layout.addWidget(self.start)
        layout.addWidget(QLabel("—", self))
        layout.addWidget(self.end)

    def _edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(to_qdate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(self.changed)
        return edit

    def period(self) -> tuple[date, date]:
        """(from, to)."""
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def set_period(self, start: date, end: date) -> None:
        """Show this period."""
        self.start.setDate(to_qdate(start))
        self.end.setDate(to_qdate(end))
