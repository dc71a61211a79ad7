"""report, packet, campaign and archive: the annex tables, the case file and the exports."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import complain, say
from desktop.common.errors import ValidationError
from forms.validators import FieldError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 YYYY-MM-DD。") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add report, packet, campaign and archive."""
    rep = subparsers.add_parser("report", help="生成附表（附表1、附表2、山西附件1、典型案例）")
    rep.add_argument("table", choices=["annex1", "annex2", "shanxi1", "typical"])
    rep.add_argument("--from", dest="start", type=_date, required=True, help="开始日期（含）")
    rep.add_argument("--to", dest="end", type=_date, required=True, help="结束日期（含）")
    rep.add_argument(
        "--format", choices=["xlsx", "json", "docx"], help="默认 xlsx（典型案例 docx）"
    )
    rep.add_argument("--out", type=Path, required=True, help="输出文件")
    rep.add_argument(
        "--fill-date", "--filled-on", dest="filled_on", type=_date, help="填表日期（默认今天）"
    )
    rep.set_defaults(handler=_report)

    pkt = subparsers.add_parser("packet", help="生成案件卷宗 PDF")
    pkt.add_argument("--case", required=True, help="案号或内部编号")
    pkt.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    pkt.add_argument("--allow-gaps", action="store_true", help="缺少文书时仍然生成（插入缺页说明）")
    pkt.add_argument(
        "--fill-missing", action="store_true", help="先按案件记录补齐缺少的文书（逐份校验、编号）"
    )
    pkt.set_defaults(handler=_packet)

    camp = subparsers.add_parser("campaign", help="生成专项整治报送材料（总结、附表、典型案例）")
    camp.add_argument("--from", dest="start", type=_date, required=True, help="开始日期（含）")
    camp.add_argument("--to", dest="end", type=_date, required=True, help="结束日期（含）")
    camp.add_argument("--out", type=Path, required=True, help="输出目录（生成 PDF 与 ZIP）")
    camp.add_argument(
        "--fill-date", "--filled-on", dest="filled_on", type=_date, help="填表日期（默认今天）"
    )
    camp.add_argument(
        "--rollup",
        type=Path,
        metavar="INPUT_DIR",
        help="汇总下级单位报送的材料（文件夹中的报送材料原件.zip 或附表、典型案例文件）",
    )
    camp.add_argument("--unit", help="汇总时本级单位名称（默认为单位设置的所在地区）")
    camp.add_argument(
        "--accept", action="append", default=[], metavar="类别=理由", help="汇总时接受一类提示"
    )
    camp.set_defaults(handler=_campaign)

    arc = subparsers.add_parser("archive", help="导出或校验结案卷宗归档包")
    sub = arc.add_subparsers(dest="archive_command", required=True)
    exp = sub.add_parser("export", help="按结案年度导出（一案一卷）")
    exp.add_argument("--year", type=int, required=True, help="结案年度")
    exp.add_argument("--out", type=Path, required=True, help="输出 ZIP 文件")
    exp.add_argument("--allow-gaps", action="store_true", help="缺少文书时仍然导出")
    exp.set_defaults(handler=_archive_export)
    ver = sub.add_parser("verify", help="按清单校验归档包")
    ver.add_argument("file", type=Path, help="归档 ZIP 文件")
    ver.set_defaults(handler=_archive_verify, needs_context=False)
    imp = sub.add_parser("import", help="校验归档包并将其中文件放回文件库")
    imp.add_argument("file", type=Path, help="归档 ZIP 文件")
    imp.set_defaults(handler=_archive_import)


def _report(ctx: AppContext, args: argparse.Namespace) -> int:
    fmt = args.format or ("docx" if args.table == "typical" else "xlsx")
    table = ctx.reports.export(args.table, args.start, args.end, fmt, args.out, args.filled_on)
    say(f"已生成 {table.title}：{args.out}")
    return 0


