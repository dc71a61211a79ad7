"""The provision catalogue, the range check and the deadlines the notices print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from database.models import Case
from desktop.app import AppContext
from desktop.services.document_sources import case_deadlines
from desktop.services.documents import PenaltyOutOfRangeError
from desktop.services.workdays import WorkdayCalendar


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
    _set(demo_ctx, closed_case_id, provision_code="YLJG-04-2016", fine_fen=200_000)
    problems = demo_ctx.provisions.check_case(closed_case_id)
    assert any("不适用于立案日期" in p for p in problems)


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
