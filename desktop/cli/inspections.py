"""deadlines, plans, draw, inspections, complaints: the inspection commands (checklists in
desktop.cli.checklists)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.record_options import field_values
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
from desktop.inspections.draw_export import export_draw_xlsx
from desktop.inspections.inspections import InspectionFilter
from desktop.inspections.plans import DEPARTMENT_LINE_HINT, plan_form_values, plan_from_form
from forms.record_forms import PLAN_FIELDS
from forms.validators import FieldError, parse_date

#: `plans new` options, one per editor field (--kind, --title, --from, --to …).
PLAN_OPTIONS = {
    {"period_start": "--from", "period_end": "--to", "lead_department": "--lead",
     "checklist_id": "--checklist", "departments": "--department", "all_cosmetic": "--all-cosmetic",
     "punished_unlicensed": "--punished-unlicensed"}.get(f.name, f"--{f.name}"): f
    for f in PLAN_FIELDS
}  # fmt: skip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the inspection commands."""
    dl = subparsers.add_parser("deadlines", help="列出到期和逾期事项")
    dl.add_argument("--json", action="store_true", help="输出 UTF-8 JSON")
    dl.add_argument("--today", help="按哪一天计算（默认今天）YYYY-MM-DD")
    dl.add_argument("--within", type=int, help="只列逾期及若干天内到期的事项")
    dl.set_defaults(handler=_deadlines)

    plans = subparsers.add_parser(
        "plans", help="检查工作方案：list，targets 检查对象，new 新建，edit 修改（只改给出的项）"
    )
    plans.add_argument("action", choices=["list", "targets", "new", "edit"])
    plans.add_argument("plan", nargs="?", type=int, help="方案编号（targets、edit 需要）")
    plans.add_argument("--json", action="store_true")
    for option, field in PLAN_OPTIONS.items():
        if field.kind == "bool":
            # --no-… turns a flag off in `plans edit`; not given (None) keeps it.
            plans.add_argument(option, dest=field.name, action=argparse.BooleanOptionalAction,
                               help=field.label)  # fmt: skip
        elif field.name == "departments":
            plans.add_argument(option, dest=field.name, action="append", default=[],
                               help=f"参与部门，每次一个：{DEPARTMENT_LINE_HINT}；edit 时给出则替换全部部门")  # fmt: skip
        else:
            hint = "、".join(field.choices) if field.kind == "choice" else field.help
            plans.add_argument(option, dest=field.name, help=f"{field.label}（{hint}）" if hint
                               else field.label)  # fmt: skip
    plans.set_defaults(handler=_plans)

    draw = subparsers.add_parser(
        "draw", help="双随机抽取：new 抽取，redo 重新抽取，list，export，verify 按种子重算核对"
    )
    draw.add_argument("action", choices=["new", "redo", "list", "export", "verify"])
    draw.add_argument("--plan", type=int, help="方案编号（new、list）")
    draw.add_argument("--draw", type=int, help="抽取记录编号（redo、export、verify）")
    amount = draw.add_mutually_exclusive_group()
    amount.add_argument("--count", type=int, help="抽取户数")
    amount.add_argument("--percent", help="抽取比例（%%，向上取整）")
    draw.add_argument("--seed", type=int, help="随机种子（不填则随机生成并记录）")
    draw.add_argument("--by", default="", help="抽取人")
    draw.add_argument("--reason", default="", help="重新抽取的理由")
    draw.add_argument("--out", type=Path, help="检查名单 .xlsx（export）")
    draw.add_argument("--json", action="store_true")
    draw.set_defaults(handler=_draw)

    for name, help_text in (("inspections", "列出检查记录"), ("complaints", "列出投诉举报")):
        sub = subparsers.add_parser(name, help=help_text)
        sub.add_argument("--json", action="store_true")
        if name == "inspections":
            sub.add_argument("--revisits", action="store_true", help="只列“回头看”")
        sub.set_defaults(handler=_listing)


def _day(value: str | None, label: str) -> date | None:
    try:
        return parse_date(value, label) if value else None
    except FieldError as error:
        raise CasedeskError(str(error)) from None


def _deadlines(ctx: AppContext, args: argparse.Namespace) -> int:
    items = ctx.deadlines.list(_day(args.today, "--today"), args.within)
    if args.json:
        print_json(items)
        return 0
    if not items:
        say("没有到期或逾期的事项。")
    for i in items:
        days = f"逾期{-i.days_left}天" if i.days_left < 0 else f"剩{i.days_left}天"
        mark = "（暂定）" if i.provisional else ""
        say(f"{i.status}\t{i.due}{mark}\t{days}\t{i.rule_label}\t{i.record_type} {i.record}")
    return 0


