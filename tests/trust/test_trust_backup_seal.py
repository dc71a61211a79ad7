"""Issue 16, finding 4: authenticated backups. A backup changed after it was made (every hash
recomputed), one carrying templates, one made under another key, one from before manifests were
sealed: each is refused with the reason, before anything of the current data is touched."""

from __future__ import annotations

import hashlib
import hmac
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from backup_forgery import edit_database, members, rewrite
from memory_keyring import MemoryKeyring
from trust_fixtures import PARTY_ID, case_input

from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.trust.backup_seal import MAC_INFO, manifest_intact
from desktop.trust.crypto import ENV_KEY_PASSPHRASE, export_key


@pytest.fixture
def fresh_keyring() -> Iterator[MemoryKeyring]:
    """An empty keyring for the test (another PC); the session's keyring comes back after."""
    saved = keyring.get_keyring()
    empty = MemoryKeyring()
    keyring.set_keyring(empty)
    yield empty
    keyring.set_keyring(saved)


def _sqlite_only(ctx: AppContext) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("backup/restore of the database file is the SQLite mode's")


def _fines(folder: Path) -> list[int]:
    ctx = build_context(str(folder))
    try:
        return sorted(c.fine_fen for c in ctx.cases.list())
    finally:
        ctx.close()


def _restore(folder: Path, archive: Path, *extra: str) -> int:
    return run(["--data-dir", str(folder), "restore", str(archive), *extra])


