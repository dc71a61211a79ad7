"""The same hand-built districts on PostgreSQL (shared office mode) give the same tables."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from report_datasets import (
    END,
    JUNE,
    PERIOD,
    SEPT,
    START,
    Records,
    annex1_data,
    annex2_data,
    shanxi_data,
    typical_data,
)

from desktop.app import AppContext

CASES: tuple[tuple[str, Callable[[Records], None], tuple[object, object]], ...] = (
    ("annex1", annex1_data, (START, END)),
    ("annex2", annex2_data, JUNE),
    ("shanxi1", shanxi_data, SEPT),
    ("typical", typical_data, PERIOD),
)


@pytest.mark.postgres
def test_every_table_is_the_same_on_postgresql_and_sqlite(
    ctx: AppContext, pg_ctx: AppContext
) -> None:
    for name, build, period in CASES:
        for context in (ctx, pg_ctx):
            build(Records(context))
        tables = [c.reports.compute(name, *period) for c in (ctx, pg_ctx)]  # type: ignore[arg-type]
        sqlite_json, pg_json = (
            json.loads(c.reports.render(t, "json"))
            for c, t in zip((ctx, pg_ctx), tables, strict=True)
        )
        assert pg_json == sqlite_json, name
        assert any(row["cells"] for row in sqlite_json["rows"]) or sqlite_json["details"], name
    # Spot checks of the stated answers, on PostgreSQL itself.
    a1 = pg_ctx.reports.compute("annex1", START, END)
    assert a1.cell("医疗美容机构", "行政处罚单位数") == 2
    assert str(a1.cell("医疗美容机构", "案件来源/日常监督检查/罚没金额(元)")) == "12346.17"
    sx = pg_ctx.reports.compute("shanxi1", *SEPT)
    assert dict(sx.footer)["实施行政处罚件数"] == 2