def _plans(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "new":
        return _new_plan(ctx, args)
    if args.action == "edit":
        return _edit_plan(ctx, args)
    if args.action == "targets":
        if args.plan is None:
            raise CasedeskError("请给出方案编号：casedesk plans targets 方案编号")
        rows: list[object] = list(ctx.plans.targets(args.plan))
    else:
        rows = list(ctx.plans.list())
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            values = asdict(row)  # type: ignore[call-overload]
            if args.action == "list":
                values = {k: values[k] for k in ("id", "kind", "title", "period_start",
                                                 "period_end", "lead_department")}  # fmt: skip
            say("\t".join(str(v) for v in values.values()))
    return 0


def _new_plan(ctx: AppContext, args: argparse.Namespace) -> int:
    """plans new: the editor's fields as options, converted and checked by the same fields."""
    raw = {f.name: getattr(args, f.name) for f in PLAN_FIELDS}
    raw["departments"] = "\n".join(args.departments)  # one --department option per line
    values = field_values(PLAN_FIELDS, raw, "工作方案")
    plan_id = ctx.plans.create(plan_from_form(values))
    targets = len(ctx.plans.targets(plan_id))
    say(f"已新建工作方案（编号 {plan_id}）：{values['title']}，检查对象 {targets} 户。")
    return 0


def _edit_plan(ctx: AppContext, args: argparse.Namespace) -> int:
    """plans edit: the options given replace those fields; the rest of the plan stays."""
    if args.plan is None:
        raise CasedeskError("请给出方案编号：casedesk plans edit 方案编号 --title …")
    old = ctx.plans.get(args.plan)
    raw = {f.name: getattr(args, f.name) for f in PLAN_FIELDS if f.name != "departments"}
    raw = {name: value for name, value in raw.items() if value is not None}
    if args.departments:
        raw["departments"] = "\n".join(args.departments)
    if not raw:
        raise CasedeskError(
            "plans edit 没有给出要修改的项（如 --title、--department、--statuses）。"
        )
    values = plan_form_values(old)
    values.update(field_values(PLAN_FIELDS, raw, "工作方案"))
    ctx.plans.update(args.plan, plan_from_form(values, old))
    targets = len(ctx.plans.targets(args.plan))
    say(f"已修改工作方案（编号 {args.plan}）：{values['title']}，检查对象 {targets} 户。")
    return 0


def _draw(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action in ("redo", "export", "verify") and args.draw is None:
        raise CasedeskError(f"draw {args.action} 需要 --draw 抽取记录编号。")
    if args.action == "new":
        if args.plan is None or not args.by:
            raise CasedeskError("draw new 需要 --plan 方案编号 和 --by 抽取人。")
        draw_id = ctx.draws.draw(args.plan, drawn_by=args.by, count=args.count,
                                 percent=args.percent, seed=args.seed)  # fmt: skip
    elif args.action == "redo":
        draw_id = ctx.draws.redraw(args.draw, drawn_by=args.by, reason=args.reason, seed=args.seed)
    elif args.action == "export":
        if args.out is None:
            raise CasedeskError("draw export 需要 --out 文件名.xlsx。")
        export_draw_xlsx(ctx.draws.get(args.draw), args.out)
        say(f"检查名单已导出：{args.out}")
        return 0
    elif args.action == "verify":
        return _draw_verify(ctx, args.draw)
    else:
        return _draw_list(ctx, args)
    record = ctx.draws.get(draw_id)
    if args.json:
        print_json(record)
        return 0
    say(f"已抽取（第{record.id}号记录，种子 {record.seed}）：{len(record.objects)} 户。")
    for o in record.objects:
        officers = "、".join(f"{n}（{b}）" for n, b in o.officers)
        say(f"{o.position}\t{o.name}\t{o.town}\t{officers}")
    return 0


def _draw_verify(ctx: AppContext, draw_id: int) -> int:
    differences = ctx.draws.verify(draw_id)
    record = ctx.draws.get(draw_id)
    if differences:
        raise CasedeskError(f"第{record.id}号抽取记录与按种子 {record.seed} 重算的结果不一致："
                            + "".join(differences))  # fmt: skip
    say(f"第{record.id}号抽取记录可由种子 {record.seed} 重现：{len(record.objects)} 户"
        "及其执法人员与重算结果一致。")  # fmt: skip
    return 0


def _draw_list(ctx: AppContext, args: argparse.Namespace) -> int:
    records = ctx.draws.list(args.plan)
    if args.json:
        print_json(records)
        return 0
    for r in records:
        redo = f"\t重抽第{r.replaces_draw_id}号：{r.reason}" if r.replaces_draw_id else ""
        replaced = f"\t已被第{r.replaced_by_draw_id}号取代" if r.replaced_by_draw_id else ""
        say(f"第{r.id}号\t方案{r.plan_id}\t{r.drawn_at:%Y-%m-%d %H:%M}\t{r.drawn_by}\t"
            f"种子{r.seed}\t{len(r.objects)}户{redo}{replaced}")  # fmt: skip
    return 0


def _yes_no(value: bool | None, yes: str, no: str) -> str:
    return "" if value is None else yes if value else no


def _listing(ctx: AppContext, args: argparse.Namespace) -> int:
    lines: list[str]
    if args.command == "inspections":
        inspections = ctx.inspections.list(InspectionFilter(revisits_only=args.revisits))
        rows: list[object] = list(inspections)
        lines = [
            f"{r.id}\t{r.inspected_on}\t{r.institution_name}\t{r.town}\t{r.officers}\t"
            f"不合格{r.failed_items}项\t{'已录入' if r.entered_on else '未录入平台'}"
            + (
                "\t回头看：" + _yes_no(r.illegal_again, "再次违法", "未发现")
                if r.is_revisit
                else ""
            )
            for r in inspections
        ]
    else:
        complaints = ctx.complaints.list()
        rows = list(complaints)
        lines = [
            f"{c.id}\t{c.received_on}\t{c.channel}\t{'匿名' if c.anonymous else '实名'}\t{c.target}\t"
            f"{c.result or '办理中'}\t{c.case_no}\t{'已答复' if c.replied_on else '未答复'}\t"
            + _yes_no(c.reporter_satisfied, "满意", "不满意")
            for c in complaints
        ]
    if args.json:
        print_json(rows)
    else:
        for line in lines:
            say(line)
    return 0
