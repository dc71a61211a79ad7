"""Keyboard helpers for the UI tests: type into a field as a clerk does, answer a message box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.ui.widgets.date_field import DateField


def type_text(widget: QWidget, text: str) -> None:
    """Type as a clerk does: ASCII by key presses, Chinese as the input method commits it (QTest
    can press only keys that exist on the keyboard)."""
    assert widget is not None, "no widget has the keyboard focus"
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def type_date(field: DateField, text: str) -> None:
    """Select what the field holds, type over it, and leave it with Tab."""
    field.line.setFocus()
    QTest.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(field.line, text)
    else:
        QTest.keyClick(field.line, Qt.Key.Key_Delete)
    QTest.keyClick(field.line, Qt.Key.Key_Tab)


def answer_next_box(button_text: str, seen: list[str] | None = None, delay_ms: int = 0) -> None:
    """Press the button named `button_text` of the next modal message box (from a timer, since
    the box's exec() blocks); its text is appended to `seen`."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        if seen is not None:
            seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.setFocus()
                QTest.keyClick(button, Qt.Key.Key_Space)
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(delay_ms, press)


def focus_chain(start: QWidget, presses: int) -> list[QWidget]:
    """The widgets Tab visits from `start`, pressing Tab `presses` times."""
    start.setFocus()
    visited: list[QWidget] = []
    for _ in range(presses):
        widget = QApplication.focusWidget()
        assert widget is not None
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is not None:
            visited.append(now)
    return visited


def wait_for(condition: Callable[[], bool], qtbot: object, timeout: int = 20_000) -> None:
    """qtbot.waitUntil with the UI tests' usual timeout."""
    qtbot.waitUntil(condition, timeout=timeout)  # type: ignore[attr-defined]


def show_active(qtbot: object, widget: QWidget) -> None:
    """Show a window and make it the active one: keys and focus changes go to it then."""
    widget.show()
    QTest.qWaitForWindowExposed(widget)
    widget.activateWindow()
    widget.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5_000)  # type: ignore[attr-defined]


def press(
    qtbot: object,
    window: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key in `window` where its cursor is (after a message box closed, once the window
    is active again, as it is for the clerk)."""
    if QApplication.activeWindow() is not window.window():
        window.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window.window(), timeout=5_000)  # type: ignore[attr-defined]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifier)


def on_next_dialog(kind: type, act: Callable[[QWidget], None], delay_ms: int = 0) -> list[QWidget]:
    """Run `act` on the next modal dialog of this kind once it is open (its exec() blocks the
    key press that opened it, so the test acts from a timer); returns the dialogs seen."""
    seen: list[QWidget] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(delay_ms, look)
    return seen
