"""The data key: kept in the OS keyring, checked against the database, exported for recovery.

Key resolution at start-up (`open_data_key`):
1. The database records which key it was encrypted with (`key_check`: key id + keyed check).
2. The key is looked up in the OS keyring (Windows Credential Manager, macOS Keychain, Secret
   Service) under service "casedesk", user "data-key-<id>".
3. Fallback (documented in README): when the environment variable CASEDESK_KEY_PASSPHRASE is set,
   the key is also kept in the data folder, wrapped with that passphrase (scrypt + AES-GCM):
   `casedesk.key` for the folder's first database, `casedesk-<id>.key` for any further one
   (desktop.trust.key_file). A Linux desktop without a secret service uses only these files; a
   keyring that fails (any error: Windows CredWrite refused by policy, a locked or broken
   Secret Service) is treated the same way, with its error in the message.
4. Nothing found: a Chinese message explains how to import the exported key backup.

Keys are bound to their database by the key id: a new database (`--db` to another file or a
server) gets a new key and its own entry; no key of another database is ever replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import sys
import uuid
from base64 import urlsafe_b64decode, urlsafe_b64encode
from datetime import datetime
from pathlib import Path
from types import ModuleType

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.encrypted import CIPHERTEXT_PREFIX, PersonalDataKeyError
from database.models import KeyCheck
from desktop.common.errors import CasedeskError
from desktop.trust.key_file import (
    ENV_KEY_PASSPHRASE as ENV_KEY_PASSPHRASE,  # re-exported: where callers always found it
)
from desktop.trust.key_file import (
    KEY_FILE_NAME,
    KeyFileError,
    data_key_files,
    env_passphrase,
    key_file_id,
    key_file_of,
    store_key_file,
    unwrap_key,
    write_key_file,
)

#: Keyring service name.
KEYRING_SERVICE = "casedesk"
_CHECK_TEXT = b"casedesk key check v1"


log = logging.getLogger("casedesk.crypto")


class KeyUnavailableError(CasedeskError):
    """The database's key cannot be found, or no place exists to keep a new one."""

    def __init__(self, message: str, *, passphrase_helps: bool = False) -> None:
        super().__init__(message)
        #: Whether setting a key-file passphrase could open (or keep) the key: the window
        #: then asks for one instead of only offering the key import.
        self.passphrase_helps = passphrase_helps


class WrongKeyError(CasedeskError):
    """A key was found but it is not the one this database was encrypted with."""


def _normalise(value: str) -> str:
    return "".join(value.split()).upper()


