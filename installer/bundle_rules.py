"""What goes into the casedesk bundle: the rules casedesk.spec applies, as data plus pure filters.

Kept apart from the spec so tests can check the rules without running PyInstaller. Sizes in the
comments were measured on the Linux bundle (PySide6-Essentials 6.12, PyInstaller 6.22).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

#: The repository root (this file is installer/bundle_rules.py).
ROOT = Path(__file__).resolve().parent.parent

#: Our packages: every submodule is bundled (the CLI imports command modules by name).
PROJECT_PACKAGES = ("desktop", "forms", "database")

#: Read-only folders the program opens at run time, as (source, folder inside the bundle).
#: Migrations ship as source files: Alembic reads env.py, the .mako and versions/*.py from disk.
DATA_TREES = (
    ("templates", "templates"),
    ("database/migrations", "database/migrations"),
)

#: Python files the program runs as scripts with another interpreter, shipped as files: the UNO
#: worker runs in LibreOffice's own Python (desktop.documents.warm_office).
SCRIPT_FILES = ("desktop/documents/uno_worker.py",)

#: Python modules nobody in the app imports at run time (they are large or pull in more).
EXCLUDED_MODULES = (
    "tkinter", "_tkinter", "unittest", "pydoc", "doctest", "pdb", "lib2to3", "test",
    "IPython", "numpy", "matplotlib", "pytest", "_pytest", "hypothesis", "mypy",
    "ruff", "importlinter", "grimp", "pytestqt", "setuptools", "pkg_resources", "pip",
    "sqlalchemy.testing", "alembic.testing", "database.dev_migrations",
    # Optional syntax highlighting of Mako's tracebacks (1.8 MB of lexers).
    "pygments", "rich", "mako.ext", "mako.testing",
    # SQLAlchemy dialects of servers we never talk to (alembic names them only for type checks).
    "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.oracle",
    "cn2an.an2cn_test", "cn2an.cn2an_test", "cn2an.transform_test", "proces.masking_test",
    "proces.preprocess_test", "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax",
    # Qt modules the app does not use (QtNetwork is kept only as a library QtGui links against).
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets", "PySide6.QtQuickTest", "PySide6.QtQmlFeatures",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtUiTools", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtLabsStyleKit",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras", "PySide6.QtCharts",
    "PySide6.QtDataVisualization", "PySide6.QtPdf", "PySide6.QtPdfWidgets",
    "PySide6.QtBluetooth", "PySide6.QtPositioning", "PySide6.QtLocation", "PySide6.QtSerialPort",
    "PySide6.QtDBus", "PySide6.QtSvg", "PySide6.QtSvgWidgets",
    # Pillow: the app draws text pages (Image/ImageDraw/ImageFont); no AVIF, WebP, colour
    # management or Tk (libavif alone is 5 MB).
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms",
    "PIL.ImageCms", "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt",
)  # fmt: skip

#: Modules left out on one platform only. Linux: psycopg's bundled libpq, OpenSSL, Kerberos and
#: LDAP (10 MB) give way to the distribution's libpq5 (`apt install libpq5`), which psycopg then
#: loads itself; Windows has no system libpq, so the binary stays there.
PLATFORM_EXCLUDED_MODULES = {"linux": ("psycopg_binary",)}

#: Keyring backends imported explicitly: a frozen app loses the entry points keyring looks up
#: (jaraco/keyring#324, #468), so Credential Manager would silently become "no keyring".
KEYRING_BACKENDS = {
    "win32": ("keyring.backends.Windows",),
    "linux": ("keyring.backends.SecretService", "keyring.backends.kwallet"),
    "darwin": ("keyring.backends.macOS",),
}

#: Qt plugin folders kept, and within them the plugins kept (None = all in that folder).
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # xcb (X11, UOS/Kylin), Windows, offscreen (CI, self-test), minimal (headless tools).
    "platforms": frozenset({"qxcb", "qwindows", "qoffscreen", "qminimal", "qdirect2d"}),
    # No SVG: the UI draws no SVG icons, and dropping qsvg/qsvgicon drops libQt6Svg too.
    "imageformats": frozenset({"qjpeg", "qgif", "qico"}),
    "printsupport": None,
    "styles": None,  # qmodernwindowsstyle on Windows
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
}

#: Qt translations kept: only Chinese (the UI speaks Chinese; Qt's own dialogs should too).
QT_TRANSLATIONS_KEPT = re.compile(r"^qt(base)?_zh_CN\.qm$")

#: Shared libraries of Qt modules excluded above that hooks still collect (matched on the name).
QT_LIBRARIES_DROPPED = re.compile(
    r"(Qt6?(Qml|Quick|WebEngine|WebChannel|WebSockets|Designer|Help|UiTools|Sql|Test|Pdf|3D|"
    r"Multimedia|Charts|DataVisualization|VirtualKeyboard|Wayland|Wl[A-Z]|(?i:eglfs)|LabsStyleKit|"
    r"ShaderTools|"
    r"Positioning|Location|Bluetooth|SerialPort)\w*)"
)


#: Windows-only DLLs of the PySide6 wheel a widgets app never loads: the software OpenGL renderer
#: (20 MB), the Direct3D shader compiler (Qt Quick/RHI) and FFmpeg (Qt Multimedia).
WINDOWS_DLLS_DROPPED = re.compile(
    r"^(opengl32sw|d3dcompiler_\d+|(av(codec|format|util|device|filter)|sw(scale|resample))-\d+)"
    r"\.dll$",
    re.IGNORECASE,
)

#: Python's codecs for Japanese, Korean and traditional-Chinese encodings (GBK/GB18030 stay).
UNUSED_CODECS = re.compile(r"^_codecs_(jp|kr|tw|hk|iso2022)\.")


def _plugin_kept(parts: tuple[str, ...]) -> bool:
    """Whether a file under Qt's plugins/ folder stays (parts start after 'plugins')."""
    if len(parts) < 2:
        return True
    folder, name = parts[0], parts[-1]
    if folder not in QT_PLUGINS_KEPT:
        return False
    allowed = QT_PLUGINS_KEPT[folder]
    if allowed is None:
        return True
    stem = name.split(".")[0].removeprefix("lib")
    return stem in allowed


