"""A smaller ICU data library for the Linux bundle: Chinese and English only (−26 MB).

PySide6's Qt links ICU, whose data library `libicudata.so.73` is 32 MB of locale data for every
language, every legacy character set and the Thai/Khmer/Burmese/CJK word-break dictionaries.
Qt uses ICU for collation (QCollator, locale-aware sorting), case mapping by locale, time-zone
names and character sets beyond UTF/Latin-1 (QStringDecoder); it never transliterates, spells
out numbers (RBNF) or breaks words through ICU. The program speaks Chinese, so the library is
rebuilt with only the root, Chinese and English locales, the GB character sets and everything
that is not per-locale (time-zone rules, plural rules, collation base table …). ICU answers a
missing item with an error code (Qt then falls back to its own tables), never a crash; the
built bundle's self-test sorts Chinese by pinyin and decodes GB18030 through Qt to prove it.

The data is ICU's "common data" package (format `CmnD`): a header, a table of contents of
(name offset, data offset) pairs, the names, then the items, each 16-byte aligned. The library
only exports that package under the symbol `icudt73_dat`, so `as` and `ld` (binutils)
wrap the filtered package into a new library with the same soname.

    python installer/icu_data.py PySide6/Qt/lib/libicudata.so.73 OUT.so   # prints the sizes
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

#: Locales kept (in every data folder): the root, Chinese (simplified, China) and English.
KEPT_LOCALES = re.compile(r"^(root|zh|zh_Hans|zh_Hans_CN|zh_CN|en|en_US|en_US_POSIX|en_001)$")
#: An item named like an ICU locale id (en, zh_Hans_CN, yue_Hant); other items are not per locale.
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
#: Folders dropped whole: transliteration (Qt never calls utrans) and spelled-out numbers (RBNF).
DROPPED_FOLDERS = frozenset({"translit", "rbnf"})
#: Character-set tables kept: GBK/GB2312/GB18030 (UTF and Latin-1 are built into ICU and Qt).
KEPT_CONVERTERS = re.compile(r"(gb|936|1386|5478)", re.IGNORECASE)


def keep_item(name: str) -> bool:
    """Whether an item of the package ("icudt73l/coll/zh.res") stays."""
    parts = name.split("/")[1:]  # without the "icudt73l" prefix
    if not parts:
        return False
    folder = parts[0] if len(parts) > 1 else ""
    base = parts[-1]
    if folder in DROPPED_FOLDERS:
        return False
    if base.endswith(".dict"):
        return False  # word-break dictionaries (Chinese 2 MB, Thai, Khmer, Lao, Burmese)
    if base.endswith(".cnv"):
        return bool(KEPT_CONVERTERS.search(base))
    stem = base.rsplit(".", 1)[0]
    if base.endswith(".res") and LOCALE_NAME.match(stem):
        return bool(KEPT_LOCALES.match(stem))
    return True


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, item bytes)]) of an ICU common-data package (little-endian)."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD" or data[8] != 0:
        raise ValueError("not an ICU common data package (CmnD)")
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = data[start : data.index(b"\0", start)].decode("ascii")
        end = header_size + entries[index + 1][1] if index + 1 < count else len(data)
        items.append((name, data[header_size + data_offset : end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package with these items (names sorted, as ICU's binary search needs)."""
    items = sorted(items, key=lambda item: item[0])
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    first = toc_size + len(names)
    first += -first % 16
    offsets, body, name_at = [], bytearray(), toc_size
    for name, blob in items:
        offsets.append((name_at, first + len(body)))
        name_at += len(name) + 1
        body += blob + b"\0" * (-len(blob) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(struct.pack("<II", *o) for o in offsets)
    padding = b"\0" * (first - toc_size - len(names))
    return header + toc + names + padding + bytes(body)


def library_package(library: Path) -> tuple[str, bytes]:
    """(symbol, package bytes) exported by an ICU data library (the `icudtNN_dat` symbol)."""
    symbols = subprocess.run(["readelf", "-Ws", "--dyn-syms", str(library)], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
    match = re.search(r"\s([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\w+\s+\S+\s+(icudt\d+_dat)",
                      symbols)  # fmt: skip
    if match is None:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    address, size, symbol = int(match.group(1), 16), int(match.group(2), 0), match.group(3)
    sections = subprocess.run(["readelf", "-SW", str(library)], check=True,
                              capture_output=True, text=True).stdout  # fmt: skip
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".rodata":
            section_address, section_offset = int(fields[3], 16), int(fields[4], 16)
            offset = section_offset + address - section_address
            return symbol, library.read_bytes()[offset : offset + size]
    raise ValueError(f"{library}: no .rodata section")


#: The assembly that exports the package as an aligned, sized data object.
ASSEMBLY = """\
    .section .rodata
    .global {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{blob}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


def build_library(package: bytes, symbol: str, soname: str, out: Path) -> None:
    """Wrap a package into a shared library exporting it as `symbol` (binutils: as + ld)."""
    for tool in ("as", "ld"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: install binutils (apt-get install binutils)")
    with tempfile.TemporaryDirectory() as scratch:
        blob, source, obj = (
            Path(scratch) / name for name in ("icudata.bin", "icudata.s", "icudata.o")
        )
        blob.write_bytes(package)
        source.write_text(ASSEMBLY.format(symbol=symbol, blob=blob), "ascii")
        subprocess.run(["as", "-o", str(obj), str(source)], check=True)
        subprocess.run(["ld", "-shared", "-soname", soname, "-o", str(out), str(obj)], check=True)


def shrink(library: Path, out: Path) -> tuple[int, int]:
    """Write the filtered library to `out`; returns (items kept, items in the original)."""
    symbol, package = library_package(library)
    header, items = read_package(package)
    kept = [item for item in items if keep_item(item[0])]
    build_library(write_package(header, kept), symbol, library.name, out)
    return len(kept), len(items)


def shrink_in_toc(entries: list[tuple[str, str, str]], work: Path) -> list[tuple[str, str, str]]:
    """A PyInstaller TOC with every ICU data library replaced by its shrunk copy (built in work)."""
    out = []
    for dest, source, kind in entries:
        if kind != "SYMLINK" and Path(dest).name.startswith("libicudata.so"):
            shrunk = work / "icu" / Path(dest).name
            shrunk.parent.mkdir(parents=True, exist_ok=True)
            shrink(Path(source), shrunk)
            source = str(shrunk)
        out.append((dest, source, kind))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    kept, total = shrink(source, out)
    print(f"{source.name}: {source.stat().st_size / 1e6:.1f} MB → {out.stat().st_size / 1e6:.1f} MB "
          f"({kept} of {total} items)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
