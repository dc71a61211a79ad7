"""Progress reports and cancellation for long jobs (batches, 卷宗, 报送材料, 归档), Qt-free.

A job takes `progress(done, total, message)` and `cancel` (a threading.Event or a callable that
returns True once the clerk pressed 取消); the UI runs the job in a worker thread and passes both.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.common.errors import CasedeskError

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool] | threading.Event


class BuildCancelledError(CasedeskError):
    """The clerk cancelled a build; nothing was written."""


def is_cancelled(cancel: Cancel | None) -> bool:
    """Whether the clerk asked to stop (None never cancels)."""
    if cancel is None:
        return False
    return cancel.is_set() if isinstance(cancel, threading.Event) else bool(cancel())


class Steps:
    """Counts the steps of a build: each step first checks cancel, then reports progress."""

    def __init__(
        self, total: int, what: str, progress: Progress | None, cancel: Cancel | None
    ) -> None:
        self.total = total
        self.done = 0
        self._what = what
        self._progress = progress
        self._cancel = cancel

    def check(self) -> None:
        """Raise BuildCancelledError when the clerk cancelled."""
        if is_cancelled(self._cancel):
            raise BuildCancelledError(f"已取消{self._what}，未写入任何文件。")

    def step(self, message: str) -> None:
        """One more step is starting: stop if cancelled, else report it."""
        self.check()
        self.done = min(self.done + 1, self.total)
        if self._progress is not None:
            self._progress(self.done, self.total, message)

    def cancelled(self) -> bool:
        """For converters that poll: whether to stop."""
        return is_cancelled(self._cancel)
