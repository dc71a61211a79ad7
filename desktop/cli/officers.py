"""officers: 执法人员 and their 回避 declarations (the people the 双随机 draw pairs)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date

from desktop.app import AppContext
from desktop.cli.record_options import field_values
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
from desktop.records.officers import OfficerInput
from forms.record_forms import OFFICER_CONFLICT_FIELDS, OFFICER_FIELDS

#: Command-line option of each officer field (the editor's field names otherwise).
OFFICER_OPTIONS = {"name": "--name", "badge_no": "--badge", "department": "--department",
                   "phone": "--phone"}  # fmt: skip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `officers list|add|edit|deactivate|activate|conflict`."""
    officers = subparsers.add_parser(
        "officers", help="执法人员：list，add，edit，deactivate，conflict 回避"
    )
    actions = officers.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="列出执法人员")
    listing.add_argument("--active", action="store_true", help="只列在职人员")
    listing.add_argument("--json", action="store_true")
    add = actions.add_parser("add", help="新增执法人员")
    edit = actions.add_parser("edit", help="修改执法人员（只改给出的项）")
    edit.add_argument("officer", help="编号、执法证号或姓名")
    for parser in (add, edit):
        for field in OFFICER_FIELDS:
            if field.name in OFFICER_OPTIONS:
                parser.add_argument(OFFICER_OPTIONS[field.name], dest=field.name, help=field.label)
    for name, help_text in (("deactivate", "设为不在职（不再参加抽取）"), ("activate", "恢复在职")):
        sub = actions.add_parser(name, help=help_text)
        sub.add_argument("officer", help="编号、执法证号或姓名")
    conflict = actions.add_parser("conflict", help="回避申报：add 申报，remove 撤回，list 列出")
    conflict.add_argument("conflict_action", choices=["add", "remove", "list"])
    conflict.add_argument("--officer", help="执法人员：编号、执法证号或姓名")
    conflict.add_argument("--institution", help="机构：编号、统一社会信用代码或名称")
    conflict.add_argument("--reason", default="", help="回避理由")
    conflict.add_argument("--date", dest="declared_on", help="申报日期 YYYY-MM-DD（默认今天）")
    conflict.add_argument("--json", action="store_true")
    officers.set_defaults(handler=_officers)


def _officers(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "list":
        rows = ctx.officers.list(include_inactive=not args.active)
        if args.json:
            print_json(rows)
        for r in [] if args.json else rows:
            say(f"{r.id}\t{r.name}\t{r.badge_no}\t{r.department}\t{r.phone}\t"
                f"{'在职' if r.active else '不在职'}\t回避{r.conflicts}处")  # fmt: skip
        return 0
    if args.action == "conflict":
        return _conflict(ctx, args)
    if args.action == "add":
        values = _typed(args, require_all=True)
        officer_id = ctx.officers.add(OfficerInput(**values))  # type: ignore[arg-type]
        say(f"已新增执法人员（编号 {officer_id}）：{values['name']}。")
        return 0
    officer_id = ctx.officers.resolve(args.officer)
    old = ctx.officers.get(officer_id)
    if args.action == "edit":
        ctx.officers.update(officer_id, replace(old, **_typed(args)))  # type: ignore[arg-type]
        say(f"已修改执法人员 {old.name}（编号 {officer_id}）。")
    else:
        active = args.action == "activate"
        ctx.officers.set_active(officer_id, active)
        say(f"{old.name}已设为{'在职' if active else '不在职，今后不参加双随机抽取'}。")
    return 0


def _typed(args: argparse.Namespace, require_all: bool = False) -> dict[str, object]:
    """The officer options given, converted by the editor's fields."""
    raw = {
        name: getattr(args, name)
        for name in OFFICER_OPTIONS
        if require_all or getattr(args, name) is not None
    }
    fields = [f for f in OFFICER_FIELDS if f.name in raw]
    return field_values(fields, {k: v or "" for k, v in raw.items()}, "执法人员")


def _conflict(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.conflict_action == "list":
        officer_id = ctx.officers.resolve(args.officer) if args.officer else None
        rows = ctx.officers.conflicts(officer_id)
        if args.json:
            print_json(rows)
        for r in [] if args.json else rows:
            say(f"{r.officer_name}\t{r.institution_name}\t{r.reason}\t{r.declared_on or ''}")
        return 0
    if not args.officer or not args.institution:
        raise CasedeskError(
            f"officers conflict {args.conflict_action} 需要 --officer 和 --institution。"
        )
    officer_id = ctx.officers.resolve(args.officer)
    institution_id = ctx.officers.resolve_institution(args.institution)
    if args.conflict_action == "remove":
        ctx.officers.remove_conflict(officer_id, institution_id)
        say("已撤回回避申报。")
        return 0
    fields = [f for f in OFFICER_CONFLICT_FIELDS if f.name != "institution_id"]
    values = field_values(
        fields, {"reason": args.reason, "declared_on": args.declared_on}, "回避申报"
    )
    declared = values["declared_on"]
    ctx.officers.add_conflict(officer_id, institution_id, str(values["reason"]),
                              declared if isinstance(declared, date) else None)  # fmt: skip
    say("已记录回避申报：今后的双随机抽取不会派该执法人员检查该机构。")
    return 0