def keep_bundle_file(dest: str) -> bool:
    """Whether a file at `dest` (its path inside the bundle) belongs in the bundle."""
    parts = tuple(Path(dest.replace("\\", "/")).parts)
    name = parts[-1] if parts else ""
    if "PySide6" in parts or "shiboken6" in parts:
        if "plugins" in parts:
            return _plugin_kept(parts[parts.index("plugins") + 1 :])
        if "translations" in parts:
            return bool(QT_TRANSLATIONS_KEPT.match(name))
        if name.endswith((".pyi", ".h")) or "include" in parts or "typesystems" in parts:
            return False
        if {"qml", "metatypes", "resources", "libexec", "doc", "glue"} & set(parts):
            # resources/ holds WebEngine's pak files; QtCore needs none of it here.
            return False
    if QT_LIBRARIES_DROPPED.search(name) or UNUSED_CODECS.match(name):
        return False
    if WINDOWS_DLLS_DROPPED.match(name):
        return False
    if "default-docx-template" in parts:
        return False  # python-docx's source of default.docx; only default.docx is read
    return not name.endswith((".pyi", ".a", ".lib"))


def filter_toc(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The (dest, source, kind) entries of a PyInstaller TOC that `keep_bundle_file` keeps."""
    return [entry for entry in entries if keep_bundle_file(entry[0])]


#: Linux libraries left to the target system instead of bundled: every desktop (Debian, UOS,
#: Kylin) has them, and a bundled copy must match the system's own configuration (a bundled
#: fontconfig older than /etc/fonts is a known source of missing Chinese fonts; CUPS must be the
#: system's to see its printers). libstdc++/libgcc_s/libX11/glib are on the manylinux list of
#: libraries wheels may take from the system. Qt's rarer xcb helpers (cursor, icccm, keysyms,
#: image, render-util, util), SQLite, OpenSSL and libffi stay bundled: older UOS/Kylin releases
#: lack them or ship incompatible versions.
LINUX_DESKTOP_LIBRARIES = re.compile(
    r"^lib(fontconfig|freetype|expat|png16|brotli\w*|glib-2\.0|gthread-2\.0|gio-2\.0|gobject-2\.0|"
    r"gmodule-2\.0|pcre2-\w+|dbus-1|systemd|cups|gnutls|p11-kit|unistring|tasn1|nettle|hogweed|"
    r"gmp|idn2|avahi-\w+|krb5|krb5support|gssapi_krb5|k5crypto|com_err|keyutils|gcrypt|"
    r"gpg-error|X11|X11-xcb|Xau|Xdmcp|bsd|md|cap|selinux|mount|blkid|zstd|lz4|lzma|uuid|z|"
    r"stdc\+\+|gcc_s|xkbcommon|xkbcommon-x11|xcb-(render|shm|xfixes|randr|shape|sync|xkb|glx))"
    r"\.so"
)


def _is_system_library(dest: str) -> bool:
    """A library that is kept only if a kept binary needs it.

    That is one in the bundle's top folder, one of Qt's own (PySide6/Qt/lib, with a symlink of
    the same name in the top folder), or one vendored into a wheel's `*.libs/` folder.
    """
    path = Path(dest.replace("\\", "/"))
    name = path.name
    if not name.startswith("lib") or ".so" not in name or "python" in name:
        return False
    folder = path.parent.as_posix()
    # *.libs/ hold the libraries auditwheel vendored into a wheel (pillow.libs/, …).
    return len(path.parts) == 1 or folder.endswith("PySide6/Qt/lib") or folder.endswith(".libs")


def drop_desktop_libraries(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The entries without LINUX_DESKTOP_LIBRARIES (Linux bundles only)."""
    return [e for e in entries if not LINUX_DESKTOP_LIBRARIES.match(Path(e[0]).name)]


def prune_system_libraries(
    entries: Iterable[tuple[str, str, str]], imports_of: Callable[[str], Iterable[str]]
) -> list[tuple[str, str, str]]:
    """Drop system libraries that no kept binary needs any more (Linux).

    PyInstaller adds each dependency as its own entry, so filtering out a Qt plugin (say the GTK
    platform theme) leaves its cairo/pango/gio behind. `imports_of(source)` returns the names of
    every library a binary needs, transitively (PyInstaller's `ldd`-based `get_imports`).
    """
    entries = list(entries)
    needed: set[str] = set()
    for dest, source, _kind in entries:
        if not _is_system_library(dest):
            needed.update(Path(name).name for name in imports_of(source))
    return [e for e in entries if not _is_system_library(e[0]) or Path(e[0]).name in needed]


def drop_dangling_symlinks(
    entries: Iterable[tuple[str, str, str]], kept: Iterable[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The entries without SYMLINKs whose target (relative to the bundle) is no longer kept."""
    present = {Path(dest).as_posix() for dest, _source, kind in kept if kind != "SYMLINK"}
    return [
        e
        for e in entries
        if e[2] != "SYMLINK" or (Path(e[0]).parent / e[1]).as_posix().lstrip("./") in present
    ]


def project_data_files(root: Path = ROOT) -> Iterator[tuple[str, str]]:
    """(source file, bundle folder) for DATA_TREES and the non-Python files of our packages."""
    for source, target in DATA_TREES:
        base = root / source
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if source == "templates" and path.suffix == ".py":
                continue  # the scripts that generate the templates are not needed at run time
            if path.is_file() and "__pycache__" not in path.parts:
                folder = Path(target) / path.parent.relative_to(base)
                yield str(path), folder.as_posix()
    for package in PROJECT_PACKAGES:
        base = root / package
        for path in sorted(base.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix in {".py", ".pyc"}:
                continue
            relative = path.relative_to(root)
            if relative.parts[:2] == ("database", "migrations"):
                continue  # already shipped whole above
            yield str(path), relative.parent.as_posix()
    for script in SCRIPT_FILES:
        if (root / script).is_file():
            yield str(root / script), Path(script).parent.as_posix()


def excluded_modules(platform: str = sys.platform) -> list[str]:
    """Every module excluded from the bundle on this platform."""
    return [*EXCLUDED_MODULES, *PLATFORM_EXCLUDED_MODULES.get(platform, ())]


def keyring_backends(platform: str = sys.platform) -> tuple[str, ...]:
    """Backends to import explicitly on this platform."""
    return KEYRING_BACKENDS.get(platform, ())
