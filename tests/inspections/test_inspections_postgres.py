"""The inspection side on a real PostgreSQL server: demo, draw, redraw, 立案, deadlines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from database.models import CheckResult
from desktop.app import build_context
from desktop.services.demo_data import DemoOptions, load_demo


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
