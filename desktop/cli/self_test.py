"""`casedesk self-test` (also `casedesk --self-test`): check the installed program end to end;
`--full` is the field self-test office IT runs on the clerk's PC (docs/office-it.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import add_full_options, say


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add self-test."""
    cmd = subparsers.add_parser(
        "self-test", help="自检：在临时目录中建库、载入示例、生成文书并转换 PDF，不动用户数据"
    )
    cmd.add_argument("--keep", type=Path, help="在此目录中自检并保留生成的文件（默认用临时目录）")
    add_full_options(cmd, prefix="")
    cmd.set_defaults(handler=_self_test, needs_context=False)


def _self_test(_ctx: AppContext | None, args: argparse.Namespace) -> int:
    if args.full or getattr(args, "self_test_full", False):
        from desktop import paths
        from desktop.field_test import default_report_path, run_field_test

        report = args.report or getattr(args, "self_test_report", None)
        if report is None:
            report = default_report_path(paths.data_dir(args.data_dir) / "自检报告")
        return run_field_test(say, report, keep=args.keep)
    from desktop.self_test import run_self_test

    return run_self_test(say, keep=args.keep)
