"""The 案件台账's optional 处罚情形 and 责令改正日期 columns: read into the case, checked like the
editor checks them, each error naming the row and the column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ledger_files import write_sheet
from test_records_import import CASE_HEADERS, case_row

from desktop.app import AppContext
from desktop.ledger.workbook import LedgerImportError

HEADERS = [*CASE_HEADERS, "处罚情形", "责令改正日期"]


def _row(case_no: str, condition: object, ordered: object) -> list[object]:
    return [*case_row(case_no), condition, ordered]


def test_tier_columns_are_imported_and_checked(ctx: AppContext, tmp_path: Path) -> None:
    good = write_sheet(tmp_path / "好.xlsx", HEADERS, [
        _row("青卫医罚〔2024〕1号", "逾期不改正", "2024-03-20"), _row("青卫医罚〔2024〕2号", None, None),
    ])  # fmt: skip
    ctx.ledger_import.import_cases(good)
    stored = {r.case_no: ctx.cases.get(r.id) for r in ctx.cases.list()}
    first = stored["青卫医罚〔2024〕1号"]
    assert (first.penalty_tier_condition, first.correction_ordered_on) == (
        "逾期不改正", date(2024, 3, 20)
    )
    assert stored["青卫医罚〔2024〕2号"].penalty_tier_condition == ""
    bad = write_sheet(tmp_path / "坏.xlsx", HEADERS, [
        _row("青卫医罚〔2024〕3号", "逾期不改正", None),
        _row("青卫医罚〔2024〕4号", "屡教不改", None),
        _row("青卫医罚〔2024〕5号", "拒不改正", "2024-05-01"),
    ])  # fmt: skip
    with pytest.raises(LedgerImportError) as info:
        ctx.ledger_import.import_cases(bad)
    found = [(e.row, e.column) for e in info.value.errors]
    assert found == [(2, "责令改正日期"), (3, "处罚情形"), (4, "责令改正日期")]
    assert "应早于处罚决定日期（2024-04-15）" in info.value.errors[2].message
