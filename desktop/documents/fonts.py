"""Which of the templates' official fonts this PC has, and what prints in place of a missing one.

The templates ask for 方正小标宋简体 (titles), 仿宋_GB2312 (body) and 黑体 (headings). Windows
ships 仿宋, 黑体, 楷体 and 宋体 but neither 方正小标宋 nor 华文中宋 (华文中宋 comes with Microsoft
Office), so on a WPS or LibreOffice PC the title prints in a 宋体-like face. Fonts are found:

* Linux (UOS, Kylin, Debian): `fc-list : family`, the names fontconfig knows;
* Windows: the installed-font lists in the registry (HKLM and, for fonts a clerk installed
  without administrator rights since Windows 10 1809, HKCU
  `SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts`, value names such as
  "仿宋 (TrueType)" or "SimSun & NSimSun (TrueType)"), and the font files in %WINDIR%\\Fonts and
  %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts for the known file names.

方正小标宋简体 is a commercial font (方正字库); it cannot be shipped with casedesk. No free font
with its design exists on Debian or PyPI; every CJK face has the same 1-em advance, so a
substitute keeps the line breaks and only changes the look.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.documents.office_registry import Registry, WindowsRegistry
from desktop.documents.pdf import FONT_ALIASES

#: The fonts the templates name (templates/docx_layout.py), with what each is used for.
OFFICIAL_FONTS: tuple[tuple[str, str], ...] = (
    ("方正小标宋简体", "文书标题"),
    ("仿宋_GB2312", "正文"),
    ("黑体", "小标题"),
)
#: Other names of the same face (English family names, Windows file names).
FONT_NAMES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXBSJW.TTF", "FZXBSK.TTF"),
    "方正小标宋_GBK": ("FZXiaoBiaoSong-B05", "FZXBSK.TTF"),
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋_GB2312.ttf", "FS_GB2312.TTF"),
    "仿宋": ("FangSong", "simfang.ttf"),
    "黑体": ("SimHei", "simhei.ttf"),
    "楷体": ("KaiTi", "simkai.ttf"),
    "宋体": ("SimSun", "simsun.ttc"),
    "华文中宋": ("STZhongsong", "STZHONGS.TTF"),
}
#: Where Windows lists installed fonts (value name "<family> (TrueType)").
FONTS_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
#: What prints when none of a font's substitutes is installed either.
SYSTEM_FALLBACK = "系统默认中文字体（Windows 上多为宋体）"
#: fontconfig's generic names in FONT_ALIASES: not a face to name to the clerk.
_GENERIC = {"serif", "sans-serif"}

#: Runs `fc-list : family` (injectable for tests); None when fontconfig is absent.
FcList = Callable[[], str | None]


def _fc_list() -> str | None:
    if shutil.which("fc-list") is None:
        return None
    try:
        done = subprocess.run(["fc-list", ":", "family"], capture_output=True, timeout=20,
                              check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace")


def fontconfig_families(output: str) -> set[str]:
    """Family names in fc-list output (one face per line, its names separated by commas)."""
    return {
        name.strip() for line in output.splitlines() for name in line.split(",") if name.strip()
    }


def windows_families(registry: Registry, folders: Iterable[Path]) -> set[str]:
    """Family names from the registry's font lists and the font files present."""
    found: set[str] = set()
    for hive in ("HKLM", "HKCU"):
        for value_name, file_name in registry.values(hive, FONTS_KEY).items():
            label = value_name.split(" (")[0]  # "SimSun & NSimSun (TrueType)" → "SimSun & NSimSun"
            found.update(part.strip() for part in label.split("&"))
            found.add(Path(file_name.replace("\\", "/")).name)
    for folder in folders:
        try:
            found.update(entry.name for entry in folder.iterdir())
        except OSError:
            continue
    return found


def _windows_font_folders() -> list[Path]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def installed_families(*, platform: str = sys.platform, fc_list: FcList = _fc_list,
                       registry: Registry | None = None,
                       folders: Iterable[Path] | None = None) -> set[str]:  # fmt: skip
    """Every font family (and, on Windows, font file) name this PC knows, case as listed."""
    if platform == "win32":
        return windows_families(registry or WindowsRegistry(),
                                folders if folders is not None else _windows_font_folders())  # fmt: skip
    output = fc_list()
    return fontconfig_families(output) if output else set()


def _has(font: str, installed: set[str]) -> bool:
    lowered = {name.lower() for name in installed}
    return any(name.lower() in lowered for name in (font, *FONT_NAMES.get(font, ())))


@dataclass(frozen=True, slots=True)
class FontStatus:
    """One official font: present, or the face that prints in its place."""

    font: str
    use: str
    present: bool
    substitute: str

    def line(self) -> str:
        """The 设置 page's sentence for this font."""
        if self.present:
            return f"{self.use}字体 {self.font}：已安装。"
        return f"{self.use}字体 {self.font}：未安装，将以“{self.substitute}”打印（字形不同，汉字字宽相同）。"


@dataclass(frozen=True, slots=True)
class FontReport:
    """The official fonts on this PC, in the order of OFFICIAL_FONTS."""

    fonts: tuple[FontStatus, ...]
    #: False when the PC's font list could not be read at all (no fontconfig, …).
    known: bool = True

    @property
    def all_present(self) -> bool:
        """Every official font is installed."""
        return all(f.present for f in self.fonts)

    @property
    def message(self) -> str:
        """One sentence for 设置 and the self-test report."""
        if not self.known:
            return "无法读取本机的字体列表，文书字体未检查。"
        if self.all_present:
            return "文书所用的公文字体均已安装。"
        missing = "、".join(f.font for f in self.fonts if not f.present)
        return (
            f"本机缺少 {missing}，打印时以其他字体代替（见下）。方正小标宋简体为商业字体，"
            "本程序不能随附；如需与正式公文一致的字形，请由单位购买授权后安装。"
        )


def check_fonts(installed: set[str] | None = None) -> FontReport:
    """Which official fonts are present, and what prints instead of each missing one."""
    families = installed_families() if installed is None else installed
    statuses = []
    for font, use in OFFICIAL_FONTS:
        present = _has(font, families)
        substitute = next(
            (a for a in FONT_ALIASES.get(font, ()) if a not in _GENERIC and _has(a, families)),
            SYSTEM_FALLBACK,
        )
        statuses.append(FontStatus(font, use, present, "" if present else substitute))
    return FontReport(tuple(statuses), known=bool(families))
