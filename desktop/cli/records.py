"""init, demo, import and list: the records commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.demo.district import DemoOptions, load_demo
from desktop.ledger.workbook import ReadOptions


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add init, demo, import and list."""
    init = subparsers.add_parser("init", help="创建或升级数据库")
    init.set_defaults(handler=_init)

    demo = subparsers.add_parser("demo", help="载入虚构的示例辖区数据")
    demo.add_argument("--seed", type=int, default=2024, help="随机种子（相同种子得到相同数据）")
    demo.add_argument("--cases", type=int, default=240, help="案件数")
    demo.set_defaults(handler=_demo)

    imp = subparsers.add_parser("import", help="导入机构名录或案件台账（.xlsx）")
    imp.add_argument("kind", choices=["institutions", "cases"])
    imp.add_argument("file", type=Path)
    imp.add_argument("--sheet", help="要导入的工作表名称（工作簿中有多张台账时）")
    imp.add_argument(
        "--ignore-columns",
        action="store_true",
        help="确认不导入本程序不认识的列（及没有列名的列）；默认拒绝并列出这些列",
    )
    imp.set_defaults(handler=_import)

    lst = subparsers.add_parser("list", help="列出机构、案件或机构人员")
    lst.add_argument("kind", choices=["institutions", "cases", "staff"])
    lst.add_argument("--json", action="store_true", help="输出 UTF-8 JSON")
    lst.add_argument(
        "--search",
        default="",
        help="按名称、代码、案号、案由查找；人员按姓名、执业证书编号或完整身份证号查找",
    )
    lst.set_defaults(handler=_list)


def _init(ctx: AppContext, _args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from desktop.trust.crypto import key_creation_note

    say(f"数据库已就绪：{make_url(ctx.database_url).render_as_string(hide_password=True)}")
    note = key_creation_note(ctx.cipher, ctx.data_dir)
    say(note or f"个人信息加密密钥：编号 {ctx.cipher.key_id}（已找到，未改动）。")
    return 0


def _demo(ctx: AppContext, args: argparse.Namespace) -> int:
    summary = load_demo(ctx.uow_factory, DemoOptions(seed=args.seed, cases=args.cases))
    say(str(summary))
    return 0


def _import(ctx: AppContext, args: argparse.Namespace) -> int:
    options = ReadOptions(sheet=args.sheet, ignore_columns=args.ignore_columns)
    if args.kind == "institutions":
        report = ctx.ledger_import.import_institutions(args.file, options=options)
    else:
        report = ctx.ledger_import.import_cases(args.file, options=options)
    say(str(report))
    return 0


def _list(ctx: AppContext, args: argparse.Namespace) -> int:
    rows: list[Any]
    if args.kind == "institutions":
        rows = list(ctx.institutions.search(args.search, limit=10**9))
    elif args.kind == "staff":
        rows = ctx.staff.search(args.search)
    else:
        rows = list(ctx.cases.search(args.search, limit=10**9))
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        say(_LINES[args.kind](row))
    return 0


def _tier_text(row: Any) -> str:
    """处罚情形 and 责令改正日期 of a case, when it records them (a tab-separated last column)."""
    if not row.penalty_tier_condition:
        return ""
    ordered = row.correction_ordered_on
    return f"\t处罚情形：{row.penalty_tier_condition}" + (
        f"（责令改正日期：{ordered.isoformat()}）" if ordered else ""
    )


#: One tab-separated line per record of each list.
_LINES: dict[str, Callable[[Any], str]] = {
    "institutions": lambda r: f"{r.id}\t{r.name}\t{r.kind}\t{r.town}\t{r.status}",
    "cases": lambda r: f"{r.case_no}\t{r.party_name}\t{r.cause}\t{r.status}\t{r.filed_on}"
    + _tier_text(r),
    "staff": lambda r: f"{r.id}\t{r.name}\t{r.role}\t{r.certificate_no}\t{r.institution_name}",
}
