"""设置 → 现场自检: the field self-test runs in its own process, its lines show in a dialog and the
report can be opened; 设置 also lists the official fonts and what prints instead."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.ui.dialogs import field_test_dialog
from desktop.ui.dialogs.field_test_dialog import FieldTestDialog, self_test_command
from desktop.ui.pages import settings_page
from desktop.ui.pages.settings_page import SettingsPage

#: Stands in for casedesk-cli --self-test --full: prints UTF-8 lines, writes the report, fails.
FAKE_SELF_TEST = """
import sys
from pathlib import Path
report = Path(sys.argv[sys.argv.index("--report") + 1])
report.parent.mkdir(parents=True, exist_ok=True)
report.write_text("卫生监督执法文书工作站 casedesk 现场自检报告", encoding="utf-8-sig")
sys.stdout.buffer.write("[失败] 逐一用各转换程序转换决定书：未找到 WPS\\n".encode("utf-8"))
sys.exit(1)
"""


def test_the_command_is_the_cli_with_full_and_the_report() -> None:
    program, args = self_test_command(Path("r.txt"), Path("data"))
    assert program == sys.executable
    assert args[args.index("--self-test") :] == ["--self-test", "--full", "--report", "r.txt"]
    assert args[args.index("--data-dir") + 1] == "data"


def test_settings_runs_the_field_test_and_offers_the_report(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("设置")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: page.is_loaded and page.converters is not None, timeout=20_000)
    assert "方正小标宋简体" in page.fonts_label.text()  # the start-up check's font lines

    def fake_command(report: Path, _data: Path) -> tuple[str, list[str]]:
        return sys.executable, ["-c", FAKE_SELF_TEST, "--report", str(report)]

    monkeypatch.setattr(settings_page, "self_test_command", fake_command)
    opened: list[str] = []
    monkeypatch.setattr(field_test_dialog.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()))  # fmt: skip
    dialog = page.start_field_test()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FieldTestDialog)
    qtbot.waitUntil(lambda: dialog.exit_code is not None, timeout=30_000)
    assert dialog.exit_code == 1
    assert "未找到 WPS" in dialog.output.toPlainText()
    assert "现场自检未通过" in dialog.status.text()
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert opened == [str(dialog.report)]
    assert dialog.report.parent == Path(page.ctx.data_dir) / "自检报告"
