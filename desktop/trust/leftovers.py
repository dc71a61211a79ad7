"""What a killed run leaves behind, found by the pid it recorded and removed by the start-up check.

A run writes a small owner record (pid + the process's start) into every temp folder it makes:
`casedesk-lo-*` (a LibreOffice conversion: also the pid and profile of each soffice it starts),
`casedesk-com-*` (a Word/WPS kept open over COM: the pid and start time of its process),
`casedesk-case-file-*`, `casedesk-packet-*` and `casedesk-selftest-*` in the temp folder, and the `.casedesk-pdf-*`
staging folder beside the PDFs. Things outside the temp folder in a place only the run knows
(a staging folder in the clerk's output folder, a partial backup next to `--out`) are also noted
in a journal in the temp folder while the run lasts. A leftover is removed only when its run has
ended (the recorded pid is gone, or is now another process) and it is older than a few minutes;
a LibreOffice is stopped only when its recorded pid (or a process of its group) still runs with
the recorded profile in its command line, and a Word/WPS only when its recorded pid still runs
with the recorded start time (COM starts it: no profile of ours is on its command line) — never by
name.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.trust.file_store import atomic_write, private_dirs
from desktop.trust.processes import (
    command_line,
    group_members,
    is_alive,
    kill_tree,
    start_token,
    this_process,
)

#: The owner record inside a run's temp folder.
OWNER_FILE = "casedesk-owner.json"
#: Temp folders (in the system temp folder) runs make.
TEMP_PREFIXES = (
    "casedesk-case-file-",
    "casedesk-com-",
    "casedesk-lo-",
    "casedesk-packet-",
    "casedesk-selftest-",
)
#: The PDF staging folder inside an output folder.
STAGING_PREFIX = ".casedesk-pdf-"
#: Leftovers younger than this are left alone (seconds).
STALE_AFTER = 300.0
#: A temp folder without an owner record (killed in the instant after it was made) is removed
#: only when older than this.
NO_OWNER_AFTER = 24 * 3600.0


def mark_owner(folder: Path, **extra: Any) -> None:
    """Record this process as the owner of a temp folder it just made."""
    pid, start = this_process()
    _write(folder / OWNER_FILE, {"pid": pid, "start": start, **extra})


def note_soffice(folder: Path, pid: int, profile: str) -> None:
    """Add a LibreOffice process this run started (and its profile) to the folder's record."""
    record = read_owner(folder) or {}
    record.setdefault("soffice", []).append({"pid": pid, "profile": profile})
    _write(folder / OWNER_FILE, record)


def note_process(folder: Path, pid: int, start: str) -> None:
    """Add an office process COM started for this run (its pid and start token) to the record."""
    record = read_owner(folder) or {}
    record.setdefault("soffice", []).append({"pid": pid, "start": start})
    _write(folder / OWNER_FILE, record)


def read_owner(folder: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("pid"), int) else None