class DataCipher:
    """AES-256-GCM for personal columns, HMAC-SHA256 for search hashes and audit seals."""

    def __init__(self, key: bytes, key_id: str) -> None:
        if len(key) != 32:
            raise WrongKeyError("密钥长度不正确，密钥可能已损坏。")
        self.key_id = key_id
        self._key = key
        #: Where a key created for a new database was kept (empty: the key existed).
        self.created_in: tuple[str, ...] = ()
        self._aead = AESGCM(self._derive(b"encrypt"))
        self._index_key = self._derive(b"index")
        self._seal_key = self._derive(b"seal")

    def _derive(self, purpose: bytes) -> bytes:
        return hmac.new(self._key, b"casedesk/" + purpose, hashlib.sha256).digest()

    @property
    def raw_key(self) -> bytes:
        """The key bytes (only for export and the key file)."""
        return self._key

    def encrypt(self, plaintext: str) -> str:
        """enc1:<urlsafe base64 of nonce + ciphertext + tag>."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), b"casedesk")
        return CIPHERTEXT_PREFIX + urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        """The plaintext; a wrong key or altered bytes raise PersonalDataKeyError."""
        try:
            raw = urlsafe_b64decode(ciphertext[len(CIPHERTEXT_PREFIX) :].encode("ascii"))
            return self._aead.decrypt(raw[:12], raw[12:], b"casedesk").decode("utf-8")
        except (InvalidTag, ValueError, UnicodeError):
            raise PersonalDataKeyError(
                "加密的个人信息无法解密：密钥不符或数据已被改动。请检查是否导入了正确的密钥备份。"
            ) from None

    def index(self, plaintext: str) -> str:
        """Keyed hash of the normalised value (spaces removed, upper case)."""
        return hmac.new(self._index_key, _normalise(plaintext).encode(), hashlib.sha256).hexdigest()

    def seal(self, data: bytes) -> str:
        """Keyed hash used to chain and seal audit events."""
        return hmac.new(self._seal_key, data, hashlib.sha256).hexdigest()

    def check_value(self) -> str:
        """What key_check.check holds for this key."""
        return self.seal(_CHECK_TEXT)


def _keyring() -> ModuleType:
    """The keyring package, imported on first use: with a passphrase the key usually comes from
    the key file, and the import (entry points, backends) is about 20 ms of the start."""
    import keyring
    import keyring.backends.fail
    import keyring.errors

    if sys.platform == "win32":  # pragma: no cover - PyInstaller does not see entry-point backends
        import keyring.backends.Windows
    return keyring


def keyring_available() -> bool:
    """Whether the OS offers a keyring backend (not the 'fail' placeholder)."""
    try:
        keyring = _keyring()
        return not isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)
    except Exception:  # a backend that cannot even be set up counts as none
        log.warning("系统密钥环无法初始化", exc_info=True)
        return False


def _keyring_user(key_id: str) -> str:
    return f"data-key-{key_id}"


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}：{text}" if text else type(error).__name__


def _from_keyring(key_id: str) -> tuple[bytes | None, str]:
    """(the key or None, why the keyring could not be read: "" when it answered)."""
    if not keyring_available():
        return None, ""
    try:
        stored = _keyring().get_password(KEYRING_SERVICE, _keyring_user(key_id))
        return (urlsafe_b64decode(stored) if stored else None), ""
    except Exception as error:  # pywintypes.error, OSError, DBus errors, a garbled entry …
        log.warning("读取系统凭据管理器中的密钥失败", exc_info=True)
        return None, _describe(error)


NO_KEYRING_MESSAGE = (
    "本机没有可用的系统密钥环（如 Linux 桌面未运行 Secret Service），无法保存个人信息加密密钥。"
    f"可改用口令保护的密钥文件：设置环境变量 {ENV_KEY_PASSPHRASE}=（至少8位的口令）后重新启动，"
    f"密钥将以该口令加密保存在数据目录的 {KEY_FILE_NAME} 中；每次启动前须设置同一口令。"
)


def keyring_failure_message(problem: str) -> str:
    """Why the key could not be kept when the keyring refused it, and the way around."""
    return (
        f"系统凭据管理器拒绝保存个人信息加密密钥（{problem}；常见原因是单位的安全策略禁止保存凭据，"
        "或系统密码重置后凭据库不可用）。可改用口令保护的密钥文件：在窗口中输入口令，或设置环境变量 "
        f"{ENV_KEY_PASSPHRASE}=（至少8位的口令）后重新启动；密钥将以该口令加密保存在数据目录中，"
        "每次启动须使用同一口令。"
    )


def _to_keyring(cipher: DataCipher) -> str:
    """Put the key in the keyring; returns why it could not ("" when it is there now)."""
    encoded = urlsafe_b64encode(cipher.raw_key).decode("ascii")
    user = _keyring_user(cipher.key_id)
    try:
        keyring = _keyring()
        present = keyring.get_password(KEYRING_SERVICE, user)
        if present and present != encoded:
            # Key ids are random: another key under this id is not ours to overwrite.
            raise KeyUnavailableError(
                f"系统凭据管理器中已有编号 {cipher.key_id} 的另一把密钥，为免覆盖未保存。"
                "请联系信息科检查凭据管理器中的 casedesk 条目。"
            )
        if present != encoded:
            keyring.set_password(KEYRING_SERVICE, user, encoded)
    except KeyUnavailableError:
        raise
    except Exception as error:  # CredWrite error 1312 under policy, OSError, DBus …
        log.warning("系统凭据管理器保存密钥失败", exc_info=True)
        return _describe(error)
    return ""


def store_key(cipher: DataCipher, data_dir: Path) -> list[str]:
    """Keep the key in the keyring and/or the passphrase key file; returns where it went.
    Never replaces another database's key (see key_file.store_key_file)."""
    places: list[str] = []
    problem = ""
    if keyring_available():
        problem = _to_keyring(cipher)
        if not problem:
            places.append("系统凭据管理器")
    if env_passphrase():
        path = store_key_file(data_dir, cipher.raw_key, cipher.key_id, env_passphrase())
        places.append(f"数据目录的 {path.name}")
    if not places:
        message = keyring_failure_message(problem) if problem else NO_KEYRING_MESSAGE
        raise KeyUnavailableError(message, passphrase_helps=True)
    return places


