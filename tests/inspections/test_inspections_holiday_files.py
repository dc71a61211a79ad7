"""Issue 16, findings 6, 7 and 9 (holidays and deadlines): a one-line holiday file no longer
marks its year entered, a one-line correction no longer replaces the year's other days, and a
deadline past main's 3×366-day cut-off is counted (or refused) instead of a wrong date.

Hand check of the 2027 days (as in test_inspections_holidays): Fri 2027-02-05 + 3 working
days with 春节 off Sat Feb 6 – Sun Feb 14 is Wed Feb 17; weekends only it is Wed Feb 10."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from desktop.app import AppContext
from desktop.calendar.holidays import YEAR_BUILT_IN, YEAR_DRAFT, YEAR_ENTERED, HolidayEntryService
from desktop.calendar.workdays import (
    MAX_SPAN_DAYS,
    CalendarAdminService,
    DeadlineRangeError,
    WorkdayCalendar,
)
from desktop.cli.main import run
from desktop.common.errors import ConflictError, ValidationError

SPRING_2027 = [date(2027, 2, 6) + timedelta(days=n) for n in range(9)]
#: 14 days of 2027: 元旦, 春节 and its 调休, 清明, 劳动节.
YEAR_2027 = (
    ["# 完整: 2027", "日期,类型,名称", "2027-01-01,休,元旦"]
    + [f"{d.isoformat()},休,春节" for d in SPRING_2027]
    + [
        "2027-02-20,班,春节调休",
        "2027-04-05,休,清明节",
        "2027-05-01,休,劳动节",
        "2027-05-03,休,劳动节",
    ]
)


def _import(ctx: AppContext, lines: list[str], replace: tuple[int, ...] = ()) -> str:
    return (
        CalendarAdminService(ctx.uow_factory)
        .import_file("\n".join(lines) + "\n", "t.csv", replace)
        .describe()
    )


def _due(ctx: AppContext, start: date, days: int) -> tuple[date, bool]:
    result = WorkdayCalendar(ctx.uow_factory).add_working_days(start, days)
    return result.due, result.provisional


def _cli(
    ctx: AppContext, capsysbinary: pytest.CaptureFixture[bytes], *args: str
) -> tuple[int, str, str]:
    code = run(["--data-dir", str(ctx.data_dir), *args])
    captured = capsysbinary.readouterr()
    return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_a_one_line_file_does_not_mark_its_year_entered(ctx: AppContext) -> None:
    text = _import(ctx, ["2028-05-01,休,劳动节"])
    assert text == (
        "已录入日期：新增 1 天（2028-05-01）；2028年尚未标记为录入完毕，期限仍为暂定；整年录完后"
        "在文件中加一行“# 完整: 2028”再导入，或运行 casedesk holidays done --year 2028。"
    )
    assert HolidayEntryService(ctx.uow_factory).state(2028) == YEAR_DRAFT
    # Thu 2028-04-27 + 3: the draft 劳动节 does not count yet, and the answer says provisional.
    assert _due(ctx, date(2028, 4, 27), 3) == (date(2028, 5, 2), True)
    _import(ctx, ["# 完整: 2028", "2028-05-02,休,劳动节"])
    assert HolidayEntryService(ctx.uow_factory).state(2028) == YEAR_ENTERED
    assert _due(ctx, date(2028, 4, 27), 3) == (date(2028, 5, 4), False)


def test_a_one_line_correction_keeps_the_other_days_of_its_year(ctx: AppContext) -> None:
    assert _import(ctx, YEAR_2027) == "已录入 2027 年节假日安排（新增 14 天），已标记为录入完毕。"
    assert _due(ctx, date(2027, 2, 5), 3) == (date(2027, 2, 17), False)
    assert _import(ctx, ["2027-10-09,班,国庆调休"]) == "已录入日期：新增 1 天（2027-10-09）。"
    service = HolidayEntryService(ctx.uow_factory)
    assert len(service.days(2027)) == 15 and service.state(2027) == YEAR_ENTERED
    assert _due(ctx, date(2027, 2, 5), 3) == (date(2027, 2, 17), False)
    assert _due(ctx, date(2027, 10, 8), 1) == (date(2027, 10, 9), False)  # the 调休 Saturday
    # A day given again with another kind or name corrects it.
    assert (
        _import(ctx, ["2027-10-09,班,国庆节调休"])
        == "已录入日期：新增 0 天，更正 1 天（2027-10-09）。"
    )


def test_replace_removes_a_years_days_only_when_asked(ctx: AppContext) -> None:
    _import(ctx, YEAR_2027)
    text = _import(ctx, ["2027-02-06,休,春节", "2027-02-07,休,春节"], replace=(2027,))
    assert text.startswith("已删除 2027 年原录入的日期；已录入日期：新增 2 天")
    assert "2027年尚未标记为录入完毕" in text
    assert len(HolidayEntryService(ctx.uow_factory).days(2027)) == 2
    assert _due(ctx, date(2027, 2, 5), 3)[1]  # no longer marked complete: provisional


def test_replace_from_the_command_line(
    ctx: AppContext, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    path = tmp_path / "2027.csv"
    path.write_text("\n".join(YEAR_2027) + "\n", encoding="utf-8")
    assert _cli(ctx, capsysbinary, "calendar", "import", str(path))[0] == 0
    path.write_text("# 完整: 2027\n2027-10-01,休,国庆节\n", encoding="utf-8")
    code, out, _err = _cli(ctx, capsysbinary, "calendar", "import", str(path), "--replace", "2027")
    assert code == 0 and out.startswith(
        "已删除 2027 年原录入的日期；已录入 2027 年节假日安排（新增 1 天"
    )
    code, _out, err = _cli(ctx, capsysbinary, "calendar", "import", str(path), "--replace", "2029")
    assert code == 1 and "--replace 2029：文件中没有2029年的日期" in err
    assert len(HolidayEntryService(ctx.uow_factory).days(2027)) == 1


@pytest.mark.parametrize(
    ("lines", "message"),
    [(["# 完整: 2026", "2026-12-26,班,调休"], "2026年：节假日安排已内置，不能标记为完整"),
     (["# 完整: 二〇二七", "2027-02-06,休,春节"], "第1行 完整：“二〇二七”不是年份"),
     (["# 完整: 2027", "2027-02-20,班,春节调休"], "2027年：没有任何放假日期，不能标记为录入完毕"),
     (["# 完整: 99999", "2027-02-06,休,春节"], "“99999”不是年份")],
)  # fmt: skip
def test_bad_complete_marks_are_refused(ctx: AppContext, lines: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _import(ctx, lines)
    assert HolidayEntryService(ctx.uow_factory).days(2027) == []


def test_holidays_done_refuses_a_built_in_year_and_an_impossible_one(
    ctx: AppContext, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    with pytest.raises(ConflictError, match="2026年的节假日安排已内置"):
        HolidayEntryService(ctx.uow_factory).complete(2026)
    assert HolidayEntryService(ctx.uow_factory).state(2026) == YEAR_BUILT_IN
    for action in ("done", "list"):
        code, _out, err = _cli(ctx, capsysbinary, "holidays", action, "--year", "99999")
        assert code == 1 and "“99999”不是合理的年份，应在 1949 至" in err


def _library_working_days(start: date, count: int) -> date:
    """The same count done directly on the calendar library (2020–2026 are built in)."""
    day = start
    while count:
        day += timedelta(days=1)
        count -= chinese_calendar.is_workday(day)
    return day


def test_deadlines_past_three_years_are_counted_not_cut_off(ctx: AppContext) -> None:
    start = date(2020, 1, 1)
    at_800, at_1000 = _due(ctx, start, 800), _due(ctx, start, 1000)
    assert at_800 != at_1000
    assert at_800 == (_library_working_days(start, 800), False)
    assert at_1000 == (_library_working_days(start, 1000), False)
    assert at_800[0] == date(2023, 3, 20) and at_1000[0] == date(2024, 1, 4)


def test_a_deadline_beyond_the_supported_range_says_so(ctx: AppContext) -> None:
    calendar = WorkdayCalendar(ctx.uow_factory)
    with pytest.raises(DeadlineRangeError, match="3000 个工作日超出可计算范围：起算日期后十年"):
        calendar.add_working_days(date(2020, 1, 1), 3000)
    with pytest.raises(DeadlineRangeError, match="超出可计算范围"):
        calendar.add_days(date(2020, 1, 1), MAX_SPAN_DAYS + 1)
    assert calendar.add_days(date(2020, 1, 1), MAX_SPAN_DAYS).due >= date(2030, 1, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--from", "2026-03-02", "--working-days", "-3"), "工作日数不能为负数（-3）。"),
     (("--from", "9999-12-30", "--working-days", "3"), "起算日期 9999-12-30 超出可计算范围。"),
     (("--from", "9999-12-30", "--days", "3"), "起算日期 9999-12-30 超出可计算范围。"),
     (("--from", "2026-03-02", "--days", "99999999"), "99999999 个自然日超出可计算范围"),
     (("--from", "2026-03-02", "--days", "-1"), "自然日数不能为负数（-1）。")],
)  # fmt: skip
def test_deadline_commands_out_of_range_give_a_message(
    ctx: AppContext, capsysbinary: pytest.CaptureFixture[bytes], args: tuple[str, ...], message: str
) -> None:
    code, out, err = _cli(ctx, capsysbinary, "deadline", *args)
    assert (code, out) == (1, "")
    assert err.startswith("错误：") and message in err
