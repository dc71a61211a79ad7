"""Dialogs sized to the screen they open on, so their buttons are never below its bottom edge.

An office laptop has 1366×768 pixels, at 125 % scaling 1093×614 of Qt's; a dialog asking for
820×900 put 打印/关闭 off the screen. Each dialog keeps its preferred size where it fits and is
shrunk (its content scrolls, its buttons stay) where it does not.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

#: Room left around a dialog for the window frame and title bar (logical pixels).
FRAME_MARGIN = QSize(24, 48)


def available_area(widget: QWidget) -> QRect:
    """The part of the widget's screen not taken by the taskbar (the primary screen if unknown)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, preferred: QSize | None = None) -> QSize:
    """Resize to the preferred size (default: the current one) or to what the screen allows,
    then centre on the parent window or the screen; returns the size given."""
    area = available_area(widget)
    want = preferred or widget.size()
    size = QSize(
        max(min(want.width(), area.width() - FRAME_MARGIN.width()), 200),
        max(min(want.height(), area.height() - FRAME_MARGIN.height()), 160),
    )
    widget.resize(size)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    frame = QRect(0, 0, size.width(), size.height() + FRAME_MARGIN.height() // 2)
    frame.moveCenter(centre)
    # Keep the whole dialog (title bar and buttons) on the screen even when the parent is not.
    frame.moveLeft(max(area.left(), min(frame.left(), area.right() - frame.width())))
    frame.moveTop(max(area.top(), min(frame.top(), area.bottom() - frame.height())))
    widget.move(frame.topLeft())
    return size


class FittedDialog(QDialog):
    """A dialog whose size (set with resize as usual) is fitted to the screen when first shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self)
        super().showEvent(event)
