"""The inspection results and upward case exports on the demo district, the column data, and the
`casedesk publish` commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from publish_data import END, START, Issued
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from database.models import Case, CheckResult, Inspection, Institution, PartyType
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ValidationError
from desktop.publish.columns import COLUMN_FILES, check_value, load_columns, parse_columns
from desktop.publish.periods import add_months, publicity_end, publicity_periods

TODAY = date(2026, 11, 20)


def _read(path: Path) -> list[dict[str, str]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    return [{str(h): ("" if v is None else str(v)) for h, v in zip(rows[0], row, strict=True)}
            for row in rows[1:]]  # fmt: skip


def test_inspection_rows_match_their_inspections_and_record_the_entry(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "检查结果.xlsx"
    with demo_ctx.uow_factory(readonly=True) as uow:
        pending = {i.id for i in uow.session.scalars(select(Inspection).where(
            Inspection.inspected_on >= START, Inspection.entered_on.is_(None)))}  # fmt: skip
    result = demo_ctx.publish.export_inspections(START, TODAY, out, mark_on=TODAY)
    rows = _read(out)
    assert result.count == len(rows) > 3
    with demo_ctx.uow_factory(readonly=True) as uow:
        query = (
            select(Inspection, Institution)
            .join(Institution, Institution.id == Inspection.institution_id)
            .where(Inspection.inspected_on >= START, Inspection.inspected_on <= TODAY)
            .options(selectinload(Inspection.results), selectinload(Inspection.officers))
            .order_by(Inspection.inspected_on, Inspection.id)
        )
        found = uow.session.execute(query).all()
        assert len(found) == len(rows)
        for (inspection, inst), row in zip(found, rows, strict=True):
            failed = [r for r in inspection.results if r.result is CheckResult.FAIL]
            assert row["检查对象"] == inst.name
            assert row["统一社会信用代码"] == (inst.credit_code or "")
            assert row["检查日期"] == inspection.inspected_on.strftime("%Y/%m/%d")
            assert row["检查人员"].split("、") == [o.name for o in inspection.officers]
            assert row["检查结果"] == ("发现问题" if failed else "未发现问题")
            for r in failed:
                assert (r.note or r.item_text) in row["发现问题"]
            assert inspection.opinions.strip() in row["处理措施"]
            if inspection.id in pending:
                assert inspection.entered_on == TODAY
    # the 2-working-day 录入 items of the exported inspections are closed
    assert not [i for i in demo_ctx.deadlines.list(TODAY)
                if i.rule == "inspection_entry" and i.record_id in pending]  # fmt: skip
    assert sorted(result.marked) == sorted(f"{d}#{i}" for i, d in _dates(demo_ctx, pending).items())


def _dates(ctx: AppContext, ids: set[int]) -> dict[int, date]:
    with ctx.uow_factory(readonly=True) as uow:
        query = select(Inspection.id, Inspection.inspected_on).where(Inspection.id.in_(ids))
        return {i: d for i, d in uow.session.execute(query)}


def test_upward_case_rows_match_their_cases(issued: Issued, tmp_path: Path) -> None:
    ctx = issued.ctx
    out = tmp_path / "案件查处.xlsx"
    assert ctx.publish.export_cases(START, END, out).count > 0
    rows = {row["案件编号"]: row for row in _read(out)}
    with ctx.uow_factory(readonly=True) as uow:
        cases = list(uow.session.scalars(select(Case).where(Case.filed_on >= START,
                                                            Case.filed_on <= END)))  # fmt: skip
        assert len(cases) == len(rows)
        for case in cases:
            row = rows[case.case_no]
            person = case.party_type is PartyType.PERSON
            assert row["立案日期"] == case.filed_on.strftime("%Y/%m/%d")
            assert row["案件来源"] == case.source.value and row["案由"] == case.cause
            assert row["当事人"] == case.party_name and row["当事人类别"] == case.party_type.value
            assert row["统一社会信用代码"] == ("" if person else case.party_credit_code)
            assert row["处罚决定书文号"] == issued.numbers.get(case.id, "")
            assert row["移送司法机关"] == ("是" if case.judicial_transfer else "否")
            fine = row["罚款金额（万元）"]
            assert (int(fine.replace(".", "")) if fine else 0) == case.fine_fen


def test_every_column_file_is_valid_and_names_its_basis() -> None:
    for export in COLUMN_FILES:
        columns = load_columns(export)
        assert len({c.key for c in columns}) == len(columns)
        assert all(c.verified and c.basis for c in columns)
    penalties = {c.key: c for c in load_columns("penalties")}
    withheld = {k for k, c in penalties.items() if c.withheld_for_person}
    assert {"id_no", "credit_code", "legal_representative", "legal_rep_id_no"} <= withheld
    assert "party_name" not in withheld
    assert check_value(penalties["category"], "罚款;警告") is None
    assert "不在代码表" in (check_value(penalties["category"], "罚款;拘留") or "")
    assert "超过 128 字" in (check_value(penalties["decision_no"], "号" * 129) or "")
    with pytest.raises(ValidationError, match="第 2 行 格式"):
        parse_columns("key,字段,必填,最大长度,格式,代码表,自然人不公示,核实,依据\n"
                      "a,甲,是,10,money,,否,未核实,无\n", "测试.csv")  # fmt: skip


def test_publicity_end_by_class() -> None:
    general, serious = publicity_periods()
    assert (general.longest_months, serious.longest_months) == (12, 36)
    assert publicity_end(date(2026, 2, 28), ["罚款"], "") == date(2027, 2, 28)
    assert publicity_end(date(2026, 3, 31), ["吊销许可证件"], "") == date(2029, 3, 31)
    assert publicity_end(date(2026, 3, 31), ["罚款"], "情节特别严重") == date(2029, 3, 31)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_publish_commands(
    issued: Issued, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    ctx = issued.ctx
    base = ["--data-dir", str(ctx.data_dir)]

    def out(*args: str) -> str:
        assert run([*base, *args]) == 0
        return capsysbinary.readouterr().out.decode("utf-8")

    period = ["--from", START.isoformat(), "--to", END.isoformat()]
    said = out("publish", "penalties", *period, "--out", str(tmp_path / "p.csv"), "--no-mark")
    assert f"已导出行政处罚信息 {len(issued.numbers)} 条" in said
    status = out("publish", "status", *period)
    assert f"共 {len(issued.numbers)} 件" in status and "公示截止期" in status
    listed = [line.split("\t")[0] for line in status.splitlines()[1:] if "\t" in line]
    assert len(listed) == len(issued.numbers)
    case_no = next(c for c in listed if not ctx.cases.is_locked(ctx.cases.resolve(c)))
    said = out("publish", "mark", case_no, "--on", "2026-11-02")
    assert f"已记录案件 {case_no} 的公示日期：2026-11-02" in said
    assert ctx.cases.get(ctx.cases.resolve(case_no)).published_on == date(2026, 11, 2)
    assert "已导出案件查处数据" in out(
        "publish", "cases", *period, "--out", str(tmp_path / "c.xlsx")
    )
    assert run([*base, "publish", "penalties", *period, "--out", str(tmp_path / "p.txt")]) == 1
    assert "应以 .xlsx 或 .csv 结尾" in capsysbinary.readouterr().err.decode("utf-8")
    assert run([*base, "publish", "mark", case_no, "--on", "2020-01-01"]) == 1
    assert "公示日期：2020-01-01 不能早于决定" in capsysbinary.readouterr().err.decode("utf-8")
    said = out("publish", "inspections", *period, "--out", str(tmp_path / "i.xlsx"),
               "--entered-on", "2026-11-20")  # fmt: skip
    assert "已导出检查结果" in said
    said = out("publish", "public", case_no, "--out", str(tmp_path / "公开版"), "--no-pdf")
    assert (
        "已生成行政处罚决定书（公开版）" in said and len(list((tmp_path / "公开版").iterdir())) == 1
    )
