"""The named mutex that tells the installer casedesk is running.

While the window or a command runs, the program holds the Windows mutex
`Local\\casedesk-<USERNAME>`; the installer (installer/casedesk.nsi) opens it by that name on
install, upgrade and uninstall and, when it exists, asks the clerk to close casedesk (silent
/S: exits with EXIT_CODE_RUNNING) instead of replacing files under the running program.

Behaviour relied on (Microsoft's CreateMutexW / OpenMutexW references): CreateMutexW with a name
that exists opens the same mutex and sets ERROR_ALREADY_EXISTS, so every running copy holds a
handle to one object; "the mutex object is destroyed when its last handle has been closed" —
also when a process ends or crashes, so a killed program never leaves a stale "running" mark;
OpenMutexW fails with ERROR_FILE_NOT_FOUND when no such mutex exists. "Local\\" is the session
namespace (the clerk's logon session), which needs no privilege.

Elsewhere a shared lock on a file in the temp folder plays the same part (an exclusive
non-blocking lock fails while any copy runs), so the check can be exercised on Linux.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

#: Mutex name prefix; installer/casedesk.nsi builds the same name (keep both in step).
MUTEX_PREFIX = "Local\\casedesk-"
#: The installer's exit code when casedesk is still running in silent mode (documented for IT).
EXIT_CODE_RUNNING = 32
#: SYNCHRONIZE access right: enough to open a mutex by name to see that it exists.
SYNCHRONIZE = 0x00100000
ERROR_FILE_NOT_FOUND = 2
ERROR_ALREADY_EXISTS = 183


def mutex_name(environ: dict[str, str] | None = None) -> str:
    """`Local\\casedesk-<USERNAME>`, USERNAME as NSIS reads it (ReadEnvStr)."""
    env = os.environ if environ is None else environ
    return MUTEX_PREFIX + env.get("USERNAME", "")


class Kernel32(Protocol):
    """The three kernel32 calls used (the real DLL through ctypes; a fake in tests)."""

    def CreateMutexW(self, attributes: Any, initial_owner: bool, name: str) -> int: ...  # noqa: N802
    def OpenMutexW(self, access: int, inherit: bool, name: str) -> int: ...  # noqa: N802
    def CloseHandle(self, handle: int) -> int: ...  # noqa: N802


def _kernel32() -> Kernel32 | None:
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    dll = ctypes.WinDLL("kernel32", use_last_error=True)
    dll.CreateMutexW.argtypes = (ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR)
    dll.CreateMutexW.restype = wintypes.HANDLE
    dll.OpenMutexW.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.LPCWSTR)
    dll.OpenMutexW.restype = wintypes.HANDLE
    dll.CloseHandle.argtypes = (wintypes.HANDLE,)
    dll.CloseHandle.restype = wintypes.BOOL
    return dll


def _lock_path(name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    return Path(tempfile.gettempdir()) / f"{safe}.lock"


class AppMutex:
    """Held while casedesk runs; several copies may hold it at once."""

    def __init__(self, name: str | None = None, kernel32: Kernel32 | None = None) -> None:
        self.name = name or mutex_name()
        self._kernel32 = kernel32 if kernel32 is not None else _kernel32()
        self._handle = 0
        self._file: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take (or join) the mutex; False when the system refused (the program still runs)."""
        if self._kernel32 is not None:
            self._handle = int(self._kernel32.CreateMutexW(None, False, self.name) or 0)
            return bool(self._handle)
        import fcntl

        try:
            self._file = _lock_path(self.name).open("ab")
            fcntl.flock(self._file.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            self.release()
            return False
        return True

    def release(self) -> None:
        """Let go (the installer may proceed once every copy has let go)."""
        if self._kernel32 is not None and self._handle:
            self._kernel32.CloseHandle(self._handle)
            self._handle = 0
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None


def is_running(name: str | None = None, kernel32: Kernel32 | None = None) -> bool:
    """What the installer asks: does any copy of casedesk hold the mutex?"""
    name = name or mutex_name()
    api = kernel32 if kernel32 is not None else _kernel32()
    if api is not None:
        handle = int(api.OpenMutexW(SYNCHRONIZE, False, name) or 0)
        if handle:
            api.CloseHandle(handle)
        return bool(handle)
    import fcntl

    path = _lock_path(name)
    if not path.exists():
        return False
    with path.open("ab") as probe:
        try:
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(probe.fileno(), fcntl.LOCK_UN)
    return False


@contextlib.contextmanager
def hold_app_mutex(name: str | None = None) -> Iterator[AppMutex]:
    """Hold the mutex for the duration of a command or the window."""
    mutex = AppMutex(name)
    mutex.acquire()
    try:
        yield mutex
    finally:
        mutex.release()
