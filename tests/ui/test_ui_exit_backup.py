"""Closing the window backs the data up in the background; a failure is logged and shown."""

from __future__ import annotations

import logging

import pytest

from desktop.trust.backup import AUTO_PREFIX, BACKUPS_DIR
from desktop.ui.pages.dashboard_page import DashboardPage


def test_closing_the_window_leaves_a_backup_zip(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    if window.ctx.engine.dialect.name != "sqlite":
        pytest.skip("backup of the database file is the SQLite mode's (the server has pg_dump)")
    folder = window.ctx.data_dir / BACKUPS_DIR
    before = set(folder.glob(f"{AUTO_PREFIX}*.zip")) if folder.exists() else set()
    window.backup_on_close = True
    window.close()
    assert window.isVisible()  # waits for the backup, showing what it does
    assert "自动备份" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    made = set(folder.glob(f"{AUTO_PREFIX}*.zip")) - before
    assert len(made) == 1 and next(iter(made)).stat().st_size > 1000
    assert window.exit_backup is not None and "自动备份完成" in window.exit_backup


def test_a_failed_backup_is_shown_and_logged_and_exit_still_happens(  # type: ignore[no-untyped-def]
    qtbot, window, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise OSError("磁盘已满")

    monkeypatch.setattr(window.ctx.backups, "backup_on_exit", broken)
    window.backup_on_close = True
    with caplog.at_level(logging.ERROR, logger="casedesk.ui"):
        window.close()
        qtbot.waitUntil(lambda: "自动备份失败" in window.statusBar().currentMessage(), timeout=5000)
        assert window.isVisible()  # the message stays a moment
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=8000)
    assert "磁盘已满" in (window.exit_backup or "")
    assert any("backup on exit failed" in r.getMessage() for r in caplog.records)


def test_dashboard_shows_the_backup_services_reminders(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    page = window.show_page("工作台")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    reminders = ctx.backups.reminders()
    assert reminders  # the demo copy: no backup yet, key never exported
    for note in reminders:
        assert note in page.reminder.text()
    ctx.backups.backup_on_exit()
    page.refresh()
    qtbot.waitUntil(lambda: "还没有做过备份" not in page.reminder.text(), timeout=20_000)
    assert "密钥还没有导出" in page.reminder.text()
