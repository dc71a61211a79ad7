"""Backups: a consistent zip of the database, the file store and settings, with a manifest.

The SQLite database is copied with the online backup API, so a backup can run while the app (or
another clerk's process) is writing. Restoring verifies everything in a staging folder before the
current data folder is moved aside (kept, not deleted) and the staging folder takes its place.
"""

from __future__ import annotations

import hmac
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from desktop import __version__
from desktop.common.errors import CasedeskError
from desktop.trust.backup_seal import seal_manifest
from desktop.trust.crypto import (
    DataCipher,
    KeyUnavailableError,
    WrongKeyError,
    find_key,
    missing_key_message,
)
from desktop.trust.data_lock import LOCKS_DIR
from desktop.trust.file_store import atomic_write, sha256_file

#: Office setting that the backup service writes after each backup (ISO date).
LAST_BACKUP_KEY = "last_backup_on"
#: Backups whose manifest is sealed with a MAC from the data key.
BACKUP_FORMAT = "casedesk-backup/2"
#: Backups made before manifests were sealed (restored only with --unsigned).
UNSIGNED_FORMAT = "casedesk-backup/1"
MANIFEST_NAME = "manifest.json"
DB_NAME = "casedesk.db"
#: Folder in the data folder holding automatic backups (never itself backed up).
BACKUPS_DIR = "backups"
AUTO_PREFIX = "自动备份-"
#: Records when the last backup (automatic or manual) was made, for the 工作台 reminder.
LAST_BACKUP_FILE = "last-backup.json"
#: Written by a restore that brought templates back (--with-templates): the 工作台 lists them.
RESTORED_TEMPLATES_FILE = "restored-templates.json"
#: How long the 工作台 keeps listing restored templates.
RESTORED_TEMPLATES_DAYS = 30
#: The 工作台 reminds the clerk once the last backup is this old.
REMIND_AFTER_DAYS = 7
#: How long recording the backup date waits for another clerk's write.
RECORD_TIMEOUT_SECONDS = 2.0
#: Automatic backups kept when the office setting backup_keep is not a number.
DEFAULT_KEEP = 10
#: Never backed up: the live database files (the snapshot replaces them), leftovers, backups.
_SKIPPED_NAMES = {f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal", DB_NAME}
#: Leading bytes of formats compressed already (DOCX/XLSX, PDF, JPEG, PNG): deflating them
#: again took most of a backup's time (100 MB: 5.4 s instead of 0.7 s) and saves nearly nothing,
#: and the backup on exit is given only a few seconds.
_COMPRESSED_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xff\xd8\xff", b"\x89PNG")


class BackupError(CasedeskError):
    """A backup that cannot be made."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup holds."""

    path: Path
    files: int
    total_bytes: int

    def __str__(self) -> str:
        return f"备份已完成：{self.path}（数据库及 {self.files - 1} 个文件，共 {self.total_bytes:,} 字节）。"


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite URL (BackupError for a server database)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "当前使用的是单位数据库服务器（PostgreSQL），数据库请由信息科用 pg_dump 备份；"
            "本命令只备份本机 SQLite 数据库。"
        )
    return Path(url.database)


