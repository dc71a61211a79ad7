"""设置: the PDF converters found on this computer; 导出密钥备份 with the passphrase asked twice."""

from __future__ import annotations

from pathlib import Path

from desktop.documents.converters import check_converters
from desktop.trust.crypto import key_exported_at
from desktop.trust.key_file import unwrap_key
from desktop.ui.dialogs.key_export import KeyExportDialog
from desktop.ui.pages.settings_page import SettingsPage


def _page(qtbot, window) -> SettingsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("设置")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: page.is_loaded and page.converters is not None, timeout=20_000)
    return page


def test_settings_show_each_converters_availability(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    expected = window.ctx.documents.check_converters()  # what the page asks
    assert page.converter_message.text() == expected.message
    assert expected.message.startswith(check_converters().message)
    # and 设置 says whether previews go through a warm LibreOffice (issue 18)
    assert "常驻" in expected.message or "python3-uno" in expected.message
    assert any(c.id == "libreoffice" and c.available for c in expected.converters)  # this machine
    assert set(page.converter_labels) == {c.id for c in expected.converters}
    for status in expected.converters:
        text = page.converter_labels[status.id].text()
        assert ("可用" if status.available else "未检测到") in text
    # a computer with nothing installed is told what to install
    from dataclasses import replace

    none = replace(expected, converters=tuple(
        replace(c, available=False, detail="未安装") for c in expected.converters))  # fmt: skip
    page.show_converters(none)
    assert (
        "未找到" in page.converter_message.text() and "LibreOffice" in page.converter_message.text()
    )
    assert all("未检测到" in label.text() for label in page.converter_labels.values())


def test_key_export_asks_twice_and_writes_a_key_file(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    ctx = window.ctx
    dialog = KeyExportDialog(page)
    qtbot.addWidget(dialog)
    dialog.first.setText("correct horse")
    dialog.second.setText("correct hors")
    assert not dialog.try_accept()
    assert "不一致" in dialog.error.text() and not dialog.error.isHidden()
    dialog.second.setText("correct horse")
    assert dialog.try_accept()
    # the service's own rule on the length is shown beside the button, nothing written
    short = tmp_path / "short.key"
    page.export_key_to(short, "abc")
    qtbot.waitUntil(lambda: "未导出" in page.key_message.text(), timeout=20_000)
    assert "至少" in page.key_message.text() and not short.exists()
    assert key_exported_at(ctx.engine) is None
    out = tmp_path / "backup.key"
    page.export_key_to(out, dialog.passphrase())
    qtbot.waitUntil(lambda: "已导出" in page.key_message.text(), timeout=30_000)
    key_id, key = unwrap_key(out, "correct horse")
    assert key_id == ctx.cipher.key_id and key == ctx.cipher.raw_key
    assert key_exported_at(ctx.engine) is not None
    assert not any("密钥" in note for note in ctx.backups.reminders())


def test_maintenance_backup_audit_check_and_holiday_years(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile
    from datetime import date

    import casedesk_pg

    page = _page(qtbot, window)
    box = page.maintenance
    qtbot.waitUntil(lambda: "已录入" in box.calendar_label.text(), timeout=20_000)
    assert "已录入：无" in box.calendar_label.text()
    # the audit trail's check
    _handle_done(qtbot, box.verify_audit())
    assert box.audit_label.text().startswith("审计记录完整：共 ")
    # 2027's arrangement entered from a CSV: deadlines use it at once
    ctx = window.ctx
    provisional = ctx.calendar.add_working_days(date(2027, 1, 29), 3)
    csv = tmp_path / "2027.csv"
    csv.write_text(
        "# 完整: 2027\n日期,类型,名称\n2027-02-01,休,春节\n2027-02-02,休,春节\n", encoding="utf-8"
    )
    _handle_done(qtbot, box.import_calendar(csv))
    assert "已录入 2027 年节假日安排" in box.calendar_label.text()
    entered = ctx.calendar.add_working_days(date(2027, 1, 29), 3)
    assert provisional.provisional and not entered.provisional
    assert entered.due > provisional.due  # two holidays on the way
    bad = tmp_path / "bad.csv"
    bad.write_bytes("日期,类型\n2027-13-01,休\n".encode("gbk"))
    _handle_done(qtbot, box.import_calendar(bad))
    assert "UTF-8" in box.calendar_label.text()
    # a backup now (the embedded database's; the server's is pg_dump's job)
    out = tmp_path / "备份.zip"
    _handle_done(qtbot, box.backup_to(out))
    if casedesk_pg.suite_on_postgres():
        assert "pg_dump" in box.backup_label.text() and not out.exists()
    else:
        assert box.backup_label.text().startswith("备份已完成")
        with zipfile.ZipFile(out) as archive:
            assert "manifest.json" in archive.namelist()


def _handle_done(qtbot, handle) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: handle.done, timeout=60_000)
