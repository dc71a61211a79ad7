"""One editor widget per field kind, drawn from a field definition (records and documents)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_text import capitals
from forms.validators import FieldError, parse_yuan

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: #5f6368;"


def show_ok(label: QLabel, text: str) -> None:
    """A result line in green (saved, imported, verified)."""
    label.setStyleSheet(OK_STYLE)
    label.setText(text)


def show_failure(label: QLabel, error: BaseException) -> None:
    """An error's Chinese sentence in red on a result line."""
    label.setStyleSheet(ERROR_STYLE)
    label.setText(str(error))


class FieldEditor(QWidget):
    """A labelled value editor with an inline error line under it."""

    changed = Signal()

    def __init__(
        self,
        field: Any,
        parent: QWidget | None = None,
        options: Sequence[tuple[str, int]] = (),
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._options = options
        #: The unreadable-date message shown under a date field (cleared once it reads again).
        self._date_problem = ""
        #: A pick list's values in the order the clerk ticked them (a case's 执法人员 keep it).
        self._picked: list[object] = []
        self._setup_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor = self._make_editor()
        layout.addWidget(self.editor)
        self.hint = QLabel(self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(bool(getattr(self.field, "help", "")))
        self.hint.setText(getattr(self.field, "help", ""))
        layout.addWidget(self.hint)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

    def _make_editor(self) -> QWidget:
        kind = str(getattr(self.field, "kind", "text"))
        if kind in ("checks", "records"):
            return self._check_list(kind)
        if kind in ("long_text", "items"):
            text = QPlainTextEdit(self)
            text.setMinimumHeight(72)
            text.setTabChangesFocus(True)
            text.textChanged.connect(self.changed)
            return text
        if kind == "bool":
            box = QCheckBox(self)
            box.toggled.connect(self.changed)
            return box
        if kind == "record":
            combo = record_combo(
                self._options, self, optional=not getattr(self.field, "required", False)
            )
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if kind == "choice":
            combo = QComboBox(self)
            combo.addItems(list(getattr(self.field, "choices", ())))
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if kind == "date":
            day = DateField(
                self,
                label=str(getattr(self.field, "label", "日期")),
                optional=not getattr(self.field, "required", False),
            )
            day.changed.connect(self._on_date_changed)
            day.checked.connect(self._on_date_checked)
            return day
        edit = QLineEdit(self)
        edit.textChanged.connect(self.changed)
        if kind == "money":
            edit.setPlaceholderText(tr("金额（元），如 20000 或 20000.50"))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.textChanged.connect(self._on_money_changed)
        return edit

    def _check_list(self, kind: str) -> QListWidget:
        """Several picks: the enum's values ('checks') or the source's records ('records')."""
        items: Sequence[tuple[str, object]]
        if kind == "checks":
            items = [(c, c) for c in getattr(self.field, "choices", ()) if c]
        else:
            items = list(self._options)
        view = QListWidget(self)
        for text, data in items:
            item = QListWidgetItem(text, view)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        view.setFixedHeight(min(22 * max(len(items), 2) + 6, 160))
        # Fixed, not expanding: the form must not spread its spare height around the list.
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        view.itemChanged.connect(self._on_pick)
        return view

    def _on_pick(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() != Qt.CheckState.Checked:
            self._picked = [v for v in self._picked if v != value]
        elif value not in self._picked:
            self._picked.append(value)
        self.changed.emit()

    # --- values ------------------------------------------------------------------------

    def raw(self) -> object:
        """The editor's value before conversion (text, bool, date, picks or None)."""
        w = self.editor
        if isinstance(w, QListWidget):
            checked = [
                w.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(w.count())
                if w.item(i).checkState() == Qt.CheckState.Checked
            ]
            if str(getattr(self.field, "kind", "")) != "records":
                return tuple(checked)  # an enum's values keep the list's order
            order = {v: n for n, v in enumerate(self._picked)}
            return tuple(sorted(checked, key=lambda v: order.get(v, len(order))))
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox) and w.isEditable():
            return picked_id(w)
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, DateField):
            return w.raw()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_raw(self, value: object) -> None:
        """Show a value (as produced by the field's to_raw)."""
        w = self.editor
        if isinstance(w, QListWidget):
            picked = set(value) if isinstance(value, tuple | list) else set()
            for i in range(w.count()):
                item = w.item(i)
                state = item.data(Qt.ItemDataRole.UserRole) in picked
                item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
            self._picked = list(value) if isinstance(value, tuple | list) else []
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value or ""))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox) and w.isEditable():
            w.setCurrentIndex(max(w.findData(value), 0) if value is not None else 0)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findText(str(value or "")), 0))
        elif isinstance(w, DateField):
            w.set_date(value if isinstance(value, date) else None)
        elif isinstance(w, QLineEdit):
            if str(getattr(self.field, "kind", "")) == "money":
                fen = int(value or 0)  # type: ignore[call-overload]
                w.setText("" if fen == 0 else f"{fen // 100}.{fen % 100:02d}".removesuffix(".00"))
            else:
                w.setText("" if value is None else str(value))

    def set_error(self, message: str) -> None:
        """Show (or with '' clear) the inline error, and mark the field itself."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        target = self.editor.line if isinstance(self.editor, DateField) else self.editor
        target.setStyleSheet("border: 1px solid #b3261e;" if message else "")

    def focus_editor(self) -> None:
        """Put the cursor in the field (its tab must be shown first)."""
        target = self.editor.line if isinstance(self.editor, DateField) else self.editor
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()

    def _on_date_changed(self) -> None:
        editor = self.editor
        if self._date_problem and isinstance(editor, DateField) and not editor.error():
            self._date_problem = ""
            self.set_error("")  # the text reads as a date again
        self.changed.emit()

    def _on_date_checked(self, problem: str) -> None:
        """Leaving a date field: an unreadable text is said under it at once, not at 保存."""
        if problem:
            self._date_problem = problem
            self.set_error(problem)
        elif self._date_problem:
            self._date_problem = ""
            self.set_error("")

    def _on_money_changed(self, text: str) -> None:
        try:
            fen = parse_yuan(text, getattr(self.field, "label", ""))
        except FieldError as error:
            self.hint.setText(error.message)
            self.hint.setStyleSheet(ERROR_STYLE)
        else:
            self.hint.setText(capitals(fen) if text.strip() else "")
            self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(bool(self.hint.text()))


def record_combo(
    options: Sequence[tuple[str, int]], parent: QWidget, *, optional: bool
) -> QComboBox:
    """A pick list of records (name, id) that finds by any part of the name as the clerk types."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    if optional:
        combo.addItem("", None)
    for text, record_id in options:
        combo.addItem(text, record_id)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


def picked_id(combo: QComboBox) -> int | str | None:
    """The picked record's id, or the typed text when it names no listed record."""
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if index < 0 or combo.itemText(index).strip() != text:
        index = combo.findText(text) if text else index
    if index < 0:
        return text
    data = combo.itemData(index)
    return int(data) if data is not None else (text or None)


def label_text(field: Any) -> str:
    """The form label: required fields carry a red asterisk."""
    label = str(getattr(field, "label", ""))
    if getattr(field, "required", False):
        return f"{label} <span style='color:#b3261e'>*</span>"
    return label