def _packet(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.fill_missing:
        from desktop.casefile.fill import generate_missing

        say(str(generate_missing(ctx.case_files, ctx.documents, args.case)))
    from desktop.casefile.entries import MissingDocumentsError
    from desktop.casefile.service import CITED_SUFFIX

    try:
        result = ctx.case_files.write(args.case, args.out, allow_gaps=args.allow_gaps)
    except MissingDocumentsError as error:
        # one line per missing document, then the two ways on (the UI has a checkbox instead)
        for title in error.missing:
            complain(f"缺少：{title}")
        complain(
            "卷宗未生成。请补齐后再生成：加 --fill-missing 按案件记录补齐缺少的文书，"
            "或加 --allow-gaps 缺页仍生成（插入缺页说明）。"
        )
        return 1
    for title in result.missing:
        # a missing document has a gap page; cited evidence is stated in the 备考表
        where = "已记入卷内备考表" if title.endswith(CITED_SUFFIX) else "已插入缺页说明"
        say(f"缺少：{title}（{where}）")
    say(f"已生成卷宗：{args.out}（共 {result.page_count} 页）")
    return 0


def _campaign(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.rollup is not None:
        return campaign_rollup(ctx, args)
    result = ctx.packets.write(args.start, args.end, args.out, args.filled_on)
    say(f"已生成报送材料：{result.pdf_path}；原件：{result.zip_path}")
    return 0


def _archive_export(ctx: AppContext, args: argparse.Namespace) -> int:
    from desktop.casefile.archive import ArchiveGapsError

    try:
        result = ctx.archive.export_year(args.year, args.out, allow_gaps=args.allow_gaps)
    except ArchiveGapsError as error:
        # every case and its missing documents, then how to archive anyway
        complain(str(error))
        complain("如需缺页仍归档（缺少的文书记入清单），请加 --allow-gaps。")
        return 1
    for gap in result.missing:
        say(f"{gap}（已以缺页说明代替，记入清单）")
    say(
        f"已导出 {args.year} 年结案卷宗 {result.case_count} 卷，文件 {result.file_count} 个：{args.out}"
    )
    return 0


def _archive_import(ctx: AppContext, args: argparse.Namespace) -> int:
    count = ctx.archive.import_archive(args.file)
    say(f"归档包校验通过，已将 {count} 个文件放回文件库：{args.file}")
    return 0


def _archive_verify(_ctx: AppContext | None, args: argparse.Namespace) -> int:
    from desktop.casefile.archive import verify_archive

    problems = verify_archive(args.file)
    if problems:
        raise ValidationError([FieldError(p.path, p.reason) for p in problems], "归档包校验未通过")
    say(f"归档包校验通过：{args.file}")
    return 0


def accepted_pairs(pairs: list[str]) -> dict[str, str]:
    """--accept 类别=理由 pairs of the roll-up (rollup, campaign --rollup)."""
    accepted: dict[str, str] = {}
    errors = []
    for pair in pairs:
        kind, sep, reason = pair.partition("=")
        if not sep or not reason.strip():
            errors.append(FieldError(pair, "应写成“类别=理由”，理由不能为空。"))
        else:
            accepted[kind.strip()] = reason.strip()
    if errors:
        raise ValidationError(errors, "--accept")
    return accepted


def campaign_rollup(ctx: AppContext, args: argparse.Namespace) -> int:
    """`campaign --rollup INPUT_DIR`: the city's packet from its units' packets."""
    from desktop.paths import templates_dir
    from desktop.reports.packet import SUMMARY_TEMPLATE
    from desktop.reports.pdf_convert import libreoffice_to_pdf
    from desktop.reports.rollup import parse_units
    from desktop.reports.rollup_packet import RollupRequest, build_rollup_packet

    settings = ctx.office.all()
    unit = args.unit or settings.get("region") or settings.get("authority_name", "")
    authority = settings.get("supervision_institute") or settings.get("authority_name", "")
    request = RollupRequest(
        args.start,
        args.end,
        unit,
        authority,
        args.filled_on or date.today(),
        parse_units(settings.get("rollup_units", "")),
        accepted_pairs(args.accept),
    )
    try:
        result, rollups = build_rollup_packet(
            args.rollup, args.out, request, templates_dir() / SUMMARY_TEMPLATE, libreoffice_to_pdf
        )
    except ValidationError as error:
        complain(f"错误：未汇总，{len(error.errors)} 个问题：")
        for problem in error.errors:
            complain(f"  {problem}")
        return 1
    units = "、".join(t.unit for t in next(iter(rollups.values())).inputs)
    say(f"已汇总 {units} 的报送材料：{result.pdf_path}；原件：{result.zip_path}")
    return 0
