"""How command modules plug into the parser without main.py knowing their details."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from desktop.app import AppContext


Handler = Callable[["AppContext", argparse.Namespace], int]
Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _json_default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    """JSON on standard output (Chinese kept readable), in the encoding set at start."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    _write(sys.stdout, text)


def say(text: str) -> None:
    """A line for the clerk on standard output, in the one encoding set at start
    (desktop.cli.output.configure_output): argparse's lines and ours never mix two."""
    _write(sys.stdout, text)


def complain(text: str) -> None:
    """A Chinese message on standard error."""
    _write(sys.stderr, text)


def _write(stream: TextIO | None, text: str) -> None:
    if stream is None:  # a windowed program without streams (installer/casedesk_entry.py)
        return
    stream.write(text + "\n")
    stream.flush()
