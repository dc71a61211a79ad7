"""A record editor (机构, 案件) drawn from a declarative field list, with inline Chinese errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.errors import CasedeskError, ValidationError
from desktop.ui.text import tr
from desktop.ui.widgets.field_widgets import ERROR_STYLE, FieldEditor, label_text
from forms.validators import FieldError

#: save(values) stores the record and returns its id (or None); raises ValidationError on bad input.
SaveFn = Callable[[dict[str, object]], int | None]


class RecordEditorDialog(QDialog):
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
        self.editors: dict[str, FieldEditor] = {}
        self._setup_ui()
        self.set_values(values)

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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 620)

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
        """Put each error under its field (matched by its Chinese label); others in the banner."""
        by_label = {f.label: f.name for f in self.fields}
        loose: list[str] = []
        first_tab = -1
        for error in errors:
            name = by_label.get(error.field)
            if name is None:
                loose.append(str(error))
                continue
            self.editors[name].set_error(error.message)
            if first_tab < 0:
                first_tab = self._tab_of(name)
        count = len(errors)
        summary = tr("有 {0} 处需要修改，未保存。").format(count)
        self.banner.setText("\n".join([summary, *loose]))
        self.banner.show()
        if first_tab >= 0:
            self.tabs.setCurrentIndex(first_tab)

    def error_of(self, name: str) -> str:
        """The inline error shown under a field ('' if none)."""
        editor = self.editors[name]
        return editor.error.text() if not editor.error.isHidden() else ""

    def _tab_of(self, name: str) -> int:
        section = next(f.section for f in self.fields if f.name == name)
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        return titles.index(tr(section)) if tr(section) in titles else -1
