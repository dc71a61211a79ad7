"""discretion list [CODE] | import F.xlsx: the 裁量基准 in force (shipped defaults, or the
office's own from its workbook; columns in docs/discretion.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.law.discretion import LevelTerms
from desktop.law.discretion_workbook import COLUMNS, import_workbook


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `discretion list [CODE] [--json]` and `discretion import F.xlsx`."""
    sub = subparsers.add_parser(
        "discretion",
        help="裁量基准：list 列出（可指定条款编码），import 导入本机关的裁量基准工作簿",
    )
    actions = sub.add_subparsers(dest="action", required=True, metavar="{list,import}")
    listing = actions.add_parser("list", help="列出裁量阶次、罚款幅度、适用情形和来源")
    listing.add_argument("code", nargs="?", default="", help="条款编码，如 YLJG-04")
    listing.add_argument("--json", action="store_true", help="输出 UTF-8 JSON")
    listing.set_defaults(handler=_list)
    load = actions.add_parser("import", help=f"导入裁量基准工作簿（列：{'、'.join(COLUMNS)}）")
    load.add_argument("file", type=Path, help="xlsx 工作簿，第一行为表头")
    load.set_defaults(handler=_import)


def _line(t: LevelTerms) -> str:
    where = "本机关" if t.own else ("已核对" if t.verified else "示例，未核对")
    return "\t".join((t.code, t.condition or "一般情形", t.level, t.range_text, t.circumstances,
                      f"{where}：{t.source}"))  # fmt: skip


def _list(ctx: AppContext, args: argparse.Namespace) -> int:
    levels = ctx.discretion.list(args.code.strip())
    if args.json:
        print_json(levels)
        return 0
    for t in levels:
        say(_line(t))
    unverified = sum(1 for t in levels if not t.verified)
    note = (
        f"，其中 {unverified} 条为随软件提供的示例（未核对，不是已公布的裁量基准）"
        if unverified
        else ""
    )
    say(f"共 {len(levels)} 条裁量阶次{note}。")
    return 0


def _import(ctx: AppContext, args: argparse.Namespace) -> int:
    report = import_workbook(ctx.uow_factory, args.file)
    say(f"已导入裁量基准 {report.rows} 条（条款：{'、'.join(report.provisions)}）。")
    return 0
