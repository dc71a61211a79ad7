"""A year's holidays typed in day by day: a draft until complete, then used by the deadlines.

Hand check for the 2027 days used below: Fri 2027-02-05 + 3 working days, with 春节 typed as
off Sat Feb 6 – Sun Feb 14 and 调休 working Sat Feb 20: Mon 15, Tue 16, Wed 17 (without the
holidays, weekends only: Mon 8, Tue 9, Wed 10).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from desktop.app import AppContext
from desktop.calendar.holidays import (
    YEAR_BUILT_IN,
    YEAR_DRAFT,
    YEAR_ENTERED,
    YEAR_UNKNOWN,
    HolidayEntryService,
)
from desktop.calendar.workdays import WorkdayCalendar, YearEntry
from desktop.cli.main import run
from desktop.common.errors import ConflictError, NotFoundError, ValidationError

SPRING_2027 = [date(2027, 2, 6) + timedelta(days=n) for n in range(9)]


def test_typed_days_count_once_the_year_is_complete(ctx: AppContext) -> None:
    service = HolidayEntryService(ctx.uow_factory)
    assert (service.state(2026), service.state(2027)) == (YEAR_BUILT_IN, YEAR_UNKNOWN)
    for day in SPRING_2027:
        assert service.add(YearEntry(day, False, "春节")) == YEAR_DRAFT
    service.add(YearEntry(date(2027, 2, 20), True, "春节调休"))
    assert service.state(2027) == YEAR_DRAFT
    # A half-typed year is not taken for the whole arrangement: still weekends only, provisional.
    draft = WorkdayCalendar(ctx.uow_factory).add_working_days(date(2027, 2, 5), 3)
    assert (draft.due, draft.provisional) == (date(2027, 2, 10), True)
    assert service.complete(2027) == 10
    done = WorkdayCalendar(ctx.uow_factory).add_working_days(date(2027, 2, 5), 3)
    assert (done.due, done.provisional) == (date(2027, 2, 17), False)
    # In a complete year a change counts at once.
    assert service.add(YearEntry(date(2027, 2, 17), False, "补休")) == YEAR_ENTERED
    calendar = WorkdayCalendar(ctx.uow_factory)
    assert calendar.add_working_days(date(2027, 2, 5), 3).due == date(2027, 2, 18)
    service.remove(date(2027, 2, 17))
    calendar.refresh()
    assert calendar.add_working_days(date(2027, 2, 5), 3).due == date(2027, 2, 17)
    assert [d.name for d in service.days(2027)][-1] == "春节调休"


def test_bad_days_are_refused_with_reasons(ctx: AppContext) -> None:
    service = HolidayEntryService(ctx.uow_factory)
    with pytest.raises(ValidationError, match="2027-02-17是星期三，本来就是工作日"):
        service.add(YearEntry(date(2027, 2, 17), True, "调休"))
    with pytest.raises(ValidationError, match="名称：不能超过60个字符"):
        service.add(YearEntry(date(2027, 10, 1), False, "国" * 61))
    with pytest.raises(ConflictError, match="2026年的节假日安排已内置"):
        service.add(YearEntry(date(2026, 10, 1), False, "国庆节"))
    service.add(YearEntry(date(2027, 10, 1), False, "国庆节"))
    with pytest.raises(ConflictError, match="已录入为国庆节（放假），如需修改请先删除"):
        service.add(YearEntry(date(2027, 10, 1), False, "国庆"))
    with pytest.raises(NotFoundError):
        service.remove(date(2027, 10, 2))
    with pytest.raises(ValidationError, match="还没有录入任何放假日期"):
        service.complete(2028)
    service.complete(2027)
    with pytest.raises(ConflictError, match="已标记为录入完毕"):
        service.complete(2027)


def _cli(ctx: AppContext, capsysbinary, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = run(["--data-dir", str(ctx.data_dir), "holidays", *args])
    captured = capsysbinary.readouterr()
    return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_holidays_from_the_command_line(ctx: AppContext, capsysbinary) -> None:  # type: ignore[no-untyped-def]
    for day in SPRING_2027:
        code, out, _err = _cli(ctx, capsysbinary, "add", "--date", day.isoformat(),
                               "--kind", "holiday", "--name", "春节")  # fmt: skip
        assert code == 0
    assert "尚未标记为录入完毕，期限仍为暂定" in out
    code, _out, err = _cli(ctx, capsysbinary, "add", "--date", "2027-02-19", "--kind", "workday")
    assert code == 1 and "星期五，本来就是工作日" in err
    code, _out, err = _cli(ctx, capsysbinary, "add", "--date", "2027-02-30", "--kind", "holiday")
    assert code == 1 and "日期" in err
    code, _out, err = _cli(ctx, capsysbinary, "add", "--date", "2027-02-20")
    assert code == 1 and "需要 --kind" in err
    assert _cli(ctx, capsysbinary, "add", "--date", "2027-02-20", "--kind", "workday")[0] == 0
    code, out, _err = _cli(ctx, capsysbinary, "done", "--year", "2027")
    assert code == 0 and "（10 天）" in out
    code, out, _err = _cli(ctx, capsysbinary, "list", "--year", "2027", "--json")
    listed = json.loads(out)
    assert listed["state"] == YEAR_ENTERED and len(listed["days"]) == 10
    assert listed["days"][-1] == {"day": "2027-02-20", "is_workday": True, "name": ""}
    code = run(["--data-dir", str(ctx.data_dir), "deadline", "--from", "2027-02-05",
                "--working-days", "3", "--json"])  # fmt: skip
    due = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert code == 0 and (due["due"], due["provisional"]) == ("2027-02-17", False)
    assert _cli(ctx, capsysbinary, "remove", "--date", "2027-02-20")[0] == 0
    code, _out, err = _cli(ctx, capsysbinary, "remove", "--date", "2027-02-20")
    assert code == 1 and "没有录入" in err


def _calendar_cli(ctx: AppContext, capsysbinary, path) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = run(["--data-dir", str(ctx.data_dir), "calendar", "import", str(path)])
    captured = capsysbinary.readouterr()
    return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_calendar_file_with_a_day_of_the_year_before_keeps_that_year(  # type: ignore[no-untyped-def]
    ctx: AppContext, capsysbinary, tmp_path
) -> None:
    # A notice may name a 调休 day of the year before (2012's made Sat 2011-12-31 a working day).
    # Here a made-up 2027 notice makes Sat 2026-12-26 a working day.
    lines = ["# 完整: 2027", "日期,类型,名称", "2026-12-26,班,元旦调休", "2027-01-01,休,元旦"]
    lines += [f"{d.isoformat()},休,春节" for d in SPRING_2027] + ["2027-02-20,班,春节调休"]
    path = tmp_path / "2027.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _calendar_cli(ctx, capsysbinary, path)
    assert (code, err) == (0, "")
    assert out.strip() == "已录入 2027 年节假日安排（新增 12 天），已标记为录入完毕。"
    service = HolidayEntryService(ctx.uow_factory)
    assert (service.state(2026), service.state(2027)) == (YEAR_BUILT_IN, YEAR_ENTERED)
    calendar = WorkdayCalendar(ctx.uow_factory)
    # 2026 is still the library's: Fri Feb 13 + 2 working days = Sat 14 (调休), Tue 24.
    assert calendar.add_working_days(date(2026, 2, 13), 2).due == date(2026, 2, 24)
    # National Day 2026 still off: Wed Sep 30 + 1 = Thu Oct 8.
    assert calendar.add_working_days(date(2026, 9, 30), 1).due == date(2026, 10, 8)
    # The extra day counts: Fri Dec 25 + 1 = Sat Dec 26; then Dec 31 + 1 skips 元旦 and the
    # weekend to Mon 2027-01-04; 2027's 春节 as in the module docstring.
    assert calendar.add_working_days(date(2026, 12, 25), 1).due == date(2026, 12, 26)
    assert calendar.add_working_days(date(2026, 12, 31), 1).due == date(2027, 1, 4)
    assert calendar.add_working_days(date(2027, 2, 5), 3).due == date(2027, 2, 17)


def test_bad_calendar_file_lists_every_bad_row_and_stores_nothing(  # type: ignore[no-untyped-def]
    ctx: AppContext, capsysbinary, tmp_path
) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-03,班,调休\n2027-01-01,休,元旦\n",
        encoding="utf-8",
    )
    code, _out, err = _calendar_cli(ctx, capsysbinary, path)
    assert code == 1
    assert "第3行 类型：2027-02-03是星期三，本来就是工作日" in err
    assert "第4行 日期：2027-01-01与第2行重复" in err
    assert HolidayEntryService(ctx.uow_factory).state(2027) == YEAR_UNKNOWN
    assert WorkdayCalendar(ctx.uow_factory).add_working_days(date(2026, 12, 31), 1).provisional


def test_calendar_file_for_a_built_in_year_only_adds_its_days(  # type: ignore[no-untyped-def]
    ctx: AppContext, capsysbinary, tmp_path
) -> None:
    # Following “请导入列出更正日期的节假日文件”: a file of one 2026 day must not replace
    # the library's 2026 (Spring Festival, National Day stay holidays).
    path = tmp_path / "更正.csv"
    path.write_text("日期,类型,名称\n2026-12-26,班,调休\n", encoding="utf-8")
    code, out, _err = _calendar_cli(ctx, capsysbinary, path)
    assert (code, out.strip()) == (0, "已录入日期：新增 1 天（2026-12-26）。")
    assert HolidayEntryService(ctx.uow_factory).state(2026) == YEAR_BUILT_IN
    calendar = WorkdayCalendar(ctx.uow_factory)
    assert calendar.add_working_days(date(2026, 2, 13), 2).due == date(2026, 2, 24)
    assert calendar.add_working_days(date(2026, 9, 30), 1).due == date(2026, 10, 8)
    assert calendar.add_working_days(date(2026, 12, 25), 1).due == date(2026, 12, 26)