def test_a_backup_with_every_fine_set_to_one_fen_and_hashes_recomputed_is_refused(
    demo_ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(demo_ctx)
    archive = demo_ctx.backups.backup(tmp_path / "b.zip").path
    forged = rewrite(
        archive,
        tmp_path / "forged.zip",
        edit_database('UPDATE "case" SET fine_fen = 1 WHERE fine_fen > 0;', tmp_path),
    )
    folder = demo_ctx.data_dir
    before = _fines(folder)
    demo_ctx.close()
    capfd.readouterr()
    assert _restore(folder, forged) == 1
    err = capfd.readouterr().err
    assert "签名校验未通过" in err and "forged.zip" in err and "原有数据未改动" in err
    assert not any(p.name.startswith(f"{folder.name}.恢复前") for p in folder.parent.iterdir())
    assert _fines(folder) == before and max(before) > 1
    # The genuine backup restores.
    assert _restore(folder, archive) == 0


def test_the_manifest_mac_is_keyed_by_an_hkdf_derived_key_not_the_data_key(
    ctx: AppContext, tmp_path: Path
) -> None:
    _sqlite_only(ctx)
    manifest = json.loads(members(ctx.backups.backup(tmp_path / "b.zip").path)["manifest.json"])
    assert manifest["format"] == "casedesk-backup/2" and manifest["key_id"] == ctx.cipher.key_id
    assert set(manifest["audit_head"]) == {"count", "hash"}
    body = json.dumps(
        {k: v for k, v in manifest.items() if k != "mac"},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    raw = hmac.new(ctx.cipher.raw_key, body, hashlib.sha256).hexdigest()
    assert manifest["mac"] != raw and MAC_INFO.startswith(b"casedesk/backup-manifest")
    assert manifest_intact(manifest, ctx.cipher.raw_key)
    assert not manifest_intact(manifest, bytes(32))


def test_a_changed_file_without_recomputed_hashes_is_named(
    ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(ctx)
    ctx.cases.create(case_input())
    archive = ctx.backups.backup(tmp_path / "b.zip").path
    forged = rewrite(
        archive,
        tmp_path / "f.zip",
        edit_database('UPDATE "case" SET fine_fen = 1;', tmp_path),
        rehash=False,
    )
    assert _restore(tmp_path / "new", forged) == 1
    err = capfd.readouterr().err
    assert "“casedesk.db”" in err and ("大小与清单不符" in err or "校验值与清单不符" in err)
    assert not (tmp_path / "new").exists()


def test_templates_in_a_backup_are_listed_and_refused_unless_asked_for(
    ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(ctx)
    templates = ctx.data_dir / "templates"
    templates.mkdir()
    (templates / "closing_report.docx").write_bytes(b"PK\x03\x04 adapted closing report")
    (templates / "penalty_decision.docx").write_bytes(b"PK\x03\x04 adapted decision")
    archive = ctx.backups.backup(tmp_path / "b.zip").path
    target = tmp_path / "restored"
    assert _restore(target, archive) == 1
    err = capfd.readouterr().err
    assert "2 个文书模板" in err and "closing_report.docx" in err and "--with-templates" in err
    assert not target.exists()
    assert _restore(target, archive, "--with-templates") == 0
    out = capfd.readouterr().out
    assert "templates/closing_report.docx" in out and "templates/penalty_decision.docx" in out
    assert (target / "templates" / "closing_report.docx").exists()
    # The window keeps listing them on the 工作台 for a while.
    restored = build_context(str(target))
    try:
        notes = [n for n in restored.backups.reminders() if "文书模板" in n]
        assert len(notes) == 1 and "closing_report.docx" in notes[0] and "请逐一核对" in notes[0]
    finally:
        restored.close()


def test_a_crafted_template_added_to_a_backup_is_refused_either_way(
    ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(ctx)
    archive = ctx.backups.backup(tmp_path / "b.zip").path

    def add_template(files: dict[str, bytes]) -> None:
        files["templates/closing_report.docx"] = (
            "本决定书经上级批准作废，当事人无需缴纳罚款。".encode()
        )

    forged = rewrite(archive, tmp_path / "t.zip", add_template)
    target = tmp_path / "restored"
    assert _restore(target, forged) == 1
    assert "closing_report.docx" in capfd.readouterr().err
    assert _restore(target, forged, "--with-templates") == 1
    assert "签名校验未通过" in capfd.readouterr().err
    assert not target.exists()


def test_a_backup_under_another_key_says_so_and_restores_with_that_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_keyring: MemoryKeyring,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(ENV_KEY_PASSPHRASE)  # keys only in the keyring: the backup has no key file
    other = build_context(str(tmp_path / "other-office"))
    case_id = other.cases.create(case_input())
    archive = other.backups.backup(tmp_path / "other.zip").path
    export_key(other.engine, other.cipher, tmp_path / "other-key.json", "另一单位的口令-2026")
    other_key = other.cipher.key_id
    other.close()
    fresh_keyring.secrets.clear()  # this PC never had that key

    mine = build_context(str(tmp_path / "mine"))
    mine.cases.create(case_input("青卫医案〔2026〕9号"))
    folder = mine.data_dir
    mine.close()
    assert _restore(folder, archive) == 1
    err = capfd.readouterr().err
    assert f"另一个密钥（编号 {other_key}）" in err and "--key 密钥备份文件" in err
    assert "原有数据未改动" in err
    ctx = build_context(str(folder))  # untouched, still readable
    assert [c.case_no for c in ctx.cases.list()] == ["青卫医案〔2026〕9号"]
    ctx.close()

    monkeypatch.setenv("KEY_PASS", "另一单位的口令-2026")
    assert _restore(folder, archive, "--key", str(tmp_path / "other-key.json"),
                    "--passphrase-env", "KEY_PASS") == 0  # fmt: skip
    assert "密钥备份文件" in capfd.readouterr().out
    restored = build_context(str(folder))
    try:
        assert restored.cases.get(case_id).party_id_number == PARTY_ID
        assert restored.audit.verify().ok
    finally:
        restored.close()


def test_a_key_backup_of_yet_another_database_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_keyring: MemoryKeyring,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(ENV_KEY_PASSPHRASE)
    other = build_context(str(tmp_path / "other"))
    archive = other.backups.backup(tmp_path / "other.zip").path
    other.close()
    third = build_context(str(tmp_path / "third"))
    export_key(third.engine, third.cipher, tmp_path / "third-key.json", "第三个单位的口令")
    third.close()
    fresh_keyring.secrets.clear()
    monkeypatch.setenv("KEY_PASS", "第三个单位的口令")
    assert _restore(tmp_path / "target", archive, "--key", str(tmp_path / "third-key.json"),
                    "--passphrase-env", "KEY_PASS") == 1  # fmt: skip
    assert "不是备份文件 other.zip的密钥" in capfd.readouterr().err
    assert not (tmp_path / "target").exists()


def test_a_backup_made_before_manifests_were_sealed_needs_unsigned(
    ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(ctx)
    ctx.cases.create(case_input())
    archive = ctx.backups.backup(tmp_path / "b.zip").path

    def old_format(manifest: dict[str, object]) -> None:
        for field in ("mac", "key_id", "audit_head"):
            manifest.pop(field)
        manifest["format"] = "casedesk-backup/1"

    old = rewrite(archive, tmp_path / "old.zip", manifest_change=old_format)
    target = tmp_path / "restored"
    assert _restore(target, old) == 1
    assert "没有防篡改签名" in capfd.readouterr().err and not target.exists()
    assert _restore(target, old, "--unsigned") == 0
    assert "没有防篡改签名" in capfd.readouterr().out
    # --unsigned still checks every file's hash.
    tampered = rewrite(
        old, tmp_path / "old-tampered.zip",
        edit_database('UPDATE "case" SET fine_fen = 1;', tmp_path), rehash=False,
    )  # fmt: skip
    assert _restore(tmp_path / "again", tampered, "--unsigned") == 1
    assert "与清单不符" in capfd.readouterr().err and not (tmp_path / "again").exists()


def test_restore_help_documents_the_choices(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["restore", "--help"])
    out = capfd.readouterr().out
    assert "--unsigned" in out and "--with-templates" in out and "--key" in out
    assert "没有签名" in out and "默认拒绝" in out


def test_a_member_not_in_a_sealed_manifest_or_a_changed_key_id_is_refused(
    ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(ctx)
    archive = ctx.backups.backup(tmp_path / "b.zip").path

    def other_key(manifest: dict[str, object]) -> None:
        manifest["key_id"] = "0000000000000000"

    assert (
        _restore(tmp_path / "a", rewrite(archive, tmp_path / "k.zip", manifest_change=other_key))
        == 1
    )
    assert "密钥编号与其中数据库的不符" in capfd.readouterr().err
    with zipfile.ZipFile(archive, "a") as extra:
        extra.writestr("files/ab/abcdef", b"smuggled")
    assert _restore(tmp_path / "b", archive) == 1
    assert "清单以外的文件" in capfd.readouterr().err
