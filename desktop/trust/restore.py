"""Restore a backup zip: verify everything in a staging folder, then swap it in, keeping the old.

A hostile or damaged archive (paths escaping the folder, links, zip bombs, wrong checksums, a
database that does not open, a manifest whose seal fails, a key that is not at hand, templates
not asked for) is refused before anything of the current data is touched, and so is a restore
while another casedesk process holds the data folder. The numbers issued before the restore
stay taken (restore_numbers); the audit anchor moves to the restored chain's head.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import stat
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from desktop.trust.audit_anchor import reset_anchor
from desktop.trust.backup import (
    BACKUP_FORMAT,
    DB_NAME,
    MANIFEST_NAME,
    RESTORED_TEMPLATES_FILE,
    UNSIGNED_FORMAT,
)
from desktop.trust.crypto import store_key
from desktop.trust.data_lock import refuse_if_busy
from desktop.trust.file_store import atomic_write
from desktop.trust.restore_checks import (
    BackupKey,
    RestoreError,
    RestoreOptions,
    backup_key,
    check_format,
    check_seal,
    check_templates,
)
from desktop.trust.restore_numbers import collect_used_numbers, write_pending

#: An office's data is far smaller; more is a wrong file or a zip bomb.
MAX_TOTAL_BYTES = 20 * 1024**3
MAX_MEMBERS = 500_000
MAX_MANIFEST_BYTES = 64 * 1024**2
#: A member that expands more than this ratio (and is large) is a zip bomb.
MAX_RATIO = 200
_RATIO_MIN_BYTES = 1024**2


__all__ = ["RestoreError", "RestoreOptions", "RestoreSummary", "restore_backup"]


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """What a restore did."""

    data_dir: Path
    files: int
    previous: Path | None
    #: Templates restored with --with-templates (shown to the clerk).
    templates: tuple[str, ...] = ()
    #: The backup had no seal (restored with --unsigned).
    unsigned: bool = False
    #: Where the key came from (本机, 密钥备份文件, 备份中的密钥文件).
    key_source: str = ""
    #: Why the numbers used before the restore could not all be read (empty: they could).
    numbers_problem: str = ""

    def __str__(self) -> str:
        kept = f"原有数据已保留在 {self.previous}。" if self.previous else ""
        lines = [f"恢复完成：{self.files} 个文件已恢复到 {self.data_dir}。{kept}"]
        if self.unsigned:
            lines.append("注意：该备份没有防篡改签名（旧版程序制作），仅核对了文件校验值。")
        if self.templates:
            lines.append("已恢复以下文书模板，今后打印的文书将使用它们，请逐一核对：")
            lines += [f"  {t}" for t in self.templates]
        if self.key_source and self.key_source != "本机":
            lines.append(f"数据密钥取自{self.key_source}。")
        if self.numbers_problem:
            lines.append(f"注意：{self.numbers_problem}")
        return "\n".join(lines)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(
        name
        and "\\" not in name
        and ":" not in name
        and "\x00" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and all(part not in ("", ".") for part in name.split("/"))
    )


def _check_members(archive: zipfile.ZipFile, label: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise RestoreError(f"{label} 包含的文件数过多（{len(infos)}），不是 casedesk 备份。")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        if not _safe_name(info.filename):
            raise RestoreError(
                f"{label} 含有不安全的路径“{info.filename}”（会写到数据目录之外），已拒绝。"
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise RestoreError(f"{label} 含有符号链接“{info.filename}”，已拒绝。")
        if info.filename in members:
            raise RestoreError(f"{label} 中“{info.filename}”重复出现，已拒绝。")
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > _RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise RestoreError(
                f"{label} 中“{info.filename}”的压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，已拒绝。"
            )
        total += info.file_size
        members[info.filename] = info
    if total > MAX_TOTAL_BYTES:
        raise RestoreError(f"{label} 解压后过大（{total:,} 字节），已拒绝。")
    return members


def _read_manifest(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], label: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    info = members.get(MANIFEST_NAME)
    if info is None:
        raise RestoreError(f"{label} 不是 casedesk 备份（缺少 {MANIFEST_NAME}）。")
    if info.file_size > MAX_MANIFEST_BYTES:
        raise RestoreError(f"{label} 的清单文件过大，已拒绝。")
    try:
        manifest = json.loads(archive.read(info).decode("utf-8"))
        files = manifest["files"]
        assert manifest["format"] in (BACKUP_FORMAT, UNSIGNED_FORMAT)
        assert isinstance(manifest, dict) and isinstance(files, list)
        entries: list[dict[str, Any]] = [
            {"path": str(f["path"]), "sha256": str(f["sha256"]), "size": int(f["size"])}
            for f in files
        ]
    except (
        ValueError,
        KeyError,
        TypeError,
        AssertionError,
        UnicodeDecodeError,
        zipfile.BadZipFile,
        zlib.error,
    ):
        raise RestoreError(f"{label} 的清单（{MANIFEST_NAME}）无法识别或版本不符。") from None
    listed = {e["path"] for e in entries}
    if DB_NAME not in listed:
        raise RestoreError(f"{label} 中没有数据库（{DB_NAME}）。")
    unlisted = set(members) - listed - {MANIFEST_NAME}
    if unlisted:
        raise RestoreError(f"{label} 含有清单以外的文件“{sorted(unlisted)[0]}”，已拒绝。")
    missing = listed - set(members)
    if missing:
        raise RestoreError(f"{label} 缺少清单中的文件“{sorted(missing)[0]}”。")
    return manifest, entries


def _extract(
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    entries: list[dict[str, Any]],
    staging: Path,
    label: str,
) -> None:
    for entry in entries:
        info = members[entry["path"]]
        if info.file_size != entry["size"]:
            raise RestoreError(f"{label} 中“{entry['path']}”的大小与清单不符。")
        target = staging / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with archive.open(info) as source, target.open("wb") as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise RestoreError(
                f"{label} 中“{entry['path']}”的校验值与清单不符（文件已损坏或被改动）。"
            )


def _check_database(path: Path, label: str) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        raise RestoreError(
            f"{label} 中的数据库无法打开（不是 casedesk 数据库或已损坏）。"
        ) from None
    if not result or result[0] != "ok":
        raise RestoreError(f"{label} 中的数据库完整性检查未通过。")


def check_backup_revision(path: Path, label: str) -> None:
    """Refuse a backup whose schema revision this program does not ship (a newer program's, or
    a forged one): restored, every command would then fail on the unknown revision."""
    from database.migrate import revision_chain  # Alembic loads only when restoring

    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        raise RestoreError(f"{label} 中的数据库没有版本记录（不是 casedesk 数据库）。") from None
    known = revision_chain()
    found = [str(row[0]) for row in rows]
    if len(found) != 1 or found[0] not in known:
        shown = "、".join(found) or "无"
        raise RestoreError(
            f"{label} 的数据库版本（{shown}）不是本程序认识的版本（最新为 {known[-1]}），"
            "可能来自更新版本的 casedesk 或已被改动；原有数据未改动。请用相同或更新版本的 "
            "casedesk 恢复。"
        )


def _fill_outside_store(data_dir: Path, store_root: Path | None) -> None:
    # Content-addressed files never conflict: add the missing ones to a store on a share.
    if store_root is None or store_root.resolve().is_relative_to(data_dir.resolve()):
        return
    for path in sorted((data_dir / "files").glob("??/*")):
        target = store_root / path.parent.name / path.name
        if not target.exists():
            atomic_write(target, path.read_bytes())


def restore_backup(
    archive_path: Path,
    data_dir: Path,
    store_root: Path | None = None,
    options: RestoreOptions | None = None,
) -> RestoreSummary:
    """Verify the archive completely, then make it the data folder (the old one is kept)."""
    options = options or RestoreOptions()
    label = f"备份文件 {archive_path.name}"
    data_dir = data_dir.expanduser().resolve()
    refuse_if_busy(data_dir, "恢复备份")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    staging = data_dir.parent / f".{data_dir.name}.restoring-{stamp}"
    try:
        with zipfile.ZipFile(archive_path) as archive:
            members = _check_members(archive, label)
            manifest, entries = _read_manifest(archive, members, label)
            signed = check_format(manifest, options, label)
            templates = check_templates(entries, options, label)
            needed = sum(e["size"] for e in entries)
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            if shutil.disk_usage(data_dir.parent).free < needed * 1.1:
                raise RestoreError(f"磁盘空间不足：恢复需要约 {needed:,} 字节。")
            staging.mkdir()
            _extract(archive, members, entries, staging, label)
        _check_database(staging / DB_NAME, label)
        key = backup_key(staging / DB_NAME, data_dir, staging, options, label, archive_path)
        if signed:
            check_seal(manifest, key, label)
        check_backup_revision(staging / DB_NAME, label)  # after the seal: only a genuine file
        # What the current data issued stays taken once the restored data is opened.
        stores = [data_dir / "files", *([store_root] if store_root else [])]
        pending = collect_used_numbers(data_dir / DB_NAME, stores)
        write_pending(staging, pending)
        _note_templates(staging, templates, archive_path)
        refuse_if_busy(data_dir, "恢复备份")  # a program started while the backup was checked
        previous = _swap_in(staging, data_dir, stamp)
        _settle(data_dir, key, manifest if signed else None)
        _fill_outside_store(data_dir, store_root)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ):
        raise RestoreError(f"{label} 不是有效的 zip 文件或已损坏。") from None
    except FileNotFoundError:
        raise RestoreError(f"找不到{label}。") from None
    except PermissionError:
        raise RestoreError(
            f"无法读取{label}或写入数据目录：文件被占用或没有权限。请关闭 casedesk 后重试。"
        ) from None
    except OSError as error:
        raise RestoreError(f"恢复失败（{error.strerror or error}），原有数据未改动。") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return RestoreSummary(
        data_dir, len(entries), previous, tuple(templates), not signed, key.source,
        pending["problem"],
    )  # fmt: skip


def _note_templates(staging: Path, templates: list[str], archive: Path) -> None:
    """Templates restored on request stay listed on the 工作台 for a while."""
    if not templates:
        return
    state = {
        "at": datetime.now().isoformat(timespec="seconds"),
        "archive": archive.name,
        "templates": templates,
    }
    atomic_write(
        staging / RESTORED_TEMPLATES_FILE, json.dumps(state, ensure_ascii=False).encode("utf-8")
    )


def _audit_head(database: Path) -> tuple[int, str]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT event_count, last_hash FROM audit_head WHERE id = 1")
        head = row.fetchone()
    except sqlite3.Error:
        head = None
    finally:
        connection.close()
    return (int(head[0]), str(head[1])) if head else (0, "")


def _settle(data_dir: Path, key: BackupKey, manifest: dict[str, Any] | None) -> None:
    """After the swap: keep a key brought with --key, and anchor the restored chain's head
    (restoring is the one rollback the anchor must accept)."""
    if key.source == "密钥备份文件":
        store_key(key.cipher, data_dir)
    head = manifest.get("audit_head") if manifest else None
    if isinstance(head, dict):
        count, last_hash = int(head.get("count", 0)), str(head.get("hash", ""))
    else:
        count, last_hash = _audit_head(data_dir / DB_NAME)
    reset_anchor(data_dir, key.cipher.key_id, count, last_hash)


def _swap_in(staging: Path, data_dir: Path, stamp: str) -> Path | None:
    previous: Path | None = None
    if data_dir.exists():
        if any(data_dir.iterdir()):
            previous = data_dir.parent / f"{data_dir.name}.恢复前-{stamp}"
            data_dir.rename(previous)
        else:
            data_dir.rmdir()
    try:
        staging.rename(data_dir)
    except OSError:
        if previous is not None:
            previous.rename(data_dir)  # put the old data back before reporting
        raise
    return previous
