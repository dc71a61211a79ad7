"""Issue 16, finding 1: a key is bound to its database; another database never replaces it.

Each data folder can hold the keys of several databases (casedesk.key, casedesk-<id>.key, one
keyring entry per id); a failing keyring of any kind falls back to the passphrase key file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from keyring.backend import KeyringBackend
from memory_keyring import MemoryKeyring
from trust_fixtures import PARTY_ID, PHONE, STAFF_ID, STAFF_PHONE, case_input, staffed_institution

from desktop.app import build_context
from desktop.cli.main import run
from desktop.trust import crypto
from desktop.trust.crypto import (
    ENV_KEY_PASSPHRASE,
    KEY_FILE_NAME,
    KeyUnavailableError,
)
from desktop.trust.file_store import create_new
from desktop.trust.key_file import KeyFileError, key_file_id, named_key_file, store_key_file

PASSPHRASE = "办公室口令-2026-钥匙"


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A PC without a keyring: the key lives only in the passphrase-protected key files."""
    saved = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setenv(ENV_KEY_PASSPHRASE, PASSPHRASE)
    monkeypatch.delenv("CASEDESK_DB", raising=False)
    yield
    keyring.set_keyring(saved)


def _office_with_data(folder: Path) -> tuple[int, int]:
    """A data folder with a case and a staff member (身份证号 and phones encrypted)."""
    ctx = build_context(str(folder))
    case_id = ctx.cases.create(case_input())
    _inst, person = staffed_institution.__wrapped__(ctx)  # type: ignore[attr-defined]
    ctx.close()
    return case_id, person


def _old_data_still_reads(
    folder: Path, case_id: int, person: int, capfd: pytest.CaptureFixture[str]
) -> None:
    ctx = build_context(str(folder))
    try:
        case = ctx.cases.get(case_id)
        assert (case.party_id_number, case.party_phone) == (PARTY_ID, PHONE)
        staff = ctx.staff.get(person)
        assert (staff.id_number, staff.phone) == (STAFF_ID, STAFF_PHONE)
    finally:
        ctx.close()
    capfd.readouterr()
    # The command line finds the person by the full 身份证号 (a keyed hash: the right key only).
    assert run(["--data-dir", str(folder), "list", "staff", "--search", STAFF_ID]) == 0
    out = capfd.readouterr().out
    assert "李四" in out


@pytest.mark.parametrize("where", ["beside", "elsewhere"])
def test_init_of_another_database_keeps_the_data_folders_key(
    tmp_path: Path, no_keyring: None, capfd: pytest.CaptureFixture[str], where: str
) -> None:
    """The issue's reproduction: `--data-dir D --db sqlite:///other.db init` overwrote D's key."""
    folder = tmp_path / "D"
    case_id, person = _office_with_data(folder)
    original = (folder / KEY_FILE_NAME).read_bytes()
    other = folder / "other.db" if where == "beside" else tmp_path / "server" / "new.db"

    capfd.readouterr()
    assert run(["--data-dir", str(folder), "--db", f"sqlite:///{other}", "init"]) == 0
    out = capfd.readouterr().out
    # init says what it did: a new key, kept where, and the old key left alone.
    assert "已为这个新数据库创建个人信息加密密钥" in out
    assert f"{KEY_FILE_NAME}（编号 " in out and "属于其他数据库，保持不变" in out
    assert (folder / KEY_FILE_NAME).read_bytes() == original
    new_files = sorted(p.name for p in folder.glob("casedesk-*.key"))
    assert len(new_files) == 1 and new_files[0] in out

    _old_data_still_reads(folder, case_id, person, capfd)
    # The new database opens with its own key, again and again (no new key each time).
    assert run(["--data-dir", str(folder), "--db", f"sqlite:///{other}", "init"]) == 0
    assert "已找到，未改动" in capfd.readouterr().out
    assert sorted(p.name for p in folder.glob("casedesk-*.key")) == new_files
    _old_data_still_reads(folder, case_id, person, capfd)


