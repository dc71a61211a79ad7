"""Start-up check: leftovers of an interrupted run are reported, then repaired; UNC paths refused."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update

import database.engine as engine_module
from database.engine import DatabaseLocationError, make_engine
from database.models import Document, NumberCounter
from database.numbering import allocate_sequence
from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.paths import file_store_dir
from desktop.trust.file_store import FileStore
from desktop.trust.startup_check import (
    GAP_VOID_REASON,
    StartupCheckService,
    StartupReport,
    run_at_start,
)


def test_number_without_document_is_recorded_as_voided(ctx: AppContext) -> None:
    with ctx.uow_factory() as uow:
        for _ in range(3):
            seq = allocate_sequence(uow.session, "notice", 2026)
            uow.session.add(Document(doc_type="告知书", series="notice", year=2026, seq=seq))
        uow.commit()
    # An interrupted older program committed the counter without the document.
    with ctx.uow_factory() as uow:
        uow.session.execute(update(NumberCounter).values(last_seq=NumberCounter.last_seq + 2))
        uow.commit()
    report = ctx.startup_check.check()
    assert [g.seq for g in report.number_gaps] == [4, 5]
    assert any("第 4 号" in line for line in report.lines())
    repaired = ctx.startup_check.repair()
    assert repaired.clean and len(repaired.repaired) == 2
    with ctx.uow_factory(readonly=True) as uow:
        voided = list(
            uow.session.execute(select(Document.seq, Document.void_reason).where(Document.voided))
        )
    assert voided == [(4, GAP_VOID_REASON), (5, GAP_VOID_REASON)]
    with ctx.uow_factory() as uow:
        assert allocate_sequence(uow.session, "notice", 2026) == 6  # never reused


def test_temp_files_and_missing_files_are_reported_and_temp_files_removed(
    ctx: AppContext, capfd: pytest.CaptureFixture[str]
) -> None:
    store = FileStore(file_store_dir(ctx.data_dir))
    kept = store.put(b"referenced document")
    stray = store.put(b"never recorded")
    with ctx.uow_factory() as uow:
        uow.session.add(Document(doc_type="现场笔录", file_sha256=kept))
        uow.session.add(Document(doc_type="询问笔录", number="第7号", file_sha256="ab" * 32))
        uow.commit()
    leftover = store.root / "cd" / ".cdcd.x1.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a file")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    fresh = store.root / "cd" / ".cdce.x2.tmp"
    fresh.write_bytes(b"another clerk is writing this right now")

    report = ctx.startup_check.check()
    assert report.temp_files == (str(leftover),)  # the fresh one may still be being written
    assert report.missing_files == ("第7号（编号 2）",)
    assert report.unreferenced_files == (stray,)
    args = ["--data-dir", str(ctx.data_dir)]
    if ctx.engine.dialect.name != "sqlite":
        args += ["--db", ctx.engine.url.render_as_string(hide_password=False)]
    assert run([*args, "check", "--repair"]) == 1  # the missing file still needs the clerk
    out = capfd.readouterr().out
    assert "已删除临时文件" in out and "第7号" in out
    assert not leftover.exists() and fresh.exists() and store.exists(stray)
    assert StartupCheckService(ctx.uow_factory, store, temp_min_age=0).check().temp_files == (
        str(fresh),
    )


@pytest.mark.parametrize(
    "url",
    [r"sqlite:///\\fileserver\共享\casedesk.db", "sqlite:///" + "//fileserver/share/casedesk.db"],
)
def test_sqlite_on_a_network_share_is_refused(url: str) -> None:
    with pytest.raises(DatabaseLocationError, match="网络共享"):
        make_engine(url)


def test_sqlite_on_a_mapped_network_drive_is_refused_but_a_local_drive_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def drive_is_remote(drive: str) -> bool:  # stands in for GetDriveTypeW on Windows
        asked.append(drive)
        return drive.upper() == "Z:"

    monkeypatch.setattr(engine_module, "_drive_is_remote", drive_is_remote)
    with pytest.raises(DatabaseLocationError, match="网络共享"):
        make_engine(r"sqlite:///Z:\卫监\casedesk.db")
    assert asked == ["Z:"]
    local = make_engine(f"sqlite:///{tmp_path / 'casedesk.db'}")  # no drive letter here
    local.dispose()
    # Windows long-path forms: \\?\UNC\… is a share, \\?\C:\… a local disk.
    on_share = engine_module._on_network_share
    assert on_share(r"\\?\UNC\fileserver\共享\casedesk.db")
    assert on_share(r"\\?\z:\卫监\casedesk.db")
    assert not on_share(r"\\?\C:\卫监\casedesk.db")
    assert not on_share(r"D:\卫监\casedesk.db")
    assert asked == ["Z:", "z:", "C:", "D:"]


def test_cli_refuses_a_unc_database_with_advice(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code = run(
        ["--data-dir", str(tmp_path), "--db", "sqlite:///\\\\server\\share\\c.db", "list", "cases"]
    )
    err = capfd.readouterr().err
    assert code == 1
    assert "PostgreSQL" in err and "网络共享" in err and "Traceback" not in err


def _stale_temp_file(store: FileStore) -> Path:
    """A temp file an interrupted write left behind an hour ago."""
    leftover = store.root / "ef" / ".efef.x9.tmp"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b"half a document")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    return leftover


def test_opening_the_app_context_repairs_and_reports_orphaned_files(
    ctx: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    store = FileStore(file_store_dir(ctx.data_dir))
    leftover = _stale_temp_file(store)
    stray = store.put(b"a file no record refers to")
    with ctx.uow_factory() as uow:
        allocate_sequence(uow.session, "notice", 2026)  # a number without its document
        uow.commit()
    assert ctx.startup_report is None  # commands and tests open without the check
    db_url = None if ctx.engine.dialect.name == "sqlite" else ctx.engine.url
    opened = build_context(
        str(ctx.data_dir),
        db_url.render_as_string(hide_password=False) if db_url else None,
        startup_check=True,
    )
    try:
        report = opened.startup_report
        assert report is not None and report.clean and not report.error
        assert not leftover.exists() and store.exists(stray)  # unreferenced files are kept
        assert report.unreferenced_files == (stray,)
        assert report.repaired == (
            f"已删除临时文件 {leftover}",
            "已将 notice 2026 年第 1 号登记为作废",
        )
        assert report.notes() == [
            "启动检查：" + line
            for line in (*report.repaired, "文件库中有 1 个文件没有任何记录引用（已保留）。")
        ]
        assert 0 < report.elapsed_ms < 5_000
        logged = [r.getMessage() for r in caplog.records if r.name == "casedesk.startup_check"]
        assert len(logged) == 1 and "已删除临时文件" in logged[0] and "ms" in logged[0]
        # The next start finds nothing left to repair.
        assert opened.startup_check.repair().repaired == ()
    finally:
        opened.close()


def test_temp_files_of_a_killed_export_or_exit_backup_are_removed_at_start(ctx: AppContext) -> None:
    # What export_file and create_backup leave when the process is killed mid-write (the
    # data folder's documents/ and backups/): Windows Explorer shows these dot-files.
    documents, backups = ctx.data_dir / "documents", ctx.data_dir / "backups"
    (documents / "2026").mkdir(parents=True)
    backups.mkdir()
    old = time.time() - 3600
    leftovers = [
        documents / "2026" / ".行政处罚决定书_青卫医罚〔2026〕5号.docx.k2x9a.tmp",
        backups / ".自动备份-20261203-081500-000001.zip.p0q1.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"PK\x03\x04 half written")
        os.utime(path, (old, old))
    writing_now = documents / ".立案报告_青卫医案〔2026〕9号.docx.w8e7.tmp"
    writing_now.write_bytes(b"PK")
    clerks_own = documents / "草稿.tmp"  # not one of ours: never touched
    clerks_own.write_bytes(b"x")
    os.utime(clerks_own, (old, old))

    report = ctx.startup_check.check()
    assert sorted(report.temp_files) == sorted(str(p) for p in leftovers)
    assert not report.clean
    repaired = ctx.startup_check.repair()
    assert repaired.clean
    assert not any(p.exists() for p in leftovers)
    assert writing_now.exists() and clerks_own.exists()
    assert sorted(repaired.repaired) == sorted(f"已删除临时文件 {p}" for p in leftovers)


def test_a_failing_check_is_reported_and_does_not_stop_the_start(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_self: StartupCheckService) -> StartupReport:
        raise OSError("文件库所在的共享文件夹无法访问")

    monkeypatch.setattr(StartupCheckService, "repair", broken)
    report = run_at_start(ctx.startup_check)
    assert not report.clean
    assert report.notes() == ["启动检查：启动检查未能完成：文件库所在的共享文件夹无法访问"]


def test_a_long_report_is_cut_to_a_few_lines_on_the_dashboard() -> None:
    report = StartupReport(missing_files=tuple(f"第{n}号（编号 {n}）" for n in range(1, 11)))
    notes = report.notes(limit=4)
    assert len(notes) == 4 and notes[-1] == "启动检查：另有 7 项，详见日志 logs/casedesk.log。"
