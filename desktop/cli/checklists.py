"""checklists: list, show, copy, edit and export the inspection checklists (the default stays as is)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
from desktop.inspections.checklist_files import read_items, write_items
from desktop.inspections.checklists import (
    ChecklistData,
    ChecklistItemData,
    with_item_added,
    with_item_changed,
    with_item_removed,
)

#: edit options that change one item, and the item attribute each sets.
ITEM_OPTIONS = {"text": "--text", "department": "--department", "label": "--label"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `checklists [list|show|copy|edit|export]`."""
    sub = subparsers.add_parser(
        "checklists", help="检查清单：list，show 查看，copy 复制，edit 修改副本，export 导出"
    )
    sub.add_argument("action", nargs="?", default="list",
                     choices=["list", "show", "copy", "edit", "export"])  # fmt: skip
    sub.add_argument("checklist", nargs="?", type=int, help="清单编号")
    sub.add_argument("--json", action="store_true")
    sub.add_argument("--name", help="新名称（copy 必填；edit 时改名）")
    sub.add_argument("--file", type=Path, help="edit：用 .json 或 .xlsx 文件中的条目替换全部条目")
    sub.add_argument("--add", action="store_true", help="edit：新增一项（配合 --text 等）")
    sub.add_argument("--at", type=int, help="edit --add：插在第几项之前（默认末尾）")
    sub.add_argument(
        "--item", type=int, help="edit：修改第几项（配合 --text、--department、--label）"
    )
    sub.add_argument("--remove", type=int, help="edit：删除第几项")
    sub.add_argument("--text", help="检查内容")
    sub.add_argument("--department", help="处室（如 区卫健委、区市场监管局）")
    sub.add_argument("--label", help="序号（如（18））")
    sub.add_argument("--out", type=Path, help="export：导出到 .json 或 .xlsx 文件")
    sub.set_defaults(handler=_checklists)


def _checklists(ctx: AppContext, args: argparse.Namespace) -> int:
    service = ctx.checklists
    if args.action == "list":
        rows = service.list()
        if args.json:
            print_json(rows)
        for c in [] if args.json else rows:
            say(f"{c.id}\t{c.name}\t{len(c.items)}项" + ("\t默认" if c.is_default else ""))
        return 0
    if args.checklist is None:
        raise CasedeskError(f"请给出清单编号：casedesk checklists {args.action} 清单编号")
    if args.action == "show":
        _show(service.get(args.checklist), args.json)
    elif args.action == "copy":
        if not args.name:
            raise CasedeskError("checklists copy 需要 --name 新清单名称。")
        new_id = service.copy(args.checklist, args.name)
        say(f"已复制为新清单（编号 {new_id}）：{args.name.strip()}。")
    elif args.action == "export":
        if args.out is None:
            raise CasedeskError("checklists export 需要 --out 文件名（.json 或 .xlsx）。")
        write_items(service.get(args.checklist), args.out)
        say(f"检查清单已导出：{args.out}")
    else:
        _edit(ctx, args)
        changed = service.get(args.checklist)
        say(f"已保存检查清单“{changed.name}”，共 {len(changed.items)} 项。")
    return 0


def _show(checklist: ChecklistData, as_json: bool) -> None:
    if as_json:
        print_json(checklist)
        return
    say(
        f"{checklist.id}\t{checklist.name}" + ("（默认，不可修改）" if checklist.is_default else "")
    )
    for number, item in enumerate(checklist.items, start=1):
        say(f"{number}\t{item.department}\t{item.label}{item.text}")


def _edit(ctx: AppContext, args: argparse.Namespace) -> None:
    """Exactly one change of the items (or none), then the rename if asked."""
    service, checklist_id = ctx.checklists, args.checklist
    changes = {k: getattr(args, k) for k in ITEM_OPTIONS if getattr(args, k) is not None}
    chosen = [o for o, on in (("--file", args.file is not None), ("--add", args.add),
                              ("--item", args.item is not None),
                              ("--remove", args.remove is not None)) if on]  # fmt: skip
    if len(chosen) > 1:
        raise CasedeskError(f"checklists edit 一次只能做一种修改，给出了 {'、'.join(chosen)}。")
    if not chosen and not args.name:
        raise CasedeskError(
            "checklists edit 需要 --file、--add、--item、--remove 之一，或 --name 改名。"
        )
    if changes and not (args.add or args.item is not None):
        raise CasedeskError("--text、--department、--label 只能与 --add 或 --item 一起使用。")
    current = service.get(checklist_id)
    items = current.items
    if args.file is not None:
        items = read_items(args.file)
    elif args.add:
        item = ChecklistItemData(text=changes.pop("text", ""), **changes)
        items = with_item_added(items, item, args.at)
    elif args.item is not None:
        if not changes:
            raise CasedeskError("checklists edit --item 需要 --text、--department 或 --label。")
        items = with_item_changed(items, args.item, **changes)
    elif args.remove is not None:
        items = with_item_removed(items, args.remove)
    # One update: the rename and the item change are saved together or not at all.
    service.update(checklist_id, args.name or current.name, items)
