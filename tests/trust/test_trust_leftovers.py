"""Issue 16, finding 10 (leftovers): what a killed run leaves is found by the pid it recorded,
reported by `casedesk check` and removed by `check --repair` / the start-up check; a LibreOffice
it started is stopped by its recorded pid and profile, never by name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import AppContext
from desktop.cli.main import run
from desktop.trust import leftovers
from desktop.trust.leftovers import (
    OWNER_FILE,
    find_leftovers,
    journal_dir,
    mark_owner,
    note_soffice,
    recorded,
)
from desktop.trust.processes import command_line, is_alive, start_token

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and modes")

LONG_AGO = time.time() - 3600


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private system temp folder for this test (other tests' runs are not ours to judge)."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert start_token(child.pid) is None
    return child.pid


@pytest.fixture
def fake_soffice() -> Iterator[subprocess.Popen[bytes]]:
    """A process standing for a LibreOffice a killed run left (its own session, as started)."""
    profile = "file:///tmp/casedesk-lo-test/profile"
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)", f"-env:UserInstallation={profile}"],
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while profile not in (command_line(process.pid) or "") and time.monotonic() < deadline:
        time.sleep(0.02)
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def _run_folder(parent: Path, name: str, pid: int, *, old: bool = True, start: str = "") -> Path:
    folder = parent / name
    (folder / "profile").mkdir(parents=True)
    (folder / OWNER_FILE).write_text(json.dumps({"pid": pid, "start": start}), encoding="utf-8")
    (folder / "0001.docx").write_bytes(b"PK\x03\x04 personal data")
    if old:
        for path in (folder, folder / OWNER_FILE):
            os.utime(path, (LONG_AGO, LONG_AGO))
    return folder


def _backdate(*paths: Path) -> None:
    for path in paths:
        os.utime(path, (LONG_AGO, LONG_AGO))


def test_check_reports_and_repair_removes_what_killed_runs_left(
    ctx: AppContext,
    temp_dir: Path,
    tmp_path: Path,
    fake_soffice: subprocess.Popen[bytes],
    capfd: pytest.CaptureFixture[str],
) -> None:
    dead = _dead_pid()
    scratch = _run_folder(temp_dir, "casedesk-lo-k1ll3d", dead)
    note_soffice(scratch, fake_soffice.pid, "file:///tmp/casedesk-lo-test/profile")
    _backdate(scratch / OWNER_FILE)
    case_file = _run_folder(temp_dir, "casedesk-case-file-x9", dead)
    packet = _run_folder(temp_dir, "casedesk-packet-p1", dead)
    documents = ctx.data_dir / "documents"
    documents.mkdir()
    staging_known = _run_folder(documents, ".casedesk-pdf-abc", dead)
    # A staging folder and a partial backup where only the killed run knew: its journal.
    elsewhere = tmp_path / "桌面" / "文书"
    staging_elsewhere = _run_folder(elsewhere, ".casedesk-pdf-def", dead)
    backup_out = tmp_path / "U盘" / "备份-2026.zip"
    backup_out.parent.mkdir(parents=True)
    partial = backup_out.parent / ".备份-2026.zip.a1b2c3.tmp"
    partial.write_bytes(b"PK\x03\x04 half a backup")
    _backdate(partial)
    journal = journal_dir(temp_dir)
    journal.mkdir(mode=0o700)
    for index, (kind, path) in enumerate((("staging", staging_elsewhere), ("backup", backup_out))):
        (journal / f"{dead}-{index}.json").write_text(
            json.dumps({"pid": dead, "start": "", "kind": kind, "path": str(path)}),
            encoding="utf-8",
        )
    # Kept: a live run's folder, a dead run's folder younger than a few minutes, a folder
    # of this name without a record younger than a day, a clerk's own folder, another name.
    live = temp_dir / "casedesk-lo-live"
    live.mkdir()
    mark_owner(live)
    _backdate(live, live / OWNER_FILE)
    young = _run_folder(temp_dir, "casedesk-lo-young", dead, old=False)
    unrecorded = temp_dir / "casedesk-case-file-norecord"
    unrecorded.mkdir()
    _backdate(unrecorded)
    theirs = _run_folder(temp_dir, "other-app-lo-x", dead)
    removed = [scratch, case_file, packet, staging_known, staging_elsewhere, partial]

    capfd.readouterr()
    assert run(["--data-dir", str(ctx.data_dir), "check"]) == 1
    out = capfd.readouterr().out
    for path in removed:
        assert str(path) in out, path
    assert f"进程 {dead}已结束" in out
    assert f"LibreOffice 仍在运行：进程 {fake_soffice.pid}" in out
    assert "可用 --repair 修复" in out
    assert all(p.exists() for p in removed) and fake_soffice.poll() is None  # check only looks

    assert run(["--data-dir", str(ctx.data_dir), "check", "--repair"]) == 0
    out = capfd.readouterr().out
    assert f"已停止为已结束的运行启动的 LibreOffice（进程 {fake_soffice.pid}）" in out
    assert fake_soffice.wait(timeout=10) is not None
    assert not any(p.exists() for p in removed)
    assert all(p.exists() for p in (live, young, unrecorded, theirs))
    assert not list(journal.glob("*.json"))  # the ended runs' journal entries are gone too
    assert run(["--data-dir", str(ctx.data_dir), "check"]) == 0
    assert "启动检查通过" in capfd.readouterr().out


def test_a_recorded_pid_that_now_runs_something_else_is_never_stopped(
    temp_dir: Path, fake_soffice: subprocess.Popen[bytes]
) -> None:
    dead = _dead_pid()
    scratch = _run_folder(temp_dir, "casedesk-lo-reused", dead)
    # The recorded soffice pid runs, but not with this run's profile (the pid was reused).
    note_soffice(scratch, fake_soffice.pid, "file:///tmp/casedesk-lo-OTHER/profile")
    _backdate(scratch / OWNER_FILE)
    found = find_leftovers(temp_dir=temp_dir)
    assert [f.path for f in found] == [scratch] and found[0].soffice == ()
    leftovers.remove_leftover(found[0])
    assert fake_soffice.poll() is None and not scratch.exists()


def test_a_reused_owner_pid_counts_as_ended(temp_dir: Path) -> None:
    # Our own pid with another start time: the recorded process ended and the pid was reused.
    folder = _run_folder(temp_dir, "casedesk-case-file-reuse", os.getpid(), start="1")
    assert is_alive(os.getpid()) and not is_alive(os.getpid(), "1")
    assert [f.path for f in find_leftovers(temp_dir=temp_dir)] == [folder]


def test_a_finished_backup_leaves_no_journal_entry(temp_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    with recorded("backup", out):
        entries = list(journal_dir(temp_dir).glob("*.json"))
        assert len(entries) == 1
        assert json.loads(entries[0].read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not list(journal_dir(temp_dir).glob("*.json"))
    assert journal_dir(temp_dir).stat().st_mode & 0o777 == 0o700


def test_the_app_start_removes_them_and_says_so(
    ctx: AppContext, temp_dir: Path, fake_soffice: subprocess.Popen[bytes]
) -> None:
    from desktop.app import build_context

    dead = _dead_pid()
    scratch = _run_folder(temp_dir, "casedesk-lo-atstart", dead)
    note_soffice(scratch, fake_soffice.pid, "file:///tmp/casedesk-lo-test/profile")
    _backdate(scratch / OWNER_FILE)
    ctx.close()
    opened = build_context(str(ctx.data_dir), startup_check=True)
    try:
        report = opened.startup_report
        assert report is not None and report.clean and not scratch.exists()
        notes = "".join(report.notes())
        assert f"已停止为已结束的运行启动的 LibreOffice（进程 {fake_soffice.pid}）" in notes
        assert fake_soffice.wait(timeout=10) is not None
    finally:
        opened.close()
