"""设置 → 节假日与调休: type in a year's holidays and 调休 working days, then mark the year complete.

Until it is complete the year stays provisional for deadlines (HolidayEntryService explains why).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.calendar.holidays import (
    YEAR_BUILT_IN,
    YEAR_DRAFT,
    YEAR_ENTERED,
    YEAR_UNKNOWN,
    HolidayEntryService,
)
from desktop.calendar.workdays import YearEntry
from desktop.common.errors import CasedeskError
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.field_widgets import show_failure, show_ok
from desktop.ui.widgets.table_view import rows_table
from forms.validators import FieldError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.app import AppContext

WEEKDAY_NAMES = "一二三四五六日"

DAY_COLUMNS = (
    ColumnSpec(tr("日期"), attr("day"), 7, "date"),
    ColumnSpec(tr("星期"), lambda d: tr("星期") + WEEKDAY_NAMES[d.day.weekday()], 4),
    ColumnSpec(tr("类型"), lambda d: tr("调休上班") if d.is_workday else tr("放假"), 5),
    ColumnSpec(tr("名称"), attr("name"), 10),
)

#: What the state of a year means for the clerk.
STATE_TEXT = {
    YEAR_BUILT_IN: "{0}年的安排已内置，无需录入。",
    YEAR_ENTERED: "{0}年已录入完毕，期限按录入的安排计算；增删日期立即生效。",
    YEAR_DRAFT: "{0}年正在录入，尚未生效（期限仍为暂定）：录完全部放假和调休上班日后点“本年录入完毕”。",
    YEAR_UNKNOWN: "{0}年尚未录入：期限暂按周末计算并标为暂定。国务院公布安排后在此逐日录入。",
}


class HolidaysPanel(QGroupBox):
    """A year picker, the year's typed days, a row to add one, and 本年录入完毕."""

    #: Emitted after a year's days were read and shown.
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("节假日与调休上班日（逐日录入）"), parent)
        self.ctx = ctx
        self._service = HolidayEntryService(ctx.uow_factory)
        self.state = ""
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("年份"), self))
        self.year = QSpinBox(self)
        self.year.setRange(2004, 2100)
        self.year.setValue(date.today().year + 1)
        top.addWidget(self.year)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        top.addWidget(self.state_label, 1)
        layout.addLayout(top)
        self.model, self.view = rows_table(DAY_COLUMNS, self)
        self.view.setMinimumHeight(140)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.day_edit = DateField(self, label=tr("日期"), optional=False)
        self.kind = QComboBox(self)
        self.kind.addItems([tr("放假"), tr("调休上班")])
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(tr("名称，如 春节"))
        self.add_button = QPushButton(tr("添加"), self)
        self.remove_button = QPushButton(tr("删除所选"), self)
        self.complete_button = QPushButton(tr("本年录入完毕"), self)
        for widget in (self.day_edit, self.kind, self.name_edit, self.add_button,
                       self.remove_button, self.complete_button):  # fmt: skip
            row.addWidget(widget, 1 if widget is self.name_edit else 0)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.year.valueChanged.connect(lambda _y: self.refresh())
        self.add_button.clicked.connect(self.add_day)
        self.remove_button.clicked.connect(self.remove_selected)
        self.complete_button.clicked.connect(self.complete_year)

    # --- public --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the chosen year's days and state."""
        year, service = self.year.value(), self._service
        day = self.day_edit.valid_date()
        if day is None or day.year != year:
            self.day_edit.set_date(date(year, 1, 1))
        run_in_background(lambda: (service.state(year), service.days(year)),
                          self._on_loaded, lambda e: show_failure(self.message, e))  # fmt: skip

    def add_day(self) -> bool:
        """Store the typed day; deadlines use it at once when the year is already complete."""
        try:
            day = self.day_edit.value()
        except FieldError as error:  # an unreadable text is not stored as some other day
            show_failure(self.message, error)
            return False
        if day is None:
            show_failure(self.message, FieldError(tr("日期"), tr("不能为空。")))
            return False
        entry = YearEntry(day, self.kind.currentIndex() == 1, self.name_edit.text())
        try:
            state = self._service.add(entry)
        except CasedeskError as error:
            show_failure(self.message, error)
            return False
        if state == YEAR_ENTERED:
            self.ctx.calendar.refresh()
        show_ok(self.message, tr("已录入 {0}。").format(day.isoformat()))
        self.refresh()
        return True

    def remove_selected(self) -> None:
        """Delete the selected day."""
        index = self.view.currentIndex()
        if not index.isValid():
            return
        entry: YearEntry = self.model.row_at(index.row())
        try:
            self._service.remove(entry.day)
        except CasedeskError as error:
            show_failure(self.message, error)
            return
        self.ctx.calendar.refresh()
        show_ok(self.message, tr("已删除 {0}。").format(entry.day.isoformat()))
        self.refresh()

    def complete_year(self) -> bool:
        """Mark the year complete: from now on deadlines use the typed days."""
        year = self.year.value()
        try:
            count = self._service.complete(year)
        except CasedeskError as error:
            show_failure(self.message, error)
            return False
        self.ctx.calendar.refresh()
        show_ok(self.message, tr("{0}年已录入完毕（{1} 天），期限按此计算。").format(year, count))
        self.refresh()
        return True

    # --- slots ---------------------------------------------------------------------------

    def _on_loaded(self, result: tuple[str, list[YearEntry]]) -> None:
        self.state, days = result
        self.model.set_rows(days)
        self.state_label.setText(tr(STATE_TEXT[self.state]).format(self.year.value()))
        editable = self.state != YEAR_BUILT_IN
        for widget in (self.add_button, self.remove_button, self.day_edit, self.kind):
            widget.setEnabled(editable)
        self.complete_button.setEnabled(self.state == YEAR_DRAFT)
        self.loaded.emit()
