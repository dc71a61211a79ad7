"""Other processes, by the pid the program recorded: alive or not, their command line, stop.

A pid alone can be reused after its process ended, so a record also keeps the process's start
time ("start token"); a process whose start differs from the recorded one is not the recorded
process. Processes are only ever looked at and stopped by a recorded pid, never by name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

#: Windows: OpenProcess rights and GetExitCodeProcess's "still running".
_QUERY_LIMITED = 0x1000
_STILL_ACTIVE = 259


def start_token(pid: int) -> str | None:
    """When the process started (an opaque text), or None when no such process runs."""
    if pid <= 0:
        return None
    if sys.platform.startswith("linux"):
        return _linux_start(pid)
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_start(pid)
    return _ps_start(pid)  # pragma: no cover - macOS / BSD


def this_process() -> tuple[int, str]:
    """(pid, start token) of the running program."""
    return os.getpid(), start_token(os.getpid()) or ""


def is_alive(pid: int, token: str = "") -> bool:
    """Whether the recorded process still runs (the same one: its start matches when known)."""
    found = start_token(pid)
    return found is not None and (not token or not found or found == token)


def _linux_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2 :].split()  # after "pid (comm) ": state is field 3
    return fields if fields and fields[0] not in ("Z", "X") else None  # a zombie has ended


def _linux_start(pid: int) -> str | None:
    fields = _linux_stat(pid)
    return fields[19] if fields and len(fields) > 19 else None  # field 22: starttime


def _linux_group(pid: int) -> int | None:
    fields = _linux_stat(pid)
    return int(fields[2]) if fields and len(fields) > 2 else None  # field 5: pgrp


def _ps_start(pid: int) -> str | None:  # pragma: no cover - macOS / BSD
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # another user's process: it exists
    result = subprocess.run(["ps", "-o", "lstart=", "-p", str(pid)], capture_output=True,
                            text=True, check=False)  # fmt: skip
    return result.stdout.strip() or None


def _windows_start(pid: int) -> str | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(_QUERY_LIMITED, False, pid)
    if not handle:
        return None
    try:
        code = wintypes.DWORD()
        if (
            not kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            or code.value != _STILL_ACTIVE
        ):
            return None
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *[ctypes.byref(t) for t in times]):
            return ""
        return f"{times[0].dwHighDateTime}:{times[0].dwLowDateTime}"
    finally:
        kernel32.CloseHandle(handle)


def command_line(pid: int) -> str | None:
    """The process's command line (arguments joined by spaces), None when it cannot be read."""
    if sys.platform.startswith("linux"):
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip() or None
    if sys.platform == "win32":  # pragma: no cover - Windows only
        query = f"(Get-CimInstance Win32_Process -Filter 'ProcessId={int(pid)}').CommandLine"
        command = ["powershell", "-NoProfile", "-NonInteractive", "-Command", query]
    else:  # pragma: no cover - macOS / BSD
        command = ["ps", "-ww", "-o", "command=", "-p", str(pid)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None


def group_members(leader: int) -> list[int]:
    """Processes in the process group `leader` started (POSIX; on Linux found even after the
    leader itself ended: soffice's oosplash may die while soffice.bin runs on)."""
    if sys.platform.startswith("linux"):
        members = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and _linux_group(int(entry.name)) == leader:
                members.append(int(entry.name))
        return sorted(members)
    return [leader] if start_token(leader) is not None else []  # pragma: no cover


#: Runs a command and returns (exit status, standard output); injectable for tests.
Runner = Callable[[list[str]], tuple[int, str]]
#: CREATE_NO_WINDOW: taskkill/tasklist must not flash a console over the window.
_CREATE_NO_WINDOW = 0x08000000


def run_quietly(command: list[str]) -> tuple[int, str]:
    """(exit status, standard output) of a helper command, without a console window."""
    flags = _CREATE_NO_WINDOW if sys.platform == "win32" else 0
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, creationflags=flags,
                              check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return 1, ""
    return done.returncode, done.stdout.decode("mbcs" if sys.platform == "win32" else "utf-8",
                                               "replace")  # fmt: skip


def kill_tree(pid: int, *, platform: str = sys.platform, run: Runner = run_quietly) -> bool:
    """End a process and the processes it started; False when it was already gone.

    LibreOffice on Windows is two processes: soffice.exe starts soffice.bin, which holds the
    profile; ending soffice.exe alone leaves the profile locked (WinError 32). `taskkill /PID n
    /T /F` ends the process and every process it started (/T: "terminates the specified process
    and any child processes which were started by it"; Microsoft's taskkill reference). On POSIX
    the program starts soffice in its own session, so a session leader's whole group is killed.
    """
    if platform == "win32":
        status, _out = run(["taskkill", "/PID", str(pid), "/T", "/F"])
        return status == 0
    try:
        if os.getpgid(pid) == pid:  # a session leader we started: its whole group
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True
