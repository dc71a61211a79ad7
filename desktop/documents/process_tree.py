"""Finding the process a COM suite runs in, and ending it with everything it started
(desktop.trust.processes.kill_tree, which the start-up check uses for a killed run's soffice too).

Word/WPS over COM are started by COM, not by us: their pid is found after DispatchEx, from the
application's window (GetWindowThreadProcessId on `Application.Hwnd` where the suite has one;
"retrieves the identifier of the thread that created the specified window and, optionally, the
identifier of the process") or else as the suite's processes (tasklist) that were not running
before the dispatch.
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from desktop.trust.processes import Runner, kill_tree, run_quietly


def running_pids(images: Iterable[str], *, platform: str = sys.platform,
                 run: Runner = run_quietly) -> frozenset[int]:  # fmt: skip
    """The pids of the running processes with these image names (Windows; empty elsewhere)."""
    if platform != "win32":
        return frozenset()
    found: set[int] = set()
    for image in images:
        # /FO CSV /NH: "WINWORD.EXE","4242","Console","1","123,456 K" per process, no header.
        status, out = run(["tasklist", "/FO", "CSV", "/NH", "/FI", f"IMAGENAME eq {image}"])
        if status != 0:
            continue
        for row in csv.reader(io.StringIO(out)):
            if len(row) > 1 and row[0].lower() == image.lower() and row[1].isdigit():
                found.add(int(row[1]))
    return frozenset(found)


def window_pid(hwnd: int) -> int | None:
    """The process that created a window (Windows; None elsewhere or for a stale handle)."""
    if sys.platform != "win32" or not hwnd:
        return None
    import ctypes
    from ctypes import wintypes

    pid = wintypes.DWORD(0)
    thread = ctypes.windll.user32.GetWindowThreadProcessId(wintypes.HWND(hwnd), ctypes.byref(pid))
    return int(pid.value) if thread and pid.value else None


@dataclass(frozen=True)
class ComProcesses:
    """How a COM converter finds the processes its suite runs in, and ends them."""

    #: The suite's processes running now (before and after the dispatch).
    running: Callable[[], frozenset[int]]
    #: The process that owns a window handle.
    window_pid: Callable[[int], int | None]
    #: Ends a process with its children.
    kill: Callable[[int], bool]

    def started_by(self, app: object, before: frozenset[int]) -> tuple[int, ...]:
        """The pids the dispatch started: the app window's process, else the new processes."""
        hwnd = 0
        with contextlib.suppress(Exception):  # Word has no Application.Hwnd: COM raises
            hwnd = int(getattr(app, "Hwnd", 0) or 0)
        owner = self.window_pid(hwnd) if hwnd else None
        if owner:
            return (owner,)
        return tuple(sorted(self.running() - before))

    @classmethod
    def for_images(cls, images: Iterable[str]) -> ComProcesses:
        """The real lookups for a suite whose program files have these names."""
        names = tuple(images)
        return cls(lambda: running_pids(names), window_pid, kill_tree)


#: Program files each COM suite runs as (WPS's automation server wpsoffice.exe starts wps.exe).
COM_IMAGES: dict[str, tuple[str, ...]] = {
    "word": ("WINWORD.EXE",),
    "wps": ("wps.exe", "wpsoffice.exe"),
}