def test_three_databases_share_one_folder_and_each_reads(
    tmp_path: Path, no_keyring: None, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "D"
    urls = [None, f"sqlite:///{tmp_path / 'b.db'}", f"sqlite:///{tmp_path / 'c.db'}"]
    made = []
    for url in urls:
        ctx = build_context(str(folder), url)
        made.append((url, ctx.cases.create(case_input(party_phone=f"1390000000{len(made)}"))))
        ctx.close()
    assert len(list(folder.glob("casedesk*.key"))) == 3
    for index, (url, case_id) in enumerate(made):
        ctx = build_context(str(folder), url)
        assert ctx.cases.get(case_id).party_phone == f"1390000000{index}"
        ctx.close()


def test_with_a_keyring_each_database_has_its_own_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    saved = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    monkeypatch.delenv(ENV_KEY_PASSPHRASE)
    try:
        folder = tmp_path / "D"
        case_id, person = _office_with_data(folder)
        first = dict(ring.secrets)
        assert (
            run(["--data-dir", str(folder), "--db", f"sqlite:///{tmp_path / 'x.db'}", "init"]) == 0
        )
        assert "系统凭据管理器" in capfd.readouterr().out
        assert len(ring.secrets) == 2 and first.items() <= ring.secrets.items()
        assert not list(folder.glob("*.key"))  # the keyring held them: no key file was needed
        _old_data_still_reads(folder, case_id, person, capfd)
    finally:
        keyring.set_keyring(saved)


def test_creating_a_key_never_replaces_an_existing_key_file(tmp_path: Path) -> None:
    folder = tmp_path / "D"
    first = store_key_file(folder, b"\x01" * 32, "aaaa", PASSPHRASE)
    assert first.name == KEY_FILE_NAME
    before = first.read_bytes()
    second = store_key_file(folder, b"\x02" * 32, "bbbb", PASSPHRASE)
    assert second == named_key_file(folder, "bbbb") and first.read_bytes() == before
    # The same database's key is rewritten in its own file (a new passphrase, a re-import).
    again = store_key_file(folder, b"\x02" * 32, "bbbb", "另一个口令另一个口令")
    assert again == second and key_file_id(second) == "bbbb"
    # A damaged casedesk.key is kept as it is (it may hold a key): the new one goes beside it.
    (folder / KEY_FILE_NAME).write_bytes(b"\x00damaged")
    third = store_key_file(folder, b"\x03" * 32, "cccc", PASSPHRASE)
    assert third.name == "casedesk-cccc.key"
    assert (folder / KEY_FILE_NAME).read_bytes() == b"\x00damaged"
    # Creating never replaces: a file that appeared in between wins, nothing is written.
    assert not create_new(folder / KEY_FILE_NAME, b"new")
    assert (folder / KEY_FILE_NAME).read_bytes() == b"\x00damaged"
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize("key_id", ["../../etc/passwd", "a/b", "", "x" * 65, "编号"])
def test_a_key_id_that_could_leave_the_folder_is_refused(tmp_path: Path, key_id: str) -> None:
    with pytest.raises(KeyFileError, match="密钥编号"):
        named_key_file(tmp_path, key_id)


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?cache=shared"]
)
@pytest.mark.parametrize("command", [["init"], ["backup", "--out", "b.zip"], ["list", "cases"]])
def test_an_in_memory_database_is_refused(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], url: str, command: list[str]
) -> None:
    capfd.readouterr()
    assert run(["--data-dir", str(tmp_path / "d"), "--db", url, *command]) == 1
    err = capfd.readouterr().err
    assert "内存数据库" in err and "丢失全部数据" in err and "PostgreSQL" not in err.split("应写作")[0]
    assert "Traceback" not in err


class _PyWinTypesError(Exception):
    """Shaped like pywintypes.error (not a KeyringError): (1312, 'CredWrite', '…')."""