def snapshot_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (online backup API, WAL folded in)."""
    if not source.exists():
        raise BackupError(f"找不到数据库文件 {source}。")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _compress_type(path: Path) -> int:
    """ZIP_STORED for a file that is compressed already, else ZIP_DEFLATED."""
    with path.open("rb") as handle:
        head = handle.read(8)
    return zipfile.ZIP_STORED if head.startswith(_COMPRESSED_MAGIC) else zipfile.ZIP_DEFLATED


def _data_files(data_dir: Path) -> list[Path]:
    files: list[Path] = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in (BACKUPS_DIR, LOCKS_DIR) or not path.is_file() or path.is_symlink():
            continue
        if path.name in _SKIPPED_NAMES and len(relative.parts) == 1:
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue  # an interrupted atomic write: not data
        files.append(path)
    return files


def _outside_store_files(data_dir: Path, store_root: Path | None) -> list[tuple[str, Path]]:
    # A store on an office share is outside the data folder: its files go in under files/.
    if (
        store_root is None
        or not store_root.exists()
        or store_root.resolve().is_relative_to(data_dir.resolve())
    ):
        return []
    return [
        (f"files/{p.parent.name}/{p.name}", p)
        for p in sorted(store_root.glob("??/*"))
        if p.is_file() and not p.name.startswith(".")
    ]


def _snapshot_identity(snapshot: Path, cipher: DataCipher) -> dict[str, object]:
    """The snapshot's key id (it must be the cipher's) and its audit chain head."""
    connection = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    try:
        key = connection.execute("SELECT key_id FROM key_check ORDER BY id LIMIT 1").fetchone()
        head = connection.execute(
            "SELECT event_count, last_hash FROM audit_head WHERE id = 1"
        ).fetchone()
    except sqlite3.Error:
        raise BackupError("数据库尚未初始化（没有密钥记录），无法备份。") from None
    finally:
        connection.close()
    if key is None or key[0] != cipher.key_id:
        raise BackupError("数据库的密钥记录与打开的密钥不符，无法制作带签名的备份。")
    count, last_hash = (int(head[0]), str(head[1])) if head else (0, "")
    return {"key_id": cipher.key_id, "audit_head": {"count": count, "hash": last_hash}}


def key_record_of(database: Path) -> tuple[str, str] | None:
    """(key id, check value) of a SQLite database file, read-only; None when it has none."""
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            row = connection.execute(
                'SELECT key_id, "check" FROM key_check ORDER BY id LIMIT 1'
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return (str(row[0]), str(row[1])) if row is not None else None


def backup_cipher(data_dir: Path, database_url: str) -> DataCipher:
    """The data key of the database to back up (for `casedesk backup` without an open app)."""
    database = sqlite_path(database_url)
    row = key_record_of(database)
    if row is None:
        raise BackupError(f"{database} 不是已初始化的 casedesk 数据库，无法备份。")
    cipher = find_key(str(row[0]), data_dir)
    if cipher is None:
        raise KeyUnavailableError(missing_key_message(str(row[0]), data_dir))
    if not hmac.compare_digest(cipher.check_value(), str(row[1])):
        raise WrongKeyError(f"找到的密钥与数据库不符（密钥编号 {row[0]}），无法备份。")
    return cipher


def create_backup(
    data_dir: Path,
    database_url: str,
    out: Path,
    store_root: Path | None = None,
    *,
    cipher: DataCipher,
) -> BackupSummary:
    """Write the backup zip atomically (a temp file renamed into place); its manifest carries
    the key id and the audit chain's head, sealed with a MAC from the data key."""
    database = sqlite_path(database_url)
    out = out.expanduser().resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as error:
        raise BackupError(f"无法在 {out.parent} 写入备份：{error.strerror or error}。") from None
    os.close(fd)
    entries: list[dict[str, object]] = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            snapshot = Path(scratch) / DB_NAME
            snapshot_sqlite(database, snapshot)  # first: files it references already exist
            with zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                sources = [
                    (DB_NAME, snapshot),
                    *[(p.relative_to(data_dir).as_posix(), p) for p in _data_files(data_dir)],
                    *_outside_store_files(data_dir, store_root),
                ]
                for name, path in sources:
                    if path.resolve() == out:
                        continue
                    archive.write(path, name, compress_type=_compress_type(path))
                    entries.append(
                        {"path": name, "sha256": sha256_file(path), "size": path.stat().st_size}
                    )
                manifest = {
                    "format": BACKUP_FORMAT,
                    "created_at": datetime.now().isoformat(timespec="seconds"),
                    "app_version": __version__,
                    "database": DB_NAME,
                    **_snapshot_identity(snapshot, cipher),
                    "files": entries,
                }
                sealed = seal_manifest(manifest, cipher.raw_key)
                archive.writestr(MANIFEST_NAME, json.dumps(sealed, ensure_ascii=False, indent=1))
        with open(tmp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_name, out)
    except OSError as error:
        raise BackupError(f"无法写入备份文件 {out}：{error.strerror or error}。") from None
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    _record_backup(data_dir, out, database)
    total = sum(int(str(e["size"])) for e in entries)
    return BackupSummary(out, len(entries), total)


def _record_backup(data_dir: Path, out: Path, database: Path) -> None:
    state = {"at": datetime.now().isoformat(timespec="seconds"), "path": str(out)}
    atomic_write(data_dir / BACKUPS_DIR / LAST_BACKUP_FILE, json.dumps(state).encode("utf-8"))
    # The 工作台 (DashboardService) reads the date from the office settings. Best effort: a
    # clerk's long write must not make the backup fail (the state file above has it anyway).
    try:
        connection = sqlite3.connect(database, timeout=RECORD_TIMEOUT_SECONDS)
        try:
            connection.execute(
                "INSERT INTO office_setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (LAST_BACKUP_KEY, date.today().isoformat()),
            )
            connection.commit()
        finally:
            connection.close()
    except sqlite3.Error:
        pass


