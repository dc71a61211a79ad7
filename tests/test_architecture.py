"""The dependency direction is enforced: import-linter's contracts hold on the real code."""

from __future__ import annotations

import ast
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
