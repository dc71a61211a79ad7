"""Personal data at rest: encrypted columns, keyed search, key loss and recovery, no keyring."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from memory_keyring import MemoryKeyring
from sqlalchemy import text
from trust_fixtures import (
    CONTACT_PHONE,
    INSTITUTION_PHONE,
    OFFICER_PHONE,
    PARTY_ID,
    PHONE,
    STAFF_ID,
    STAFF_PHONE,
    case_input,
)

from database.encrypted import encrypt_leftover_plaintext
from database.models import Base, Officer, PlanKind
from desktop.app import AppContext, build_context
from desktop.cases.cases import CaseFilter
from desktop.cli.main import run
from desktop.common.errors import ValidationError
from desktop.inspections.plans import DepartmentInput, PlanInput
from desktop.trust.crypto import (
    ENV_KEY_PASSPHRASE,
    KEY_FILE_NAME,
    KeyUnavailableError,
    WrongKeyError,
)
from desktop.trust.key_file import KeyFileError

SECRETS = (PARTY_ID, PHONE, STAFF_ID, STAFF_PHONE, INSTITUTION_PHONE, OFFICER_PHONE, CONTACT_PHONE)


@pytest.fixture
def fresh_keyring() -> Iterator[MemoryKeyring]:
    """An empty keyring for the test (as on another PC); the session's keyring comes back after."""
    saved = keyring.get_keyring()
    empty = MemoryKeyring()
    keyring.set_keyring(empty)
    yield empty
    keyring.set_keyring(saved)


def _raw_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("casedesk.db*"))


def test_database_file_holds_no_plaintext_personal_data(
    ctx: AppContext,
    person_case: int,
    staffed_institution: tuple[int, int],
    officer_and_plan: tuple[int, int],
) -> None:
    ctx.cases.update(person_case, case_input(facts="张三自述电话已更换"))
    assert ctx.cases.get(person_case).party_phone == PHONE  # services see plain text
    officer_id, plan_id = officer_and_plan
    assert ctx.plans.get(plan_id).departments[0].phone == CONTACT_PHONE
    with ctx.uow_factory(readonly=True) as uow:
        assert uow.session.get_one(Officer, officer_id).phone == OFFICER_PHONE
    folder = ctx.data_dir
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("raw file bytes only exist for SQLite; see test_trust_postgres")
    ctx.close()
    raw = _raw_bytes(folder)
    assert len(raw) > 50_000
    for secret in SECRETS:
        assert secret.encode() not in raw, secret
        assert secret[-8:].encode() not in raw, secret  # not even a fragment


def test_phones_stored_in_plain_text_by_an_older_version_are_encrypted_on_opening(
    ctx: AppContext, officer_and_plan: tuple[int, int]
) -> None:
    officer_id, plan_id = officer_and_plan
    # Before encryption these columns held plain text; the schema (VARCHAR) is unchanged.
    with ctx.engine.begin() as connection:
        connection.execute(text("UPDATE officer SET phone = '13600000001'"))
        connection.execute(text("UPDATE plan_department SET phone = '0599-86660002'"))
    assert ctx.plans.get(plan_id).departments[0].phone == "0599-86660002"  # still readable
    url = ctx.engine.url.render_as_string(hide_password=False)
    again = build_context(str(ctx.data_dir), None if url.startswith("sqlite") else url)
    try:
        with again.engine.connect() as connection:
            stored = [
                connection.execute(text(f"SELECT phone FROM {table}")).scalar_one()
                for table in ("officer", "plan_department")
            ]
        assert all(v.startswith("enc1:") for v in stored), stored
        assert again.plans.get(plan_id).departments[0].phone == "0599-86660002"
        with again.uow_factory(readonly=True) as uow:
            assert uow.session.get_one(Officer, officer_id).phone == "13600000001"
        assert encrypt_leftover_plaintext(again.engine, Base.metadata) == 0  # nothing left
        assert again.audit.verify().ok
    finally:
        again.close()


def test_stored_values_are_authenticated_ciphertext(ctx: AppContext, person_case: int) -> None:
    with ctx.engine.connect() as connection:
        stored, digest = connection.execute(
            text('SELECT party_phone, party_id_number_hash FROM "case" WHERE id = :id'),
            {"id": person_case},
        ).one()
    assert stored.startswith("enc1:") and PHONE not in stored
    assert len(digest) == 64 and digest == ctx.cipher.index(PARTY_ID)
    # The same value encrypts differently each time (random nonce), so equal values do not show.
    assert ctx.cipher.encrypt(PHONE) != ctx.cipher.encrypt(PHONE)
    tampered = stored[:-3] + ("A" if stored[-3] != "A" else "B") + stored[-2:]
    with pytest.raises(Exception, match="无法解密"):
        ctx.cipher.decrypt(tampered)


