"""One document's rendering budget (loop steps, output, time) and the watchdog that enforces
its time limit; the size limits and the sandbox that uses them are in template_limits."""

from __future__ import annotations

import ctypes
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

#: Loop steps of one document, all loops together.
MAX_ITERATIONS = 100_000
#: Characters one document's templates may produce (its XML).
MAX_OUTPUT = 20_000_000
#: Seconds one document may take to render.
TIME_LIMIT = 10.0
#: After the deadline, how long the cooperative checks get before the watchdog interrupts.
WATCHDOG_GRACE = 1.0


class TemplateLimitError(Exception):
    """A template asked for more than the sandbox allows (the message says which limit)."""


class TemplateTimeout(Exception):  # noqa: N818 - raised asynchronously by the watchdog
    """A template ran past TIME_LIMIT."""


@dataclass
class Budget:
    """What one document's rendering has used so far."""

    name: str
    time_limit: float = TIME_LIMIT
    started: float = field(default_factory=time.monotonic)
    iterations: int = 0
    output: int = 0
    thread_id: int = field(default_factory=threading.get_ident)
    #: Set by the watchdog when it interrupted the rendering thread.
    fired: bool = False

    @property
    def deadline(self) -> float:
        return self.started + self.time_limit

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateTimeout()

    def step(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise TemplateLimitError(f"循环次数超过上限（全部循环合计最多 {MAX_ITERATIONS:,} 次）")
        self.check_time()

    def charge(self, characters: int) -> None:
        self.output += characters
        if self.output > MAX_OUTPUT:
            raise TemplateLimitError(f"生成的内容超过上限（最多 {MAX_OUTPUT:,} 个字符）")
        self.check_time()


_current: ContextVar[Budget | None] = ContextVar("casedesk_template_budget", default=None)


def current_budget() -> Budget | None:
    """The budget of the rendering running in this thread (None: none is)."""
    return _current.get()


def tick() -> None:
    """Raise TemplateTimeout when this thread's rendering is past its deadline."""
    budget = _current.get()
    if budget is not None:
        budget.check_time()


# --- the watchdog -----------------------------------------------------------------------


class _Watchdog:
    """One daemon thread that interrupts renderings past their deadline (+ WATCHDOG_GRACE) by
    raising TemplateTimeout in their thread (PyThreadState_SetAsyncExc: it lands at the next
    Python instruction, so it stops Python code, never a single C call — the size limits keep
    those short)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._watched: dict[int, Budget] = {}
        self._thread: threading.Thread | None = None

    def watch(self, budget: Budget) -> None:
        with self._condition:
            self._watched[id(budget)] = budget
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="casedesk-template-watchdog", daemon=True
                )
                self._thread.start()
            self._condition.notify()

    def release(self, budget: Budget) -> None:
        """Stop watching; an interruption not yet delivered is withdrawn (the caller raises
        TemplateTimeout itself when budget.fired)."""
        with self._condition:
            self._watched.pop(id(budget), None)
            if budget.fired:
                _async_raise(budget.thread_id, None)

    def _run(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                waiting = [b for b in self._watched.values() if not b.fired]
                for budget in waiting:
                    if budget.deadline + WATCHDOG_GRACE <= now:
                        budget.fired = True
                        _async_raise(budget.thread_id, TemplateTimeout)
                pending = [b.deadline + WATCHDOG_GRACE for b in waiting if not b.fired]
                self._condition.wait(max(min(pending) - now, 0.01) if pending else None)


def _async_raise(thread_id: int, error: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(error) if error is not None else None
    )


_WATCHDOG = _Watchdog()


class within_limits:  # noqa: N801 - used as a context manager, like a function
    """Render one document inside this: a fresh Budget, watched by the watchdog. Raises
    TemplateTimeout if the time ran out (also when the watchdog's interruption was withdrawn)."""

    def __init__(self, name: str, time_limit: float = TIME_LIMIT) -> None:
        self.budget = Budget(name, time_limit)

    def __enter__(self) -> Budget:
        self._token = _current.set(self.budget)
        _WATCHDOG.watch(self.budget)
        return self.budget

    def __exit__(self, *exc: object) -> None:
        try:
            _WATCHDOG.release(self.budget)
        finally:
            _current.reset(self._token)
        if self.budget.fired and exc[0] is None:
            raise TemplateTimeout()
