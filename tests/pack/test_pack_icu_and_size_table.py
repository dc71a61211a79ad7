"""The bundle's smaller ICU data (Chinese/English only, still a valid ICU package) and its size table."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))

import icu_data
import size_table


def _item(payload: bytes) -> bytes:
    """An ICU data item: a 16-byte header and its payload."""
    return struct.pack("<HBB", 16, 0xDA, 0x27) + b"\0" * 12 + payload


def _package(names: list[str]) -> bytes:
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0)
    header += b"CmnD" + bytes([1, 0, 0, 0]) + bytes([73, 0, 0, 0])
    header += b"\0" * (32 - len(header))
    return icu_data.write_package(header, [(n, _item(n.encode())) for n in names])


def test_only_root_chinese_and_english_locales_and_gb_charsets_stay() -> None:
    kept = [
        "icudt73l/coll/zh.res",
        "icudt73l/coll/root.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/zh_Hans_CN.res",
        "icudt73l/en.res",
        "icudt73l/gb18030.cnv",
        "icudt73l/windows-936-2000.cnv",
        "icudt73l/cnvalias.icu",
        "icudt73l/zoneinfo64.res",
        "icudt73l/supplementalData.res",
        "icudt73l/zone/zh.res",
        "icudt73l/brkitr/line.brk",
    ]
    dropped = ["icudt73l/coll/ko.res", "icudt73l/de.res", "icudt73l/zh_Hant_TW.res",
               "icudt73l/brkitr/cjdict.dict", "icudt73l/translit/root.res",
               "icudt73l/rbnf/zh.res", "icudt73l/euc-tw-2014.cnv", "icudt73l/coll/de_.res"]  # fmt: skip
    assert all(icu_data.keep_item(name) for name in kept), kept
    assert not any(icu_data.keep_item(name) for name in dropped), dropped


def test_a_filtered_package_reads_back_sorted_and_aligned() -> None:
    names = ["icudt73l/zh.res", "icudt73l/coll/ko.res", "icudt73l/coll/root.res", "icudt73l/a.icu"]
    header, items = icu_data.read_package(_package(names))
    assert [name for name, _ in items] == sorted(names)
    kept = [item for item in items if icu_data.keep_item(item[0])]
    data = icu_data.write_package(header, kept)
    _header, again = icu_data.read_package(data)
    assert [n for n, _ in again] == ["icudt73l/a.icu", "icudt73l/coll/root.res", "icudt73l/zh.res"]
    toc = len(header)
    offsets = [struct.unpack_from("<II", data, toc + 4 + 8 * i)[1] for i in range(len(again))]
    assert all((toc + offset) % 16 == 0 for offset in offsets)  # ICU needs aligned items
    assert again[2][1].rstrip(b"\0").endswith(b"icudt73l/zh.res")


def test_a_package_that_is_not_icu_common_data_is_refused() -> None:
    with pytest.raises(ValueError):
        icu_data.read_package(b"\x20\x00\xda\x27" + b"\0" * 8 + b"ToCP" + b"\0" * 40)


@pytest.mark.skipif(shutil.which("as") is None or shutil.which("readelf") is None,
                    reason="binutils not installed")  # fmt: skip
def test_the_library_exports_the_package_under_icus_symbol(tmp_path: Path) -> None:
    package = _package(["icudt73l/zh.res", "icudt73l/root.res"])
    out = tmp_path / "libicudata.so.73"
    icu_data.build_library(package, "icudt73_dat", out.name, out)
    dynamic = subprocess.run(["readelf", "-d", str(out)], capture_output=True, text=True).stdout
    assert "Library soname: [libicudata.so.73]" in dynamic
    symbol, read_back = icu_data.library_package(out)
    assert symbol == "icudt73_dat" and read_back == package


def test_size_table_groups_files_into_parts_that_add_up(tmp_path: Path) -> None:
    files = {
        "casedesk": 100,
        "_internal/PySide6/Qt/lib/libQt6Widgets.so.6": 50,
        "_internal/PySide6/QtWidgets.abi3.so": 20,
        "_internal/PySide6/Qt/lib/libicudata.so.73": 30,
        "_internal/PySide6/Qt/plugins/platforms/libqxcb.so": 5,
        "_internal/PySide6/Qt/translations/qtbase_zh_CN.qm": 3,
        "_internal/pillow.libs/libjpeg-1.so.62": 7,
        "_internal/PIL/_imaging.so": 2,
        "_internal/libcrypto.so.3": 4,
    }
    for name, size in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    (tmp_path / "_internal/libicudata.so.73").symlink_to("PySide6/Qt/lib/libicudata.so.73")
    table = dict(size_table.size_table(tmp_path))
    assert table == {"executable and PYZ": 100, "Qt module Widgets": 70, "ICU": 30,
                     "package pillow": 9, "Qt plugins/platforms": 5, "library crypto": 4,
                     "Qt translations": 3}  # fmt: skip
    assert sum(table.values()) == sum(files.values())  # the symlink is not counted twice
