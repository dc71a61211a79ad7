"""The built bundle's size by part: Python package, Qt module, Qt plugin, translations, ICU, …

    python installer/size_table.py dist/casedesk            # every part, largest first
    python installer/size_table.py dist/casedesk --top 10   # the ten largest (.ci/bundle-check.sh)
    python installer/size_table.py dist/casedesk --markdown # a table for bench/README.md

Each file (symlinks not counted, as build.folder_size) goes to exactly one part, so the parts add
up to the bundle's size. Qt's libraries are grouped by module (libQt6Widgets + QtWidgets.abi3.so
→ "Qt module Widgets"), its plugins by plugin folder, a wheel's vendored libraries (`pillow.libs`)
with its package, and top-level libraries by their name.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

#: Qt's shared libraries and PySide6's bindings of one module.
_QT_LIBRARY = re.compile(r"^(?:lib)?Qt6?(\w+?)(?:\.abi3)?\.(?:so|dll|pyd)")
_ICU = re.compile(r"^(?:lib)?icu(?:data|uc|i18n|dt|in)")
_VENDORED = re.compile(r"^(.+?)\.libs$")


def _top_level_part(name: str) -> str:
    """The part of a file in the bundle's top folder (or _internal/)."""
    if _ICU.match(name):
        return "ICU"
    if name.startswith(("libpython", "python3")):
        return "Python (libpython)"
    if name.startswith("base_library"):
        return "Python (standard library, zipped)"
    if "casedesk" in name or name.startswith("bare_window"):
        return "executable and PYZ"
    return f"library {re.split(r'[.-]', name.removeprefix('lib'))[0]}"


def _qt_part(parts: tuple[str, ...]) -> str:
    """The part of a file under PySide6/ or shiboken6/."""
    name = parts[-1]
    if "translations" in parts:
        return "Qt translations"
    if "plugins" in parts:
        return f"Qt plugins/{parts[parts.index('plugins') + 1]}"
    if _ICU.match(name):
        return "ICU"
    match = _QT_LIBRARY.match(name)
    return f"Qt module {match.group(1)}" if match else "PySide6/shiboken6 (other)"


def part_of(relative: Path) -> str:
    """The part a bundle file (path relative to the bundle folder) belongs to."""
    parts = relative.parts
    if parts and parts[0] == "_internal":
        parts = parts[1:]
    if len(parts) <= 1:
        return _top_level_part(parts[0] if parts else "")
    top = parts[0]
    if top in ("PySide6", "shiboken6"):
        return _qt_part(parts)
    if top.startswith("python3"):
        return "Python (extension modules)"
    vendored = _VENDORED.match(top)
    if vendored:
        top = vendored.group(1)
    if top.endswith(".dist-info"):
        return "package metadata (.dist-info)"
    package = top.lower().replace("_raw", "")
    return "package pillow" if package == "pil" else f"package {package}"


def size_table(bundle: Path) -> list[tuple[str, int]]:
    """(part, bytes) of every part, largest first."""
    sizes: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            sizes[part_of(path.relative_to(bundle))] += path.lstat().st_size
    return sorted(sizes.items(), key=lambda item: (-item[1], item[0]))


def format_rows(rows: Iterable[tuple[str, int]], total: int, *, markdown: bool = False) -> str:
    """The table as text lines (or Markdown rows)."""
    lines = ["| Part | MB | Share |", "| --- | ---: | ---: |"] if markdown else []
    for part, size in rows:
        share = 100 * size / total if total else 0.0
        if markdown:
            lines.append(f"| {part} | {size / 1e6:.1f} | {share:.0f} % |")
        else:
            lines.append(f"{size / 1e6:8.1f} MB {share:4.0f} %  {part}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The bundle's size by part.")
    parser.add_argument("bundle", type=Path, help="the built bundle folder (dist/casedesk)")
    parser.add_argument("--top", type=int, default=0, help="only the N largest parts")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"没有打包文件夹：{args.bundle}", file=sys.stderr)
        return 2
    rows = size_table(args.bundle)
    total = sum(size for _part, size in rows)
    shown = rows[: args.top] if args.top > 0 else rows
    print(format_rows(shown, total, markdown=args.markdown))
    if not args.markdown:
        rest = total - sum(size for _part, size in shown)
        if rest:
            print(
                f"{rest / 1e6:8.1f} MB {100 * rest / total:4.0f} %  ({len(rows) - len(shown)} other parts)"
            )
        print(f"{total / 1e6:8.1f} MB  100 %  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
