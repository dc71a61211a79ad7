"""典型案例报送 DOCX, formula-injection safety, and the `casedesk report` command."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from report_datasets import typical_data

from database.models import InstitutionKind as K
from desktop.app import AppContext
from desktop.cli.main import run

PERIOD = (date(2026, 5, 1), date(2026, 5, 31))


def test_typical_docx_has_catalogue_and_summaries_in_the_seed_wording(
    ctx: AppContext,
    records,  # type: ignore[no-untyped-def]
) -> None:
    typical_data(records)
    ctx.office.save({"supervision_institute": "青溪区卫生健康委员会卫生监督所"})
    table = ctx.reports.compute("typical", *PERIOD)
    document = docx.Document(io.BytesIO(ctx.reports.render(table, "docx")))
    grid = document.tables[0]
    assert [c.text for c in grid.rows[0].cells] == [
        "序号",
        "机构名称",
        "处罚时间",
        "违法事实",
        "违反法律及处罚依据",
        "行政处罚具体内容",
    ]
    assert len(grid.rows) == 3
    first = [c.text for c in grid.rows[1].cells]
    assert first[:4] == ["1", "青溪美莱医疗美容门诊部", "2026年5月6日", "超范围开展二级手术项目"]
    assert (
        first[4]
        == "违反了《医疗美容服务管理办法》第十七条；按照《医疗机构管理条例实施细则》第八十条进行处罚"
    )
    assert first[5] == "罚款：20000.50元；行政强制及其他措施：责令改正"
    paragraphs = [p.text for p in document.paragraphs]
    assert "二、案情概述" in paragraphs
    assert "1.青溪美莱医疗美容门诊部超范围开展二级手术项目案" in paragraphs
    assert (
        "当事人在诊室提供隆胸相关手术咨询和设计，不具备条件开展隆胸，违反了《医疗美容服务管理办法》"
        "第十七条，按照《医疗机构管理条例实施细则》第八十条进行处罚。2026年5月6日，"
        "青溪区卫生健康委员会卫生监督所作出行政处罚决定，责令改正并处罚款20000.50元。"
    ) in paragraphs
    assert any(p.endswith("作出行政处罚决定，给予警告。") for p in paragraphs)


def test_typical_case_without_provisions_or_measures_reads_cleanly(
    ctx: AppContext,
    records,  # type: ignore[no-untyped-def]
) -> None:
    """A case marked typical before its 违反条款/处罚依据 were entered: the report names what
    is missing instead of printing "违反了，按照进行处罚"; no measure, no dangling comma."""
    c1 = records.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    records.case(c1, filed=date(2026, 4, 3), decided_on=date(2026, 5, 7), is_typical=True)
    records.done()
    ctx.office.save({"supervision_institute": "青溪区卫生健康监督所"})
    table = ctx.reports.compute("typical", *PERIOD)
    document = docx.Document(io.BytesIO(ctx.reports.render(table, "docx")))
    row = [c.text for c in document.tables[0].rows[1].cells]
    assert row[4] == "违反了（违反条款未填写）；按照（处罚依据未填写）进行处罚"
    summary = next(p.text for p in document.paragraphs if p.text.startswith("当事人"))
    assert summary == (
        "当事人未取得资质开展医疗美容，违反了（违反条款未填写），按照（处罚依据未填写）进行处罚。"
        "2026年5月7日，青溪区卫生健康监督所作出行政处罚决定。"
    )


def test_text_cells_cannot_become_formulas(ctx: AppContext, records) -> None:  # type: ignore[no-untyped-def]
    u1 = records.institution("-北塘工作室", K.UNLICENSED, address="=cmd|' /C calc'!A0")
    records.case(
        u1, filed=date(2026, 5, 1), decided_on=date(2026, 5, 2), fine_fen=100, cause="@SUM(1+1)"
    )
    records.done()
    table = ctx.reports.compute("annex2", *PERIOD)
    ws = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(table, "xlsx"))).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} == {"-北塘工作室", "=cmd|' /C calc'!A0", "@SUM(1+1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_report_command_writes_each_format(ctx: AppContext, records, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    typical_data(records)
    data_dir, db_url = str(ctx.data_dir), ctx.database_url
    ctx.close()
    base = ["--data-dir", data_dir, "--db", db_url, "report"]
    span = ["--from", "2026-05-01", "--to", "2026-05-31"]
    assert run([*base, "annex1", *span, "--out", str(tmp_path / "a1.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "a1.xlsx").active["E4"].value == "案件来源"
    assert (
        run([*base, "shanxi1", *span, "--format", "json", "--out", str(tmp_path / "s.json")]) == 0
    )
    assert json.loads((tmp_path / "s.json").read_text("utf-8"))["from"] == "2026-05-01"
    assert run([*base, "typical", *span, "--out", str(tmp_path / "t.docx")]) == 0
    assert len(docx.Document(str(tmp_path / "t.docx")).tables[0].rows) == 3
    # A format the table does not have, and a period that ends before it starts: exit 1.
    assert run([*base, "annex1", *span, "--format", "docx", "--out", str(tmp_path / "x")]) == 1
    assert (
        run(
            [
                *base,
                "annex2",
                "--from",
                "2026-05-31",
                "--to",
                "2026-05-01",
                "--out",
                str(tmp_path / "y.xlsx"),
            ]
        )
        == 1
    )
    assert not (tmp_path / "x").exists() and not (tmp_path / "y.xlsx").exists()


def test_report_command_takes_the_fill_date(ctx: AppContext, records, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    typical_data(records)
    data_dir, db_url = str(ctx.data_dir), ctx.database_url
    ctx.close()
    out = tmp_path / "a2.xlsx"
    args = ["--data-dir", data_dir, "--db", db_url, "report", "annex2", "--from", "2026-05-01",
            "--to", "2026-05-31", "--fill-date", "2026-06-03", "--out", str(out)]  # fmt: skip
    assert run(args) == 0
    ws = openpyxl.load_workbook(out).active
    line = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert "填表日期：2026年6月3日" in line
    with pytest.raises(SystemExit) as usage:
        run([*args[:-4], "--fill-date", "2026-13-01", "--out", str(out)])
    assert usage.value.code == 2
