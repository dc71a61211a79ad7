"""Which office suites can turn DOCX into PDF on this PC: LibreOffice, Microsoft Word, WPS Office.

Qt-free and quick (no suite is started): it looks for the programs where installers put them, and
on Windows for the COM registrations Word and WPS leave in the registry. The 设置 page shows
`check_converters().message` and one line per suite.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Environment variable naming an explicit soffice executable (portable LibreOffice, odd paths).
ENV_SOFFICE = "CASEDESK_SOFFICE"

#: Where LibreOffice installs on Windows (per machine; the per-user MSI uses LOCALAPPDATA).
_WINDOWS_SOFFICE = (
    r"%ProgramFiles%\LibreOffice\program\soffice.exe",
    r"%ProgramFiles(x86)%\LibreOffice\program\soffice.exe",
    r"%LOCALAPPDATA%\Programs\LibreOffice\program\soffice.exe",
)
#: Where LibreOffice lives on Linux distributions (Debian, UOS, Kylin) and macOS.
_UNIX_SOFFICE = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
#: COM ProgIDs: Word's, and the ones WPS registers (Kingsoft's own and its Word-compatible one).
WORD_PROGIDS = ("Word.Application",)
WPS_PROGIDS = ("KWps.Application", "wps.Application")
#: WPS for Linux (UOS/Kylin ship it); it has no batch conversion, so it is reported, not used.
_UNIX_WPS = ("/usr/bin/wps", "/opt/kingsoft/wps-office/office6/wps")


@dataclass(frozen=True, slots=True)
class ConverterStatus:
    """One office suite: whether it can convert, and where it was found or why not."""

    id: str
    name: str
    available: bool
    detail: str


@dataclass(frozen=True, slots=True)
class ConverterReport:
    """All suites in order of preference, and one Chinese sentence for the 设置 page."""

    converters: tuple[ConverterStatus, ...]

    @property
    def any_available(self) -> bool:
        """True when at least one suite can produce PDF."""
        return any(c.available for c in self.converters)

    @property
    def preferred(self) -> ConverterStatus | None:
        """The first available suite (Word, then WPS, then LibreOffice)."""
        return next((c for c in self.converters if c.available), None)

    @property
    def message(self) -> str:
        """What to tell the clerk: which suite will be used, or what to install."""
        chosen = self.preferred
        if chosen is None:
            return (
                "未找到可将文书转换为 PDF 的办公软件：请安装 Microsoft Word、WPS Office 或 "
                "LibreOffice（免费）。在此之前只能生成 DOCX 文书，不能生成 PDF 和卷宗。"
            )
        missing = "、".join(c.name for c in self.converters if not c.available)
        extra = f"（未检测到：{missing}）" if missing else ""
        return f"将使用 {chosen.name} 把文书转换为 PDF{extra}。"


def find_soffice(
    environ: Mapping[str, str] | None = None,
    candidates: Iterable[str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> Path | None:
    """The LibreOffice `soffice` executable: CASEDESK_SOFFICE, then PATH, then the usual places."""
    env = os.environ if environ is None else environ
    explicit = env.get(ENV_SOFFICE)
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = which(name)
        if found:
            return Path(found)
    places = _WINDOWS_SOFFICE if sys.platform == "win32" else _UNIX_SOFFICE
    for place in candidates if candidates is not None else places:
        path = Path(os.path.expandvars(place))
        if "%" not in str(path) and path.is_file():
            return path
    return None


def _registered_progid(progids: Iterable[str]) -> str | None:
    """The first COM ProgID registered on this Windows PC (None elsewhere)."""
    if sys.platform != "win32":
        return None
    import winreg

    for progid in progids:
        try:
            with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, rf"{progid}\CLSID"):
                return progid
        except OSError:
            continue
    return None


def _libreoffice() -> ConverterStatus:
    path = find_soffice()
    if path is None:
        return ConverterStatus("libreoffice", "LibreOffice", False, "未安装或不在常用位置")
    return ConverterStatus("libreoffice", "LibreOffice", True, str(path))


def _word() -> ConverterStatus:
    progid = _registered_progid(WORD_PROGIDS)
    if progid is None:
        reason = "未安装" if sys.platform == "win32" else "仅 Windows 可用"
        return ConverterStatus("word", "Microsoft Word", False, reason)
    return ConverterStatus("word", "Microsoft Word", True, f"COM：{progid}")


def _wps() -> ConverterStatus:
    progid = _registered_progid(WPS_PROGIDS)
    if progid is not None:
        return ConverterStatus("wps", "WPS Office", True, f"COM：{progid}")
    if sys.platform != "win32":
        found = next((p for p in _UNIX_WPS if Path(p).is_file()), None)
        if found:
            return ConverterStatus(
                "wps", "WPS Office", False, f"已安装（{found}），但 Linux 版不支持批量转换 PDF"
            )
        return ConverterStatus("wps", "WPS Office", False, "未安装")
    return ConverterStatus("wps", "WPS Office", False, "未安装")


def check_converters() -> ConverterReport:
    """Look for Word, WPS and LibreOffice (in the order the converter prefers them)."""
    return ConverterReport((_word(), _wps(), _libreoffice()))


def subprocess_env() -> dict[str, str]:
    """The environment to start an office suite with, undoing the frozen app's library path.

    A PyInstaller bundle on Linux points LD_LIBRARY_PATH at its own Qt and ICU libraries and keeps
    the original in LD_LIBRARY_PATH_ORIG; soffice must not load the bundle's copies.
    """
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        for var in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
            original = env.pop(f"{var}_ORIG", None)
            if original is not None:
                env[var] = original
            else:
                env.pop(var, None)
    return env
