"""The pick lists that 'record' fields of the editors choose from: (text shown, record id)."""

from __future__ import annotations

from desktop.app import AppContext


def institution_options(ctx: AppContext) -> list[tuple[str, int]]:
    """Every institution as “name（镇街）”, so two same-named venues stay apart."""
    return [(f"{row.name}（{row.town or '—'}）", row.id) for row in ctx.institutions.list()]


def plan_options(ctx: AppContext) -> list[tuple[str, int]]:
    """Every 工作方案 as “title（year）”, newest first."""
    return [(f"{plan.title}（{plan.period_start.year}）", plan.id) for plan in ctx.plans.list()]


def checklist_options(ctx: AppContext) -> list[tuple[str, int]]:
    """Every checklist by name, the default first."""
    return [(checklist.name, checklist.id) for checklist in ctx.checklists.list()]
