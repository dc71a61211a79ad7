"""The bundle rules keep what the program needs and drop Qt's unused parts."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))

import bundle_rules as rules


def test_only_needed_platform_plugins_stay() -> None:
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    ]
    dropped = [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so",
    ]
    assert all(rules.keep_bundle_file(d) for d in kept)
    assert not any(rules.keep_bundle_file(d) for d in dropped)


def test_the_translation_the_window_loads_is_bundled() -> None:
    """desktop.ui.main loads this file at start; both wheel layouts keep it in the bundle."""
    from desktop.ui.main import QT_TRANSLATION

    for folder in ("PySide6/Qt/translations", "PySide6\\translations"):
        assert rules.keep_bundle_file(f"{folder}/{QT_TRANSLATION}.qm"), folder
    assert not rules.keep_bundle_file("PySide6/Qt/translations/qtbase_ja.qm")


def test_only_chinese_qt_translations_stay() -> None:
    assert rules.keep_bundle_file("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert rules.keep_bundle_file("PySide6/Qt/translations/qt_zh_CN.qm")
    assert not rules.keep_bundle_file("PySide6/Qt/translations/qtbase_de.qm")
    assert not rules.keep_bundle_file("PySide6/Qt/translations/qtwebengine_zh_CN.qm")


def test_unused_qt_libraries_are_dropped_and_used_ones_kept() -> None:
    for name in ("libQt6Quick.so.6", "Qt6Qml.dll", "libQt6WebEngineCore.so.6",
                 "libQt6EglFsKmsSupport.so.6", "libQt6WlShellIntegration.so.6"):  # fmt: skip
        assert not rules.keep_bundle_file(f"PySide6/Qt/lib/{name}"), name
    for name in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "Qt6PrintSupport.dll",
                 "libQt6Svg.so.6", "libQt6DBus.so.6"):  # fmt: skip
        assert rules.keep_bundle_file(f"PySide6/Qt/lib/{name}"), name


def test_migrations_templates_and_package_data_are_collected(tmp_path: Path) -> None:
    (tmp_path / "database/migrations/versions/__pycache__").mkdir(parents=True)
    (tmp_path / "database/migrations/env.py").write_text("x")
    (tmp_path / "database/migrations/script.py.mako").write_text("x")
    (tmp_path / "database/migrations/versions/0001_initial.py").write_text("x")
    (tmp_path / "database/migrations/versions/__pycache__/0001.pyc").write_text("x")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/penalty_decision.docx").write_text("x")
    (tmp_path / "desktop/ui/i18n").mkdir(parents=True)
    (tmp_path / "desktop/ui/i18n/casedesk_zh_CN.qm").write_text("x")
    (tmp_path / "desktop/app.py").write_text("x")
    (tmp_path / "desktop/documents").mkdir()
    (tmp_path / "desktop/documents/uno_worker.py").write_text("x")
    (tmp_path / "forms").mkdir()
    files = {Path(src).relative_to(tmp_path).as_posix(): dest
             for src, dest in rules.project_data_files(tmp_path)}  # fmt: skip
    assert files == {
        "templates/penalty_decision.docx": "templates",
        "database/migrations/env.py": "database/migrations",
        "database/migrations/script.py.mako": "database/migrations",
        "database/migrations/versions/0001_initial.py": "database/migrations/versions",
        "desktop/ui/i18n/casedesk_zh_CN.qm": "desktop/ui/i18n",
        "desktop/documents/uno_worker.py": "desktop/documents",  # run by LibreOffice's Python
    }


def test_real_migrations_are_shipped_where_migrate_py_looks() -> None:
    dests = {(Path(src).name, dest) for src, dest in rules.project_data_files()}
    assert ("env.py", "database/migrations") in dests
    assert ("script.py.mako", "database/migrations") in dests
    assert any(d == "database/migrations/versions" for _n, d in dests)


def test_libraries_of_dropped_plugins_are_pruned() -> None:
    entries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/w/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/w/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/w/libQt6Network.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    needs = {"/w/libqxcb.so": ["libQt6Gui.so.6", "/usr/lib/libxcb-cursor.so.0"]}
    kept = rules.prune_system_libraries(entries, lambda src: needs.get(src, []))
    assert [Path(d).name for d, _s, _k in kept] == [
        "libqxcb.so", "libQt6Gui.so.6", "libxcb-cursor.so.0", "libpython3.11.so.1.0",
    ]  # fmt: skip


def test_desktop_libraries_are_left_to_the_system_and_symlinks_follow() -> None:
    entries = [
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("libcups.so.2", "/usr/lib/libcups.so.2", "BINARY"),
        ("libsqlite3.so.0", "/usr/lib/libsqlite3.so.0", "BINARY"),
        ("libstdc++.so.6", "/usr/lib/libstdc++.so.6", "BINARY"),
    ]
    entries += [
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libxcb-shm.so.0", "/usr/lib/libxcb-shm.so.0", "BINARY"),
        ("libz.so.1", "/usr/lib/libz.so.1", "BINARY"),
        ("libzstd-40ad5e7e.so.1.5.7", "/w/pillow.libs/libzstd-40ad5e7e.so.1.5.7", "BINARY"),
    ]
    assert [e[0] for e in rules.drop_desktop_libraries(entries)] == [
        "libsqlite3.so.0", "libxcb-cursor.so.0", "libzstd-40ad5e7e.so.1.5.7",
    ]  # fmt: skip
    links = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
    ]
    present = [("PySide6/Qt/lib/libQt6Core.so.6", "/w/libQt6Core.so.6", "BINARY")]
    assert rules.drop_dangling_symlinks(links, present) == links[:1]


def test_windows_bundle_imports_credential_manager_backend_explicitly() -> None:
    assert "keyring.backends.Windows" in rules.keyring_backends("win32")
    assert "psycopg_binary" in rules.excluded_modules("linux")
    assert "psycopg_binary" not in rules.excluded_modules("win32")
    assert "PySide6.QtWebEngineCore" in rules.excluded_modules("win32")


def test_chinese_codecs_stay_and_other_cjk_codecs_go() -> None:
    dynload = "python3.11/lib-dynload/"
    assert rules.keep_bundle_file(dynload + "_codecs_cn.cpython-311-x86_64-linux-gnu.so")
    assert not rules.keep_bundle_file(dynload + "_codecs_jp.cpython-311-x86_64-linux-gnu.so")
    assert not rules.keep_bundle_file("_codecs_kr.pyd")


def test_python_docx_template_sources_are_dropped_but_default_docx_kept() -> None:
    assert rules.keep_bundle_file("docx/templates/default.docx")
    assert rules.keep_bundle_file("docx/templates/default-header.xml")
    assert not rules.keep_bundle_file("docx/templates/default-docx-template/word/styles.xml")


def test_windows_software_opengl_shader_compiler_and_ffmpeg_are_dropped() -> None:
    for name in ("opengl32sw.dll", "d3dcompiler_47.dll", "avcodec-61.dll", "swscale-8.dll"):
        assert not rules.keep_bundle_file(f"PySide6\\{name}"), name
    for name in ("Qt6Gui.dll", "msvcp140.dll", "vcruntime140_1.dll", "pyside6.abi3.dll"):
        assert rules.keep_bundle_file(f"PySide6\\{name}"), name