def _from_key_file(key_id: str, data_dir: Path) -> bytes | None:
    if not env_passphrase():
        return None
    try:
        path = key_file_of(data_dir, key_id)
        if path is None:
            return None
        found_id, key = unwrap_key(path, env_passphrase())
    except KeyFileError as error:
        # A wrong passphrase or a damaged file must still tell the clerk how to get back in.
        raise KeyFileError(
            f"数据目录中的密钥文件打不开：{error}请确认口令（环境变量 {ENV_KEY_PASSPHRASE} "
            "或启动时输入的口令）与当初设置的相同；若口令已遗忘或文件已损坏，请运行"
            "“casedesk key import 密钥备份文件”，输入导出时设置的口令，导入当初导出的密钥备份"
            "（会重新写出密钥文件）。"
        ) from None
    return key if found_id == key_id else None


def _other_key_files(data_dir: Path, key_id: str) -> list[str]:
    """'casedesk.key（编号 …）' for every key file of another database in the data folder."""
    found = []
    for path in data_key_files(data_dir):
        try:
            other = key_file_id(path)
        except KeyFileError:
            other = "无法读取"
        if other != key_id:
            found.append(f"{path.name}（编号 {other}）")
    return found


def missing_key_message(key_id: str, data_dir: Path, keyring_problem: str = "") -> str:
    """The recovery advice shown when this database's key is nowhere to be found."""
    if keyring_problem:
        where = f"系统凭据管理器读取失败（{keyring_problem}）"
    elif keyring_available():
        where = "系统凭据管理器中没有它"
    else:
        where = "本机（没有可用的系统密钥环）中没有它"
    others = _other_key_files(data_dir, key_id)
    if others and not env_passphrase():
        file_note = f"；数据目录中有密钥文件 {'、'.join(others)}，但未设置环境变量 {ENV_KEY_PASSPHRASE}（口令）"
    elif others:
        file_note = f"；数据目录中的密钥文件 {'、'.join(others)}属于其他数据库"
    else:
        file_note = ""
    return (
        f"找不到本数据库的个人信息加密密钥（密钥编号 {key_id}）：{where}{file_note}。"
        "身份证号、电话等个人信息无法解密，程序不会显示错误数据。恢复方法：找到当初导出的密钥备份文件，"
        "运行“casedesk key import 密钥备份文件”并输入导出时设置的口令；"
        f"若在没有密钥环的电脑上使用，请先设置环境变量 {ENV_KEY_PASSPHRASE}。"
    )


def key_creation_note(cipher: DataCipher, data_dir: Path) -> str:
    """What `init` says after making a key for a new database ("" when the key existed)."""
    if not cipher.created_in:
        return ""
    others = _other_key_files(data_dir, cipher.key_id)
    kept = (
        f"数据目录中原有的密钥文件 {'、'.join(others)}属于其他数据库，保持不变。" if others else ""
    )
    return (
        f"已为这个新数据库创建个人信息加密密钥（编号 {cipher.key_id}），保存在"
        f"{'、'.join(cipher.created_in)}。{kept}"
        "请用“casedesk key export 文件”导出密钥备份并妥善保管。"
    )


def key_record(session: Session) -> KeyCheck | None:
    """The database's key_check row (None for a database not yet keyed)."""
    return session.scalar(select(KeyCheck).order_by(KeyCheck.id).limit(1))


def _locate_key(key_id: str, check: str, data_dir: Path) -> tuple[bytes | None, str]:
    """(the key or None, why the keyring could not be read).

    With a passphrase given, the key file is tried first: asking the keyring means discovering
    its backends (about 0.1 s of every start) on a PC that keeps the key in the file. The keyring
    still answers when the file is missing, does not open with the passphrase, or holds a key
    that does not fit this database; the file's error is raised only when the keyring has no
    key either — the order of answers is the same as asking the keyring first."""
    file_key: bytes | None = None
    file_error: KeyFileError | None = None
    if env_passphrase():
        try:
            file_key = _from_key_file(key_id, data_dir)
        except KeyFileError as error:
            file_error = error
        if file_key is not None and hmac.compare_digest(
            DataCipher(file_key, key_id).check_value(), check
        ):
            return file_key, ""
    key, problem = _from_keyring(key_id)
    if key is None and file_error is not None:
        raise file_error
    return (key or file_key), problem  # a file key that does not fit: WrongKeyError follows


