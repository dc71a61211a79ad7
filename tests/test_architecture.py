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


def _lint_copy(tmp_path: Path, wrong_imports: dict[str, str]) -> str:
    """lint-imports on a copy of the code where each file named (relative to the root) gets
    the import line given; returns its output after checking it failed."""
    for package in ("desktop", "forms", "database"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, line in wrong_imports.items():
        with (tmp_path / relative).open("a", encoding="utf-8") as module:
            module.write(f"\n{line}  # noqa\n")
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
    return result.stdout


def test_the_contracts_catch_a_wrong_import(tmp_path: Path) -> None:
    """The guard itself: on a copy where database imports Qt and the application, and a service
    imports Qt, lint-imports fails and names the broken contracts (an empty or misnamed
    configuration would pass the check above without checking anything)."""
    out = _lint_copy(
        tmp_path,
        {
            "database/__init__.py": "import PySide6\nimport desktop.app",
            "desktop/cases/__init__.py": "from PySide6 import QtCore",
        },
    )
    assert "database is the bottom layer BROKEN" in out
    assert "The core never reaches Qt, even indirectly BROKEN" in out
    assert "desktop.cases -> PySide6" in out


def test_the_domain_contracts_catch_a_wrong_import(tmp_path: Path) -> None:
    """Each domain rule fails on a deliberately wrong import: records importing cases, trust
    importing records, a domain importing reports, documents importing cases, a domain
    importing the CLI, and the composition root importing the entry point."""
    out = _lint_copy(
        tmp_path,
        {
            "desktop/records/staff.py": "import desktop.cases.cases",
            "desktop/trust/audit.py": "import desktop.records.office",
            "desktop/casefile/archive.py": "import desktop.reports.annex1",
            "desktop/documents/register.py": "import desktop.cases.search",
            "desktop/law/penalties.py": "import desktop.cli.registry",
            "desktop/app.py": "import desktop.entry",
        },
    )
    assert "The domains import downward only BROKEN" in out
    for chain in (
        "desktop.records.staff -> desktop.cases.cases",
        "desktop.trust.audit -> desktop.records.office",
        "desktop.casefile.archive -> desktop.reports.annex1",
        "desktop.documents.register -> desktop.cases.search",
    ):
        assert chain in out, chain
    assert "No domain reaches the composition root, the CLI or the entry point BROKEN" in out
    assert "desktop.law.penalties -> desktop.cli.registry" in out
    assert "The composition root does not import the command line BROKEN" in out
    assert "desktop.app -> desktop.entry" in out
