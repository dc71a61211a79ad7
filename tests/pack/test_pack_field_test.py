"""The field self-test (`casedesk --self-test --full`): what the install self-test may skip fails
here, every suite found converts on its own, and a Chinese report file is written."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop import field_test, self_test
from desktop.cli.main import run
from desktop.documents import converters
from desktop.documents.converters import ConverterReport, ConverterStatus
from desktop.self_test import SelfTestState

NOTHING = ConverterReport((
    ConverterStatus("word", "Microsoft Word", False, "未安装（未找到 COM 注册）"),
    ConverterStatus("wps", "WPS Office", False, "未安装（未找到 COM 注册）"),
    ConverterStatus("libreoffice", "LibreOffice", False, "未安装或不在常用位置"),
))  # fmt: skip


def test_a_pc_without_a_converter_fails_instead_of_skipping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(self_test, "check_converters", lambda: NOTHING)
    monkeypatch.setattr(converters, "check_converters", lambda *a, **k: NOTHING)
    ci = SelfTestState(tmp_path)
    assert self_test._convert_pdf(ci).startswith("跳过：")  # CI's runner has no Office
    field = SelfTestState(tmp_path, full=True)
    for step in (self_test._convert_pdf, self_test._case_file, field_test._each_converter):
        with pytest.raises(RuntimeError, match="未找到可将文书转换为 PDF 的办公软件"):
            step(field)
    with pytest.raises(RuntimeError, match="没有转换出的 PDF"):
        self_test._pdf_preview(field)


class CredentialManagerUnderPolicy(KeyringBackend):
    """Windows Credential Manager when the policy "不允许存储网络身份验证的密码和凭据" is set:
    CredWrite fails with error 1312, raised by pywin32 as pywintypes.error — not a KeyringError."""

    priority = 1  # type: ignore[assignment]

    class error(Exception):  # noqa: N801, N818 - pywintypes.error's name
        pass

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error(1312, "CredWrite", "指定的登录会话不存在。可能已被终止。")

    def delete_password(self, service: str, username: str) -> None:
        raise self.error(1168, "CredDelete", "找不到元素。")


def test_a_credential_manager_refusing_writes_fails_the_field_test(tmp_path: Path) -> None:
    backend = CredentialManagerUnderPolicy()
    quiet, field = SelfTestState(tmp_path), SelfTestState(tmp_path, full=True)
    quiet.os_keyring = field.os_keyring = backend
    assert "存取失败" in self_test._keyring(quiet) and "1312" in self_test._keyring(quiet)
    with pytest.raises(RuntimeError, match="CASEDESK_KEY_PASSPHRASE"):
        self_test._keyring(field)


def test_the_flag_runs_the_field_test_and_writes_a_chinese_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_state: SelfTestState) -> str:
        raise RuntimeError("未找到可将文书转换为 PDF 的办公软件")

    monkeypatch.setattr(field_test, "STEPS", (("打开临时数据库并迁移", lambda _s: "好"),))
    # The real lock step: run() holds the mutex the installer checks while the test runs.
    monkeypatch.setattr(field_test, "FULL_STEPS", (("逐一用各转换程序转换决定书", broken),
                                                   ("文件占用与运行标记", field_test._file_locks)))  # fmt: skip
    report = tmp_path / "报告.txt"
    code = run(
        ["--data-dir", str(tmp_path / "data"), "--self-test", "--full", "--report", str(report)]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert "[失败] 逐一用各转换程序转换决定书" in out and f"报告：{report}" in out
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Notepad on any Windows 10 reads it as UTF-8
    text = raw.decode("utf-8-sig")
    assert text.startswith("卫生监督执法文书工作站 casedesk")
    assert "[通过] 打开临时数据库并迁移" in text
    assert "[通过] 文件占用与运行标记" in text and "安装程序能识别正在运行的本程序" in text
    assert "结论：未通过（1 项失败：逐一用各转换程序转换决定书）" in text
    # The command form, with the report in the data folder by default.
    assert run(["--data-dir", str(tmp_path / "data"), "self-test", "--full"]) == 1
    assert len(list((tmp_path / "data" / "自检报告").glob("casedesk-现场自检报告-*.txt"))) == 1


def test_each_converter_found_converts_the_decision_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With LibreOffice the only suite here, the step converts a real 决定书 with it."""
    from memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.setenv("CASEDESK_KEY_PASSPHRASE", "现场自检口令-1")
    lines: list[str] = []
    try:
        steps = (*self_test.STEPS[:5], ("逐一用各转换程序转换决定书", field_test._each_converter))
        results = self_test.run_steps(steps, tmp_path, lines.append, full=True)
    finally:
        keyring.set_keyring(previous)
    last = results[-1]
    assert last.passed, last.detail
    assert "LibreOffice：已转换" in last.detail and "Microsoft Word：未安装" in last.detail
    assert list((tmp_path / "pdf-libreoffice").glob("行政处罚决定书_*.pdf"))
