"""evidence: a case's 证据材料 (PDFs and pictures paged into its 卷宗) — add, list, remove."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add evidence add|list|remove."""
    ev = subparsers.add_parser("evidence", help="案件的证据材料：add 添加，list 列出，remove 移除")
    actions = ev.add_subparsers(dest="action", required=True, metavar="add|list|remove")
    add = actions.add_parser("add", help="添加 PDF 或图片（全部通过检查才添加）")
    add.add_argument("files", nargs="+", type=Path, help="PDF 或图片文件")
    add.add_argument("--case", required=True, help="案号或内部编号")
    add.add_argument("--title", default="", help="证据名称（只添加一个文件时；默认用文件名）")
    add.add_argument("--collected-on", type=_day, default=None,
                     help="取证日期 YYYY-MM-DD（卷宗按此日期排列证据）")  # fmt: skip
    listing = actions.add_parser("list", help="列出案件的证据材料")
    listing.add_argument("--case", required=True, help="案号或内部编号")
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="移除一份证据材料")
    remove.add_argument("id", type=int, help="证据编号")
    for sub in (add, listing, remove):
        sub.set_defaults(handler=_evidence)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"取证日期“{text}”应为 YYYY-MM-DD。") from None


def _evidence(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "remove":
        ctx.attachments.remove(args.id)
        say(f"已移除证据材料 {args.id}。")
        return 0
    if args.action == "list":
        rows = ctx.attachments.list(args.case)
        if args.json:
            print_json(rows)
            return 0
        for r in rows:
            taken = r.collected_on.isoformat() if r.collected_on else "取证日期未填"
            say(f"{r.id}\t{r.title}\t{r.file_name}\t{r.size:,} 字节\t{taken}")
        return 0
    if args.title and len(args.files) > 1:
        raise CasedeskError("--title 只能用于添加一个文件。")
    ids = ctx.attachments.add_many(
        args.case, args.files, args.title, args.collected_on
    )  # all or none
    for attachment_id, path in zip(ids, args.files, strict=True):
        say(f"已添加证据材料 {attachment_id}：{args.title or path.stem}（{path.name}）")
    return 0
