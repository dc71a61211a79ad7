"""scores and credit: 不良执业行为记分 (yearly totals, an institution's events, a new event) and
依法执业信用评价, converted and checked by the editor's fields (forms.record_forms)."""

from __future__ import annotations

import argparse
from datetime import date

from desktop.app import AppContext
from desktop.cli.record_options import field_values
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
from desktop.inspections.scoring import score_from_form
from forms.record_forms import CREDIT_FIELDS, SCORE_FIELDS


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add scores and credit."""
    scores = subparsers.add_parser(
        "scores", help="不良执业行为记分：totals 年度合计（默认），list 某机构的记分，add 登记记分"
    )
    scores.add_argument("action", nargs="?", default="totals", choices=["totals", "list", "add"])
    scores.add_argument("--year", type=int, default=date.today().year, help="记分周期（totals）")
    subject = scores.add_mutually_exclusive_group()
    subject.add_argument("--institution", type=int, help="机构编号（list、add）")
    subject.add_argument("--staff", type=int, help="人员编号（add）")
    scores.add_argument("--points", help="分值")
    scores.add_argument("--reason", help="记分事由")
    scores.add_argument("--on", help="记分日期（默认今天）")
    scores.add_argument("--case", help="依据的案件案号")
    scores.add_argument("--inspection", help="依据的检查记录编号")
    scores.add_argument("--scoring-year", help="记分周期（默认记分日期所在年度）")
    scores.add_argument("--json", action="store_true")
    scores.set_defaults(handler=_scores)

    credit = subparsers.add_parser("credit", help="登记机构的依法执业信用评价")
    credit.add_argument("--institution", type=int, required=True, help="机构编号")
    credit.add_argument("--year", required=True, help="评价年度")
    credit.add_argument("--grade", required=True, help="评价等级，如 A、B、C")
    credit.add_argument("--on", help="评价日期")
    credit.add_argument("--note", default="", help="备注")
    credit.set_defaults(handler=_credit)


def _scores(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "add":
        return _add(ctx, args)
    if args.action == "list":
        if args.institution is None:
            raise CasedeskError("请给出机构编号：casedesk scores list --institution 机构编号")
        rows = ctx.scoring.history(args.institution, with_staff=True)
        if args.json:
            print_json(rows)
            return 0
        for r in rows:
            basis = r.case_no or (f"检查记录{r.inspection_id}" if r.inspection_id else "")
            say(
                f"{r.occurred_on}\t{r.subject}\t{r.points}分\t{r.reason}\t{basis}\t{r.scoring_year}年度"
            )
        return 0
    totals = ctx.scoring.totals(args.year)
    if args.json:
        print_json(totals)
        return 0
    for t in totals:
        say(f"{t.scoring_year}\t{t.subject_type}\t{t.name}\t{t.points}分\t{t.events}次")
    return 0


def _add(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.institution is None and args.staff is None:
        raise CasedeskError("请给出记分对象：--institution 机构编号 或 --staff 人员编号")
    raw = {"points": args.points, "reason": args.reason, "case_no": args.case or "",
           "occurred_on": args.on or date.today(), "scoring_year": args.scoring_year,
           "inspection_id": args.inspection}  # fmt: skip
    values = field_values(SCORE_FIELDS, raw, "不良执业行为记分")
    event_id = ctx.scoring.record(
        score_from_form(
            values,
            institution_id=args.institution,
            staff_id=args.staff,
            case_id=ctx.cases.linked_case_id(str(values["case_no"]), "记分依据"),
        )
    )
    say(f"已登记记分（编号 {event_id}）：{values['points']} 分，{values['reason']}")
    return 0


def _credit(ctx: AppContext, args: argparse.Namespace) -> int:
    raw = {"year": args.year, "grade": args.grade, "evaluated_on": args.on, "note": args.note}
    values = field_values(CREDIT_FIELDS, raw, "依法执业信用评价")
    ctx.scoring.evaluate(
        args.institution,
        int(values["year"]),  # type: ignore[call-overload]
        str(values["grade"]),
        values["evaluated_on"],  # type: ignore[arg-type]
        str(values["note"]),
    )
    say(f"已登记 {values['year']} 年度依法执业信用评价：{values['grade']}")
    return 0
