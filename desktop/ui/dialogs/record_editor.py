"""A record editor (机构, 案件) drawn from a declarative field list, with inline Chinese errors.

The keyboard works as a clerk expects of a form: Enter moves to the next field (it never saves
half a form), Ctrl+S or Ctrl+Enter saves, Esc asks “放弃修改？” when something was changed. An
error is shown under its field, whose tab is opened and which gets the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.errors import CasedeskError, ValidationError
from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.text import tr
from desktop.ui.widgets.field_widgets import ERROR_STYLE, FieldEditor, label_text
from forms.validators import FieldError

#: save(values) stores the record and returns its id (or None); raises ValidationError on bad input.
SaveFn = Callable[[dict[str, object]], int | None]
#: check(values) → problems that refuse saving although every field converts (a fine out of range
#: without its reason …); run before `save`.
CheckFn = Callable[[dict[str, object]], list[FieldError]]
#: The keys that move on to the next field.
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class RecordEditorDialog(FittedDialog):
    """Tabs of sections, one row per field; Save validates, stores, and stays open on errors."""

    def __init__(
        self,
        title: str,
        fields: Sequence[Any],
        values: dict[str, object],
        save: SaveFn,
        parent: QWidget | None = None,
        sources: Mapping[str, Sequence[tuple[str, int]]] | None = None,
    ) -> None:
        super().__init__(parent)
        #: The pick lists of 'record' fields by source name: (text shown, record id).
        self.sources = dict(sources or {})
        self.setWindowTitle(title)
        self.fields = tuple(fields)
        self.fields_by_name = {f.name: f for f in self.fields}
        self.saved_id: int | None = None
        self._save = save
        #: Checks run on the converted values before saving (add_check).
        self.checks: list[CheckFn] = []
        self.editors: dict[str, FieldEditor] = {}
        self._clean_state: object = None
        self._setup_ui()
        self.set_values(values)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return")):
            QShortcut(keys, self, self.try_save)

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setStyleSheet(ERROR_STYLE + "padding: 6px; background: #fdecea;")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.warning = QLabel(self)
        self.warning.setStyleSheet("color:#8a6d00; padding: 4px; background:#fff8e1;")
        self.warning.setWordWrap(True)
        self.warning.hide()
        layout.addWidget(self.warning)
        self.actions_row = QHBoxLayout()
        self.actions_row.addStretch(1)
        layout.addLayout(self.actions_row)
        self.tabs = QTabWidget(self)
        sections: dict[str, QFormLayout] = {}
        for field in self.fields:
            form = sections.get(field.section)
            if form is None:
                page = QWidget()
                form = QFormLayout(page)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                form.setVerticalSpacing(8)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(page)
                self.tabs.addTab(scroll, tr(field.section))
                sections[field.section] = form
            options = self.sources.get(str(getattr(field, "source", "")), ())
            editor = FieldEditor(field, self, options)
            editor.setObjectName(f"field_{field.name}")
            self.editors[field.name] = editor
            label = QLabel(label_text(field))
            label.setBuddy(editor.editor)
            form.addRow(label, editor)
        layout.addWidget(self.tabs, 1)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(tr("保存（Ctrl+S）"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 620)

    def add_check(self, check: CheckFn) -> None:
        """A rule on the whole record that refuses saving (its errors go under their fields)."""
        self.checks.append(check)

    def add_action(self, text: str, callback: Callable[[], None]) -> QPushButton:
        """A button above the tabs (e.g. 从条款库选择…)."""
        button = QPushButton(text, self)
        button.clicked.connect(callback)
        self.actions_row.insertWidget(0, button)
        return button

    def set_warning(self, text: str) -> None:
        """A non-blocking warning line ('' hides it)."""
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def set_values(self, values: dict[str, object]) -> None:
        """Fill the editors from record values."""
        for field in self.fields:
            if field.name in values:
                self.editors[field.name].set_raw(field.to_raw(values[field.name]))

    def values(self) -> tuple[dict[str, object], list[FieldError]]:
        """The record values, and the errors of fields that could not be converted."""
        values: dict[str, object] = {}
        errors: list[FieldError] = []
        for field in self.fields:
            try:
                values[field.name] = field.to_value(self.editors[field.name].raw())
            except FieldError as error:
                errors.append(error)
        return values, errors

    def try_save(self) -> bool:
        """Validate and store; on errors show each under its field and keep the dialog open."""
        self.clear_errors()
        values, errors = self.values()
        if not errors:
            errors = [e for check in self.checks for e in check(values)]
        if errors:
            self.show_errors(errors)
            return False
        try:
            self.saved_id = self._save(values)
        except ValidationError as error:
            self.show_errors(error.errors)
            return False
        except CasedeskError as error:
            self.banner.setText(str(error))
            self.banner.show()
            return False
        self.accept()
        return True

    def clear_errors(self) -> None:
        """Hide every error message."""
        self.banner.hide()
        for editor in self.editors.values():
            editor.set_error("")

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Put each error under its field; others in the banner. The first field's tab is
        opened and the field gets the cursor."""
        loose: list[str] = []
        first = ""
        for error in errors:
            name = self.field_named(error.field)
            if name is None:
                loose.append(str(error))
                continue
            self.editors[name].set_error(error.message)
            first = first or name
        count = len(errors)
        summary = tr("有 {0} 处需要修改，未保存。").format(count)
        self.banner.setText("\n".join([summary, *loose]))
        self.banner.show()
        if first:
            self.focus_field(first)

    def field_named(self, label: str) -> str | None:
        """The field an error names: by its label, or by section and label (the services say
        当事人身份证号 for the 身份证号 on the 当事人 tab)."""
        for field in self.fields:
            if label in (field.label, f"{field.section}{field.label}"):
                return str(field.name)
        return None

    def focus_field(self, name: str) -> None:
        """Open the field's tab, scroll it into view and put the cursor in it."""
        tab = self._tab_of(name)
        if tab >= 0:
            self.tabs.setCurrentIndex(tab)
        editor = self.editors[name]
        scroll = self.tabs.widget(tab) if tab >= 0 else None
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(editor)
        editor.focus_editor()

    # --- keyboard and unsaved changes ---------------------------------------------------

    def state(self) -> object:
        """What the clerk can change (compared with the state when the dialog was shown)."""
        return tuple(editor.raw() for editor in self.editors.values())

    def is_dirty(self) -> bool:
        """Whether anything was changed since the dialog was shown."""
        return self._clean_state is not None and self.state() != self._clean_state

    def mark_clean(self) -> None:
        """Take the shown values as the unchanged state."""
        self._clean_state = self.state()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._clean_state is None:
            self.mark_clean()
            self._focus_first_field()
        super().showEvent(event)

    def reject(self) -> None:
        """Esc, 取消 or the window's close: ask before changes are lost."""
        if self.is_dirty() and not self._discard_confirmed():
            return
        super().reject()

    def _discard_confirmed(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, tr("放弃修改？"),
                          tr("“{0}”有尚未保存的修改。放弃这些修改吗？").format(self.windowTitle()),
                          parent=self)  # fmt: skip
        discard = box.addButton(tr("放弃修改"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("继续编辑"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter or Esc keeps the work
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter in a one-line field goes to the next field instead of saving the dialog."""
        if event.key() in ENTER_KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.focus_next_field()
            return
        super().keyPressEvent(event)

    def focus_next_field(self) -> None:
        """The field after the one with the cursor, on the next tab after a tab's last field."""
        current = self._field_with_focus()
        if current is None:
            self.focusNextChild()
            return
        names = [f.name for f in self.fields]
        later = names[names.index(current) + 1 :]
        if later:
            self.focus_field(later[0])
        else:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setFocus()

    def _field_with_focus(self) -> str | None:
        focus = QApplication.focusWidget()
        for name, editor in self.editors.items():
            if focus is not None and (focus is editor or editor.isAncestorOf(focus)):
                return name
        return None

    def _focus_first_field(self) -> None:
        if self.fields:
            self.focus_field(self.fields[0].name)

    def error_of(self, name: str) -> str:
        """The inline error shown under a field ('' if none)."""
        editor = self.editors[name]
        return editor.error.text() if not editor.error.isHidden() else ""

    def _tab_of(self, name: str) -> int:
        section = next(f.section for f in self.fields if f.name == name)
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        return titles.index(tr(section)) if tr(section) in titles else -1
