"""Issue 16, findings 2, 7 and 9: values main read silently wrong or crashed on — fines beyond
any real amount (an OverflowError traceback), 1,0,0,0 read as 1000, 立案日期 9999-12-31 and
1900-01-01 accepted, a 案号 with a zero-width space or full-width digits becoming a second case
— in the import, the case editor's validation and the command line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from ledger_files import write_sheet
from test_records_import import CASE_HEADERS, case_row

from database.models import CaseSource, CauseCategory, PartyType
from desktop.app import AppContext
from desktop.cases.cases import CaseInput, validate_case
from desktop.cli.main import run
from desktop.common.errors import ConflictError, ValidationError
from desktop.ledger.workbook import LedgerImportError
from forms.validators import latest_record_date, parse_yuan

FINE = "罚款金额(元)"


def a_case(case_no: str, **changes: object) -> CaseInput:
    """A person's case as the editor saves it (decided and closed, with a fine)."""
    values: dict[str, object] = {
        "case_no": case_no, "party_name": "张三", "party_type": PartyType.PERSON,
        "source": CaseSource.COMPLAINT, "cause_category": CauseCategory.QUALIFICATION,
        "cause": "张三未取得医师资格从事医疗美容案", "filed_on": date(2026, 3, 2),
        "decided_on": date(2026, 4, 1), "closed_on": date(2026, 5, 6), "fine_fen": 2_000_000,
    }  # fmt: skip
    values.update(changes)
    return CaseInput(**values)  # type: ignore[arg-type]


def _errors(ctx: AppContext, path: Path) -> list[tuple[int, str, str]]:
    before = ctx.cases.count()
    with pytest.raises(LedgerImportError) as info:
        ctx.ledger_import.import_cases(path)
    assert ctx.cases.count() == before
    return [(e.row, e.column, e.message) for e in info.value.errors]


@pytest.mark.parametrize("fine", [99999999999999999, 1e20, "1000000000.01", "99999999999999999"])
def test_a_fine_beyond_the_bound_is_refused_not_an_overflow(
    ctx: AppContext, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fine: object
) -> None:
    path = write_sheet(
        tmp_path / "c.xlsx", CASE_HEADERS, [case_row("B-1"), case_row("B-2", **{FINE: fine})]
    )
    [(row, column, message)] = _errors(ctx, path)
    assert (row, column) == (3, FINE)
    assert "元超出合理范围（不超过 10 亿元），请核对单位和数字" in message
    code = run(["--data-dir", str(ctx.data_dir), "import", "cases", str(path)])
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert code == 1 and "超出合理范围" in err and "Traceback" not in err


def test_the_bound_itself_is_a_valid_fine(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "c.xlsx", CASE_HEADERS, [case_row("B-3", **{FINE: 1_000_000_000})]
    )
    ctx.ledger_import.import_cases(path)
    assert ctx.cases.get(ctx.cases.resolve("B-3")).fine_fen == 100_000_000_000


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("1,000", 100_000), ("12,345.50", 1_234_550), ("1,234,567", 123_456_700), ("１，０００", 100_000),
     ("２０００．５", 200_050), (" 300 ", 30_000)],
)  # fmt: skip
def test_thousands_separators_in_groups_of_three_are_read(typed: str, fen: int) -> None:
    assert parse_yuan(typed, FINE) == fen


@pytest.mark.parametrize("typed", ["1,0,0,0", "10,00", "1,00,000", ",1000", "1000,"])
def test_a_thousands_separator_out_of_place_is_refused(
    ctx: AppContext, tmp_path: Path, typed: str
) -> None:
    path = write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, [case_row("S-1", **{FINE: typed})])
    [(row, column, message)] = _errors(ctx, path)
    assert (row, column) == (2, FINE)
    assert (
        message == f"“{typed}”的千位分隔符位置不对：逗号只能每三位一个（如 1,000 或 12,345.50）。"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [("立案日期", "9999-12-31"), ("立案日期", "1900-01-01"), ("处罚决定日期", "2999-01-01"),
     ("结案日期", "1949-09-30")],
)  # fmt: skip
def test_case_dates_outside_1949_and_next_year_are_refused_on_import(
    ctx: AppContext, tmp_path: Path, column: str, value: str
) -> None:
    row = case_row("D-1", **{column: value})
    if column == "结案日期":  # keep the order rule out of it: all three dates that day
        row = case_row("D-1", 立案日期=value, 处罚决定日期=value, 结案日期=value)
    path = write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, [row])
    found = _errors(ctx, path)
    latest = latest_record_date().isoformat()
    assert (2, column, f"{column}（{value}）不在 1949-10-01 至 {latest} 之间，请核对。") in found


