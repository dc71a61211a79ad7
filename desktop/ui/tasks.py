"""Background work: one helper on QThreadPool, results delivered on the GUI thread.

Database writes go to a pool with one thread (SQLite has one writer: queue writes instead of
failing with "database is locked"); reads and conversions go to the global pool. Workers never
touch widgets: they return a value or raise, and report progress through a TaskControl.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

#: SQLite allows one writer; queue writes instead of failing with "database is locked".
WRITE_POOL_SIZE = 1

_write_pool: QThreadPool | None = None
#: Tasks whose signals must stay alive until their result has been delivered.
_live: set[TaskHandle] = set()


class TaskCancelled(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a worker by TaskControl.check() once the user pressed 取消."""


class TaskControl:
    """What a worker may use: progress reports and the cancel flag (thread-safe)."""

    def __init__(self, handle: TaskHandle) -> None:
        self._handle = handle
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        """Whether the user asked to stop."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the worker to stop at its next check."""
        self._cancel.set()

    def check(self) -> None:
        """Raise TaskCancelled when the user asked to stop."""
        if self._cancel.is_set():
            raise TaskCancelled

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; delivered to the GUI thread."""
        self._handle.progressed.emit(done, total, text)


class TaskHandle(QObject):
    """One running task; lives in the GUI thread so its slots run there."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    cancelled = Signal()
    _result = Signal(object, object)  # (value, error) from the worker thread

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.title = title
        self.control = TaskControl(self)
        self.done = False
        self._result.connect(self._on_result)

    def cancel(self) -> None:
        """Ask the worker to stop."""
        self.control.cancel()

    @Slot(object, object)
    def _on_result(self, value: object, error: object) -> None:
        self.done = True
        _live.discard(self)
        if isinstance(error, TaskCancelled):
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.finished.emit(value)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], object], handle: TaskHandle) -> None:
        super().__init__()
        self._fn = fn
        self._handle = handle

    def run(self) -> None:
        try:
            value = self._fn()
        except BaseException as error:  # delivered to on_error; never lost in a worker
            self._handle._result.emit(None, error)
        else:
            self._handle._result.emit(value, None)


def _takes_control(fn: Callable[..., object]) -> bool:
    """Whether fn's first parameter is named `control` (explicit, never guessed by arity)."""
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return False
    return bool(names) and names[0] == "control"


def write_pool() -> QThreadPool:
    """The single-thread pool for database writes."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(WRITE_POOL_SIZE)
    return _write_pool


def run_in_background(
    fn: Callable[..., Any],
    on_done: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException], object] | None = None,
    *,
    write: bool = False,
    title: str = "",
    on_progress: Callable[[int, int, str], object] | None = None,
    on_cancelled: Callable[[], object] | None = None,
) -> TaskHandle:
    """Run fn() (or fn(control) when its first parameter is named `control`) off the GUI thread.

    on_done(result) / on_error(exception) / on_cancelled() run on the GUI thread.
    """
    handle = TaskHandle(title)
    if on_done is not None:
        handle.finished.connect(on_done)
    if on_error is not None:
        handle.failed.connect(on_error)
    if on_progress is not None:
        handle.progressed.connect(on_progress)
    if on_cancelled is not None:
        handle.cancelled.connect(on_cancelled)
    call = (lambda: fn(handle.control)) if _takes_control(fn) else fn
    _live.add(handle)
    pool = write_pool() if write else QThreadPool.globalInstance()
    pool.start(_Runnable(call, handle))
    return handle


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every pool is idle (tests, shutdown)."""
    ok = QThreadPool.globalInstance().waitForDone(timeout_ms)
    return write_pool().waitForDone(timeout_ms) and ok
