"""installer/build.py: the version comes from desktop/__init__.py and reaches makensis."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _recorder(name: str) -> Callable[..., tuple[str, tuple[Any, ...], dict[str, Any]]]:
    return lambda *args, **kwargs: (name, args, kwargs)


def test_windows_version_resource_parses_and_carries_the_version(tmp_path: Path) -> None:
    path = build.write_version_resource(tmp_path / "v.txt", "1.4.2")
    # PyInstaller evaluates the file with its own classes (which need pefile, a Windows-only
    # dependency); constructors that record their arguments check the same expression here.
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")  # fmt: skip
    namespace = {name: _recorder(name) for name in names}
    tree = eval(path.read_text("utf-8"), namespace)
    fixed = tree[2]["ffi"]
    assert fixed[0] == "FixedFileInfo" and fixed[2]["filevers"] == (1, 4, 2, 0)
    string_table = tree[2]["kids"][0][1][0][0]
    strings = dict(struct[1] for struct in string_table[1][1])
    assert strings["ProductVersion"] == "1.4.2"
    assert strings["FileDescription"] == "卫生监督执法文书工作站"
