"""Which casedesk processes are using a data folder: one lock file per open program.

The window and every command that opens the database write `locks/<pid>-<token>.json` (the
process id, the computer, the command and when) and remove it when they close. `restore` refuses
while another live process holds the folder: replacing the database under a running batch would
lose the numbers it issues. A lock whose process is gone (killed, power cut) is stale and removed.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.common.errors import CasedeskError

#: The folder of lock files in the data folder (never backed up or restored).
LOCKS_DIR = "locks"
#: Lock files are tiny; anything bigger is not ours.
_MAX_BYTES = 64 * 1024


class DataFolderBusyError(CasedeskError):
    """Another casedesk process is using the data folder."""


@dataclass(frozen=True, slots=True)
class LockHolder:
    """A process using the data folder."""

    pid: int
    host: str
    command: str
    since: str
    path: Path

    def describe(self) -> str:
        """进程 1234（doc 行政处罚决定书 --all-cases，自 2026-11-20T10:02:00 起）."""
        where = "" if self.host == socket.gethostname() else f"，在计算机 {self.host} 上"
        what = self.command or "casedesk"
        return f"进程 {self.pid}（{what}，自 {self.since} 起{where}）"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on the Windows build
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except (OSError, OverflowError):  # OverflowError: a pid no system hands out
        return False
    return True


if sys.platform == "win32":  # pragma: no cover - exercised on the Windows build
    import ctypes

    def _windows_pid_alive(pid: int) -> bool:
        # os.kill on Windows terminates the process: ask OpenProcess/GetExitCodeProcess instead.
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: exists, not ours
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)


def _command() -> str:
    args = [a for a in sys.argv[1:] if a]
    text = " ".join(args) if args else "casedesk 窗口"
    return text[:120]


class DataFolderLock:
    """This process's lock on a data folder, taken on open and released on close."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCKS_DIR / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": _command(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        except OSError:
            # A read-only folder cannot hold the lock; the database will report that itself.
            self.path = Path()

    def release(self) -> None:
        """Remove the lock file (idempotent)."""
        if self.path != Path():
            self.path.unlink(missing_ok=True)
            self.path = Path()


def _read(path: Path) -> LockHolder | None:
    try:
        with path.open("rb") as handle:
            record = json.loads(handle.read(_MAX_BYTES).decode("utf-8"))
        return LockHolder(
            int(record["pid"]),
            str(record.get("host", "")),
            str(record.get("command", "")),
            str(record.get("since", "")),
            path,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def other_holders(data_dir: Path) -> list[LockHolder]:
    """The live processes other than this one holding the folder; stale locks are removed."""
    folder = data_dir / LOCKS_DIR
    if not folder.is_dir():
        return []
    host = socket.gethostname()
    found: list[LockHolder] = []
    for path in sorted(folder.glob("*.json")):
        holder = _read(path)
        if holder is None:
            continue  # being written, or not ours: leave it
        if holder.host == host and holder.pid == os.getpid():
            continue
        if holder.host == host and not pid_alive(holder.pid):
            path.unlink(missing_ok=True)  # the process was killed: the lock is stale
            continue
        found.append(holder)
    return found


def refuse_if_busy(data_dir: Path, action: str) -> None:
    """DataFolderBusyError naming the processes that hold the folder, if any do."""
    holders = other_holders(data_dir)
    if not holders:
        return
    names = "；".join(h.describe() for h in holders)
    raise DataFolderBusyError(
        f"数据目录 {data_dir} 正由另一个 casedesk 程序使用：{names}。"
        f"请先关闭程序或等它完成，再{action}。若该程序已不在运行（例如在另一台计算机上被强行关闭），"
        f"可删除 {data_dir / LOCKS_DIR} 中对应的锁文件后重试。"
    )