class BrokenKeyring(KeyringBackend):
    """A keyring that is there but fails: Windows Credential Manager under a hardening policy."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception, reads: bool = True) -> None:
        super().__init__()
        self.error = error
        self.reads = reads

    def get_password(self, service: str, username: str) -> str | None:
        if not self.reads:
            raise self.error
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        _PyWinTypesError(1312, "CredWrite", "指定的登录会话不存在。"),
        OSError(5, "拒绝访问"),
        RuntimeError("DBus 连接已断开"),
        keyring.errors.PasswordSetError("locked"),
    ],
    ids=["pywintypes", "oserror", "runtime", "keyringerror"],
)
def test_a_failing_keyring_of_any_kind_falls_back_to_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    saved = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring(error))
    folder = tmp_path / "office"
    try:
        monkeypatch.delenv(ENV_KEY_PASSPHRASE)
        with pytest.raises(KeyUnavailableError) as refused:
            build_context(str(folder))
        message = str(refused.value)
        assert "系统凭据管理器拒绝保存" in message and type(error).__name__ in message
        assert ENV_KEY_PASSPHRASE in message and refused.value.passphrase_helps
        assert not list(folder.glob("*.key"))

        monkeypatch.setenv(ENV_KEY_PASSPHRASE, PASSPHRASE)
        ctx = build_context(str(folder))
        case_id = ctx.cases.create(case_input())
        ctx.close()
        assert (folder / KEY_FILE_NAME).exists()
        # Reading fails too now: the key file still opens the data.
        keyring.set_keyring(BrokenKeyring(error, reads=False))
        again = build_context(str(folder))
        assert again.cases.get(case_id).party_id_number == PARTY_ID
        again.close()
        # Without the passphrase the message names the keyring's error and the way back.
        monkeypatch.delenv(ENV_KEY_PASSPHRASE)
        with pytest.raises(KeyUnavailableError) as lost:
            build_context(str(folder))
        assert "系统凭据管理器读取失败" in str(lost.value) and lost.value.passphrase_helps
        assert "casedesk key import" in str(lost.value)
    finally:
        keyring.set_keyring(saved)


def test_a_keyring_that_cannot_even_start_counts_as_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> KeyringBackend:
        raise OSError("无法加载凭据管理器")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    assert crypto.keyring_available() is False


def test_init_of_an_office_server_database_keeps_the_local_key(
    tmp_path: Path, no_keyring: None, pg_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """The README's shared-server step on a PC that already has local data."""
    folder = tmp_path / "D"
    case_id, person = _office_with_data(folder)
    original = (folder / KEY_FILE_NAME).read_bytes()
    capfd.readouterr()
    assert run(["--data-dir", str(folder), "--db", pg_url, "init"]) == 0
    out = capfd.readouterr().out
    assert "已为这个新数据库创建个人信息加密密钥" in out and "保持不变" in out
    assert (folder / KEY_FILE_NAME).read_bytes() == original
    _old_data_still_reads(folder, case_id, person, capfd)
    server = build_context(str(folder), pg_url)
    server_case = server.cases.create(case_input())
    server.close()
    again = build_context(str(folder), pg_url)
    assert again.cases.get(server_case).party_phone == PHONE
    again.close()


class _CountingKeyring(MemoryKeyring):
    """A keyring that counts how often it is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.asked += 1
        return super().get_password(service, username)


def test_with_a_passphrase_the_key_file_answers_before_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: asking the keyring first cost every start its backend discovery (about 0.1 s)
    on PCs that keep the key in the file; the keyring still answers when the file cannot."""
    saved = keyring.get_keyring()
    ring = _CountingKeyring()
    keyring.set_keyring(ring)
    monkeypatch.setenv(ENV_KEY_PASSPHRASE, PASSPHRASE)
    monkeypatch.delenv("CASEDESK_DB", raising=False)
    try:
        folder = tmp_path / "D"
        case_id, _person = _office_with_data(folder)  # the key in the keyring and in the file
        assert ring.secrets and list(folder.glob("*.key"))
        ring.asked = 0
        ctx = build_context(str(folder))
        try:
            assert ctx.cases.get(case_id).party_id_number == PARTY_ID
        finally:
            ctx.close()
        assert ring.asked == 0  # the file opened with the passphrase: the keyring was not asked
        # A wrong passphrase: the file does not open, the keyring still has the key.
        monkeypatch.setenv(ENV_KEY_PASSPHRASE, "另一个口令-不对的")
        ctx = build_context(str(folder))
        try:
            assert ctx.cases.get(case_id).party_id_number == PARTY_ID
        finally:
            ctx.close()
        assert ring.asked == 1
        # Neither: the file's error (the way back through `key import`) is what the clerk reads.
        ring.secrets.clear()
        with pytest.raises(KeyFileError, match="密钥文件打不开"):
            build_context(str(folder))
    finally:
        keyring.set_keyring(saved)
