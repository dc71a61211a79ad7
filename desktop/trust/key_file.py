"""The data key wrapped by a passphrase: the export file for recovery and the keyring fallback.

A data folder can hold the keys of several databases (its own SQLite file, another one named
with --db, an office server): the first key is `casedesk.key`, every further one
`casedesk-<key id>.key`. A key file is only ever replaced by the same database's key (a new
passphrase, a re-import); creating a key never replaces another database's file.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.common.errors import CasedeskError
from desktop.trust.file_store import atomic_write, create_new

#: Format tag written into every wrapped key file.
KEY_FILE_FORMAT = "casedesk-key/1"
#: scrypt cost: about 50 ms and 16 MB on an office PC, slow enough against guessing.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
#: Environment variable enabling (and unlocking) the passphrase-protected key file.
ENV_KEY_PASSPHRASE = "CASEDESK_KEY_PASSPHRASE"
#: A passphrase shorter than this is refused when wrapping a key.
MIN_PASSPHRASE_LENGTH = 8
#: The data folder's first key file; the keys of further databases go beside it, named by id.
KEY_FILE_NAME = "casedesk.key"
#: What a key id may look like (it names a file: nothing that could leave the folder).
_KEY_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
#: Wrapped key files are tiny; anything bigger is not one (and is not read whole).
MAX_KEY_FILE_BYTES = 64 * 1024


class KeyFileError(CasedeskError):
    """A key file that cannot be read, or a passphrase that does not open it."""


_KdfInput = tuple[str, bytes, int, int, int]  # passphrase, salt, n, r, p


class _Derivation(threading.Thread):
    """One scrypt run started before it is needed (see derive_ahead)."""

    def __init__(self, given: _KdfInput) -> None:
        super().__init__(name="casedesk-kek", daemon=True)
        self.given = given
        self.result: bytes | None = None

    def run(self) -> None:
        try:
            self.result = _derive(*self.given)
        except Exception:  # whoever needs the key derives it again and sees why
            self.result = None


#: Derivations started ahead, each taken at most once (a passphrase-derived key is not kept).
_ahead: dict[_KdfInput, _Derivation] = {}
_ahead_lock = threading.Lock()


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    with _ahead_lock:
        started = _ahead.pop((passphrase, salt, n, r, p), None)
    if started is not None:
        started.join()
        if started.result is not None:
            return started.result
    return _derive(passphrase, salt, n, r, p)


def derive_ahead(data_dir: Path, passphrase: str) -> bool:
    """Start deriving the key of the data folder's casedesk.key on a thread, so that opening the
    database finds it done: scrypt (about 50 ms, by design) lets go of the interpreter lock and
    runs beside the imports of the window's start. Returns whether a derivation started; a file
    that cannot be read starts none (opening the database reports it)."""
    if not passphrase:
        return False
    try:
        document = _read_document(data_dir / KEY_FILE_NAME)
        _key_id, salt, _nonce, _sealed, (n, r, p) = _parse(document, KEY_FILE_NAME)
    except (KeyFileError, OSError):
        return False
    job = _Derivation((passphrase, salt, n, r, p))
    with _ahead_lock:
        if job.given in _ahead:
            return False
        _ahead[job.given] = job
    job.start()
    return True


def forget_ahead() -> None:
    """Drop the derivations nobody took (a database keyed by another file): no key lingers."""
    with _ahead_lock:
        left = list(_ahead.values())
        _ahead.clear()
    for job in left:
        job.join()


def env_passphrase() -> str:
    """The key-file passphrase this process was given ("" when none)."""
    return os.environ.get(ENV_KEY_PASSPHRASE, "")


def wrap_key(key: bytes, key_id: str, passphrase: str) -> bytes:
    """The JSON bytes of a passphrase-protected key file."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KeyFileError(f"口令太短：至少需要 {MIN_PASSPHRASE_LENGTH} 个字符。")
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_kek(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, key, key_id.encode("ascii")
    )
    document = {
        "format": KEY_FILE_FORMAT,
        "key_id": key_id,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(sealed).decode("ascii"),
    }
    return json.dumps(document, indent=2).encode("utf-8")


