"""deadline, calendar and holidays: due dates by the statutory calendar; a year's holidays entered
from a file or typed in day by day."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.app import AppContext
from desktop.calendar.holidays import YEAR_ENTERED, HolidayEntryService
from desktop.calendar.workdays import CalendarAdminService, WorkdayCalendar, YearEntry
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
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
    cal.add_argument(
        "file", type=Path, help="CSV：日期,类型(休/班),名称；“# 完整: 2027”一行标记整年录入完毕"
    )
    cal.add_argument(
        "--replace",
        type=int,
        action="append",
        default=[],
        metavar="YEAR",
        help="先删除该年已录入的全部日期再导入（默认只新增或更正，不删除）",
    )
    cal.set_defaults(handler=_calendar)

    hol = subparsers.add_parser(
        "holidays", help="逐日录入节假日和调休上班日：list，add，remove，done 标记整年录入完毕"
    )
    hol.add_argument("action", choices=["list", "add", "remove", "done"])
    hol.add_argument("--year", type=int, help="年份（list、done）")
    hol.add_argument("--date", dest="day", help="日期 YYYY-MM-DD（add、remove）")
    hol.add_argument(
        "--kind", choices=sorted(HOLIDAY_KINDS), help="holiday 放假 / workday 调休上班"
    )
    hol.add_argument("--name", default="", help="名称，如 春节")
    hol.add_argument("--json", action="store_true")
    hol.set_defaults(handler=_holidays)


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


#: --kind values (English, and the 休/班 of the calendar file) and whether the day is worked.
HOLIDAY_KINDS = {"holiday": False, "workday": True, "休": False, "班": True}


def _holidays(ctx: AppContext, args: argparse.Namespace) -> int:
    service = HolidayEntryService(ctx.uow_factory)
    if args.action in ("list", "done"):
        year = args.year or (_date(args.day).year if args.day else None)
        if year is None:
            raise CasedeskError(f"holidays {args.action} 需要 --year 年份。")
        if args.action == "done":
            count = service.complete(year)
            say(f"{year}年节假日安排已标记为录入完毕（{count} 天），期限按此计算。")
            return 0
        days, state = service.days(year), service.state(year)
        if args.json:
            print_json({"year": year, "state": state, "days": days})
            return 0
        say(f"{year}年：{state}")
        for d in days:
            say(f"{d.day}\t{'调休上班' if d.is_workday else '放假'}\t{d.name}")
        return 0
    if not args.day:
        raise CasedeskError(f"holidays {args.action} 需要 --date 日期。")
    day = _date(args.day)
    if args.action == "remove":
        service.remove(day)
        say(f"已删除 {day}。")
        return 0
    if args.kind is None:
        raise CasedeskError("holidays add 需要 --kind holiday（放假）或 workday（调休上班）。")
    state = service.add(YearEntry(day, HOLIDAY_KINDS[args.kind], args.name))
    kind = "调休上班" if HOLIDAY_KINDS[args.kind] else "放假"
    if state == YEAR_ENTERED:
        say(f"已录入 {day} {args.name}（{kind}），期限即按此计算。")
    else:
        say(f"已录入 {day} {args.name}（{kind}）。{day.year}年尚未标记为录入完毕，期限仍为暂定；"
            f"整年录完后运行 casedesk holidays done --year {day.year}。")  # fmt: skip
    return 0


def _date(text: str) -> date:
    try:
        day = parse_date(text, "日期")
    except FieldError as error:
        raise CasedeskError(str(error)) from None
    if day is None:
        raise CasedeskError("日期不能为空。")
    return day


def _calendar(ctx: AppContext, args: argparse.Namespace) -> int:
    say(CalendarAdminService(ctx.uow_factory).import_path(args.file, args.replace).describe())
    return 0
