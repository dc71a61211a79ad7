"""provisions list|show|check: the legal provision catalogue from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
from desktop.law.catalogue import (
    BASE_NAMES,
    SEED_DIR,
    ProvisionRow,
    TierRow,
    is_transfer_row,
    multiple_text,
    transfer_department,
)
from desktop.law.catalogue_files import check_catalogue
from forms.money import fen_to_figures


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `provisions list|show|check`."""
    sub = subparsers.add_parser(
        "provisions", help="法律条款库：list 列出，show 查看一条，check 检查条款库文件"
    )
    actions = sub.add_subparsers(dest="action", required=True, metavar="{list,show,check}")
    listing = actions.add_parser("list", help="列出条款（编码、违法行为、违反条款、处罚依据、核对情况）")
    listing.add_argument("--unverified", action="store_true", help="只列出尚未核对原文的条款")
    listing.add_argument("--json", action="store_true", help="输出 UTF-8 JSON")
    listing.set_defaults(handler=_list)
    show = actions.add_parser("show", help="查看一条：条文、实施机关、处罚对象、处罚档次、来源")
    show.add_argument("code", help="条款编码，如 YF-03")
    show.add_argument("--json", action="store_true", help="输出 UTF-8 JSON")
    show.set_defaults(handler=_show)
    check = actions.add_parser(
        "check", help="检查条款库文件（provisions.csv 与 provision_tiers.csv）"
    )
    check.add_argument(
        "dir", nargs="?", type=Path, default=None,
        help="条款库文件所在目录（默认检查随程序安装的条款库）",
    )  # fmt: skip
    check.set_defaults(handler=_check, needs_context=False)


def _list(ctx: AppContext, args: argparse.Namespace) -> int:
    rows = ctx.provisions.list(unverified=args.unverified)
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        checked = f"已核对{row.checked.isoformat()}" if row.verified and row.checked else "未核对"
        say("\t".join((row.code, row.violation, row.violated_article or "—",
                       row.basis_article or "（未设罚则或罚则待核）", row.authority,
                       row.party, _period(row), checked)))  # fmt: skip
    say(f"共 {len(rows)} 条" + ("（未核对原文）" if args.unverified else "") + "。")
    return 0


def _show(ctx: AppContext, args: argparse.Namespace) -> int:
    row = ctx.provisions.get(args.code.strip())
    if args.json:
        print_json(row)
        return 0
    for line in show_lines(row):
        say(line)
    return 0


def show_lines(row: ProvisionRow) -> list[str]:
    """One provision as the clerk reads it."""
    authority = row.authority + (
        f"（移送{transfer_department(row)}）" if is_transfer_row(row) else "（本机关实施）"
    )
    lines = [
        f"{row.code}　{row.violation}",
        f"违反条款：{row.violated_article or '—'}",
        *([f"　　{row.violated_text}"] if row.violated_text else []),
        f"处罚依据：{row.basis_article or '（未设罚则或罚则待核）'}",
        *([f"　　{row.basis_text}"] if row.basis_text else []),
        f"实施机关：{authority}",
        f"处罚对象：{row.party}",
        f"施行期间：{_period(row)}",
        f"前一版本：{row.predecessor or '—'}",
        "处罚档次：" + ("" if row.tiers else "无（未设罚则或罚则待核，不能据以处罚）"),
    ]
    for tier in row.tiers:
        lines += tier_lines(tier)
    checked = row.checked.isoformat() if row.checked else "—"
    lines += [
        f"核对：{'已在法规全文中核对' if row.verified else '未核对原文'}（核对日期：{checked}）",
        f"来源：{row.source or '—'}",
    ]
    if row.note:
        lines.append(f"说明：{row.note}")
    return lines


def tier_lines(tier: TierRow) -> list[str]:
    """One tier: its condition, kinds and range."""
    return [
        f"　第{tier.tier}档（{tier.condition or '一般情形'}）必处：{tier.mandatory_kinds or '—'}；"
        f"可选：{tier.optional_kinds or '—'}；罚款：{fine_text(tier)}",
        f"　　{tier.range_text}",
    ]


def fine_text(tier: TierRow) -> str:
    """The tier's fine range in figures: ¥5,000.00至¥10,000.00, 违法所得的5倍至20倍 …"""
    if "罚款" not in tier.measures:
        return "不设罚款"
    parts = []
    if tier.min_fine_fen is not None or tier.max_fine_fen is not None:
        low = fen_to_figures(tier.min_fine_fen) if tier.min_fine_fen is not None else "不设下限"
        high = fen_to_figures(tier.max_fine_fen) if tier.max_fine_fen is not None else "不设上限"
        parts.append(f"{low}至{high}")
    base = BASE_NAMES.get(tier.fine_base)
    if base and (tier.min_multiple_pct is not None or tier.max_multiple_pct is not None):
        low_x = multiple_text(tier.min_multiple_pct) if tier.min_multiple_pct else "不设下限"
        high_x = multiple_text(tier.max_multiple_pct) if tier.max_multiple_pct else "不设上限"
        text = f"{base}的{low_x}至{high_x}"
        if tier.base_floor_fen:
            floor = fen_to_figures(tier.base_floor_fen)
            text += f"（{base}不足{floor}的按{floor}计算）"
        parts.append(text)
    return "；".join(parts) or "未录入数额"


def _period(row: ProvisionRow) -> str:
    start = row.effective_from.isoformat()
    return f"{start}至{row.effective_to.isoformat()}" if row.effective_to else f"{start}起"


def _check(_ctx: AppContext | None, args: argparse.Namespace) -> int:
    folder: Path = args.dir or SEED_DIR
    if not folder.is_dir():
        raise CasedeskError(f"找不到条款库目录：{folder}")
    issues = check_catalogue(folder)
    for issue in issues:
        say(str(issue))
    if issues:
        say(f"条款库检查完成：{len(issues)} 个错误（{folder}）。")
        return 1
    say(f"条款库检查完成：没有发现错误（{folder}）。")
    return 0
