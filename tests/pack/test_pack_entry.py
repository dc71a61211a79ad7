"""The frozen entry point shows command-line errors when a windowed program has no console."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))

import casedesk_entry

from desktop.cli.registry import complain, say


def test_without_streams_an_error_reaches_the_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    shown: list[str] = []

    def failing() -> int:
        say("数据库已就绪")
        complain("错误：找不到本数据库的加密密钥。")
        return 1

    assert casedesk_entry.run_windowed(failing, shown.append) == 1
    assert shown == ["错误：找不到本数据库的加密密钥。"]


def test_success_and_usage_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    shown: list[str] = []
    assert casedesk_entry.run_windowed(lambda: say("好") or 0, shown.append) == 0
    assert shown == []

    def bad_arguments() -> int:
        from desktop.cli.main import run

        return run(["no-such-command"])

    assert casedesk_entry.run_windowed(bad_arguments, shown.append) == 2
    assert len(shown) == 1 and "命令行参数错误" in shown[0]


def test_with_a_console_nothing_is_captured(capsys: pytest.CaptureFixture[str]) -> None:
    shown: list[str] = []
    assert casedesk_entry.run_windowed(lambda: complain("错误：示例") or 3, shown.append) == 3
    assert shown == []
    assert "错误：示例" in capsys.readouterr().err
