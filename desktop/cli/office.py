"""office show | set: the 单位设置 (机关名称, 复议机关, 法院, 文号格式 …) for scripted set-up."""

from __future__ import annotations

import argparse

from desktop.app import AppContext
from desktop.cli.record_options import named_pairs
from desktop.cli.registry import print_json, say
from desktop.common.errors import ValidationError
from desktop.records.office import OFFICE_KEYS
from desktop.records.unverified import setting_note

#: A setting by its 设置 label or its key.
_BY_NAME = {**{k.label: k for k in OFFICE_KEYS}, **{k.key: k for k in OFFICE_KEYS}}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `office show [--json]` and `office set 键=值…`."""
    office = subparsers.add_parser(
        "office", help="单位设置：show 查看，set 修改（键为设置页的名称）"
    )
    actions = office.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="列出全部单位设置")
    show.add_argument("--json", action="store_true")
    change = actions.add_parser("set", help="修改单位设置，如 机关名称=青溪区卫生健康委员会")
    change.add_argument("pairs", nargs="+", metavar="键=值")
    office.set_defaults(handler=_office)


def _office(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "show":
        values = ctx.office.all()
        rows = [{"key": k.key, "label": k.label, "value": values.get(k.key, ""),
                 "required": k.required, "unverified": setting_note(k.key)}
                for k in OFFICE_KEYS]  # fmt: skip
        if args.json:
            print_json(rows)
            return 0
        defaults = {k.key: k.default for k in OFFICE_KEYS}
        for row in rows:
            mark = "（必填，未填写）" if row["required"] and not row["value"] else ""
            if row["unverified"] and row["value"] == defaults[str(row["key"])]:
                mark = "（默认值，未经核实：请按本省规定核对）"
            say(f"{row['label']}\t{row['value']}{mark}")
        return 0
    values = parse_settings(args.pairs)
    ctx.office.save(values)
    labels = "、".join(_BY_NAME[k].label for k in values)
    say(f"已保存单位设置：{labels}。")
    missing = ctx.office.missing_required()
    if missing:
        say(f"尚未填写的必填设置：{'、'.join(missing)}。")
    return 0


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """{key: value} from 标签=值 arguments; every unknown label or bad pair named at once."""
    known = "、".join(k.label for k in OFFICE_KEYS)
    found, errors = named_pairs(pairs, _BY_NAME, "机关名称=青溪区卫生健康委员会",
                                f"不是单位设置的名称（可用：{known}）。")  # fmt: skip
    if errors:
        raise ValidationError(errors, "单位设置")
    return {setting.key: value for setting, value in found}
