"""case show | set: a case's fields by the editor's labels, changed with the editor's validation
(and, like the editor's save, recorded in the 执法全过程记录)."""

from __future__ import annotations

import argparse
from dataclasses import replace

from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.cli.legal import problem_lines
from desktop.cli.record_options import field_values, named_pairs
from desktop.cli.registry import print_json, say
from desktop.common.errors import ValidationError
from forms.record_forms import CASE_FIELDS, RecordField
from forms.validators import FieldError, parse_bool

#: A field by its editor label or its attribute name.
_BY_NAME: dict[str, RecordField] = {
    **{f.label: f for f in CASE_FIELDS},
    **{f.name: f for f in CASE_FIELDS},
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `case show CASE [--json]` and `case set CASE 字段=值…`."""
    case = subparsers.add_parser(
        "case", help="案件：show 查看，set 修改（字段为案件编辑窗口的名称）"
    )
    actions = case.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="列出案件的全部字段和法定程序问题")
    show.add_argument("case", help="案号或案件编号")
    show.add_argument("--json", action="store_true")
    change = actions.add_parser(
        "set", help="修改案件，如 执法人员=张三、李四 罚款金额(元)=20000 不予处罚=是"
    )
    change.add_argument("case", help="案号或案件编号")
    change.add_argument("pairs", nargs="+", metavar="字段=值")
    case.set_defaults(handler=_case)


def _case(ctx: AppContext, args: argparse.Namespace) -> int:
    case_id = ctx.cases.resolve(args.case)
    if args.action == "set":
        current = ctx.cases.get(case_id)
        values = parse_fields(ctx, args.pairs)
        ctx.cases.update(case_id, replace(current, **values))  # type: ignore[arg-type]
        labels = "、".join(_BY_NAME[name].label for name in values)
        say(f"已保存案件 {current.case_no}：{labels}。")
    data = ctx.cases.get(case_id)
    shown = shown_fields(ctx, data)
    problems = ctx.procedure.check_one(case_id)
    if args.action == "show" and args.json:
        print_json({"fields": shown, "problems": [p.message for p in problems]})
        return 0
    if args.action == "show":
        for label, text in shown.items():
            say(f"{label}\t{text}")
    for line in problem_lines(problems):
        say(line)
    return 0


def shown_fields(ctx: AppContext, data: CaseInput) -> dict[str, str]:
    """Every editor field as text, by its label (执法人员 as 姓名（执法证号）)."""
    officers = {o.id: f"{o.name}（{o.badge_no}）" for o in ctx.officers.list()}
    shown: dict[str, str] = {}
    for field in CASE_FIELDS:
        raw = field.to_raw(getattr(data, field.name))
        if field.kind == "records":
            text = "、".join(officers.get(i, str(i)) for i in raw)  # type: ignore[attr-defined]
        elif field.kind == "checks":
            text = "、".join(raw)  # type: ignore[arg-type]
        elif field.kind == "bool":
            text = "是" if raw else "否"
        elif field.kind == "money":
            text = f"{int(raw or 0) / 100:.2f}"  # type: ignore[call-overload]
        elif field.kind == "date":
            text = raw.isoformat() if raw else ""  # type: ignore[attr-defined]
        else:
            text = str(raw or "").replace("\n", "；")
        shown[field.label] = text
    return shown


def parse_fields(ctx: AppContext, pairs: list[str]) -> dict[str, object]:
    """{attribute: value} from 标签=值 arguments, converted as the editor converts them;
    ValidationError naming every bad pair at once."""
    raw: dict[str, object] = {}
    found, errors = named_pairs(pairs, _BY_NAME, "执法人员=张三、李四",
                                "不是案件的字段（见 casedesk case show）。", "字段")  # fmt: skip
    officers: tuple[int, ...] | None = None
    for field, text in found:
        if field.kind == "records":
            try:
                officers = ctx.cases.match_officers(text)
            except ValidationError as error:
                errors += error.errors
        elif field.kind == "bool":
            try:
                raw[field.name] = parse_bool(text, field.label)
            except FieldError as error:
                errors.append(error)
        else:
            raw[field.name] = text
    try:
        values = field_values([f for f in CASE_FIELDS if f.name in raw], raw, "案件")
    except ValidationError as error:
        errors += error.errors
        values = {}
    if errors:
        raise ValidationError(errors, "案件")
    if officers is not None:
        values["officer_ids"] = officers
    return values
