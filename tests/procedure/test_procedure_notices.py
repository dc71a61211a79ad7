"""提示 (notices) for a case on an unverified catalogue row: through the command line, in the
pre-flight (a channel of their own beside its errors) and in the pure checker (issue 13)."""

from __future__ import annotations

from dataclasses import replace

from procedure_desk import Desk

from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.law.catalogue import SEED_DIR
from desktop.law.catalogue_files import read_catalogue
from desktop.law.notices import provision_notices

CASE = "青卫医案〔2026〕51号"
#: The notice of the scenario ledger's row (YLJG-04, the 2022 条例 read only in a quotation).
YLJG_04 = ("提示：条款编码YLJG-04（《医疗机构管理条例》第四十六条）的条文未经核实：法律条款库未在"
           "法规全文中核对其违反条款、处罚依据和处罚幅度，请对照法规原文核对后再据以作出决定")  # fmt: skip


def test_the_command_line_notes_an_unverified_row_for_every_document(desk: Desk) -> None:
    assert desk.import_cases([{"案号": CASE, "案由": "超范围执业案", "执法人员": "张明、李华"}]).code == 0
    desk.ok("case", "set", CASE, "地址=青溪区城关街道人民路1号")
    made = desk.doc("立案报告", CASE)
    assert made.code == 0 and "已生成立案报告" in made.out
    assert made.err.splitlines() == [YLJG_04]
    # A refused document is refused as before, and the notice is still said (first).
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1
    lines = refused.err.splitlines()
    assert lines[0] == YLJG_04 and lines[1].startswith("错误：") and len(lines) == 2
    # On a verified row there is nothing to note.
    desk.ok("case", "set", CASE, "条款编码=YF-03")
    assert desk.doc("立案报告", CASE).err == ""


def test_the_preflight_keeps_notices_apart_from_its_errors(demo_ctx: AppContext) -> None:
    ctx = demo_ctx
    case_id = next(r.id for r in ctx.cases.list() if r.decided_on is None)
    ctx.cases.update(case_id, _with(ctx, case_id, provision_code="YLJG-04"))
    checked = ctx.documents.preflight_check("filing_report", case_id=case_id)
    assert [n for n in checked.notices] == [YLJG_04.removeprefix("提示：")]
    assert list(checked.errors) == ctx.documents.preflight("filing_report", case_id=case_id)
    assert not any("未经核实" in e for e in checked.errors)
    ctx.cases.update(case_id, _with(ctx, case_id, provision_code="YF-03"))
    assert ctx.documents.preflight_check("filing_report", case_id=case_id).notices == ()
    # An inspection's documents have no catalogue row.
    assert ctx.documents.preflight_check("site_record", inspection_id=1).notices == ()


def _with(ctx: AppContext, case_id: int, **values: object) -> CaseInput:
    return replace(ctx.cases.get(case_id), **values)  # type: ignore[arg-type]


def test_the_pure_checker_notes_each_unverified_row_once() -> None:
    rows = read_catalogue(SEED_DIR)
    assert provision_notices(None) == []
    for row in rows:
        notices = provision_notices(row)
        if row.verified:
            assert notices == [], row.code
        else:
            [notice] = notices
            assert notice.startswith(f"条款编码{row.code}（") or notice.startswith(
                f"条款编码{row.code}的"
            ), row.code
            assert "未经核实" in notice, row.code
    assert sum(1 for r in rows if not r.verified) >= 10  # the catalogue still has such rows
