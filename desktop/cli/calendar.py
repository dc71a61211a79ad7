"""deadline and calendar: due dates by the statutory calendar, and entering a year's holidays."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.services.errors import CasedeskError
from desktop.services.workdays import CalendarAdminService, WorkdayCalendar
from forms.validators import FieldError, parse_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add deadline and calendar."""
    deadline = subparsers.add_parser("deadline", help="按法定工作日/自然日计算期限")
    deadline.add_argument("--from", dest="start", required=True, help="起算日期 YYYY-MM-DD")
    group = deadline.add_mutually_exclusive_group(required=True)
    group.add_argument("--working-days", type=int, help="工作日数")
    group.add_argument("--days", type=int, help="自然日数（末日遇节假日顺延）")
    deadline.add_argument("--json", action="store_true")
    deadline.set_defaults(handler=_deadline)

    cal = subparsers.add_parser("calendar", help="录入某年的节假日和调休安排")
    cal.add_argument("action", choices=["import"])
    cal.add_argument("file", type=Path, help="CSV：日期,类型(休/班),名称")
    cal.set_defaults(handler=_calendar)


def _deadline(ctx: AppContext, args: argparse.Namespace) -> int:
    try:
        start = parse_date(args.start, "起算日期")
    except FieldError as error:
        raise CasedeskError(str(error)) from None
    if start is None:
        raise CasedeskError("起算日期不能为空。")
    calendar = WorkdayCalendar(ctx.uow_factory)
    if args.working_days is not None:
        result = calendar.add_working_days(start, args.working_days)
    else:
        result = calendar.add_days(start, args.days)
    if args.json:
        print_json({"due": result.due, "provisional": result.provisional,
                    "unknown_years": list(result.unknown_years)})  # fmt: skip
    else:
        say(result.describe())
    return 0


def _calendar(ctx: AppContext, args: argparse.Namespace) -> int:
    years = CalendarAdminService(ctx.uow_factory).import_path(args.file)
    say(f"已录入 {'、'.join(str(y) for y in years)} 年节假日安排。")
    return 0
