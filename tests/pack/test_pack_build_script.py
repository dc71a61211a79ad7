"""installer/build.py: the version comes from desktop/__init__.py and reaches makensis."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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
    assert "-WX" in command  # a warning fails the build


def _stand_in_bundle(folder: Path) -> Path:
    """The bundle's file layout (executables at the top, libraries in _internal) with tiny files."""
    bundle = folder / "casedesk"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    for name in ("casedesk.exe", "casedesk-cli.exe", "_internal/base_library.zip",
                 "_internal/PySide6/Qt6Core.dll"):  # fmt: skip
        (bundle / name).write_bytes(b"stand-in " + name.encode())
    return bundle


def test_nsis_script_compiles_with_the_version_from_the_one_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in_bundle(tmp_path)
    # Relative paths, as a developer types them: makensis reads them from the script's folder.
    monkeypatch.chdir(tmp_path)
    assert build.main(["--bundle", "casedesk", "--dist", "out", "--fast-installer"]) == 0
    setup = tmp_path / "out" / f"casedesk-{__version__}-setup.exe"
    data = setup.read_bytes()
    assert data[:2] == b"MZ"  # a Windows executable
    # The version resource (stored uncompressed, UTF-16) carries the name and the version.
    assert __version__.encode("utf-16-le") in data
    assert "卫生监督执法文书工作站".encode("utf-16-le") in data


def test_installer_without_a_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no bundle folder"):
        build.main(["--bundle", str(tmp_path / "nowhere"), "--dist", str(tmp_path)])
    assert not list(tmp_path.glob("*.exe"))


def test_a_script_warning_fails_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI relies on this: a warning in casedesk.nsi must stop the build, not pass silently.
    script = tmp_path / "warned.nsi"
    text = build.NSIS_SCRIPT.read_text("utf-8")
    script.write_text(
        text.replace("Unicode true", "Unicode true\nVar /GLOBAL unused_variable"), "utf-8"
    )
    # !include paths stay valid: the copy lives elsewhere but includes only NSIS's own headers.
    monkeypatch.setattr(build, "NSIS_SCRIPT", script)
    with pytest.raises(subprocess.CalledProcessError):
        build.main(["--bundle", str(_stand_in_bundle(tmp_path)), "--dist", str(tmp_path / "out"),
                    "--fast-installer"])  # fmt: skip
    assert not (tmp_path / "out" / f"casedesk-{__version__}-setup.exe").exists()


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