def _write(path: Path, record: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # a record that cannot be written only loses the cleanup
        atomic_write(path, json.dumps(record, ensure_ascii=False).encode("utf-8"))


def journal_dir(temp_dir: Path | None = None) -> Path:
    """This user's journal folder in the temp folder (per user: /tmp is shared on Linux)."""
    base = temp_dir or Path(tempfile.gettempdir())
    user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return base / f"casedesk-runs-{user}"


@contextlib.contextmanager
def recorded(kind: str, path: Path, temp_dir: Path | None = None) -> Iterator[None]:
    """Journal a temp thing made outside the temp folder while the block runs: kind "staging"
    (a staging folder) or "backup" (the partial files of a backup written to `path`)."""
    folder = journal_dir(temp_dir)
    pid, start = this_process()
    entry = folder / f"{pid}-{uuid.uuid4().hex[:8]}.json"
    try:
        private_dirs(folder)
        if sys.platform != "win32" and folder.stat().st_uid != os.getuid():
            raise OSError("not ours")  # another user made the folder: do not trust or use it
        _write(entry, {"pid": pid, "start": start, "kind": kind, "path": str(path)})
    except OSError:
        pass
    try:
        yield
    finally:
        entry.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Leftover:
    """A temp folder or partial file of a run that has ended (and the LibreOffice it left)."""

    path: Path
    owner: int
    folder: bool
    #: Running office processes the ended run started (checked: pid and profile, or start).
    soffice: tuple[int, ...] = ()
    #: The suite those processes are (the record's "suite": Word/WPS kept open over COM).
    suite: str = "LibreOffice"

    def lines(self) -> list[str]:
        what = "临时文件夹" if self.folder else "未完成的备份文件"
        owner = f"进程 {self.owner}" if self.owner else "所属进程不明"
        out = [f"已中断的运行（{owner}已结束）留下的{what}：{self.path}"]
        out += [f"为已结束的运行（进程 {self.owner}）启动的 {self.suite} 仍在运行：进程 {pid}"
                for pid in self.soffice]  # fmt: skip
        return out


def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except OSError:
        return -1.0


def _live_soffice(record: dict[str, Any]) -> tuple[int, ...]:
    found: list[int] = []
    for item in record.get("soffice") or ():
        if not isinstance(item, dict) or not isinstance(item.get("pid"), int):
            continue
        if "start" in item:  # Word/WPS: the same process only if it started when recorded
            token = str(item.get("start") or "")
            if token and start_token(item["pid"]) == token:
                found.append(item["pid"])
            continue
        profile = str(item.get("profile") or "")
        for pid in group_members(item["pid"]):
            line = command_line(pid) or ""
            if profile and profile in line:
                found.append(pid)
    return tuple(found)


def _folder_leftover(folder: Path, now: float, min_age: float) -> Leftover | None:
    record = read_owner(folder)
    age = _age(folder / OWNER_FILE if record else folder, now)
    if record is None:
        return Leftover(folder, 0, True) if age >= NO_OWNER_AFTER else None
    if age < min_age or is_alive(record["pid"], str(record.get("start") or "")):
        return None
    suite = str(record.get("suite") or "LibreOffice")
    return Leftover(folder, record["pid"], True, _live_soffice(record), suite)


def _ours(path: Path) -> bool:
    """A real folder of this user (another user's leftovers in a shared /tmp are theirs)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    mine = sys.platform == "win32" or info.st_uid == os.getuid()
    return mine and stat.S_ISDIR(info.st_mode)


def _children(folder: Path, prefixes: tuple[str, ...]) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.name.startswith(prefixes) and _ours(p))
    except OSError:
        return []


def find_leftovers(
    output_dirs: Sequence[Path] = (), temp_dir: Path | None = None, min_age: float = STALE_AFTER
) -> list[Leftover]:
    """Everything an ended run left: temp folders, staging folders, partial backups."""
    now = time.time()
    temp = temp_dir or Path(tempfile.gettempdir())
    found: dict[Path, Leftover] = {}
    candidates = _children(temp, TEMP_PREFIXES)
    for folder in output_dirs:
        candidates += _children(folder, (STAGING_PREFIX,))
    for _entry, record in _journal(temp):
        if is_alive(record["pid"], str(record.get("start") or "")):
            continue
        path = Path(str(record.get("path")))
        if record.get("kind") == "staging":
            candidates.append(path)
            continue
        for partial in sorted(path.parent.glob(f".{path.name}.*.tmp")):
            if partial.is_file() and _age(partial, now) >= min_age:
                found[partial] = Leftover(partial, record["pid"], False)
    for folder in candidates:
        if folder not in found and _ours(folder):
            leftover = _folder_leftover(folder, now, min_age)
            if leftover is not None:
                found[folder] = leftover
    return sorted(found.values(), key=lambda item: str(item.path))


def _journal(temp: Path) -> list[tuple[Path, dict[str, Any]]]:
    folder = journal_dir(temp)
    entries = []
    for entry in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            record = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and isinstance(record.get("pid"), int):
            entries.append((entry, record))
    return entries


def remove_leftover(leftover: Leftover) -> list[str]:
    """Stop its LibreOffice, delete it; returns what was done (Chinese lines)."""
    done: list[str] = []
    for pid in leftover.soffice:
        kill_tree(pid)
        done.append(f"已停止为已结束的运行启动的 {leftover.suite}（进程 {pid}）")
    try:
        if leftover.folder:
            shutil.rmtree(leftover.path)
        else:
            leftover.path.unlink(missing_ok=True)
        done.append(f"已删除 {leftover.path}")
    except OSError as error:
        done.append(f"无法删除 {leftover.path}：{error.strerror or error}")
    return done


def forget_ended_runs(temp_dir: Path | None = None) -> None:
    """Delete the journal entries of ended runs whose leftovers are gone (removed, or never
    made); an entry whose partial file is still too young to remove stays for the next check."""
    for entry, record in _journal(temp_dir or Path(tempfile.gettempdir())):
        if is_alive(record["pid"], str(record.get("start") or "")):
            continue
        path = Path(str(record.get("path")))
        if record.get("kind") == "staging":
            remains = path.exists()
        else:
            remains = any(path.parent.glob(f".{path.name}.*.tmp"))
        if not remains:
            entry.unlink(missing_ok=True)
