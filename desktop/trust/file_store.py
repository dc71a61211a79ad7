"""Content-addressed file store beside the database: files named by their sha256, written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.common.errors import CasedeskError

#: Characters Windows forbids in file names, and control characters.
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_file_name(name: str) -> str:
    """A file or folder name Windows accepts: forbidden characters become _, no edge dots."""
    return _UNSAFE_NAME.sub("_", name).strip(" .") or "_"


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: Personal data on disk is readable by its owner only (where the OS has POSIX modes).
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700


def owner_only(path: Path) -> None:
    """chmod a file 0600 (a folder 0700); best effort, and nothing on Windows, where the user
    profile's ACL already keeps other users out and chmod only sets the read-only flag."""
    if sys.platform == "win32":
        return
    # A file system without modes (FAT, some shares), or another user's file: left as it is.
    with contextlib.suppress(OSError):
        os.chmod(path, OWNER_ONLY_DIR if path.is_dir() else OWNER_ONLY_FILE)


def private_dirs(folder: Path) -> None:
    """mkdir -p where every folder created is 0700 (mkdir's mode does not reach the parents)."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=OWNER_ONLY_DIR)
        except FileExistsError:
            if not path.is_dir():
                raise
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} 不是文件夹。")


def _temp_beside(path: Path, data: bytes) -> str:
    """A fsynced 0600 temp file (mkstemp's mode) in the target's folder."""
    private_dirs(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return tmp_name


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder, fsync, then rename: never a half-written file.
    The file is owner-only (mkstemp creates it 0600)."""
    tmp_name = _temp_beside(path, data)
    try:
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def create_new(path: Path, data: bytes) -> bool:
    """Write a file that must not exist yet, atomically; False (nothing written) when it does.

    A hard link of the finished temp file refuses to replace an existing name, so two processes
    creating the same file cannot overwrite each other; a file system without hard links gets an
    exclusive create instead.
    """
    tmp_name = _temp_beside(path, data)
    try:
        os.link(tmp_name, path)
        return True
    except FileExistsError:
        return False
    except OSError:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return True
    finally:
        Path(tmp_name).unlink(missing_ok=True)

#: Pauses between tries of a move onto a target another program holds (about 2 s in all): long
#: enough for an antivirus scan of the new file or a viewer's reload, short enough to wait for.
MOVE_RETRY_DELAYS = (0.1, 0.2, 0.3, 0.5, 0.9)
#: Who usually holds a file of this kind open on an office PC (named in the message).
HOLDERS = {".pdf": "PDF 阅读器（WPS、Adobe、福昕等）", ".docx": "Word/WPS"}


class FileBusyError(CasedeskError):
    """The target is held open by another program: nothing was replaced."""

    def __init__(self, target: Path, holder: str) -> None:
        # A space between Chinese and Latin text, none beside Chinese punctuation.
        before = " " if holder[:1].isascii() else ""
        after = " " if holder[-1:].isascii() else ""
        super().__init__(f"文件被占用：{target}，请关闭{before}{holder}{after}后重试。")
        self.target = target


def move_onto(source: Path, target: Path, *, holder: str | None = None,
              delays: tuple[float, ...] = MOVE_RETRY_DELAYS,
              sleep: Callable[[float], None] = time.sleep) -> None:  # fmt: skip
    """Rename source onto target (atomic), retrying briefly while another program holds it.

    Windows refuses the rename while a viewer has the target open or an antivirus scans the new
    file (WinError 5 access denied / 32 sharing violation, both PermissionError in Python); the
    last refusal becomes a FileBusyError naming the file and what to close. Other errors (a
    folder in the way, a full disk) are raised as they are.
    """
    for delay in (*delays, None):
        try:
            os.replace(source, target)
            return
        except IsADirectoryError:
            raise
        except PermissionError as error:
            if target.is_dir():
                raise IsADirectoryError(error.errno, error.strerror, str(target)) from error
            if delay is None:
                who = holder or HOLDERS.get(target.suffix.lower(), "打开该文件的程序")
                raise FileBusyError(target, who) from error
            sleep(delay)


class FileStore:
    """Stores bytes under files/ab/abcdef…; identical content is stored once."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        """Where the file with this sha256 lives."""
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Store bytes (atomically, once); returns their sha256."""
        digest = sha256_bytes(data)
        target = self.path_for(digest)
        if not target.exists():
            atomic_write(target, data)
        return digest

    def put_file(self, source: Path) -> str:
        """Store a file's bytes; returns their sha256."""
        return self.put(source.read_bytes())

    def get(self, digest: str) -> bytes:
        """The bytes stored under this sha256 (verified)."""
        data = self.path_for(digest).read_bytes()
        if sha256_bytes(data) != digest:
            raise OSError(f"文件库中的文件 {digest[:12]}… 已损坏（校验值不符）。")
        return data

    def exists(self, digest: str) -> bool:
        """Whether the file is in the store."""
        return self.path_for(digest).exists()

    def orphan_temp_files(self) -> list[Path]:
        """Leftover temp files from an interrupted write (start-up check removes them)."""
        if not self.root.exists():
            return []
        return sorted(self.root.rglob(".*.tmp"))
