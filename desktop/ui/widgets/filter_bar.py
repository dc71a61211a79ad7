"""The search box and filter combos above a list, with debounced change notification.

The filters sit on a row of their own that wraps (a 1024-pixel window shows them on two lines)
and folds away behind the 筛选 button, which counts the filters in use, so a small screen keeps
its height for the list. Whether the row is open is remembered per page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.flow_layout import FlowLayout

#: Typing pauses shorter than this do not start a query (one query per burst of keys).
DEBOUNCE_MS = 250
#: UiSettings flag: the filter row of a page is folded away.
FOLDED_KEY = "filters/{0}/folded"


class FilterBar(QWidget):
    """Search text plus named choice filters; `changed` fires once typing pauses."""

    changed = Signal()
    #: Enter in the search box: search now, and the page puts the cursor in its list.
    submitted = Signal()

    def __init__(
        self,
        placeholder: str,
        parent: QWidget | None = None,
        settings: object | None = None,
        key: str = "",
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._key = key
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self._layout = QHBoxLayout()
        outer.addLayout(self._layout)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(tr("Ctrl+F 到这里；输入后稍停即开始查找"))
        self.search.setMinimumWidth(220)
        self._layout.addWidget(self.search, 1)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolTip(tr("显示或收起筛选条件"))
        self.toggle.hide()  # shown once there is a filter to fold
        self._layout.addWidget(self.toggle)
        self.panel = QWidget(self)
        self.flow = FlowLayout(self.panel)
        outer.addWidget(self.panel)
        self.panel.hide()
        self.combos: dict[str, QComboBox] = {}
        self._actives: list[Callable[[], bool]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.changed.connect(self._show_count)

    def add_choice(self, key: str, label: str, values: Sequence[str]) -> QComboBox:
        """A filter combo whose first entry (全部) means no restriction."""
        combo = QComboBox(self.panel)
        combo.addItem(tr("全部"), "")
        for value in values:
            combo.addItem(value, value)
        combo.currentIndexChanged.connect(self.changed)
        self.combos[key] = combo
        self._add(QLabel(label, self.panel), combo, active=lambda: bool(combo.currentData()))
        return combo

    def add_widget(self, widget: QWidget, label: str = "") -> None:
        """Another filter widget (a date …); the caller connects it to `changed`."""
        widget.setParent(self.panel)
        if isinstance(widget, DateField):
            widget.date_changed.connect(lambda _d: self._show_count())
        active = (
            (lambda: widget.valid_date() is not None)
            if isinstance(widget, DateField)
            else (lambda: False)
        )
        parts = (QLabel(label, self.panel), widget) if label else (widget,)
        self._add(*parts, active=active)

    def add_date_range(self, label: str, start: DateField, end: DateField) -> None:
        """From–to dates kept together on one line (the caller connects them to `changed`)."""
        for field in (start, end):
            field.setParent(self.panel)
            field.date_changed.connect(lambda _d: self._show_count())
        dash = QLabel("—", self.panel)
        self._add(
            QLabel(label, self.panel), start, dash, end,
            active=lambda: start.valid_date() is not None or end.valid_date() is not None,
        )  # fmt: skip

    def add_trailing(self, widget: QWidget) -> None:
        """A widget at the end of the search line (a count of what is listed)."""
        widget.setParent(self)
        self._layout.addWidget(widget)

    def _add(self, *widgets: QWidget, active: Callable[[], bool]) -> None:
        self.flow.add_group(*widgets)
        self._actives.append(active)
        self.toggle.show()
        folded = self._settings is not None and self._settings.flag(FOLDED_KEY.format(self._key))  # type: ignore[attr-defined]
        self.toggle.setChecked(not folded)
        self.panel.setVisible(not folded)
        self._show_count()

    def set_choices(self, key: str, values: Sequence[str]) -> None:
        """Replace a combo's values (e.g. towns read from the database), keeping the choice."""
        combo = self.combos[key]
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("全部"), "")
        for value in values:
            combo.addItem(value, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def value(self, key: str) -> str:
        """The chosen value of a filter ('' for 全部)."""
        return str(self.combos[key].currentData() or "")

    def text(self) -> str:
        """The search text."""
        return self.search.text().strip()

    def active_count(self) -> int:
        """How many filters restrict the list now (the search text not counted)."""
        return sum(1 for active in self._actives if active())

    def set_folded(self, folded: bool) -> None:
        """Fold the filter row away (or open it)."""
        self.toggle.setChecked(not folded)

    def reset(self) -> None:
        """Clear the search and every choice without firing `changed` (the caller refreshes)."""
        self._timer.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._show_count()

    def flush(self) -> None:
        """Fire a pending debounced change now (tests, Enter key)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def _on_search_return_pressed(self) -> None:
        self.flush()
        self.submitted.emit()

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        if self._settings is not None:
            self._settings.set_flag(FOLDED_KEY.format(self._key), not shown)  # type: ignore[attr-defined]
        self._show_count()

    def _show_count(self) -> None:
        count = self.active_count()
        arrow = "▴" if self.toggle.isChecked() else "▾"
        self.toggle.setText(
            tr("筛选（{0}）").format(count) + arrow if count else tr("筛选") + arrow
        )
