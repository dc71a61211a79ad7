"""The key file's scrypt started ahead (the window derives it beside its imports, issue 18):
the database opens with the same key, a wrong passphrase is still refused, nothing lingers."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.trust import key_file
from desktop.trust.key_file import KEY_FILE_NAME, KeyFileError, derive_ahead, unwrap_key

PASSPHRASE = "correct horse 8"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    key_file.write_key_file(tmp_path / KEY_FILE_NAME, b"k" * 32, "abc123", PASSPHRASE)
    return tmp_path


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passphrases scrypt actually ran for."""
    ran: list[str] = []
    real = key_file._derive

    def counted(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        ran.append(passphrase)
        return real(passphrase, salt, n, r, p)

    monkeypatch.setattr(key_file, "_derive", counted)
    return ran


def test_a_key_derived_ahead_opens_the_file_without_a_second_scrypt(
    folder: Path, derivations: list[str]
) -> None:
    assert derive_ahead(folder, PASSPHRASE)
    assert not derive_ahead(folder, PASSPHRASE)  # one derivation per input, not two
    assert unwrap_key(folder / KEY_FILE_NAME, PASSPHRASE) == ("abc123", b"k" * 32)
    assert derivations == [PASSPHRASE]
    # Taken once: the next opening derives again (a passphrase-derived key is not kept).
    assert unwrap_key(folder / KEY_FILE_NAME, PASSPHRASE) == ("abc123", b"k" * 32)
    assert derivations == [PASSPHRASE, PASSPHRASE]


def test_a_wrong_passphrase_derived_ahead_is_still_refused(
    folder: Path, derivations: list[str]
) -> None:
    assert derive_ahead(folder, "wrong passphrase")
    with pytest.raises(KeyFileError, match="口令不正确"):
        unwrap_key(folder / KEY_FILE_NAME, "wrong passphrase")
    assert derivations == ["wrong passphrase"]


def test_nothing_is_derived_without_a_passphrase_or_a_readable_file(
    tmp_path: Path, folder: Path
) -> None:
    assert not derive_ahead(folder, "")
    assert not derive_ahead(tmp_path / "elsewhere", PASSPHRASE)  # no key file there
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / KEY_FILE_NAME).write_text("{not json", encoding="utf-8")
    assert not derive_ahead(tmp_path / "broken", PASSPHRASE)


def test_a_derivation_nobody_took_is_forgotten(folder: Path, derivations: list[str]) -> None:
    assert derive_ahead(folder, PASSPHRASE)
    key_file.forget_ahead()
    assert not key_file._ahead
    unwrap_key(folder / KEY_FILE_NAME, PASSPHRASE)
    assert len(derivations) == 2  # the forgotten one, and the opening's own
