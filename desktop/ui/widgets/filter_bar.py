"""The search box and filter combos above a list, with debounced change notification."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.ui.text import tr

#: Typing pauses shorter than this do not start a query (one query per burst of keys).
DEBOUNCE_MS = 250


class FilterBar(QWidget):
    """Search text plus named choice filters; `changed` fires once typing pauses."""

    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._layout.addWidget(self.search, 2)
        self.combos: dict[str, QComboBox] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(self._timer.start)

    def add_choice(self, key: str, label: str, values: Sequence[str]) -> QComboBox:
        """A filter combo whose first entry (全部) means no restriction."""
        self._layout.addWidget(QLabel(label, self))
        combo = QComboBox(self)
        combo.addItem(tr("全部"), "")
        for value in values:
            combo.addItem(value, value)
        combo.currentIndexChanged.connect(self.changed)
        self._layout.addWidget(combo)
        self.combos[key] = combo
        return combo

    def add_widget(self, widget: QWidget, label: str = "") -> None:
        """Another filter widget (period pickers …); the caller connects it to `changed`."""
        if label:
            self._layout.addWidget(QLabel(label, self))
        self._layout.addWidget(widget)

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

    def flush(self) -> None:
        """Fire a pending debounced change now (tests, Enter key)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()
