"""设置: the PDF converters found on this computer; 导出密钥备份 with the passphrase asked twice."""

from __future__ import annotations

from pathlib import Path

from desktop.services.converters_check import check_converters
from desktop.services.crypto import key_exported_at
from desktop.services.key_file import unwrap_key
from desktop.ui.dialogs.key_export import KeyExportDialog
from desktop.ui.pages.settings_page import SettingsPage


def _page(qtbot, window) -> SettingsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("设置")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: page.is_loaded and page.converters is not None, timeout=20_000)
    return page


def test_settings_show_each_converters_availability(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    expected = check_converters()
    assert page.converter_message.text() == expected.message
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
