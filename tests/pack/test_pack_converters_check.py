"""converters_check finds LibreOffice and says in Chinese what is missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from desktop.documents import converters as cc


def test_soffice_on_this_machine_is_found() -> None:
    found = cc.find_soffice()
    assert found is not None
    assert found == Path(shutil.which("soffice") or "")
    report = cc.check_converters()
    assert report.any_available
    assert report.preferred is not None and report.preferred.id == "libreoffice"
    assert "LibreOffice" in report.message and "PDF" in report.message


def test_explicit_soffice_path_wins(tmp_path: Path) -> None:
    fake = tmp_path / "soffice.exe"
    fake.write_text("")
    assert cc.find_soffice({cc.ENV_SOFFICE: str(fake)}) == fake
    assert cc.find_soffice({cc.ENV_SOFFICE: str(tmp_path / "missing.exe")}) is None


def test_known_install_places_are_searched(tmp_path: Path) -> None:
    program = tmp_path / "LibreOffice" / "program" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_text("")
    found = cc.find_soffice({}, candidates=[str(program)], which=lambda _name: None)
    assert found == program
    assert cc.find_soffice({}, candidates=[str(tmp_path / "x")], which=lambda _n: None) is None


def test_message_names_what_to_install_when_nothing_is_found() -> None:
    report = cc.ConverterReport(
        (
            cc.ConverterStatus("word", "Microsoft Word", False, "未安装"),
            cc.ConverterStatus("wps", "WPS Office", False, "未安装"),
            cc.ConverterStatus("libreoffice", "LibreOffice", False, "未安装"),
        )
    )
    assert not report.any_available and report.preferred is None
    assert "未找到" in report.message
    for name in ("Microsoft Word", "WPS Office", "LibreOffice"):
        assert name in report.message


def test_word_is_preferred_and_missing_suites_are_named() -> None:
    report = cc.ConverterReport(
        (
            cc.ConverterStatus("word", "Microsoft Word", True, "COM：Word.Application"),
            cc.ConverterStatus("wps", "WPS Office", False, "未安装"),
            cc.ConverterStatus("libreoffice", "LibreOffice", True, "/usr/bin/soffice"),
        )
    )
    assert report.message == "将使用 Microsoft Word 把文书转换为 PDF（未检测到：WPS Office）。"


def test_frozen_app_hands_office_suites_the_original_library_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/casedesk/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    assert cc.subprocess_env()["LD_LIBRARY_PATH"] == "/usr/local/lib"
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG")
    assert "LD_LIBRARY_PATH" not in cc.subprocess_env()