def restored_templates_notes(data_dir: Path, now: datetime | None = None) -> list[str]:
    """The templates a recent restore brought back, for the clerk to check (工作台)."""
    try:
        state = json.loads((data_dir / RESTORED_TEMPLATES_FILE).read_text("utf-8"))
        at = datetime.fromisoformat(str(state["at"]))
        names = [str(t) for t in state["templates"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if ((now or datetime.now()) - at).days >= RESTORED_TEMPLATES_DAYS or not names:
        return []
    return [
        f"{at:%Y-%m-%d} 从备份 {state.get('archive', '')} 恢复了 {len(names)} 个文书模板，"
        f"今后打印的文书使用它们，请逐一核对：{'、'.join(names)}。"
    ]


def last_backup_at(data_dir: Path) -> datetime | None:
    """When the last backup was made (None: never), for the 工作台 reminder."""
    try:
        state = json.loads((data_dir / BACKUPS_DIR / LAST_BACKUP_FILE).read_text("utf-8"))
        return datetime.fromisoformat(str(state["at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def backup_age_days(data_dir: Path, now: datetime | None = None) -> int | None:
    """Whole days since the last backup (None: never backed up)."""
    last = last_backup_at(data_dir)
    if last is None:
        return None
    return max(0, ((now or datetime.now()) - last).days)


def auto_backup(
    data_dir: Path,
    database_url: str,
    keep: int,
    store_root: Path | None = None,
    *,
    cipher: DataCipher,
) -> BackupSummary | None:
    """The backup on exit: backups/自动备份-时间.zip, keeping the newest `keep` of them."""
    if make_url(database_url).get_backend_name() != "sqlite":
        return None  # the office server is backed up by its administrator
    folder = data_dir / BACKUPS_DIR
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    summary = create_backup(
        data_dir, database_url, folder / f"{AUTO_PREFIX}{stamp}.zip", store_root, cipher=cipher
    )
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*.zip"))
    for old in autos[: max(0, len(autos) - max(1, keep))]:
        old.unlink(missing_ok=True)
    return summary


class BackupService:
    """Backups of one data folder: on demand, on exit (keeping the last N), and their age."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        keep: Callable[[], str],
        key_exported_at: Callable[[], datetime | None] = lambda: None,
        store_root: Path | None = None,
        *,
        cipher: DataCipher,
    ) -> None:
        self._cipher = cipher
        self._store_root = store_root
        self._data_dir = data_dir
        self._database_url = database_url
        self._keep = keep
        self._key_exported_at = key_exported_at

    def backup(self, out: Path) -> BackupSummary:
        """A backup zip at `out`."""
        return create_backup(
            self._data_dir, self._database_url, out, self._store_root, cipher=self._cipher
        )

    def backup_on_exit(self) -> BackupSummary | None:
        """The automatic backup the window makes when it closes (office setting backup_keep)."""
        try:
            keep = int(self._keep())
        except ValueError:
            keep = DEFAULT_KEEP
        return auto_backup(
            self._data_dir, self._database_url, keep, self._store_root, cipher=self._cipher
        )

    def age_days(self) -> int | None:
        """Days since the last backup, for the 工作台 reminder (None: never)."""
        return backup_age_days(self._data_dir)

    def reminders(self, now: datetime | None = None) -> list[str]:
        """What the 工作台 should remind the clerk of: an old (or no) backup, an unexported key."""
        notes: list[str] = []
        if make_url(self._database_url).get_backend_name() == "sqlite":
            age = backup_age_days(self._data_dir, now)
            if age is None:
                notes.append(
                    "还没有做过备份：请在“设置 → 数据与备份”中点“立即备份…”（退出程序时也会自动备份）。"
                )
            elif age >= REMIND_AFTER_DAYS:
                notes.append(f"已有 {age} 天没有备份：请在“设置 → 数据与备份”中点“立即备份…”。")
        notes += restored_templates_notes(self._data_dir, now)
        if self._key_exported_at() is None:
            notes.append(
                "个人信息加密密钥还没有导出备份：电脑重装或更换后将无法读取身份证号、电话，"
                "请在“设置 → 数据与备份”中点“导出密钥备份…”导出并妥善保管。"
            )
        return notes