def _read_document(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as error:
        raise KeyFileError(f"无法读取密钥文件 {path.name}：{error.strerror or error}。") from None
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(f"{path.name} 不是 casedesk 密钥文件（文件过大）。")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KeyFileError(f"{path.name} 不是 casedesk 密钥文件（内容无法识别）。") from None
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise KeyFileError(f"{path.name} 不是 casedesk 密钥文件（格式标记不符）。")
    return document


def key_file_id(path: Path) -> str:
    """The key id a key file holds (readable without the passphrase)."""
    return str(_read_document(path).get("key_id", ""))


def _parse(
    document: dict[str, object], name: str
) -> tuple[str, bytes, bytes, bytes, tuple[int, int, int]]:
    """(key id, salt, nonce, sealed key, scrypt n/r/p) of a key file's document."""
    try:
        kdf = document["kdf"]
        assert isinstance(kdf, dict) and kdf.get("name") == "scrypt"
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        # Refuse parameters that would make scrypt eat the machine (a hostile file).
        assert 2**10 <= n <= 2**20 and 1 <= r <= 16 and 1 <= p <= 4
        key_id = str(document["key_id"])
        salt = base64.b64decode(str(document["salt"]), validate=True)
        nonce = base64.b64decode(str(document["nonce"]), validate=True)
        sealed = base64.b64decode(str(document["ciphertext"]), validate=True)
        assert len(nonce) == 12 and len(salt) >= 8
    except (KeyError, ValueError, TypeError, AssertionError):
        raise KeyFileError(f"密钥文件 {name} 已损坏（字段缺失或无效）。") from None
    return key_id, salt, nonce, sealed, (n, r, p)


def unwrap_key(path: Path, passphrase: str) -> tuple[str, bytes]:
    """(key id, key) from a key file; a wrong passphrase or a damaged file is a KeyFileError."""
    key_id, salt, nonce, sealed, (n, r, p) = _parse(_read_document(path), path.name)
    try:
        key = AESGCM(_kek(passphrase, salt, n, r, p)).decrypt(nonce, sealed, key_id.encode())
    except (InvalidTag, ValueError):
        raise KeyFileError(f"口令不正确，或密钥文件 {path.name} 已被改动。") from None
    return key_id, key


def write_key_file(path: Path, key: bytes, key_id: str, passphrase: str) -> None:
    """Write a wrapped key file atomically (an export: the clerk chose the path)."""
    atomic_write(path, wrap_key(key, key_id, passphrase))


def named_key_file(data_dir: Path, key_id: str) -> Path:
    """Where a further database's key lives in the data folder."""
    if not _KEY_ID.fullmatch(key_id):
        raise KeyFileError(f"密钥编号“{key_id[:70]}”无效（数据库中的加密记录可能已被改动）。")
    return data_dir / f"casedesk-{key_id}.key"


def data_key_files(data_dir: Path) -> list[Path]:
    """Every key file in the data folder: casedesk.key first, then the others by name."""
    primary = data_dir / KEY_FILE_NAME
    others = sorted(p for p in data_dir.glob("casedesk-*.key") if p.is_file())
    return ([primary] if primary.is_file() else []) + others


def key_file_of(data_dir: Path, key_id: str) -> Path | None:
    """The data folder's key file holding this key id (None: none does). A casedesk.key that
    cannot be read raises KeyFileError when no other file holds the key: it may be this one."""
    named = named_key_file(data_dir, key_id)
    if named.is_file():
        return named
    primary = data_dir / KEY_FILE_NAME
    if primary.exists() and key_file_id(primary) == key_id:
        return primary
    return None


def store_key_file(data_dir: Path, key: bytes, key_id: str, passphrase: str) -> Path:
    """Keep a database's key in the data folder without touching any other database's key:
    its own file is rewritten, else casedesk.key is created if free, else casedesk-<id>.key."""
    data = wrap_key(key, key_id, passphrase)
    try:
        own = key_file_of(data_dir, key_id)
    except KeyFileError:
        own = None  # an unreadable casedesk.key is kept as it is: it may be another key
    if own is not None:
        atomic_write(own, data)
        return own
    primary = data_dir / KEY_FILE_NAME
    if not primary.exists() and create_new(primary, data):
        return primary
    named = named_key_file(data_dir, key_id)
    atomic_write(named, data)
    return named