def open_data_key(engine: Engine, data_dir: Path) -> DataCipher:
    """The cipher of this database: found and verified, or created for a new database."""
    with Session(engine) as session, session.begin():
        record = key_record(session)
        if record is None:
            cipher = DataCipher(os.urandom(32), uuid.uuid4().hex[:16])
            session.add(
                KeyCheck(
                    id=1,
                    key_id=cipher.key_id,
                    check=cipher.check_value(),
                    created_at=datetime.now(),
                )
            )
            try:
                session.flush()
            except IntegrityError:
                # Another clerk's program keyed the new database first: use theirs.
                session.rollback()
                return open_data_key(engine, data_dir)
            # Kept only once this database is ours to key (no stray key of a lost race); a key
            # that cannot be kept anywhere rolls the key_check row back with it.
            cipher.created_in = tuple(store_key(cipher, data_dir))
            return cipher
        key_id, check = record.key_id, record.check
    key, keyring_problem = _locate_key(key_id, check, data_dir)
    if key is None:
        helps = not env_passphrase() and (
            bool(keyring_problem) or not keyring_available() or bool(data_key_files(data_dir))
        )
        raise KeyUnavailableError(
            missing_key_message(key_id, data_dir, keyring_problem), passphrase_helps=helps
        )
    cipher = DataCipher(key, key_id)
    if not hmac.compare_digest(cipher.check_value(), check):
        raise WrongKeyError(
            f"找到的密钥与本数据库不符（密钥编号 {key_id}），为避免显示错误数据已停止。"
            "请用“casedesk key import”导入本数据库的密钥备份。"
        )
    return cipher


def export_key(engine: Engine, cipher: DataCipher, out: Path, passphrase: str) -> None:
    """Write the key, wrapped by a passphrase, for recovery; records when it was exported."""
    write_key_file(out, cipher.raw_key, cipher.key_id, passphrase)
    with Session(engine) as session, session.begin():
        record = key_record(session)
        if record is not None:
            record.exported_at = datetime.now()


def import_key(engine: Engine, data_dir: Path, path: Path, passphrase: str) -> str:
    """Restore a database's key from its export file into the keyring; returns where it went."""
    key_id, key = unwrap_key(path, passphrase)
    cipher = DataCipher(key, key_id)
    with Session(engine) as session:
        record = key_record(session)
    if record is None:
        raise KeyFileError("数据库中还没有加密记录，无需导入密钥。")
    if record.key_id != key_id or not hmac.compare_digest(record.check, cipher.check_value()):
        raise WrongKeyError(
            f"这个密钥备份（编号 {key_id}）不属于本数据库（需要编号 {record.key_id}），未导入。"
        )
    return "、".join(store_key(cipher, data_dir))


def recover_key(data_dir: Path, database_url: str, path: Path, passphrase: str) -> str:
    """`key import` without an open app: for a database whose key is missing (a new or
    reinstalled PC, a restored backup). Returns where the key went."""
    from sqlalchemy.exc import OperationalError

    from database.engine import DatabaseLocationError, make_engine
    from database.migrate import upgrade_to_head

    try:
        engine = make_engine(database_url)
    except DatabaseLocationError as error:
        raise CasedeskError(str(error)) from None
    try:
        upgrade_to_head(engine)  # the key check lives in the schema: a new folder gets one
        return import_key(engine, data_dir, path, passphrase)
    except OperationalError as error:
        raise CasedeskError(f"无法打开数据库：{str(error.orig or error).strip()}") from None
    finally:
        engine.dispose()


def key_exported_at(engine: Engine) -> datetime | None:
    """When the key was last exported (None: never; the 工作台 reminds the clerk)."""
    with Session(engine) as session:
        record = key_record(session)
        return record.exported_at if record is not None else None


def find_key(key_id: str, data_dir: Path) -> DataCipher | None:
    """The cipher of this key id from the keyring or the data folder's key file (None: neither
    has it). Whether it fits a database is the caller's check (check_value)."""
    key = _from_keyring(key_id)[0] or _from_key_file(key_id, data_dir)
    return DataCipher(key, key_id) if key is not None else None
