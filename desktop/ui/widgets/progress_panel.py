"""The status-bar progress of background work: title, bar, 取消 button."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.ui.tasks import TaskHandle
from desktop.ui.text import tr


class ProgressPanel(QWidget):
    """Shows the newest tracked task; hidden when nothing runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle: TaskHandle | None = None
        #: Every tracked task not yet ended, with its last progress (done, total), oldest first:
        #: closing the window asks about these.
        self.running: dict[TaskHandle, tuple[int, int]] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(220)
        self.cancel_button = QPushButton(tr("取消"), self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.hide()

    def track(self, handle: TaskHandle) -> TaskHandle:
        """Show this task's progress until it ends."""
        self.handle = handle
        self.running[handle] = (0, 0)
        handle.progressed.connect(partial(self._remember, handle))
        self.label.setText(handle.title)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        handle.progressed.connect(self._on_progress)
        for signal in (handle.finished, handle.failed, handle.cancelled):
            signal.connect(lambda *_a, h=handle: self._on_ended(h))
        self.show()
        return handle

    def running_text(self) -> str:
        """The tracked tasks still running, as a clerk reads them (批量生成文书（142/178）)."""
        return "、".join(
            f"{h.title}（{done}/{total}）" if total else h.title
            for h, (done, total) in self.running.items()
        )

    def _remember(self, handle: TaskHandle, done: int, total: int, _text: str) -> None:
        if handle in self.running:
            self.running[handle] = (done, total)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if text:
            self.label.setText(text)

    def _on_cancel_button_clicked(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(tr("正在取消……"))

    def _on_ended(self, handle: TaskHandle) -> None:
        self.running.pop(handle, None)
        if handle is self.handle:
            self.handle = None
            self.hide()
