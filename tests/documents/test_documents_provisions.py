"""The provision catalogue, the range check and the deadlines the notices print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from database.models import Case
from desktop.app import AppContext
from desktop.calendar.workdays import WorkdayCalendar
from desktop.documents.doc_types import PenaltyOutOfRangeError
from desktop.documents.sources import case_deadlines


def test_catalogue_is_loaded_with_dates_and_ranges(ctx: AppContext) -> None:
    rows = ctx.provisions.list()
    assert len(rows) >= 30
    laws = " ".join(r.basis_article + r.violated_article for r in rows)
    for law in ("医疗机构管理条例", "医疗机构管理条例实施细则", "医师法", "护士条例", "医疗美容服务管理办法",
                "医疗广告管理办法", "处方管理办法", "医疗废物管理条例", "基本医疗卫生与健康促进法"):  # fmt: skip
        assert law in laws, law
    assert all(r.effective_from for r in rows)
    assert any(r.effective_to for r in rows)  # superseded versions are kept with their end
    assert any(r.verified for r in rows) and any(not r.verified for r in rows)
    assert ctx.provisions.get("YLJG-04").max_fine_fen == 10_000_000


def _set(ctx: AppContext, case_id: int, **values: object) -> None:
    with ctx.uow_factory() as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        for key, value in values.items():
            setattr(case, key, value)
        uow.commit()
    if ctx.cases.is_locked(case_id):  # the save locked the closed case again
        ctx.audit.reopen_case(case_id, "测试：修改案情后重新生成文书")


def test_penalty_outside_range_is_refused(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    _set(demo_ctx, closed_case_id, provision_code="YLJG-04", fine_fen=20_000_000)
    with pytest.raises(PenaltyOutOfRangeError) as caught:
        demo_ctx.documents.generate(
            "penalty_decision", case_id=closed_case_id, out_dir=tmp_path / "out"
        )
    message = str(caught.value)
    assert "罚款¥200,000.00超过" in message and "¥100,000.00" in message
    assert not (tmp_path / "out").exists()  # nothing written
    assert demo_ctx.documents.list_documents(case_id=closed_case_id) == []
    assert "超过" in "".join(demo_ctx.provisions.check_case(closed_case_id))


def test_decision_without_provision_is_refused(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    _set(demo_ctx, closed_case_id, provision_code="", penalty_basis="《某不存在的办法》第一条")
    with pytest.raises(PenaltyOutOfRangeError, match="没有法律条款库中的处罚依据"):
        demo_ctx.documents.generate(
            "penalty_decision", case_id=closed_case_id, out_dir=tmp_path / "out"
        )


def test_provision_not_in_force_when_the_act_occurred(
    demo_ctx: AppContext, closed_case_id: int
) -> None:
    _set(demo_ctx, closed_case_id, provision_code="YLJG-04-2016", fine_fen=200_000,
         act_on=date(2025, 1, 6), closed_on=None)  # fmt: skip
    problems = demo_ctx.provisions.check_case(closed_case_id)
    assert any("不适用于违法行为发生日期2025-01-06的行为" in p for p in problems)
    assert any("应适用《医疗机构管理条例》第四十六条（条款编码YLJG-04）" in p for p in problems)
    # Without 违法行为发生日期 the 立案日期 stands in, and a warning says so.
    _set(demo_ctx, closed_case_id, act_on=None)
    assert any("不适用于立案日期" in p for p in demo_ctx.provisions.check_case(closed_case_id))
    assert demo_ctx.provisions.check_case_warnings(closed_case_id)[0].startswith(
        "未填写违法行为发生日期，按立案日期"
    )


def test_statement_deadline_across_spring_festival(ctx: AppContext) -> None:
    calendar = WorkdayCalendar(ctx.uow_factory)
    # 2026-02-13 (Fri); 14 Feb is a 调休 working Saturday, 15–23 Feb the Spring Festival.
    case = Case(filed_on=date(2026, 2, 1), notified_on=date(2026, 2, 13))
    deadlines = case_deadlines(case, calendar)
    assert deadlines["statement_due"] == date(2026, 2, 25)  # 14th, 24th, 25th
    assert deadlines["hearing_due"] == date(2026, 2, 27)
    # 90 calendar days from 1 Feb is 2 May, in the 劳动节 holiday: rolls to the next working day.
    assert deadlines["decision_due"] == calendar.add_days(date(2026, 2, 1), 90).due
    assert deadlines["decision_due"] >= date(2026, 5, 2)


def test_fine_as_multiple_of_illegal_income_is_checked_against_the_recorded_gain(
    demo_ctx: AppContext, closed_case_id: int
) -> None:
    # YLJG-01: 违法所得五倍以上二十倍以下，不足一万元的按一万元计算.
    row = demo_ctx.provisions.get("YLJG-01")
    assert (row.fine_base, row.min_multiple_pct, row.max_multiple_pct) == (
        "illegal_income",
        500,
        2000,
    )
    assert row.base_floor_fen == 1_000_000
    # 违法所得 ¥30,000.00 → ¥150,000.00 … ¥600,000.00; 责令停止执业活动 goes with it (第九十九条).
    # Without its 结案日期 the case is not locked again after the first change.
    _set(demo_ctx, closed_case_id, provision_code="YLJG-01", warning=False, closed_on=None,
         confiscation_fen=3_000_000, fine_fen=60_000_000, suspension=True, revocation=False,
         penalty_tier_condition="")  # fmt: skip
    assert demo_ctx.provisions.check_case(closed_case_id) == []
    _set(demo_ctx, closed_case_id, fine_fen=60_000_100)
    assert demo_ctx.provisions.check_case(closed_case_id) == [
        "罚款¥600,001.00超过《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款规定的上限"
        "¥600,000.00（违法所得¥30,000.00的20倍；责令停止执业活动，没收违法所得和药品、医疗器械"
        "（没收非法财物：药品、医疗器械），并处违法所得五倍以上二十倍以下的罚款，违法所得不足一万元的，"
        "按一万元计算）"
    ]
    _set(demo_ctx, closed_case_id, fine_fen=14_999_900)
    assert "低于" in demo_ctx.provisions.check_case(closed_case_id)[0]
    assert (
        "¥150,000.00（违法所得¥30,000.00的5倍" in demo_ctx.provisions.check_case(closed_case_id)[0]
    )
    # 违法所得 ¥2,000.00 counts as ¥10,000.00: the upper limit is ¥200,000.00, not ¥40,000.00.
    _set(demo_ctx, closed_case_id, confiscation_fen=200_000, fine_fen=20_000_000)
    assert demo_ctx.provisions.check_case(closed_case_id) == []
    _set(demo_ctx, closed_case_id, fine_fen=20_000_100)
    assert "违法所得¥2,000.00不足¥10,000.00，按¥10,000.00计算的20倍" in "".join(
        demo_ctx.provisions.check_case(closed_case_id)
    )


def test_an_open_upper_limit_without_recorded_base_is_a_warning_not_a_pass(
    demo_ctx: AppContext, closed_case_id: int
) -> None:
    _set(demo_ctx, closed_case_id, provision_code="YLJG-01", warning=False, closed_on=None,
         confiscation_fen=0, fine_fen=900_000_000, act_on=date(2025, 1, 6), suspension=True,
         revocation=False, penalty_tier_condition="")  # fmt: skip
    assert demo_ctx.provisions.check_case(closed_case_id) == []
    warnings = demo_ctx.provisions.check_case_warnings(closed_case_id)
    [on_income] = [w for w in warnings if "倍数计" in w]
    assert on_income.startswith(
        "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款的罚款以违法所得的倍数计"
    )
    assert "案件未记录违法所得" in on_income and "¥9,000,000.00" in on_income
    # 没收违法所得 and 没收药品、医疗器械 are required where there is something to confiscate.
    assert any(w.startswith("《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款规定没收违法所得")
               for w in warnings)  # fmt: skip
    # The floor still gives a firm lower limit: 5 × ¥10,000.00.
    _set(demo_ctx, closed_case_id, fine_fen=4_999_900)
    assert "下限¥50,000.00" in demo_ctx.provisions.check_case(closed_case_id)[0]
    # The rows whose fine is a multiple of 货值金额 (药品管理法) are the 药品监管部门's: 移送.
    _set(demo_ctx, closed_case_id, provision_code="YP-01", fine_fen=10_000_000)
    assert demo_ctx.provisions.check_case(closed_case_id) == [
        "该条款由药品监督管理部门实施，应移送药品监督管理部门处理（《中华人民共和国药品管理法》"
        "第一百二十九条（条款编码YP-01），实施机关：药品监管），不能由本机关作出处罚决定"
    ]


def test_warning_only_where_the_provision_allows_it(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    # YLJG-05 (《医疗机构管理条例》第四十七条): 可以罚款; 情节严重 吊销 or 责令停止执业活动; no 警告.
    _set(demo_ctx, closed_case_id, provision_code="YLJG-05", warning=True, fine_fen=2_000_000,
         confiscation_fen=0, suspension=False, revocation=False, closed_on=None,
         penalty_tier_condition="")  # fmt: skip
    assert demo_ctx.provisions.check_case(closed_case_id) == [
        "《医疗机构管理条例》第四十七条不设警告（可处：罚款）"
    ]
    with pytest.raises(PenaltyOutOfRangeError, match="第四十七条不设警告"):
        demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    _set(demo_ctx, closed_case_id, provision_code="YLJG-04")  # 警告、没收违法所得；可以罚款
    assert demo_ctx.provisions.check_case(closed_case_id) == []


def test_catalogue_seed_reads_multiples_and_floors() -> None:
    from desktop.law.catalogue import SEED_DIR
    from desktop.law.catalogue_files import read_catalogue

    rows = {r.code: r for r in read_catalogue(SEED_DIR)}
    assert {c for c, r in rows.items() if r.fine_base == "illegal_income"} == {
        "YLJG-01", "YLJG-01-2020", "YLJG-02", "YLJG-03", "YS-01"
    }  # fmt: skip
    [tier] = rows["YP-02"].tiers
    assert (tier.fine_base, tier.min_multiple_pct, tier.max_multiple_pct, tier.base_floor_fen,
            tier.min_fine_fen) == ("goods_value", 1500, 3000, 10_000_000, None)  # fmt: skip
    # Every multiple-based tier of the office's own rows states its base in the range text the
    # documents print (移送 rows are never decided here).
    for row in rows.values():
        for tier in row.tiers if row.authority == "卫生健康" else ():
            if tier.fine_base == "illegal_income":
                assert "违法所得" in tier.range_text, row.code
            if tier.fine_base == "goods_value":
                assert "货值金额" in tier.range_text, row.code
