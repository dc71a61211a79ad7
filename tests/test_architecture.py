"""The dependency direction is enforced: import-linter's contracts hold on the real code."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_desktop_ui() -> None:
    """A second, independent check: no file outside desktop/ui mentions PySide6 in an import."""
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("desktop", "forms", "database")
        for path in (ROOT / package).rglob("*.py")
        if "ui" not in path.relative_to(ROOT).parts[:2]
        and any(name.split(".")[0] == "PySide6" for name in _imported_modules(path))
    ]
    assert offenders == []


def test_the_contracts_catch_a_wrong_import(tmp_path: Path) -> None:
    """The guard itself: on a copy where database imports Qt and the application, and a service
    imports Qt, lint-imports fails and names the broken contracts (an empty or misnamed
    configuration would pass the check above without checking anything)."""
    for package in ("desktop", "forms", "database"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "database" / "__init__.py").open("a", encoding="utf-8") as init:
        init.write("\nimport PySide6  # noqa\nimport desktop.app  # noqa\n")
    with (tmp_path / "desktop" / "services" / "__init__.py").open("a", encoding="utf-8") as init:
        init.write("\nfrom PySide6 import QtCore  # noqa\n")
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [exe, "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode != 0, result.stdout
    assert "database is the bottom layer BROKEN" in result.stdout
    assert "The core never reaches Qt, even indirectly BROKEN" in result.stdout
    assert "desktop.services -> PySide6" in result.stdout
