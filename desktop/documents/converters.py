"""Which office suites can turn DOCX into PDF on this PC: LibreOffice, Microsoft Word, WPS Office.

Qt-free and quick (no suite is started): it looks for the programs where installers put them, and
on Windows for the COM registrations Word and WPS leave in the registry (office_registry). The
order is the one the office chose in 设置 (pdf_converter), the same order `choose_converter`
tries them in, so 设置 and the start-up check name the suite that will really make the PDFs.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.documents.office_registry import (
    WORD_PROGIDS,
    WPS_PROGIDS,
    Registry,
    WindowsRegistry,
    find_com_server,
    soffice_from_registry,
)

if TYPE_CHECKING:
    from desktop.documents.fonts import FontReport

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
#: WPS for Linux (UOS/Kylin ship it); it has no batch conversion, so it is reported, not used.
_UNIX_WPS = ("/usr/bin/wps", "/opt/kingsoft/wps-office/office6/wps")
#: The suites in the order "auto" tries them.
DEFAULT_ORDER = ("word", "wps", "libreoffice")
#: The COM suites and the ProgIDs each registers.
COM_PROGIDS: dict[str, tuple[str, ...]] = {"word": WORD_PROGIDS, "wps": WPS_PROGIDS}
_NAMES = {"word": "Microsoft Word", "wps": "WPS Office", "libreoffice": "LibreOffice"}


def converter_order(setting: str) -> tuple[str, ...]:
    """The suites in the order they are tried: the office's choice first, then the others."""
    choice = (setting or "auto").strip().lower()
    if choice not in DEFAULT_ORDER:
        return DEFAULT_ORDER
    return (choice, *(name for name in DEFAULT_ORDER if name != choice))


@dataclass(frozen=True, slots=True)
class ConverterStatus:
    """One office suite: whether it can convert, and where it was found or why not."""

    id: str
    name: str
    available: bool
    detail: str


@dataclass(frozen=True, slots=True)
class ConverterReport:
    """All suites in the order they are tried, and one Chinese sentence for the 设置 page."""

    converters: tuple[ConverterStatus, ...]
    #: The templates' official fonts on this PC (the start-up check adds them; None: not looked).
    fonts: FontReport | None = None
    #: Whether previews go through a kept LibreOffice or Word/WPS (DocumentService adds it for
    #: the preferred suite; "": not looked).
    warm: str = ""

    @property
    def any_available(self) -> bool:
        """True when at least one suite can produce PDF."""
        return any(c.available for c in self.converters)

    @property
    def preferred(self) -> ConverterStatus | None:
        """The first available suite in the order of 设置 (the one that will make the PDFs)."""
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
        warm = self.warm  # DocumentService sets it for the suite that makes the PDFs
        return f"将使用 {chosen.name} 把文书转换为 PDF{extra}。{warm}"


def find_soffice(
    environ: Mapping[str, str] | None = None,
    candidates: Iterable[str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    *,
    configured: str | None = None,
    registry: Registry | None = None,
) -> Path | None:
    """The LibreOffice `soffice` executable: CASEDESK_SOFFICE (only it, when set), the path set in
    设置 (when it exists), PATH, the Windows registry, then the usual places."""
    env = os.environ if environ is None else environ
    explicit = env.get(ENV_SOFFICE)
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    if configured and Path(configured).is_file():
        return Path(configured)
    for name in ("soffice", "libreoffice"):
        found = which(name)
        if found:
            return Path(found)
    from_registry = soffice_from_registry(registry or WindowsRegistry())
    if from_registry is not None:
        return from_registry
    places = _WINDOWS_SOFFICE if sys.platform == "win32" else _UNIX_SOFFICE
    for place in candidates if candidates is not None else places:
        path = Path(os.path.expandvars(place))
        if "%" not in str(path) and path.is_file():
            return path
    return None


def _libreoffice(configured: str | None, registry: Registry) -> ConverterStatus:
    path = find_soffice(configured=configured, registry=registry)
    if path is None:
        return ConverterStatus("libreoffice", "LibreOffice", False, "未安装或不在常用位置")
    return ConverterStatus("libreoffice", "LibreOffice", True, str(path))


def _com_suite(suite: str, registry: Registry, platform: str) -> ConverterStatus:
    name = _NAMES[suite]
    if platform != "win32":
        if suite == "wps":
            found = next((p for p in _UNIX_WPS if Path(p).is_file()), None)
            if found:
                detail = f"已安装（{found}），但 Linux 版不支持批量转换 PDF"
                return ConverterStatus(suite, name, False, detail)
            return ConverterStatus(suite, name, False, "未安装")
        return ConverterStatus(suite, name, False, "仅 Windows 可用")
    server = find_com_server(COM_PROGIDS[suite], registry)
    if server is None:
        return ConverterStatus(suite, name, False, "未安装（未找到 COM 注册）")
    return ConverterStatus(suite, name, True, f"COM：{server.progid} → {server.program}")


def check_converters(setting: str = "auto", *, soffice: str | None = None,
                     registry: Registry | None = None,
                     platform: str = sys.platform) -> ConverterReport:  # fmt: skip
    """Look for Word, WPS and LibreOffice in the order 设置 (pdf_converter) tries them."""
    reg = registry or WindowsRegistry()
    statuses = tuple(
        _libreoffice(soffice, reg) if suite == "libreoffice" else _com_suite(suite, reg, platform)
        for suite in converter_order(setting)
    )
    return ConverterReport(statuses)


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
