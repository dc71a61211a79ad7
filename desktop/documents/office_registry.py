"""What the Windows registry says about the office suites, read without starting any of them.

COM: `win32com.client.DispatchEx(progid)` resolves the ProgID through `HKCR\\<ProgID>\\CLSID`
(CLSIDFromProgID) and starts the server named in `HKCR\\CLSID\\{clsid}\\LocalServer32`. An
unregistered ProgID fails with com_error -2147221005 "Invalid class string" (CO_E_CLASSSTRING;
pywin32 issues #1578 and #1914, xlwings #2200 show DispatchEx raising it), a registration whose
program is gone fails with -2147024893 "The system cannot find the path specified" (pywin32
#1317). Reading the same keys first tells which suite can start before one is chosen.

LibreOffice: its MSI writes `HKLM\\SOFTWARE\\LibreOffice\\UNO\\InstallPath` (default value: the
`program` folder; read the same way by ooo-dev-tools' uno_paths.py) and the shell's
`...\\CurrentVersion\\App Paths\\soffice.exe` (default value: soffice.exe itself), under HKCU for
a per-user install. An install on D:\\ is found there and nowhere else.

Everything here is guarded: off Windows the real registry answers nothing.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

#: COM ProgIDs: Word's, and WPS 文字's. "KWps.Application" (CLSID
#: {000209FF-0000-4b30-A977-D214852036FF}, LocalServer32 "wpsoffice.exe /Automation") is what
#: current WPS registers; "wps.Application" is the name WPS 2009's SDK documented. Registry keys
#: are case-insensitive, so "KWPS.Application" and "kwps.Application" are the same key.
WORD_PROGIDS = ("Word.Application",)
WPS_PROGIDS = ("KWps.Application", "wps.Application")

#: Where LibreOffice writes its path (key, value name; "" is the key's default value).
_SOFFICE_KEYS = (
    (r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", "", "soffice.exe"),
    (r"SOFTWARE\LibreOffice\UNO\InstallPath", "", "soffice.exe"),
)


class Registry(Protocol):
    """Read-only access to the registry (the real one on Windows; a dict in tests)."""

    def value(self, hive: str, key: str, name: str = "") -> str | None:
        """A string value ("" = the key's default value), None when the key or value is absent."""
        ...

    def values(self, hive: str, key: str) -> dict[str, str]:
        """Every string value of a key (empty when the key is absent)."""
        ...


class WindowsRegistry:
    """The real registry through winreg; answers nothing on other systems."""

    def value(self, hive: str, key: str, name: str = "") -> str | None:
        """A string value, REG_EXPAND_SZ expanded."""
        if sys.platform != "win32":
            return None
        import winreg

        try:
            with winreg.OpenKey(_hive(hive), key) as handle:
                data, kind = winreg.QueryValueEx(handle, name or None)
        except OSError:
            return None
        if not isinstance(data, str):
            return None
        return os.path.expandvars(data) if kind == winreg.REG_EXPAND_SZ else data

    def values(self, hive: str, key: str) -> dict[str, str]:
        """Every string value of a key."""
        if sys.platform != "win32":
            return {}
        import winreg

        found: dict[str, str] = {}
        try:
            with winreg.OpenKey(_hive(hive), key) as handle:
                index = 0
                while True:
                    try:
                        name, data, _kind = winreg.EnumValue(handle, index)
                    except OSError:
                        break
                    if isinstance(data, str):
                        found[name] = data
                    index += 1
        except OSError:
            return {}
        return found


def _hive(name: str) -> int:
    if sys.platform != "win32":
        raise OSError("no registry here")
    import winreg

    hives: dict[str, int] = {
        "HKCR": winreg.HKEY_CLASSES_ROOT,
        "HKLM": winreg.HKEY_LOCAL_MACHINE,
        "HKCU": winreg.HKEY_CURRENT_USER,
    }
    return hives[name]


@dataclass(frozen=True, slots=True)
class ComServer:
    """A registered COM automation server: the ProgID that names it and the program it starts."""

    progid: str
    program: str


_EXE = re.compile(r'^\s*"?([^"]*?\.exe)', re.IGNORECASE)


def server_program(command: str) -> str:
    """The executable of a LocalServer32 command line (`"C:\\…\\WINWORD.EXE" /Automation`)."""
    match = _EXE.match(command)
    return match.group(1) if match else command.strip()


def find_com_server(progids: Iterable[str], registry: Registry,
                    exists: Callable[[str], bool] = os.path.isfile) -> ComServer | None:  # fmt: skip
    """The first ProgID whose CLSID has a LocalServer32 program that exists on disk.

    32-bit Office on 64-bit Windows registers its CLSID under WOW6432Node; an out-of-process
    server is started from either view, so both are read.
    """
    for progid in progids:
        clsid = registry.value("HKCR", rf"{progid}\CLSID")
        if not clsid:
            continue
        for view in ("CLSID", r"WOW6432Node\CLSID"):
            command = registry.value("HKCR", rf"{view}\{clsid}\LocalServer32")
            if command and exists(server_program(command)):
                return ComServer(progid, server_program(command))
    return None


def soffice_from_registry(registry: Registry,
                          exists: Callable[[str], bool] = os.path.isfile) -> Path | None:  # fmt: skip
    """soffice.exe where LibreOffice's installer registered it (per user first, then machine)."""
    for hive in ("HKCU", "HKLM"):
        for key, name, program in _SOFFICE_KEYS:
            found = registry.value(hive, key, name)
            if not found:
                continue
            candidate = found.strip('"')
            if not candidate.lower().endswith(".exe"):  # InstallPath names the folder
                candidate = ntpath.join(candidate, program)
            if exists(candidate):
                return Path(candidate)
    return None
