"""Marking a case as 典型案例: through the case editor's form definition and the 案件台账 import,
and the mark reaching the typical-case report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from ledger_files import write_sheet

from database.models import CaseSource, CauseCategory, PartyType
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.ledger.workbook import LedgerImportError
from forms.record_forms import CASE_FIELDS

HEADERS = ["案号", "当事人", "当事人类型", "案件来源", "案由分类", "案由", "违法事实", "违反条款",
           "处罚依据", "立案日期", "处罚决定日期", "罚款金额(元)"]  # fmt: skip


def _row(case_no: str, party: str) -> list[object]:
    return [case_no, party, "个人", "社会举报", "机构资质", "未取得医疗机构执业许可证擅自执业",
            f"{party}在出租屋内为顾客注射玻尿酸。", "《医疗机构管理条例》第十四条",
            "《医疗机构管理条例》第四十三条", "2026-03-02", "2026-04-10", 30000]  # fmt: skip


def _typical_parties(ctx: AppContext) -> list[str]:
    table = ctx.reports.compute("typical", date(2026, 1, 1), date(2026, 12, 31))
    return [d["机构名称"] for d in table.details]


def test_case_editor_form_offers_the_typical_mark(ctx: AppContext) -> None:
    field = next(f for f in CASE_FIELDS if f.name == "is_typical")
    assert (field.label, field.kind, field.section) == ("典型案例", "bool", "处罚")
    # The editor saves replace(original, **{name: field.to_value(raw)}); do the same here.
    values = {f.name: f.to_value(f.to_raw(getattr(_case(), f.name))) for f in CASE_FIELDS}
    values["is_typical"] = field.to_value(True)
    case_id = ctx.cases.create(replace(_case(), **values))  # type: ignore[arg-type]
    assert ctx.cases.get(case_id).is_typical is True
    assert _typical_parties(ctx) == ["李某某"]
    # and unmarked again through the same field
    stored = ctx.cases.get(case_id)
    ctx.cases.update(case_id, replace(stored, is_typical=bool(field.to_value(False))))
    assert ctx.cases.get(case_id).is_typical is False
    assert _typical_parties(ctx) == []


def _case() -> CaseInput:
    return CaseInput(
        case_no="青卫医罚〔2026〕7号",
        party_name="李某某",
        party_type=PartyType.PERSON,
        source=CaseSource.COMPLAINT,
        cause_category=CauseCategory.QUALIFICATION,
        cause="未取得医疗机构执业许可证擅自执业",
        filed_on=date(2026, 3, 2),
        decided_on=date(2026, 4, 10),
        fine_fen=3_000_000,
        violated_provisions="《医疗机构管理条例》第十四条",
        penalty_basis="《医疗机构管理条例》第四十三条",
    )


def test_ledger_import_reads_the_optional_typical_column(ctx: AppContext, tmp_path: Path) -> None:
    rows = [[*_row("青卫医罚〔2026〕1号", "张某某"), "是"],
            [*_row("青卫医罚〔2026〕2号", "王某某"), "否"],
            [*_row("青卫医罚〔2026〕3号", "赵某某"), None]]  # fmt: skip
    ctx.ledger_import.import_cases(
        write_sheet(tmp_path / "台账.xlsx", [*HEADERS, "典型案例"], rows)
    )
    flags = {no: ctx.cases.get(ctx.cases.resolve(no)).is_typical for no in
             ("青卫医罚〔2026〕1号", "青卫医罚〔2026〕2号", "青卫医罚〔2026〕3号")}  # fmt: skip
    assert flags == {"青卫医罚〔2026〕1号": True, "青卫医罚〔2026〕2号": False,
                     "青卫医罚〔2026〕3号": False}  # fmt: skip
    assert _typical_parties(ctx) == ["张某某"]


def test_ledger_without_the_column_imports_unmarked(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "台账.xlsx", HEADERS, [_row("青卫医罚〔2026〕4号", "钱某某")])
    assert ctx.ledger_import.import_cases(path).created == 1
    assert ctx.cases.get(ctx.cases.resolve("青卫医罚〔2026〕4号")).is_typical is False


def test_a_bad_typical_cell_names_row_and_column(ctx: AppContext, tmp_path: Path) -> None:
    rows = [[*_row("青卫医罚〔2026〕5号", "孙某某"), "是"],
            [*_row("青卫医罚〔2026〕6号", "周某某"), "也许"]]  # fmt: skip
    path = write_sheet(tmp_path / "台账.xlsx", [*HEADERS, "典型案例"], rows)
    with pytest.raises(LedgerImportError) as raised:
        ctx.ledger_import.import_cases(path)
    assert "第3行 “典型案例”：“也许”应为“是”或“否”。" in str(raised.value)
    assert ctx.cases.count() == 0  # nothing of the failed file saved
