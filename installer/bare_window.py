"""The reference for the start-up benchmark: a bare PySide6 window, bundled like casedesk.

`bare_window --screenshot FILE.png` shows an empty QMainWindow, saves it once it has painted and
exits, exactly as `casedesk gui --screenshot` does for the real window.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

#: Wait after the first paint before grabbing, exactly as `casedesk gui --screenshot` does.
SETTLE_MS = 300


class _FirstPaint(QObject):
    """Saves the window after its first paint, then quits."""

    def __init__(self, window: QMainWindow, path: str) -> None:
        super().__init__(window)
        self._window = window
        self._path = path
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(SETTLE_MS, self._save)
        return False

    def _save(self) -> None:
        self._window.grab().save(self._path)
        QApplication.quit()


def main(argv: list[str]) -> int:
    """Show the bare window; with --screenshot FILE save it after the first paint and exit."""
    app = QApplication(argv[:1])
    window = QMainWindow()
    window.setWindowTitle("卫生监督执法文书工作站")
    window.setCentralWidget(QLabel("卫生监督执法文书工作站"))
    window.resize(1024, 700)
    if "--screenshot" in argv:
        path = argv[argv.index("--screenshot") + 1]
        window.installEventFilter(_FirstPaint(window, path))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
