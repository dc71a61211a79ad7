"""Backups: a live snapshot, a verified restore into an empty folder, automatic backups on exit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from trust_fixtures import case_input

from database.models import Case
from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.paths import file_store_dir
from desktop.trust.backup import BACKUPS_DIR, create_backup
from desktop.trust.file_store import FileStore
from desktop.trust.restore import restore_backup


def _store_files(folder: Path) -> dict[str, bytes]:
    root = file_store_dir(folder)
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _sqlite_only(ctx: AppContext) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip(
            "backup/restore of the database file is the SQLite mode's (the server has pg_dump)"
        )


def test_backup_restored_into_an_empty_folder_gives_the_same_records_and_files(
    demo_ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(demo_ctx)
    store = FileStore(file_store_dir(demo_ctx.data_dir))
    blobs = [f"文书内容 {i}".encode() * (i + 1) for i in range(12)] + [bytes(range(256)) * 400]
    for blob in blobs:
        store.put(blob)
    (demo_ctx.data_dir / "templates").mkdir()
    (demo_ctx.data_dir / "templates" / "行政处罚决定书.docx").write_bytes(
        b"PK\x03\x04 custom template"
    )
    (demo_ctx.data_dir / "settings.json").write_text('{"window": "maximised"}', encoding="utf-8")

    # A clerk is in the middle of an unsaved change while the backup runs.
    with demo_ctx.uow_factory() as pending:
        open_case = pending.session.scalars(select(Case).where(Case.locked.is_(False))).first()
        assert open_case is not None
        open_id = open_case.id
        open_case.facts = "未保存的修改"
        pending.session.flush()
        archive = tmp_path / "备份.zip"
        assert run(["--data-dir", str(demo_ctx.data_dir), "backup", "--out", str(archive)]) == 0
    assert "备份已完成" in capfd.readouterr().out

    target = tmp_path / "新电脑" / "casedesk"
    # The office's adapted template is never restored unnoticed: listed, refused, then asked for.
    assert run(["--data-dir", str(target), "restore", str(archive)]) == 1
    assert "行政处罚决定书.docx" in capfd.readouterr().err and not target.exists()
    assert run(["--data-dir", str(target), "restore", str(archive), "--with-templates"]) == 0
    out = capfd.readouterr().out
    assert "恢复完成" in out and "templates/行政处罚决定书.docx" in out
    restored = build_context(str(target))
    try:
        assert restored.cases.list() == demo_ctx.cases.list()
        assert restored.institutions.search("", limit=10_000) == demo_ctx.institutions.search(
            "", limit=10_000
        )
        first = restored.cases.list()[-1].id
        assert restored.cases.get(first) == demo_ctx.cases.get(first)  # decrypted personal data too
        assert restored.cases.get(open_id).facts != "未保存的修改"
        assert restored.audit.verify().ok
    finally:
        restored.close()
    assert _store_files(target) == _store_files(demo_ctx.data_dir)
    assert (
        target / "templates" / "行政处罚决定书.docx"
    ).read_bytes() == b"PK\x03\x04 custom template"
    assert (target / "settings.json").read_text(encoding="utf-8") == '{"window": "maximised"}'


def test_restore_over_existing_data_keeps_the_previous_folder(
    ctx: AppContext, tmp_path: Path
) -> None:
    _sqlite_only(ctx)
    ctx.cases.create(case_input("青卫医案〔2026〕1号"))
    archive = tmp_path / "one-case.zip"
    ctx.backups.backup(archive)
    ctx.cases.create(case_input("青卫医案〔2026〕2号"))
    folder = ctx.data_dir
    ctx.close()
    assert run(["--data-dir", str(folder), "restore", str(archive)]) == 0
    kept = [p for p in folder.parent.iterdir() if p.name.startswith(f"{folder.name}.恢复前-")]
    assert len(kept) == 1
    back = build_context(str(folder))
    assert [c.case_no for c in back.cases.list()] == ["青卫医案〔2026〕1号"]
    back.close()
    before = build_context(str(kept[0]))
    assert len(before.cases.list()) == 2
    before.close()


def test_backup_manifest_lists_every_file_with_its_sha256(ctx: AppContext, tmp_path: Path) -> None:
    _sqlite_only(ctx)
    FileStore(file_store_dir(ctx.data_dir)).put(b"scan of evidence")
    summary = ctx.backups.backup(tmp_path / "b.zip")
    with zipfile.ZipFile(summary.path) as archive:
        import hashlib
        import json

        manifest = json.loads(archive.read("manifest.json"))
        names = {e["path"] for e in manifest["files"]}
        assert "casedesk.db" in names and any(n.startswith("files/") for n in names)
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        assert not any(n.endswith(("-wal", "-shm")) for n in archive.namelist())


def test_backup_on_exit_keeps_the_last_n_and_reports_age(ctx: AppContext) -> None:
    _sqlite_only(ctx)
    assert ctx.backups.age_days() is None  # never backed up: the 工作台 reminds
    ctx.office.save({"backup_keep": "2"})
    made = [ctx.backups.backup_on_exit() for _ in range(3)]
    kept = sorted((ctx.data_dir / BACKUPS_DIR).glob("*.zip"))
    assert [p.name for p in kept] == sorted(m.path.name for m in made[1:] if m)
    assert ctx.backups.age_days() == 0


def test_workbench_reminders_for_backup_and_key_export(ctx: AppContext, tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from desktop.trust.crypto import export_key

    notes = ctx.backups.reminders()
    if ctx.engine.dialect.name == "sqlite":
        assert any("还没有做过备份" in n for n in notes)
    assert any("密钥还没有导出" in n for n in notes)
    # The window's own buttons, not the command line, which a clerk never opens.
    assert not any("casedesk" in n for n in notes)
    export_key(ctx.engine, ctx.cipher, tmp_path / "k.json", "一个足够长的口令")
    if ctx.engine.dialect.name == "sqlite":
        ctx.backups.backup(tmp_path / "b.zip")
        assert ctx.backups.reminders() == []
        later = ctx.backups.reminders(now=datetime.now() + timedelta(days=9))
        assert later == ["已有 9 天没有备份：请在“设置 → 数据与备份”中点“立即备份…”。"]
    else:
        assert ctx.backups.reminders() == []


def test_file_store_on_an_office_share_is_backed_up_and_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share" / "casedesk-files"
    monkeypatch.setenv("CASEDESK_FILE_STORE", str(share))
    monkeypatch.delenv("CASEDESK_DB", raising=False)
    folder = tmp_path / "clerk-pc"
    ctx = build_context(str(folder))
    assert ctx.documents  # the engine writes into the configured store
    digest = FileStore(file_store_dir(folder)).put(b"scanned evidence on the share")
    assert (share / digest[:2] / digest).exists() and not (folder / "files").exists()
    ctx.close()
    archive = tmp_path / "b.zip"
    assert run(["--data-dir", str(folder), "backup", "--out", str(archive)]) == 0
    with zipfile.ZipFile(archive) as backup:
        assert f"files/{digest[:2]}/{digest}" in backup.namelist()
    new_share = tmp_path / "new-share"
    monkeypatch.setenv("CASEDESK_FILE_STORE", str(new_share))
    assert run(["--data-dir", str(tmp_path / "new-pc"), "restore", str(archive)]) == 0
    assert (new_share / digest[:2] / digest).read_bytes() == b"scanned evidence on the share"


def test_a_backup_updates_the_workbench_reminder(ctx: AppContext, tmp_path: Path) -> None:
    from datetime import date

    _sqlite_only(ctx)
    assert "尚未备份" in ctx.dashboard.load(date.today()).backup_reminder
    assert run(["--data-dir", str(ctx.data_dir), "backup", "--out", str(tmp_path / "b.zip")]) == 0
    assert "0 天前" in ctx.dashboard.load(date.today()).backup_reminder


def test_already_compressed_files_are_stored_not_deflated_again(
    ctx: AppContext, tmp_path: Path
) -> None:
    _sqlite_only(ctx)
    data = ctx.data_dir
    store = FileStore(data / "files")
    docx = b"PK\x03\x04" + b"\x00deflated xml" * 500
    pdf = b"%PDF-1.7\n" + b"stream" * 500
    jpeg = b"\xff\xd8\xff\xe0" + b"\x11" * 3000
    text = "检查记录的文字内容".encode() * 500
    digests = {store.put(blob): blob for blob in (docx, pdf, jpeg, text)}
    summary = create_backup(data, ctx.database_url, tmp_path / "b.zip", cipher=ctx.cipher)
    with zipfile.ZipFile(summary.path) as archive:
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
        stored = {d for d, blob in digests.items() if blob is not text}
        for digest, blob in digests.items():
            name = f"files/{digest[:2]}/{digest}"
            assert archive.read(name) == blob
            expected = zipfile.ZIP_STORED if digest in stored else zipfile.ZIP_DEFLATED
            assert kinds[name] == expected, name
        assert kinds["casedesk.db"] == zipfile.ZIP_DEFLATED
    target = tmp_path / "restored"
    restore_backup(summary.path, target)
    assert {p.name: p.read_bytes() for p in (target / "files").rglob("*") if p.is_file()} == {
        d: b for d, b in digests.items()
    }
