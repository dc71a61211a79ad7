"""rollup: sum the units' annex tables (JSON, casedesk XLSX or the seed's layout by hand)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import complain, say
from desktop.cli.reports import _date, accepted_pairs
from desktop.common.errors import ValidationError
from desktop.trust.file_store import atomic_write
from forms.validators import FieldError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `rollup annex1|annex2|shanxi1 --from --to INPUT… --out F.xlsx|.json`."""
    cmd = subparsers.add_parser(
        "rollup", help="汇总各单位报送的附表（JSON、casedesk 导出或按样表手填的 XLSX）"
    )
    cmd.add_argument("table", choices=["annex1", "annex2", "shanxi1", "typical"])
    cmd.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="各单位的附表文件")
    cmd.add_argument("--from", dest="start", type=_date, required=True, help="开始日期（含）")
    cmd.add_argument("--to", dest="end", type=_date, required=True, help="结束日期（含）")
    cmd.add_argument(
        "--out", type=Path, required=True, help="输出文件（.xlsx 或 .json；典型案例 .docx）"
    )
    cmd.add_argument("--unit", help="汇总表的单位（默认为单位设置的所在地区或机关名称）")
    cmd.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="类别=理由",
        help="接受一类提示并注明理由（记入来源表），如 结案数大于立案数=上年立案本期结案",
    )
    cmd.add_argument(
        "--fill-date", "--filled-on", dest="filled_on", type=_date, help="填表日期（默认今天）"
    )
    cmd.set_defaults(handler=_rollup)


def _rollup(ctx: AppContext, args: argparse.Namespace) -> int:
    from desktop.reports.rollup import parse_units, render_rollup, roll_up

    suffix = args.out.suffix.lower()
    allowed = (".docx",) if args.table == "typical" else (".xlsx", ".json")
    if suffix not in allowed:
        wanted = " 或 ".join(allowed)
        raise ValidationError([FieldError("--out", f"输出文件应以 {wanted} 结尾。")])
    settings = ctx.office.all()
    unit = args.unit or settings.get("region") or settings.get("authority_name", "")
    if args.table == "typical":
        return _typical(args, unit)
    try:
        rollup = roll_up(
            args.table,
            args.start,
            args.end,
            list(args.inputs),
            unit=unit,
            filled_on=args.filled_on or date.today(),
            expected_units=parse_units(settings.get("rollup_units", "")),
            accept=accepted_pairs(args.accept),
        )
    except ValidationError as error:
        # one line per file and reason: a city's clerk reads twenty of them
        complain(f"错误：{error.subject or '未汇总'}，{len(error.errors)} 个问题：")
        for problem in error.errors:
            complain(f"  {problem}")
        return 1
    atomic_write(args.out, render_rollup(rollup, suffix[1:]))
    for accepted in rollup.accepted:
        say(f"已接受：{accepted.issue.file}：{accepted}")
    say(f"已汇总 {len(rollup.inputs)} 个单位的{rollup.table.title}：{args.out}")
    return 0


def _typical(args: argparse.Namespace, unit: str) -> int:
    from desktop.reports.rollup_checks import period_text
    from desktop.reports.rollup_typical import collect_typical

    try:
        data, inputs = collect_typical(list(args.inputs), unit, period_text((args.start, args.end)))
    except ValidationError as error:
        complain(f"错误：未汇总，{len(error.errors)} 个问题：")
        for problem in error.errors:
            complain(f"  {problem}")
        return 1
    atomic_write(args.out, data)
    cases = sum(len(i.cases) for i in inputs)
    say(f"已汇总 {len(inputs)} 个单位的典型案例 {cases} 件：{args.out}")
    return 0