def test_search_by_id_number_uses_the_keyed_hash(
    ctx: AppContext, person_case: int, staffed_institution: tuple[int, int]
) -> None:
    other = ctx.cases.create(case_input("青卫医案〔2026〕2号", party_id_number=""))
    assert ctx.personal_search.case_ids_by_id_number(PARTY_ID) == [person_case]
    assert ctx.personal_search.case_ids_by_id_number(" " + PARTY_ID.lower() + " ") == [person_case]
    assert ctx.personal_search.staff_ids_by_id_number(STAFF_ID) == [staffed_institution[1]]
    assert ctx.personal_search.case_ids_by_id_number(STAFF_ID) == []
    # Changing the number moves the hash with it.
    ctx.cases.update(other, case_input("青卫医案〔2026〕2号", party_id_number=STAFF_ID))
    assert ctx.personal_search.case_ids_by_id_number(STAFF_ID) == [other]


def test_case_list_search_finds_a_party_by_exact_id_number(
    ctx: AppContext, person_case: int, capfd: pytest.CaptureFixture[str]
) -> None:
    other = ctx.cases.create(case_input("青卫医案〔2026〕2号", party_id_number=STAFF_ID))
    typed = " " + PARTY_ID.lower() + " "
    # The list the clerk types into (in-memory index), the service and the CLI all find it.
    assert ctx.case_search.ids(CaseFilter(search=typed)) == [person_case]
    assert [r.id for r in ctx.cases.search(PARTY_ID)] == [person_case]
    assert ctx.cases.count(CaseFilter(search=STAFF_ID)) == 1
    assert ctx.cases.list_ids(CaseFilter(search=STAFF_ID)) == [other]
    # Only the whole number: a part of it is not a key for anybody's personal data.
    assert ctx.case_search.ids(CaseFilter(search=PARTY_ID[:10])) == []
    capfd.readouterr()
    assert run(["--data-dir", str(ctx.data_dir), "list", "cases", "--search", PARTY_ID]) == 0
    assert "青卫医案〔2026〕1号" in capfd.readouterr().out


def test_missing_key_gives_recovery_path_and_import_restores_access(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_keyring: MemoryKeyring,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(ENV_KEY_PASSPHRASE)
    folder = tmp_path / "office"
    ctx = build_context(str(folder))
    case_id = ctx.cases.create(case_input())
    ctx.close()
    monkeypatch.setenv("EXPORT_PASS", "备份口令-2026-安全")
    backup_key = tmp_path / "密钥备份.json"
    assert (
        run(
            [
                "--data-dir",
                str(folder),
                "key",
                "export",
                str(backup_key),
                "--passphrase-env",
                "EXPORT_PASS",
            ]
        )
        == 0
    )
    assert not (folder / KEY_FILE_NAME).exists()  # the keyring held it: no key file was needed

    fresh_keyring.secrets.clear()  # a new PC, or a wiped credential store
    with pytest.raises(KeyUnavailableError) as lost:
        build_context(str(folder))
    assert "casedesk key import" in str(lost.value) and "密钥编号" in str(lost.value)
    capfd.readouterr()
    assert run(["--data-dir", str(folder), "list", "cases"]) == 1
    assert "找不到本数据库的个人信息加密密钥" in capfd.readouterr().err

    monkeypatch.setenv("WRONG_PASS", "这不是正确的口令啊")
    assert (
        run(
            [
                "--data-dir",
                str(folder),
                "key",
                "import",
                str(backup_key),
                "--passphrase-env",
                "WRONG_PASS",
            ]
        )
        == 1
    )
    assert "口令不正确" in capfd.readouterr().err
    assert (
        run(
            [
                "--data-dir",
                str(folder),
                "key",
                "import",
                str(backup_key),
                "--passphrase-env",
                "EXPORT_PASS",
            ]
        )
        == 0
    )
    again = build_context(str(folder))
    assert again.cases.get(case_id).party_id_number == PARTY_ID
    again.close()


def test_a_key_of_another_database_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_keyring: MemoryKeyring
) -> None:
    first = build_context(str(tmp_path / "a"))
    second = build_context(str(tmp_path / "b"))
    from desktop.trust.crypto import export_key, import_key

    export_key(first.engine, first.cipher, tmp_path / "a.key", "口令口令口令口令")
    with pytest.raises(WrongKeyError, match="不属于本数据库"):
        import_key(second.engine, second.data_dir, tmp_path / "a.key", "口令口令口令口令")
    with pytest.raises(KeyFileError, match="口令太短"):
        export_key(first.engine, first.cipher, tmp_path / "short.key", "123")
    first.close()
    second.close()


