"""The oldest glibc a Linux bundle runs on: the highest GLIBC_ symbol version any of its ELF files
needs (`python installer/glibc_floor.py dist/casedesk`).

Each ELF file lists the symbol versions it needs from each shared library in its
SHT_GNU_verneed section (Elf*_Verneed entries, each with Elf*_Vernaux names such as
"GLIBC_2.34"; the ELF gABI's GNU extensions, what `objdump -T` and `readelf -V` print). A system
whose libc lacks one of them refuses to start the program ("version `GLIBC_2.34' not found"),
so the highest version needed is the bundle's floor. GLIBCXX_ (libstdc++) is reported too: the
bundle uses the system's libstdc++ where it does not ship one. Read with the standard library
only, so the check needs no binutils.
"""

from __future__ import annotations

import argparse
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: sh_type of the section listing needed symbol versions.
SHT_GNU_VERNEED = 0x6FFFFFFE
_MAGIC = b"\x7fELF"


def _version_key(name: str) -> tuple[int, ...]:
    """GLIBC_2.34 → (2, 34); sorts 2.9 before 2.17."""
    digits = name.split("_", 1)[1] if "_" in name else ""
    return tuple(int(part) for part in digits.split(".") if part.isdigit())


def needed_versions(data: bytes) -> set[str]:
    """The symbol version names an ELF file needs (empty for a file that is not ELF)."""
    if data[:4] != _MAGIC or len(data) < 64:
        return set()
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        (shoff,) = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        section = struct.Struct(end + "IIQQQQIIQQ")
    else:
        (shoff,) = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
        section = struct.Struct(end + "IIIIIIIIII")
    headers = [section.unpack_from(data, shoff + i * shentsize) for i in range(shnum)
               if shoff + (i + 1) * shentsize <= len(data)]  # fmt: skip
    names: set[str] = set()
    for header in headers:
        sh_type, sh_offset, sh_link, sh_info = header[1], header[4], header[6], header[7]
        if sh_type != SHT_GNU_VERNEED or sh_link >= len(headers):
            continue
        strings = headers[sh_link][4]
        names.update(_verneed_names(data, end, sh_offset, sh_info, strings))
    return names


def _verneed_names(data: bytes, end: str, offset: int, count: int, strings: int) -> Iterator[str]:
    """Walk the Verneed list (count entries) and each one's Vernaux list."""
    for _ in range(count):
        _version, aux_count, _file, aux, following = struct.unpack_from(end + "HHIII", data, offset)
        at = offset + aux
        for _ in range(aux_count):
            _hash, _flags, _other, name, next_aux = struct.unpack_from(end + "IHHII", data, at)
            yield _c_string(data, strings + name)
            if not next_aux:
                break
            at += next_aux
        if not following:
            break
        offset += following


def _c_string(data: bytes, at: int) -> str:
    stop = data.find(b"\0", at)
    return data[at : stop if stop >= 0 else len(data)].decode("ascii", "replace")


@dataclass(frozen=True, slots=True)
class Floor:
    """The highest version of one prefix (GLIBC_, GLIBCXX_) and the files that need it."""

    version: str
    files: tuple[str, ...]


def elf_files(folder: Path) -> Iterable[Path]:
    """Shared libraries and executables under a folder (by their ELF magic, symlinks skipped)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            try:
                with path.open("rb") as handle:
                    if handle.read(4) == _MAGIC:
                        yield path
            except OSError:
                continue


def floors(folder: Path, prefixes: tuple[str, ...] = ("GLIBC_", "GLIBCXX_")) -> dict[str, Floor]:
    """For each prefix, the highest version any ELF file under `folder` needs."""
    best: dict[str, tuple[tuple[int, ...], str, list[str]]] = {}
    for path in elf_files(folder):
        relative = str(path.relative_to(folder))
        for name in needed_versions(path.read_bytes()):
            prefix = next((p for p in prefixes if name.startswith(p)), None)
            if prefix is None or not _version_key(name):
                continue
            key = _version_key(name)
            current = best.get(prefix)
            if current is None or key > current[0]:
                best[prefix] = (key, name, [relative])
            elif key == current[0]:
                current[2].append(relative)
    return {prefix: Floor(name, tuple(files)) for prefix, (_k, name, files) in best.items()}


def main(argv: list[str] | None = None) -> int:
    """Print the floors of a bundle folder; exit 1 when it holds no ELF file at all."""
    parser = argparse.ArgumentParser(description="Highest GLIBC_ version a bundle needs.")
    parser.add_argument("bundle", type=Path)
    args = parser.parse_args(argv)
    found = floors(args.bundle)
    if "GLIBC_" not in found:
        print(f"glibc floor: no ELF file needing glibc under {args.bundle}", file=sys.stderr)
        return 1
    for prefix, floor in found.items():
        shown = ", ".join(floor.files[:4]) + (" …" if len(floor.files) > 4 else "")
        print(f"{prefix.rstrip('_')} floor: {floor.version} (needed by {shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
