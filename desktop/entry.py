"""The console entry point, kept light: `desktop.app` loads every service, which the window's
first paint must not wait for (the window opens the database itself, after painting)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """`casedesk …` (no command starts the desktop app)."""
    from desktop.cli.main import run

    return run(sys.argv[1:] if argv is None else argv)