def test_case_dates_outside_the_bounds_are_refused_by_the_editor(ctx: AppContext) -> None:
    for filed in (date(9999, 12, 31), date(1900, 1, 1), date.today() + timedelta(days=400)):
        data = a_case("E-1", filed_on=filed, decided_on=None, closed_on=None, fine_fen=0)
        assert [e.field for e in validate_case(data)] == ["立案日期"]
        with pytest.raises(ValidationError, match=r"立案日期.*不在 1949-10-01 至"):
            ctx.cases.create(data)
    assert (
        validate_case(
            a_case("E-2", filed_on=date(1949, 10, 1), decided_on=None, closed_on=None, fine_fen=0)
        )
        == []
    )
    assert (
        validate_case(
            a_case(
                "E-3", filed_on=latest_record_date(), decided_on=None, closed_on=None, fine_fen=0
            )
        )
        == []
    )
    assert validate_case(a_case("E-4", fine_fen=10**17)) != []


@pytest.mark.parametrize(
    "variant",
    ["青卫医罚〔2024〕1号\u200b", "\ufeff青卫医罚〔2024〕1号", "青卫医罚〔２０２４〕１号", "青卫医罚〔2024〕1号\u3000",
     "青卫医罚〔2024〕\u200d1号"],
)  # fmt: skip
def test_a_case_number_typed_another_way_is_the_same_case(
    ctx: AppContext, tmp_path: Path, variant: str
) -> None:
    first = write_sheet(tmp_path / "a.xlsx", CASE_HEADERS, [case_row("青卫医罚〔2024〕1号")])
    ctx.ledger_import.import_cases(first)
    again = write_sheet(
        tmp_path / "b.xlsx",
        CASE_HEADERS,
        [case_row(variant, 结案日期=None, 处罚决定日期="2024-04-16")],
    )
    # The stored case is closed and locked: a change is refused, which shows it was matched.
    found = _errors(ctx, again)
    assert any(c == "案号" and "已结案锁定" in m for _r, c, m in found)
    unlocked = write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, [case_row(variant)])
    report = ctx.ledger_import.import_cases(unlocked)
    assert (report.created, report.unchanged) == (0, 1)
    assert [row.case_no for row in ctx.cases.list()] == ["青卫医罚〔2024〕1号"]
    # The editor and the command line find and refuse it the same way.
    assert ctx.cases.resolve(variant) == ctx.cases.resolve("青卫医罚〔2024〕1号")
    with pytest.raises(ConflictError, match="已存在"):
        ctx.cases.create(a_case(variant))


def test_a_case_number_with_a_zero_width_space_is_stored_without_it(ctx: AppContext) -> None:
    case_id = ctx.cases.create(a_case("青卫医罚〔２０２６〕７号\u200b"))
    assert ctx.cases.get(case_id).case_no == "青卫医罚〔2026〕7号"


def test_the_command_line_finds_a_case_by_a_number_typed_another_way(
    ctx: AppContext, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    ctx.cases.create(a_case("青卫医罚〔2026〕8号"))
    code = run(
        [
            "--data-dir",
            str(ctx.data_dir),
            "audit",
            "history",
            "--case",
            "青卫医罚〔２０２６〕８号\u200b",
        ]
    )
    captured = capsysbinary.readouterr()
    assert code == 0, captured.err.decode("utf-8")
    assert captured.out.strip()  # the case's history, found by its normalised 案号
