"""What a backup must prove before it replaces anything: its seal, its key, its templates.

- The manifest's MAC (backup_seal) must verify under the backup's data key: a backup changed after
  it was made, even with every file hash recomputed, is refused. Backups made before manifests
  were sealed are refused unless `--unsigned` is given (their file hashes are still checked).
- The key the backup's database was encrypted with must be at hand before the current data is
  moved aside: this computer's keyring or key file, the key backup given with `--key`, or the
  backup's own key file opened with this computer's passphrase. A backup made under another key
  says so and how to bring that key.
- Templates inside a backup change every document printed afterwards, so they are listed and
  refused unless `--with-templates` is given.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.common.errors import CasedeskError
from desktop.trust.backup import BACKUP_FORMAT, key_record_of
from desktop.trust.backup_seal import manifest_intact
from desktop.trust.crypto import (
    ENV_KEY_PASSPHRASE,
    DataCipher,
    find_key,
    keyring_available,
)
from desktop.trust.key_file import KEY_FILE_NAME, KeyFileError, unwrap_key

#: The data folder's templates (an office's adapted copies): restored only when asked.
TEMPLATES_PREFIX = "templates/"


class RestoreError(CasedeskError):
    """The archive was refused; the current data was not touched."""


@dataclass(frozen=True, slots=True)
class RestoreOptions:
    """What the clerk allowed: templates, an unsigned (old) backup, a key backup to use."""

    with_templates: bool = False
    unsigned: bool = False
    key_file: Path | None = None
    key_passphrase: str = ""


@dataclass(frozen=True, slots=True)
class BackupKey:
    """The backup's data key and where it was found."""

    cipher: DataCipher
    #: 本机 (keyring or key file), 密钥备份文件 (--key), or 备份中的密钥文件.
    source: str


def check_format(manifest: dict[str, Any], options: RestoreOptions, label: str) -> bool:
    """Whether the manifest is sealed; an unsealed one only with --unsigned."""
    if manifest.get("format") == BACKUP_FORMAT:
        return True
    if not options.unsigned:
        raise RestoreError(
            f"{label} 是旧版程序制作的备份，没有防篡改签名，无法确认它未被改动，未恢复（原有数据未改动）。"
            "如确认备份来源可靠，可加 --unsigned 恢复（仍会逐个核对文件校验值）。"
        )
    return False


def check_templates(
    entries: list[dict[str, Any]], options: RestoreOptions, label: str
) -> list[str]:
    """The templates the backup carries; refused unless --with-templates."""
    templates = sorted(e["path"] for e in entries if e["path"].startswith(TEMPLATES_PREFIX))
    if templates and not options.with_templates:
        names = "、".join(t[len(TEMPLATES_PREFIX) :] for t in templates)
        raise RestoreError(
            f"{label} 中含有 {len(templates)} 个文书模板（{names}）。模板决定今后打印的每一份文书的内容，"
            "不会随备份悄悄恢复，未恢复（原有数据未改动）。请先核对这些模板；确需恢复时加 --with-templates。"
        )
    return templates


def staged_key_record(database: Path, label: str) -> tuple[str, str]:
    """(key id, check value) of the backup's database."""
    row = key_record_of(database)
    if row is None:
        raise RestoreError(f"{label} 中的数据库没有密钥记录，不是完整的 casedesk 备份。")
    return row


def _quiet_find(key_id: str, folder: Path) -> DataCipher | None:
    try:
        return find_key(key_id, folder)
    except KeyFileError:
        return None  # a key file this passphrase does not open: look elsewhere


def _from_key_backup(key_id: str, options: RestoreOptions, label: str) -> DataCipher | None:
    if options.key_file is None:
        return None
    found_id, key = unwrap_key(options.key_file, options.key_passphrase)
    if found_id != key_id:
        raise RestoreError(
            f"密钥备份 {options.key_file.name}（编号 {found_id}）不是{label}的密钥（需要编号 {key_id}），"
            "未恢复（原有数据未改动）。"
        )
    if not keyring_available() and not os.environ.get(ENV_KEY_PASSPHRASE):
        raise RestoreError(NO_PLACE_MESSAGE)
    return DataCipher(key, key_id)


#: --key on a computer where the key could not be kept afterwards.
NO_PLACE_MESSAGE = (
    "本机没有系统密钥环，恢复后无处保存该密钥：请先设置环境变量 "
    f"{ENV_KEY_PASSPHRASE}（口令）再恢复，密钥将以该口令加密保存在数据目录的 {KEY_FILE_NAME} 中。"
)


def backup_key(
    database: Path, data_dir: Path, staging: Path, options: RestoreOptions, label: str,
    archive: Path,
) -> BackupKey:  # fmt: skip
    """The key of the backup's database, verified against its key check."""
    key_id, check = staged_key_record(database, label)
    found = [
        (_quiet_find(key_id, data_dir), "本机"),
        (_from_key_backup(key_id, options, label), "密钥备份文件"),
        (_quiet_find(key_id, staging), "备份中的密钥文件"),
    ]
    for cipher, source in found:
        if cipher is not None and hmac.compare_digest(cipher.check_value(), check):
            return BackupKey(cipher, source)
    raise RestoreError(
        f"{label} 是用另一个密钥（编号 {key_id}）制作的，本机没有这个密钥，未恢复（原有数据未改动）："
        "恢复后身份证号、电话将无法读取。请找到该密钥当初导出的密钥备份文件，运行"
        f"“casedesk restore {archive.name} --key 密钥备份文件”（会询问导出时设置的口令），"
        "恢复时一并导入该密钥。"
    )


def check_seal(manifest: dict[str, Any], key: BackupKey, label: str) -> None:
    """Refuse a manifest whose MAC does not verify, or whose key id is not the database's."""
    if str(manifest.get("key_id", "")) != key.cipher.key_id:
        raise RestoreError(
            f"{label} 的清单所记的密钥编号与其中数据库的不符，备份已被改动，未恢复（原有数据未改动）。"
        )
    if not manifest_intact(manifest, key.cipher.raw_key):
        raise RestoreError(
            f"{label} 的签名校验未通过：备份在制作后被改动过（即使清单中的校验值已重新计算），"
            "未恢复（原有数据未改动）。请改用其他备份。"
        )
