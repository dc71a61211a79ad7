"""Every XLSX the app writes keeps a DDE/formula party name as text (one path: xlsx_safety)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from database.models import Case, CaseSource, CauseCategory, Institution, InstitutionKind, PartyType
from desktop.app import AppContext
from desktop.cases.export import export_cases
from desktop.common.errors import CasedeskError
from desktop.inspections.draw import DrawnObject, DrawRecord
from desktop.inspections.draw_export import export_draw_xlsx
from desktop.self_test import SelfTestState, _import_round_trip

FORMULA = "=cmd|' /C calc'!A0"


def _assert_text_only(data: bytes, expected_cells: int = 1) -> None:
    """No worksheet holds a formula, and the payload is a string cell exactly as stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and all(b"<f>" not in archive.read(n) for n in sheets)
    book = load_workbook(io.BytesIO(data))
    found = [c for s in book.worksheets for row in s.iter_rows() for c in row if c.value == FORMULA]
    assert len(found) == expected_cells
    assert all(c.data_type == "s" for c in found)


def _legacy_rows(ctx: AppContext) -> int:
    """A party named like a DDE payload, as an old import (before the text rules) stored it."""
    with ctx.uow_factory() as uow:
        inst = Institution(name=FORMULA, kind=InstitutionKind.UNLICENSED, address="北塘镇1号")
        uow.session.add(inst)
        uow.session.flush()
        case = Case(case_no="青卫医罚〔2026〕9号", party_name=FORMULA, institution_id=inst.id,
                    party_type=PartyType.ORGANISATION, party_kind=InstitutionKind.UNLICENSED,
                    source=CaseSource.COMPLAINT, cause_category=CauseCategory.OTHER,
                    cause="未取得资质开展医疗美容", filed_on=date(2026, 6, 1),
                    decided_on=date(2026, 6, 10), fine_fen=3_000_000)  # fmt: skip
        uow.session.add(case)
        uow.session.flush()
        case_id = case.id
        uow.commit()
    return case_id


def test_case_export_keeps_a_formula_party_name_as_text(ctx: AppContext, tmp_path: Path) -> None:
    case_id = _legacy_rows(ctx)
    out = tmp_path / "案件清单.xlsx"
    assert export_cases(ctx.cases, [case_id], out) == 1
    _assert_text_only(out.read_bytes())


def test_annex_report_keeps_a_formula_party_name_as_text(ctx: AppContext) -> None:
    _legacy_rows(ctx)
    table = ctx.reports.compute("annex2", date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))
    assert table.details[0]["被处罚对象"] == FORMULA
    _assert_text_only(ctx.reports.render(table, "xlsx"))


def test_draw_list_keeps_a_formula_institution_name_as_text(tmp_path: Path) -> None:
    record = DrawRecord(id=1, plan_id=1, plan_title="2026年度双随机检查", seed=7,
                        requested="按数量 1 户", population=1, drawn_by="林晓",
                        drawn_at=datetime(2026, 6, 1, 9, 0), replaces_draw_id=None,
                        replaced_by_draw_id=None, reason="",
                        objects=(DrawnObject(1, 1, FORMULA, "无证场所", "北塘镇", "北塘镇1号", "",
                                             (("林晓", "33010001"), ("王琛", "33010002"))),))  # fmt: skip
    out = export_draw_xlsx(record, tmp_path / "名单.xlsx")
    _assert_text_only(out.read_bytes())


def test_self_test_ledger_export_keeps_a_formula_name_as_text(
    ctx: AppContext, tmp_path: Path
) -> None:
    _legacy_rows(ctx)
    state = SelfTestState(tmp_path / "self-test")
    state.folder.mkdir()
    state.context = ctx
    # The re-import refuses the payload row (import rules), so the round trip reports a mismatch.
    with pytest.raises((RuntimeError, CasedeskError)):
        _import_round_trip(state)
    _assert_text_only((state.folder / "机构名录.xlsx").read_bytes())
