"""installer/build.py: the version comes from desktop/__init__.py and reaches makensis."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))

import build

from desktop import __version__


def test_version_is_read_from_the_one_place() -> None:
    assert build.read_version() == __version__


def test_windows_version_has_four_numbers() -> None:
    assert build.windows_version("0.1.0") == "0.1.0.0"
    assert build.windows_version("1.2") == "1.2.0.0"
    assert build.windows_version("1.2.3rc1") == "1.2.3.0"
    assert build.windows_version("2.0.1.7") == "2.0.1.7"


def test_makensis_gets_version_bundle_and_output(tmp_path: Path) -> None:
    command = build.nsis_command("makensis", tmp_path / "casedesk", tmp_path / "s.exe", "1.4.2")
    assert command[0] == "makensis"
    assert command[-1].endswith("casedesk.nsi")
    assert "-DAPP_VERSION=1.4.2" in command
    assert "-DAPP_VERSION_4=1.4.2.0" in command
    assert f"-DDIST_DIR={tmp_path / 'casedesk'}" in command
    assert f"-DOUT_FILE={tmp_path / 's.exe'}" in command
    assert not any(c.startswith("-DFAST_COMPRESSION") for c in command)


def test_nsis_script_installs_per_user_and_keeps_user_data() -> None:
    script = build.NSIS_SCRIPT.read_text("utf-8")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_ID}"' in script
    assert "$SMPROGRAMS" in script and "$DESKTOP" in script
    uninstall = script[script.index('Section "Uninstall"') :]
    assert "$LOCALAPPDATA\\casedesk" not in uninstall.replace("${DATA_DIR}", "")
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # never a recursive delete of the folder


def test_folder_size_counts_files_not_symlinks(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 1000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 24)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert build.folder_size(tmp_path) == 1024
