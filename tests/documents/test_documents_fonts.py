"""The start-up check names the official fonts this PC has and what prints instead of each
missing one: fontconfig on Linux, the registry's font lists and the Fonts folders on Windows."""

from __future__ import annotations

from pathlib import Path

from desktop.documents.fonts import (
    FONTS_KEY,
    SYSTEM_FALLBACK,
    check_fonts,
    fontconfig_families,
    installed_families,
)


class FontsRegistry:
    """HKLM/HKCU ...\\Windows NT\\CurrentVersion\\Fonts as Windows fills them: value name
    "<family> (TrueType)", data the file name (HKCU: a full path, for a per-user install)."""

    def __init__(self, hklm: dict[str, str], hkcu: dict[str, str] | None = None) -> None:
        self._lists = {"HKLM": hklm, "HKCU": hkcu or {}}

    def value(self, hive: str, key: str, name: str = "") -> str | None:
        return None

    def values(self, hive: str, key: str) -> dict[str, str]:
        return dict(self._lists[hive]) if key == FONTS_KEY else {}


#: A Windows 10 PC without Microsoft Office (fonts Windows ships).
PLAIN_WINDOWS = {
    "仿宋 (TrueType)": "simfang.ttf",
    "SimHei (TrueType)": "simhei.ttf",
    "楷体 (TrueType)": "simkai.ttf",
    "SimSun & NSimSun (TrueType)": "simsun.ttc",
    "Microsoft YaHei & Microsoft YaHei UI (TrueType)": "msyh.ttc",
}


def test_a_plain_windows_pc_prints_the_title_in_the_system_face(tmp_path: Path) -> None:
    installed = installed_families(platform="win32", registry=FontsRegistry(PLAIN_WINDOWS),
                                   folders=[tmp_path])  # fmt: skip
    assert {"SimSun", "NSimSun", "仿宋", "simfang.ttf"} <= installed
    report = check_fonts(installed)
    title, body, heading = report.fonts
    assert (title.font, title.present, title.substitute) == (
        "方正小标宋简体",
        False,
        SYSTEM_FALLBACK,
    )
    assert (body.font, body.present, body.substitute) == ("仿宋_GB2312", False, "仿宋")
    assert heading.present  # 黑体 is SimHei
    assert body.line() == "正文字体 仿宋_GB2312：未安装，将以“仿宋”打印（字形不同，汉字字宽相同）。"
    assert "方正小标宋简体为商业字体" in report.message and "不能随附" in report.message


def test_fonts_a_clerk_installed_for_herself_count(tmp_path: Path) -> None:
    per_user = {"方正小标宋简体 (TrueType)":
                r"C:\Users\clerk\AppData\Local\Microsoft\Windows\Fonts\FZXBSJW.TTF"}  # fmt: skip
    folder = tmp_path / "Fonts"
    folder.mkdir()
    (folder / "STZHONGS.TTF").write_bytes(b"")  # 华文中宋, installed by Microsoft Office
    installed = installed_families(platform="win32", registry=FontsRegistry(PLAIN_WINDOWS, per_user),
                                   folders=[folder])  # fmt: skip
    report = check_fonts(installed)
    assert report.fonts[0].present
    without = check_fonts(installed - {"方正小标宋简体", "FZXBSJW.TTF"})
    assert without.fonts[0].substitute == "华文中宋"  # the template's own fallback (w:altName)


def test_fontconfig_names_are_read_from_fc_list() -> None:
    listing = "Noto Serif CJK SC,Noto Serif CJK SC Bold\nAR PL UMing CN\nDejaVu Sans\n"
    assert "Noto Serif CJK SC" in fontconfig_families(listing)
    installed = installed_families(platform="linux", fc_list=lambda: listing)
    report = check_fonts(installed)
    assert [f.substitute for f in report.fonts] == [
        "Noto Serif CJK SC", "AR PL UMing CN", SYSTEM_FALLBACK,
    ]  # fmt: skip
    assert not check_fonts(set()).known
    assert "无法读取" in check_fonts(set()).message
