"""A date a clerk types or picks: 20261125, 2026-11-25, 2026.11.25, 2026/11/25, 2026年11月25日.

QDateEdit cannot be empty (its minimum had to stand for "not filled"), its sections swallow typed
digits (2026-11-25 over 2026-12-01 stored 2025-12-01) and its calendar opened in January 1900.
This field is a line edit: what is typed is read as typed, or marked at the field and never
turned into another date; empty stays empty. The calendar opens on the field's date or today.
今天 and 清空 are buttons for the mouse and keys for the keyboard (typing 今天, Delete): the buttons
take no Tab stop, so Tab goes from one field to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop.ui.text import tr
from forms.validators import FieldError, parse_date

#: Words typed for today (with a Chinese IME or the pinyin initials).
TODAY_WORDS = frozenset({"今天", "今日", "jt", "t"})
#: The border of a field whose text is not a date.
INVALID_STYLE = "QLineEdit { border: 1px solid #b3261e; background: #fdecea; }"
#: Shown in an empty field and in its tooltip.
PLACEHOLDER = "如 2026-11-25"
KEYS_TIP = (
    "可输入 20261125、2026-11-25、2026年11月25日；“今天”或 T 为今天；↑↓ 加减一天；F4 打开日历"
)


class DateField(QWidget):
    """A typed date with 今天, 清空 and a calendar; `value()` is a date, None (empty) or raises."""

    #: The text changed (every keystroke): raw() may now be a date, None or unreadable text.
    changed = Signal()
    #: A new date (or None) committed: on leaving the field, Enter, the calendar, 今天, 清空, ↑↓.
    #: Not per keystroke (typing 2026-11-31 passes through 2026-11-3), never for unreadable text.
    date_changed = Signal(object)
    #: A commit was tried: why the text is not a date, or '' when it is one (or empty).
    checked = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        label: str = "日期",
        optional: bool = True,
        placeholder: str = "",
        today: Callable[[], date] = date.today,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.label = label
        #: Whether the field may be empty (a required one is marked when emptied).
        self.optional = optional
        self._today = today
        self._last: date | None = None
        self._setup_ui(optional, placeholder)
        # A filter's date: no 今天 button (typing 今天 or T still works), room for the others.
        self.today_button.setHidden(compact)
        self._connect_signals()

    def _setup_ui(self, optional: bool, placeholder: str) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(tr(placeholder or PLACEHOLDER))
        self.line.setToolTip(tr(KEYS_TIP))
        width = self.line.fontMetrics().horizontalAdvance("如 2026-11-25") + 24
        self.line.setMinimumWidth(width)
        self.line.setMaximumWidth(width + 40)
        self.setFocusProxy(self.line)
        layout.addWidget(self.line, 1)
        self.calendar_button = self._button("▾", tr("打开日历（F4）"))
        self.today_button = self._button(tr("今天"), tr("填入今天"))
        self.clear_button = self._button(tr("清空"), tr("清空日期（也可选中后按 Delete）"))
        self.clear_button.setVisible(optional)
        for button in (self.calendar_button, self.today_button, self.clear_button):
            layout.addWidget(button)
        layout.addStretch(1)  # the field and its buttons together on the left
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.popup = QMenu(self)
        holder = QWidgetAction(self.popup)
        holder.setDefaultWidget(self.calendar)
        self.popup.addAction(holder)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the next field
        button.setAutoRaise(True)
        return button

    def _connect_signals(self) -> None:
        self.line.textChanged.connect(self._on_line_text_changed)
        self.line.editingFinished.connect(self.commit)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.today_button.clicked.connect(lambda: self._pick(self._today()))
        self.clear_button.clicked.connect(lambda: self._pick(None))
        self.calendar.clicked.connect(self._on_calendar_chosen)
        self.calendar.activated.connect(self._on_calendar_chosen)
        self.line.installEventFilter(self)

    # --- values ------------------------------------------------------------------------

    def raw(self) -> date | str | None:
        """A date, None when empty, or the text itself when it is not a date (for the form's
        validation to name the field and the problem)."""
        try:
            return self.value()
        except FieldError:
            return self.line.text()

    def value(self) -> date | None:
        """The typed date (None when empty); FieldError naming the field when unreadable."""
        text = self.line.text().strip()
        if text.lower() in TODAY_WORDS:
            return self._today()
        return parse_date(text, self.label)

    def valid_date(self) -> date | None:
        """The last committed readable date (what a list filters by while the text is being
        corrected; a required field's is never None once a date was set)."""
        return self._last

    def error(self) -> str:
        """Why the text is not a date ('' when it is one, or empty and optional)."""
        try:
            day = self.value()
        except FieldError as problem:
            return problem.message
        return tr("不能为空。") if day is None and not self.optional else ""

    def set_date(self, day: date | None) -> None:
        """Show a date (None empties the field)."""
        self.line.setText(day.isoformat() if day is not None else "")
        self.commit()

    def commit(self) -> None:
        """Take the text as the field's value: a date is shown the one way (2026-11-25) and
        announced; unreadable text is marked at the field and left as typed."""
        problem = self.error()
        self._mark(problem)
        self.checked.emit(problem)
        if problem:
            return
        day = self.value()
        if day is not None and self.line.text() != day.isoformat():
            self.line.setText(day.isoformat())
        if day != self._last:
            self._last = day
            self.date_changed.emit(day)

    def text(self) -> str:
        """The text as typed."""
        return self.line.text()

    # --- calendar ----------------------------------------------------------------------

    def open_calendar(self) -> None:
        """The calendar on the field's date, or on today when the field is empty or unreadable."""
        try:
            day = self.value() or self._today()
        except FieldError:
            day = self._today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.popup.popup(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self.calendar.setFocus()

    def _on_calendar_chosen(self, picked: QDate) -> None:
        self.popup.hide()
        self._pick(date(picked.year(), picked.month(), picked.day()))
        self.line.setFocus()

    # --- internals ----------------------------------------------------------------------

    def _pick(self, day: date | None) -> None:
        self.set_date(day)
        self.line.setFocus()

    def _on_line_text_changed(self, _text: str) -> None:
        if not self.error():
            self._mark("")  # corrected: the mark goes as soon as the text reads
        self.changed.emit()

    def _mark(self, problem: str) -> None:
        self.line.setStyleSheet(INVALID_STYLE if problem else "")
        self.line.setToolTip(f"{self.label}：{problem}" if problem else tr(KEYS_TIP))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.line:
            if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
                return self._on_line_key(event)
            if event.type() == QEvent.Type.FocusOut and not self.popup.isVisible():
                self.commit()  # also when the window is not active (no editingFinished then)
        return super().eventFilter(watched, event)

    def _on_line_key(self, event: QKeyEvent) -> bool:
        key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.open_calendar()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not alt:
            try:
                day = self.value()
            except FieldError:
                return True  # an unreadable text is corrected by typing, not by stepping
            step = timedelta(days=1 if key == Qt.Key.Key_Up else -1)
            self.set_date(day + step if day is not None else self._today())
            return True
        return False
