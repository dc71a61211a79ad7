"""The single build command: `python installer/build.py` → dist/casedesk/ (+ the Windows installer).

Steps: PyInstaller with installer/casedesk.spec (one folder, windowed), then, when `makensis` is
available and the platform is Windows (or --installer is given), the NSIS installer
dist/casedesk-<version>-setup.exe with the version read from desktop/__init__.py — the one place
it is written. Prints the bundle size and the time each step took.

    python installer/build.py                 # bundle (+ installer on Windows)
    python installer/build.py --installer     # also compile the NSIS script here (any platform)
    python installer/build.py --bare          # the start-up benchmark's bare-window reference
    python installer/build.py --bundle dist/casedesk --fast-installer   # only the installer
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "casedesk.spec"
NSIS_SCRIPT = INSTALLER / "casedesk.nsi"
VERSION_FILE = ROOT / "desktop" / "__init__.py"


def read_version(path: Path = VERSION_FILE) -> str:
    """`__version__` from desktop/__init__.py, without importing the package."""
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', path.read_text("utf-8"), re.M)
    if not match:
        raise SystemExit(f"no __version__ in {path}")
    return match.group(1)


def windows_version(version: str) -> str:
    """The four-number form Windows file versions need: 0.1.0 → 0.1.0.0, 1.2.0rc1 → 1.2.0.0."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    numbers = match.group(0).split(".")[:4] if match else []
    return ".".join([*numbers, "0", "0", "0", "0"][:4])


def folder_size(path: Path) -> int:
    """Bytes on disk of every file under `path` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


#: The Windows version resource of casedesk.exe (Explorer → Properties → Details).
VERSION_RESOURCE = """VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'casedesk'),
      StringStruct('FileDescription', '卫生监督执法文书工作站'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'casedesk'),
      StringStruct('OriginalFilename', 'casedesk.exe'),
      StringStruct('ProductName', '卫生监督执法文书工作站'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def write_version_resource(path: Path, version: str) -> Path:
    """The version resource file PyInstaller embeds into the Windows executables."""
    numbers = tuple(int(n) for n in windows_version(version).split("."))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VERSION_RESOURCE.format(numbers=numbers, version=version), "utf-8")
    return path


def build_bundle(dist: Path, work: Path, *, bare: bool = False, clean: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder."""
    env = dict(os.environ, CASEDESK_BUNDLE="bare" if bare else "casedesk")
    if sys.platform == "win32" and not bare:
        resource = write_version_resource(work / "casedesk_version.txt", read_version())
        env["CASEDESK_VERSION_FILE"] = str(resource)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    return dist / ("bare_window" if bare else "casedesk")


def find_makensis() -> str | None:
    """makensis on PATH, or where the NSIS installer puts it on Windows."""
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def nsis_command(
    makensis: str, bundle: Path, out_file: Path, version: str, *, fast: bool = False
) -> list[str]:
    """The makensis command line that compiles installer/casedesk.nsi for this bundle.

    Paths are made absolute: makensis changes into the script's folder before reading them.
    Warnings fail the compile (-WX), so the script stays free of them.
    """
    defines = {
        "APP_VERSION": version,
        "APP_VERSION_4": windows_version(version),
        "DIST_DIR": str(bundle.resolve()),
        "OUT_FILE": str(out_file.resolve()),
    }
    icon = INSTALLER / "casedesk.ico"
    if icon.is_file():
        defines["APP_ICON"] = str(icon)
    if fast:
        defines["FAST_COMPRESSION"] = "1"
    return [
        makensis,
        "-V2",
        "-WX",
        *(f"-D{key}={value}" for key, value in defines.items()),
        str(NSIS_SCRIPT),
    ]


def build_installer(bundle: Path, dist: Path, version: str, *, fast: bool = False) -> Path:
    """Compile the NSIS installer around the bundle; returns the setup file."""
    makensis = find_makensis()
    if makensis is None:
        raise SystemExit(
            "makensis not found: install NSIS (apt-get install nsis / choco install nsis)"
        )
    out_file = dist / f"casedesk-{version}-setup.exe"
    subprocess.run(nsis_command(makensis, bundle, out_file, version, fast=fast), check=True)
    return out_file


def main(argv: list[str] | None = None) -> int:
    """Build the bundle, then the installer when asked or on Windows."""
    parser = argparse.ArgumentParser(description="Build the casedesk bundle and installer.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--bare", action="store_true", help="build the bare-window reference")
    parser.add_argument("--installer", action="store_true", help="compile the NSIS installer")
    parser.add_argument("--no-installer", action="store_true", help="skip the NSIS installer")
    parser.add_argument("--fast-installer", action="store_true", help="zlib, for a quick check")
    parser.add_argument(
        "--bundle", type=Path, help="an already built bundle: skip PyInstaller, only the installer"
    )
    args = parser.parse_args(argv)

    version = read_version()
    if args.bundle is not None:
        bundle = args.bundle
        if not bundle.is_dir():
            raise SystemExit(f"no bundle folder at {bundle}")
        args.dist.mkdir(parents=True, exist_ok=True)
    else:
        start = time.perf_counter()
        bundle = build_bundle(args.dist, args.work, bare=args.bare, clean=args.clean)
        built = time.perf_counter() - start
        size_mb = folder_size(bundle) / 1_000_000
        print(f"bundle: {bundle} — casedesk {version}, {size_mb:.1f} MB, built in {built:.1f} s")

    want_installer = (
        args.installer or args.fast_installer or args.bundle is not None or sys.platform == "win32"
    )
    if want_installer and not args.no_installer and not args.bare:
        start = time.perf_counter()
        setup = build_installer(bundle, args.dist, version, fast=args.fast_installer)
        print(
            f"installer: {setup} — {setup.stat().st_size / 1_000_000:.1f} MB, "
            f"compiled in {time.perf_counter() - start:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
