"""Background work: one helper on QThreadPool, results delivered on the GUI thread.

Database writes go to a pool with one thread (SQLite has one writer: queue writes instead of
failing with "database is locked"); reads and conversions go to the global pool. Workers never
touch widgets: they return a value or raise, and report progress through a TaskControl.

Why the indirection through one dispatcher and task ids: a worker thread must never hold (and so
never drop the last reference to) a QObject or a closure over widgets. If it did, the object could
be destroyed on the pool thread, which Qt forbids and which crashed the test run in CI. Workers
therefore see only a task id and a plain function; the function itself is released by the worker
before it reports, so its last reference always goes away on the GUI thread.
"""

from __future__ import annotations

import gc
import inspect
import itertools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from shiboken6 import Shiboken

from desktop.common.progress import BuildCancelledError

#: SQLite allows one writer; queue writes instead of failing with "database is locked".
WRITE_POOL_SIZE = 1
#: How often the GUI thread runs the garbage collector that automatic collection would run.
GC_INTERVAL_MS = 500
#: The first collection waits until the window has started: its first passes go over every
#: object the start-up imports made (about 30 ms each, 80 ms of the 工作台's first second).
GC_START_DELAY_MS = 3000

_write_pool: QThreadPool | None = None
#: Running tasks by id: the handle and the function, both released on the GUI thread only.
_live: dict[int, tuple[TaskHandle, Callable[[], object]]] = {}
_ids = itertools.count(1)
T = TypeVar("T")


class TaskCancelled(BuildCancelledError):  # noqa: N818 - a signal, not an error
    """Raised inside a worker by TaskControl.check() once the user pressed 取消.

    Services raise BuildCancelledError themselves (with their own Chinese message); both arrive
    as `cancelled`, not as an error.
    """


class _Dispatcher(QObject):
    """Lives on the GUI thread for the whole process; workers emit on it by task id."""

    result = Signal(int, object, object)  # (task id, value, error)
    progressed = Signal(int, int, int, str)  # (task id, done, total, text)

    def __init__(self) -> None:
        super().__init__()
        self.result.connect(self._on_result)
        self.progressed.connect(self._on_progress)

    @Slot(int, object, object)
    def _on_result(self, task_id: int, value: object, error: object) -> None:
        entry = _live.pop(task_id, None)
        if entry is not None and Shiboken.isValid(entry[0]):
            entry[0].deliver(value, error)

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        entry = _live.get(task_id)
        if entry is not None and Shiboken.isValid(entry[0]):
            entry[0].progressed.emit(done, total, text)


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    """Created on first use, which is always on the GUI thread (run_in_background)."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    return _dispatcher


class TaskControl:
    """What a worker may use: progress reports and the cancel flag (thread-safe, no QObject)."""

    def __init__(self, task_id: int = 0) -> None:
        self._task_id = task_id
        self._cancel = threading.Event()
        self._dispatcher = _get_dispatcher()

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
        self._dispatcher.progressed.emit(self._task_id, done, total, text)


class TaskHandle(QObject):
    """One running task; lives in the GUI thread so its slots run there."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    cancelled = Signal()

    def __init__(self, title: str = "", task_id: int = 0, owner: QObject | None = None) -> None:
        super().__init__(owner)
        self.title = title
        self.task_id = task_id
        self.control = TaskControl(task_id)
        self.done = False

    def cancel(self) -> None:
        """Ask the worker to stop."""
        self.control.cancel()

    def deliver(self, value: object, error: object) -> None:
        """The worker's outcome, on the GUI thread."""
        self.done = True
        if isinstance(error, BuildCancelledError):
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.finished.emit(value)


class _Runnable(QRunnable):
    """Holds a task id and the function only until it has run (see the module docstring)."""

    def __init__(self, task_id: int, fn: Callable[[], object]) -> None:
        super().__init__()
        self._task_id = task_id
        self._fn: Callable[[], object] | None = fn

    def run(self) -> None:
        fn, self._fn = self._fn, None
        value: object = None
        error: BaseException | None = None
        try:
            if fn is not None:
                value = fn()
        except BaseException as caught:  # delivered to on_error; never lost in a worker
            error = caught.with_traceback(None)  # the frames hold the worker's references
        del fn  # the GUI thread still holds the function: its last reference is dropped there
        (_dispatcher or _get_dispatcher()).result.emit(self._task_id, value, error)


def _owner_of(callbacks: tuple[Callable[..., object] | None, ...]) -> QObject | None:
    """The widget the callbacks belong to: a bound method's object or a closure's `self`.

    The handle becomes its child, so a result that arrives after the widget was closed and
    deleted is dropped instead of calling into a deleted widget.
    """
    for callback in callbacks:
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject):
            return owner
        code = getattr(callback, "__code__", None)
        cells = getattr(callback, "__closure__", None) or ()
        if code is not None and "self" in code.co_freevars:
            value = cells[code.co_freevars.index("self")].cell_contents
            if isinstance(value, QObject):
                return value
    return None


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
    owner: QObject | None = None,
) -> TaskHandle:
    """Run fn() (or fn(control) when its first parameter is named `control`) off the GUI thread.

    on_done(result) / on_error(exception) / on_cancelled() run on the GUI thread, unless the
    owner (by default the widget the callbacks belong to) has been deleted by then.
    """
    _get_dispatcher()
    collect_garbage_on_gui_thread()
    task_id = next(_ids)
    if owner is None:
        owner = _owner_of((on_done, on_error, on_progress, on_cancelled))
    handle = TaskHandle(title, task_id, owner)
    if on_done is not None:
        handle.finished.connect(on_done)
    if on_error is not None:
        handle.failed.connect(on_error)
    if on_progress is not None:
        handle.progressed.connect(on_progress)
    if on_cancelled is not None:
        handle.cancelled.connect(on_cancelled)
    control = handle.control
    call: Callable[[], object] = (lambda: fn(control)) if _takes_control(fn) else fn
    _live[task_id] = (handle, call)
    pool = write_pool() if write else QThreadPool.globalInstance()
    pool.start(_Runnable(task_id, call))
    return handle


def build_task(call: Callable[..., T]) -> Callable[[TaskControl], T]:
    """A worker for a service call that takes progress= and cancel= (the long builds)."""

    def work(control: TaskControl) -> T:
        return call(progress=control.progress, cancel=lambda: control.cancelled)

    return work


def cancel_all() -> None:
    """Ask every running task to stop (shutdown)."""
    for handle, _fn in list(_live.values()):
        handle.cancel()


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every pool is idle (tests, shutdown)."""
    ok = QThreadPool.globalInstance().waitForDone(timeout_ms)
    return write_pool().waitForDone(timeout_ms) and ok


class _GuiThreadCollector(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only.

    Automatic collection runs in whichever thread happens to allocate; on a pool thread it could
    destroy widgets caught in reference cycles, which Qt forbids. So automatic collection is off
    and a timer collects by the same generation thresholds on the GUI thread.
    """

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setInterval(GC_INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        QTimer.singleShot(GC_START_DELAY_MS, self._timer.start)
        gc.disable()

    @Slot()
    def collect(self) -> None:
        threshold = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > threshold[generation]:
                gc.collect(generation)
                return


_collector: _GuiThreadCollector | None = None


def collect_garbage_on_gui_thread() -> None:
    """Switch to GUI-thread garbage collection (idempotent; call once a QApplication exists)."""
    global _collector
    if _collector is None:
        _collector = _GuiThreadCollector()
