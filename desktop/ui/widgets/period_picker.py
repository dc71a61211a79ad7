"""A 统计期间 picker: two typed date fields, this year by default."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField


class PeriodPicker(QWidget):
    """From–to dates (both included); `changed` fires when a readable date changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.start = DateField(self, label=tr("统计期间起"), optional=False)
        self.end = DateField(self, label=tr("统计期间止"), optional=False)
        self.set_period(date(today.year, 1, 1), today)
        layout.addWidget(QLabel(tr("统计期间"), self))
        layout.addWidget(self.start)
        layout.addWidget(QLabel("—", self))
        layout.addWidget(self.end)
        for edit in (self.start, self.end):
            edit.date_changed.connect(self._on_date_changed)

    def period(self) -> tuple[date, date]:
        """(from, to): the last readable dates (an unreadable one is marked at its field)."""
        start, end = self.start.valid_date(), self.end.valid_date()
        assert start is not None and end is not None  # set at start, never emptied to None
        return start, end

    def set_period(self, start: date, end: date) -> None:
        """Show this period."""
        self.start.set_date(start)
        self.end.set_date(end)

    def _on_date_changed(self, day: object) -> None:
        if day is not None:  # an emptied field keeps its last date until another is typed
            self.changed.emit()
