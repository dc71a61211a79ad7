"""The inspection side on a real PostgreSQL server: demo, draw, redraw, 立案, deadlines."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from database.models import (
    CaseSource,
    CauseCategory,
    CheckResult,
    InspectionPlan,
    InspectionResult,
    Institution,
    InstitutionKind,
    Officer,
    PartyType,
    PlanKind,
)
from desktop.app import build_context
from desktop.cases.cases import CaseInput
from desktop.common.errors import ConflictError
from desktop.demo.district import DemoOptions, load_demo
from desktop.inspections.draw import record_draw
from desktop.inspections.inspections import InspectionInput
from desktop.inspections.plans import PlanInput, TargetFilter


@pytest.mark.postgres
def test_inspection_workflow_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    ctx = build_context(str(tmp_path), pg_url)
    try:
        load_demo(ctx.uow_factory, DemoOptions(seed=7, cases=60, today=date(2026, 11, 20)))
        plan = next(p for p in ctx.plans.list() if p.kind == "日常监督")
        first = ctx.draws.draw(plan.id, drawn_by="林晓", percent="15", seed=99)
        second = ctx.draws.redraw(first, drawn_by="林晓", reason="名单更新", seed=100)
        assert ctx.draws.get(first).replaced_by_draw_id == second
        stored = ctx.draws.get(first)
        assert [a.institution_id for a in ctx.draws.recompute(first)] == [
            o.institution_id for o in stored.objects
        ]
        inspection = next(r for r in ctx.inspections.list() if r.failed_items and not r.is_revisit)
        result = next(
            r for r in ctx.inspections.get(inspection.id).results
            if r.result == CheckResult.FAIL.value and r.case_id is None
        )  # fmt: skip
        case_id = ctx.inspection_cases.open_case(inspection.id, result.id, date(2026, 11, 20))
        assert ctx.cases.get(case_id).case_no.startswith("青卫医案〔2026〕")
        items = ctx.deadlines.list(date(2026, 11, 20))
        assert any(i.rule == "inspection_entry" for i in items)
        assert ctx.scoring.totals(2026) and ctx.revisits.findings(
            date(2026, 1, 1), date(2026, 11, 20)
        )
    finally:
        ctx.close()


@pytest.mark.postgres
def test_two_clerks_drawing_at_once_give_one_draw_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    ctx = build_context(str(tmp_path), pg_url)
    try:
        with ctx.uow_factory() as uow:
            uow.session.add_all(
                [Institution(name=f"测试{n}医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC,
                             town="城关街道") for n in range(6)]
                + [Officer(name=f"执法员{n}", badge_no=f"ZJ{n:04d}") for n in range(3)]
            )  # fmt: skip
            uow.commit()
        period = (date(2026, 6, 1), date(2026, 6, 20))
        everyone = TargetFilter(all_cosmetic=True)
        plan_id = ctx.plans.create(
            PlanInput(PlanKind.DOUBLE_RANDOM, "双随机", *period, target=everyone)
        )
        outcome: list[object] = []

        def second_clerk() -> None:
            try:
                outcome.append(ctx.draws.draw(plan_id, drawn_by="王琛", count=2, seed=2))
            except ConflictError as error:
                outcome.append(error)

        # The first clerk is mid-draw: the plan locked, the draw written, not yet committed.
        with ctx.uow_factory() as uow:
            plan = uow.session.get_one(InspectionPlan, plan_id, with_for_update=True)
            record_draw(uow.session, plan, "林晓", 2, None, 1, None, "")
            other = threading.Thread(target=second_clerk)
            other.start()
            other.join(timeout=1.0)
            assert other.is_alive()  # waits for the first clerk's transaction
            uow.commit()
        other.join(timeout=30)
        (error,) = outcome
        assert isinstance(error, ConflictError) and "已于" in str(error)
        assert [d.drawn_by for d in ctx.draws.list(plan_id)] == ["林晓"]
    finally:
        ctx.close()


@pytest.mark.postgres
def test_two_clerks_opening_a_case_from_one_result_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    ctx = build_context(str(tmp_path), pg_url)
    try:
        with ctx.uow_factory() as uow:
            venue = Institution(name="测试医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC)
            officers = [Officer(name=f"执法员{n}", badge_no=f"ZJ{n:04d}") for n in range(2)]
            uow.session.add_all([venue, *officers])
            uow.commit()
        results = list(ctx.inspections.blank_results(ctx.checklists.list()[0].id))
        results[1] = replace(results[1], result=CheckResult.FAIL, note="超范围执业")
        inspection_id = ctx.inspections.create(
            InspectionInput(institution_id=venue.id, inspected_on=date(2026, 6, 3),
                            officer_ids=tuple(o.id for o in officers), results=tuple(results))
        )  # fmt: skip
        result_id = ctx.inspections.get(inspection_id).results[1].id
        first_case = ctx.cases.create(
            CaseInput(case_no="青卫医案〔2026〕1号", party_name=venue.name,
                      party_type=PartyType.ORGANISATION, source=CaseSource.ROUTINE,
                      cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
                      filed_on=date(2026, 6, 4))
        )  # fmt: skip
        outcome: list[object] = []

        def second_clerk() -> None:
            try:
                outcome.append(ctx.inspection_cases.open_case(inspection_id, result_id))
            except ConflictError as error:
                outcome.append(error)

        # The first clerk is opening the case from this result: row locked, not yet committed.
        with ctx.uow_factory() as uow:
            row = uow.session.get_one(InspectionResult, result_id, with_for_update=True)
            row.case_id = first_case
            uow.session.flush()
            other = threading.Thread(target=second_clerk)
            other.start()
            other.join(timeout=1.0)
            uow.commit()
        other.join(timeout=30)
        (error,) = outcome
        assert isinstance(error, ConflictError) and "已立案（青卫医案〔2026〕1号）" in str(error)
        assert [r.case_id for r in ctx.inspections.get(inspection_id).results][1] == first_case
    finally:
        ctx.close()
