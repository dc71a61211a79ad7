"""Closing the window while long work runs: ask 继续等待 or 取消任务并退出, never drop it silently.

Closing after 142 of 178 decisions used to ask nothing; the batch stopped part-way and nobody was
told. Now the clerk chooses: keep waiting (the window stays), or cancel and leave, in which case
the tasks are told to stop and given a few seconds to reach a safe point (a document is written
whole or not at all) before the window closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QMessageBox

from desktop.ui.text import tr

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

#: How long leaving waits for cancelled tasks to stop before closing anyway.
STOP_WAIT_MS = 8000


def confirm_close_during_tasks(window: MainWindow) -> bool:
    """True when the window may close: nothing runs, or the clerk chose 取消任务并退出."""
    panel = window.progress
    if not panel.running:
        return True
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("任务尚未完成"),
        tr("正在进行：{0}。\n现在退出会取消这些任务，未完成的部分不会生成。").format(
            panel.running_text()
        ),
        parent=window,
    )
    wait = box.addButton(tr("继续等待"), QMessageBox.ButtonRole.RejectRole)
    leave = box.addButton(tr("取消任务并退出"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(wait)  # Enter or Esc keeps the work going
    box.setEscapeButton(wait)
    window.close_question = box  # type: ignore[attr-defined]  # tests answer it
    box.exec()
    if box.clickedButton() is not leave:
        return False
    stop_tasks(window)
    return True


def stop_tasks(window: MainWindow, wait_ms: int = STOP_WAIT_MS) -> bool:
    """Cancel every tracked task and let them stop; True when all stopped in time."""
    panel = window.progress
    for handle in list(panel.running):
        handle.cancel()
    window.statusBar().showMessage(tr("正在取消任务……"))
    clock = QElapsedTimer()
    clock.start()
    loop = QEventLoop()
    while panel.running and clock.elapsed() < wait_ms:
        QTimer.singleShot(50, loop.quit)
        loop.exec()  # results arrive on this thread: let them be delivered
    return not panel.running