def test_without_a_keyring_backend_the_app_explains_the_key_file_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        monkeypatch.delenv(ENV_KEY_PASSPHRASE)
        with pytest.raises(KeyUnavailableError) as refused:
            build_context(str(tmp_path / "linux"))
        assert "没有可用的系统密钥环" in str(refused.value)
        assert ENV_KEY_PASSPHRASE in str(refused.value)
        monkeypatch.setenv(ENV_KEY_PASSPHRASE, "办公室口令-2026")
        ctx = build_context(str(tmp_path / "linux"))
        case_id = ctx.cases.create(case_input())
        ctx.close()
        assert (tmp_path / "linux" / KEY_FILE_NAME).exists()
        reopened = build_context(str(tmp_path / "linux"))
        assert reopened.cases.get(case_id).party_phone == PHONE
        reopened.close()
        monkeypatch.setenv(ENV_KEY_PASSPHRASE, "口令不对口令不对")
        with pytest.raises(KeyFileError, match="口令不正确"):
            build_context(str(tmp_path / "linux"))
    finally:
        keyring.set_keyring(saved)


def test_a_key_file_that_does_not_open_gives_the_recovery_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    saved = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    folder = tmp_path / "linux"
    try:
        monkeypatch.setenv(ENV_KEY_PASSPHRASE, "办公室口令-2026")
        ctx = build_context(str(folder))
        case_id = ctx.cases.create(case_input())
        from desktop.trust.crypto import export_key

        export_key(ctx.engine, ctx.cipher, tmp_path / "备份.key", "导出口令导出口令")
        ctx.close()
        monkeypatch.setenv("EXPORT_PASS", "导出口令导出口令")

        monkeypatch.setenv(ENV_KEY_PASSPHRASE, "口令记错了口令记错了")
        capfd.readouterr()
        assert run(["--data-dir", str(folder), "list", "cases"]) == 1
        err = capfd.readouterr().err
        assert "口令不正确" in err and "casedesk key import" in err and "Traceback" not in err

        (folder / KEY_FILE_NAME).write_bytes(b"\x00damaged")
        with pytest.raises(KeyFileError, match="不是 casedesk 密钥文件") as damaged:
            build_context(str(folder))
        assert "casedesk key import" in str(damaged.value)

        # The advice works: importing the exported backup rewrites the key file.
        key_import = [
            "key",
            "import",
            str(tmp_path / "备份.key"),
            "--passphrase-env",
            "EXPORT_PASS",
        ]
        assert run(["--data-dir", str(folder), *key_import]) == 0
        reopened = build_context(str(folder))
        assert reopened.cases.get(case_id).party_id_number == PARTY_ID
        reopened.close()
    finally:
        keyring.set_keyring(saved)


def test_key_import_into_a_folder_without_a_database_is_explained(
    tmp_path: Path,
    ctx: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from desktop.trust.crypto import export_key

    export_key(ctx.engine, ctx.cipher, tmp_path / "k.json", "导出口令导出口令")
    monkeypatch.setenv("K_PASS", "导出口令导出口令")
    monkeypatch.delenv("CASEDESK_DB", raising=False)
    empty = tmp_path / "empty"
    code = run(
        [
            "--data-dir",
            str(empty),
            "key",
            "import",
            str(tmp_path / "k.json"),
            "--passphrase-env",
            "K_PASS",
        ]
    )
    err = capfd.readouterr().err
    assert code == 1 and "无需导入密钥" in err and "Traceback" not in err


def test_the_longest_contact_phone_fits_its_column_encrypted(ctx: AppContext) -> None:
    longest = "转" * 30  # the worst case: 3 UTF-8 bytes a character
    assert len(ctx.cipher.encrypt(longest)) <= 200  # plan_department.phone is VARCHAR(200)
    department = DepartmentInput(name="区市场监管局", phone=longest + "1")
    data = PlanInput(
        kind=PlanKind.ROUTINE,
        title="日常监督",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        departments=(department,),
    )
    with pytest.raises(ValidationError, match="第1个参与部门 联系电话"):
        ctx.plans.create(data)
    saved = ctx.plans.create(replace(data, departments=(replace(department, phone=longest),)))
    assert ctx.plans.get(saved).departments[0].phone == longest
