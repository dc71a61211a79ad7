"""`casedesk --data-dir DIR ARGS…` run in this process, for tests about what a command does.

A child process costs seconds (the interpreter, the imports, the key file's passphrase); tests
whose point is the process itself (exit status of the console script, stdout's encoding, kill -9,
a second process) keep running `casedesk` as a real child process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.entry import main


@dataclass(frozen=True)
class Ran:
    """What one command did (the fields of subprocess.CompletedProcess the tests read)."""

    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def casedesk_here(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
) -> Ran:
    """Run one command in this process; its exit status and what it printed."""
    capsys.readouterr()  # what the test printed before is not the command's
    with _environment(env):
        code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)
