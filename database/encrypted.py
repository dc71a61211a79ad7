"""Personal data encrypted at rest: a column type whose cipher the composition root injects.

The database layer knows nothing of keys or keyrings. `desktop.trust.crypto` builds a cipher
and registers it for an engine with `use_cipher(engine, cipher)`; the column type then encrypts
on the way in and decrypts on the way out, so services keep reading and writing plain strings.
Ciphers are registered per engine (through its dialect object), so two databases with different
keys can be open in one process.
"""

from __future__ import annotations

import weakref
from typing import Any, Protocol

from sqlalchemy import Engine, MetaData, String, Text, event, select, type_coerce, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator

#: Every stored ciphertext starts with this, so plaintext left from before encryption is told apart.
CIPHERTEXT_PREFIX = "enc1:"


class PersonalDataCipher(Protocol):
    """Authenticated encryption plus a keyed hash for exact search."""

    def encrypt(self, plaintext: str) -> str:
        """Ciphertext (with CIPHERTEXT_PREFIX) of a non-empty string."""
        ...

    def decrypt(self, ciphertext: str) -> str:
        """The plaintext; raises PersonalDataKeyError if the key does not fit."""
        ...

    def index(self, plaintext: str) -> str:
        """The keyed hash of a normalised value (hex), for exact-match search."""
        ...


class PersonalDataKeyError(Exception):
    """Encrypted data cannot be read or written: the key is missing or wrong."""


_CIPHERS: weakref.WeakKeyDictionary[Dialect, PersonalDataCipher] = weakref.WeakKeyDictionary()

_NO_KEY_MESSAGE = (
    "个人信息（身份证号、电话）已加密，但本程序尚未加载加密密钥，无法读写。"
    "请通过 casedesk 正常启动，或用“casedesk key import”导入密钥备份。"
)


def use_cipher(engine: Engine, cipher: PersonalDataCipher) -> None:
    """Encrypt and decrypt the personal columns of this engine's database with the cipher."""
    _CIPHERS[engine.dialect] = cipher


def cipher_for(dialect: Dialect) -> PersonalDataCipher:
    """The cipher registered for a dialect (raises PersonalDataKeyError when none is)."""
    cipher = _CIPHERS.get(dialect)
    if cipher is None:
        raise PersonalDataKeyError(_NO_KEY_MESSAGE)
    return cipher


class EncryptedText(TypeDecorator[str]):
    """A string column stored encrypted; the empty string stays empty (nothing to hide)."""

    impl: type[String] = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Encrypt on the way into the database."""
        if value is None or value == "":
            return value  # type: ignore[no-any-return]
        return cipher_for(dialect).encrypt(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """Decrypt on the way out; plaintext from before encryption is returned as it is."""
        if value is None or not str(value).startswith(CIPHERTEXT_PREFIX):
            return value  # type: ignore[no-any-return]
        return cipher_for(dialect).decrypt(str(value))


class EncryptedString(EncryptedText):
    """EncryptedText in a VARCHAR column: for columns that held plain text before (SQLite cannot
    change a column's type without rebuilding the table, which with foreign keys on would cascade
    deletes). "enc1:" + base64 of nonce, text and tag fits VARCHAR(200) up to 118 UTF-8 bytes."""

    impl = String
    cache_ok = True


def encrypt_leftover_plaintext(engine: Engine, metadata: MetaData) -> int:
    """Encrypt values stored before their column was encrypted; returns how many.

    A migration cannot do this (the key is opened after the schema is upgraded), so the
    composition root calls it once the cipher is registered. Cheap when there is nothing to do:
    one query per encrypted column.
    """
    found: list[tuple[Any, ...]] = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            for column in table.columns:
                if not isinstance(column.type, EncryptedText):
                    continue
                raw = type_coerce(column, Text())
                query = select(*keys, raw).where(raw != "", ~raw.startswith(CIPHERTEXT_PREFIX))
                found += [(table, keys, column, tuple(row)) for row in connection.execute(query)]
    if not found:
        return 0
    with engine.begin() as connection:
        for table, keys, column, row in found:
            raw = type_coerce(column, Text())
            # Only if still the same plaintext (another clerk may have saved it meanwhile);
            # the column type encrypts the value on the way in.
            where = [k == v for k, v in zip(keys, row[:-1], strict=True)] + [raw == row[-1]]
            connection.execute(update(table).where(*where).values({column.key: row[-1]}))
    return len(found)


#: (model attribute holding the plaintext, attribute holding its keyed hash) per model class.
HashedColumns = dict[type[Any], tuple[tuple[str, str], ...]]


def maintain_search_hashes(
    session_factory: sessionmaker[Session], cipher: PersonalDataCipher, columns: HashedColumns
) -> None:
    """Before each flush, set the keyed-hash column of every new or changed encrypted value."""

    @event.listens_for(session_factory, "before_flush")
    def _set_hashes(session: Session, _context: Any, _instances: Any) -> None:
        for obj in [*session.new, *session.dirty]:
            for value_attr, hash_attr in columns.get(type(obj), ()):
                value = getattr(obj, value_attr) or ""
                wanted = cipher.index(value) if value else ""
                if getattr(obj, hash_attr) != wanted:
                    setattr(obj, hash_attr, wanted)
