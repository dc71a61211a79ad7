"""Issue 16, finding 10: every file holding personal data is owner-only (0600, folders 0700),
and a CLI run killed (kill -9) in the middle of a PDF conversion leaves nothing `check --repair`
does not find and remove — its LibreOffice included."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from database.models import Case
from desktop.app import AppContext, build_context
from desktop.cases.export import export_cases
from desktop.cli.main import run
from desktop.trust.backup import create_backup
from desktop.trust.leftovers import OWNER_FILE, journal_dir
from desktop.trust.processes import group_members, start_token

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and signals")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _case_no(ctx: AppContext, case_id: int) -> str:
    with ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        return case.case_no


def test_documents_pdfs_exports_backups_and_the_database_are_owner_only(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "新建的输出文件夹" / "2026"
    document = demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id,
                                           out_dir=out, pdf=True)  # fmt: skip
    assert document.path is not None and document.pdf_path is not None
    assert _mode(document.path) == 0o600 and _mode(document.pdf_path) == 0o600  # PDF was 0644
    assert _mode(out) == 0o700 and _mode(out.parent) == 0o700  # the folders it made
    assert not list(out.glob(".casedesk-pdf-*"))

    xlsx = tmp_path / "exports" / "案件清单.xlsx"
    ids = [row.id for row in demo_ctx.cases.search("", limit=50)]
    export_cases(demo_ctx.cases, ids, xlsx)
    annex = tmp_path / "exports" / "附表1.xlsx"
    demo_ctx.reports.export("annex1", date(2026, 1, 1), date(2026, 12, 31), "xlsx", annex)
    for path in (xlsx, annex):
        assert _mode(path) == 0o600, path
    if demo_ctx.engine.dialect.name != "sqlite":
        return  # the server's database is backed up with pg_dump, not by casedesk
    backup = tmp_path / "backups" / "备份.zip"
    create_backup(demo_ctx.data_dir, demo_ctx.database_url, backup, cipher=demo_ctx.cipher)
    assert _mode(backup) == 0o600
    with zipfile.ZipFile(backup) as archive:
        assert "casedesk.db" in archive.namelist()

    folder = demo_ctx.data_dir
    assert _mode(folder) == 0o700
    for name in ("casedesk.db", "casedesk.db-wal", "casedesk.db-shm"):
        if (folder / name).exists():
            assert _mode(folder / name) == 0o600, name
    for key in folder.glob("casedesk*.key"):
        assert _mode(key) == 0o600


def test_a_new_data_folder_and_database_are_owner_only_and_old_ones_are_tightened(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "新数据" / "casedesk"
    ctx = build_context(str(fresh))
    ctx.cases.search("", limit=1)
    assert _mode(fresh) == 0o700 and _mode(fresh.parent) == 0o700
    for name in ("casedesk.db", "casedesk.db-wal", "casedesk.db-shm"):
        assert _mode(fresh / name) == 0o600, name  # SQLite gives -wal/-shm the file's mode
    ctx.close()
    # An older installation: 0644 database and a 0755 folder (as the issue found them).
    for name in ("casedesk.db", "casedesk.db-wal", "casedesk.db-shm"):
        if (fresh / name).exists():
            os.chmod(fresh / name, 0o644)
    os.chmod(fresh, 0o755)
    again = build_context(str(fresh))
    again.close()
    assert _mode(fresh) == 0o700 and _mode(fresh / "casedesk.db") == 0o600


def _wait_for(predicate: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def _soffice_record(temp: Path) -> tuple[Path, dict[str, object]] | None:
    for folder in temp.glob("casedesk-lo-*"):
        try:
            record = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if record.get("soffice"):
            return folder, record
    return None


@pytest.mark.slow
def test_kill_9_during_pdf_conversion_then_check_repairs_everything(
    demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    temp = tmp_path / "systemp"
    temp.mkdir()
    out = tmp_path / "输出"
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())",
               "--data-dir", str(demo_ctx.data_dir), "doc", "filing_report", "--all-cases",
               "--from", "2026-01-01", "--to", "2026-02-28", "--pdf", "--out", str(out)]  # fmt: skip
    started = time.monotonic()
    cli = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: _soffice_record(temp) is not None, 60), "soffice never started"
        os.kill(cli.pid, signal.SIGKILL)  # the clerk's PC is switched off mid-conversion
        cli.wait(timeout=10)
    finally:
        if cli.poll() is None:
            cli.kill()
    found = _soffice_record(temp)
    assert found is not None
    scratch, record = found
    soffice_pid = record["soffice"][0]["pid"]  # type: ignore[index]
    staging = list(out.glob(".casedesk-pdf-*"))
    assert len(staging) == 1 and (staging[0] / OWNER_FILE).exists()
    assert start_token(cli.pid) is None  # the run is gone …
    # … its LibreOffice lives on (its own session; killed right after it started, it has
    # a batch of documents before it).
    assert start_token(soffice_pid) is not None
    for path in (scratch, scratch / OWNER_FILE, staging[0], staging[0] / OWNER_FILE):
        os.utime(path, (time.time() - 3600,) * 2)  # older than a few minutes

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    capfd.readouterr()
    assert run(["--data-dir", str(demo_ctx.data_dir), "check"]) == 1
    report = capfd.readouterr().out
    assert str(scratch) in report and str(staging[0]) in report
    assert f"进程 {cli.pid}已结束" in report
    assert f"LibreOffice 仍在运行：进程 {soffice_pid}" in report
    assert run(["--data-dir", str(demo_ctx.data_dir), "check", "--repair"]) == 0
    capfd.readouterr()
    assert not scratch.exists() and not staging[0].exists()
    assert _wait_for(lambda: start_token(soffice_pid) is None, 10)
    assert group_members(soffice_pid) == []  # soffice.bin too: the whole group is stopped
    assert not list(journal_dir(temp).glob("*.json"))
    # Every PDF that did reach the output folder is owner-only.
    assert all(_mode(p) == 0o600 for p in out.glob("*.pdf"))
    assert time.monotonic() - started < 60
