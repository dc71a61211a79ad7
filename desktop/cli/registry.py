"""How command modules plug into the parser without main.py knowing their details."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from desktop.app import AppContext


Handler = Callable[["AppContext", argparse.Namespace], int]
Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_full_options(parser: argparse.ArgumentParser, prefix: str) -> None:
    """--full and --report, on the command and (prefix "self_test_") beside --self-test.

    Different names for the two places: a subcommand's defaults would overwrite the values the
    main parser read (argparse fills one namespace).
    """
    parser.add_argument("--full", dest=f"{prefix}full", action="store_true",
                        help="现场自检：逐一测试各 PDF 转换程序、打印比例、密钥库、字体、屏幕和文件占用，"
                             "未找到转换程序即判失败，并写出中文报告")  # fmt: skip
    parser.add_argument("--report", dest=f"{prefix}report", type=Path,
                        help="现场自检报告的保存位置（默认在数据目录的“自检报告”文件夹中）")  # fmt: skip


def _json_default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, PurePath):  # a written file's path, as the clerk would type it
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
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
