"""publish penalties | inspections | cases | status | mark | public: reporting outward (the
双公示 行政处罚 file, inspection results for the 监管 platform, upward case data, the 公示 state
of each decision and the 公开版 决定书). See docs/publication.md."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.publish.service import ExportResult


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 YYYY-MM-DD。") from None


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=_date, required=True, help="开始日期（含）")
    parser.add_argument("--to", dest="end", type=_date, required=True, help="结束日期（含）")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `publish …`."""
    pub = subparsers.add_parser(
        "publish", help="报送：行政处罚信息公示、检查结果、案件数据、公开版决定书"
    )
    actions = pub.add_subparsers(dest="publish_command", required=True)

    pen = actions.add_parser(
        "penalties", help="导出期间内作出的行政处罚决定（双公示模板），并记录公示日期"
    )
    _period(pen)
    pen.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx 或 .csv）")
    pen.add_argument("--published-on", type=_date, help="记录的公示日期（默认今天）")
    pen.add_argument("--no-mark", action="store_true", help="只导出，不记录公示日期")
    pen.set_defaults(handler=_penalties)

    ins = actions.add_parser("inspections", help="导出期间内的检查结果（监管平台），并记录录入日期")
    _period(ins)
    ins.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx 或 .csv）")
    ins.add_argument("--entered-on", type=_date, help="记录的录入日期（默认今天）")
    ins.add_argument("--no-mark", action="store_true", help="只导出，不记录录入日期")
    ins.set_defaults(handler=_inspections)

    cas = actions.add_parser("cases", help="导出期间内立案的案件查处数据（上报）")
    _period(cas)
    cas.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx 或 .csv）")
    cas.set_defaults(handler=_cases)

    sta = actions.add_parser("status", help="列出期间内的处罚决定：公示期限、公示日期、公示截止期")
    _period(sta)
    sta.add_argument("--json", action="store_true")
    sta.set_defaults(handler=_status)

    mark = actions.add_parser("mark", help="手工记录公示日期（已在其他渠道公示）")
    mark.add_argument("case", help="案号或案件编号")
    mark.add_argument("--on", type=_date, help="公示日期（默认今天）")
    mark.set_defaults(handler=_mark)

    pub_copy = actions.add_parser("public", help="生成行政处罚决定书公开版（隐去个人信息，PDF）")
    pub_copy.add_argument("case", help="案号或案件编号")
    pub_copy.add_argument("--out", type=Path, required=True, help="输出文件夹")
    pub_copy.add_argument("--no-pdf", action="store_true", help="只生成 DOCX")
    pub_copy.set_defaults(handler=_public)


def _report(result: ExportResult, what: str, marked_as: str) -> None:
    say(f"已导出{what} {result.count} 条：{result.path}")
    if result.marked:
        say(f"已记录{marked_as} {len(result.marked)} 条：{'、'.join(result.marked)}")
    for case_no in result.locked:
        say(f"案件 {case_no} 已结案锁定，未记录公示日期（如需记录，请先登记“重新打开”）。")


def _penalties(ctx: AppContext, args: argparse.Namespace) -> int:
    mark_on = None if args.no_mark else (args.published_on or date.today())
    result = ctx.publish.export_penalties(args.start, args.end, args.out, mark_on=mark_on)
    _report(result, "行政处罚信息", "公示日期")
    return 0


def _inspections(ctx: AppContext, args: argparse.Namespace) -> int:
    mark_on = None if args.no_mark else (args.entered_on or date.today())
    result = ctx.publish.export_inspections(args.start, args.end, args.out, mark_on=mark_on)
    _report(result, "检查结果", "录入日期")
    return 0


def _cases(ctx: AppContext, args: argparse.Namespace) -> int:
    result = ctx.publish.export_cases(args.start, args.end, args.out)
    say(f"已导出案件查处数据 {result.count} 条：{result.path}")
    return 0


def _status(ctx: AppContext, args: argparse.Namespace) -> int:
    states = ctx.publish.states(args.start, args.end)
    if args.json:
        print_json([{"案号": s.case_no, "当事人": s.party_name,
                     "处罚决定日期": s.decided_on.isoformat(), "公示期限": s.due.isoformat(),
                     "公示日期": s.published_on.isoformat() if s.published_on else "",
                     "公示截止期": s.publicity_end.isoformat()} for s in states])  # fmt: skip
        return 0
    say("案号\t当事人\t处罚决定日期\t公示期限\t公示日期\t公示截止期")
    for s in states:
        published = s.published_on.isoformat() if s.published_on else "未公示"
        say(f"{s.case_no}\t{s.party_name}\t{s.decided_on}\t{s.due}\t{published}\t{s.publicity_end}")
    unpublished = sum(1 for s in states if s.published_on is None)
    say(f"共 {len(states)} 件，未公示 {unpublished} 件。")
    return 0


def _mark(ctx: AppContext, args: argparse.Namespace) -> int:
    case_no = ctx.publish.mark_published(ctx.cases.resolve(args.case), args.on or date.today())
    say(f"已记录案件 {case_no} 的公示日期：{(args.on or date.today()).isoformat()}")
    return 0


def _public(ctx: AppContext, args: argparse.Namespace) -> int:
    doc = ctx.documents.generate_public_copy(
        ctx.cases.resolve(args.case), args.out, pdf=not args.no_pdf
    )
    say(f"已生成{doc.name}（{doc.number}）：{doc.pdf_path or doc.path}")
    return 0
