"""The demo district's 总结 and its annexes tell one story (issue 15 point 8): every figure of the
总结 is the annex's own, each table says what it counts, the attachments keep their labels, the
总结 has page numbers and 附表1 prints at 8 pt or more."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from desktop.app import AppContext
from desktop.reports import annex1, annex2
from desktop.reports.pdf_convert import libreoffice_to_pdf
from desktop.reports.xlsx import BODY_PT, MIN_PRINTED_PT

START, END, FILLED = date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 5)


def _figure(text: str, pattern: str) -> Decimal:
    found = re.search(pattern, text)
    assert found is not None, pattern
    return Decimal(found.group(1).replace(",", ""))


def _sum(table, suffix: str) -> Decimal:  # type: ignore[no-untyped-def]
    return sum(
        (Decimal(v) for r in table.rows for k, v in r.cells.items() if k.endswith(suffix)),
        Decimal(0),
    )


def test_demo_summary_and_annexes_agree_on_every_shared_figure(demo_ctx: AppContext) -> None:
    files = dict(demo_ctx.packets.originals(START, END, FILLED))
    summary = docx.Document(io.BytesIO(files["专项整治工作总结.docx"]))
    text = "\n".join(p.text for p in summary.paragraphs)
    a1 = demo_ctx.reports.compute("annex1", START, END, FILLED)
    a2 = demo_ctx.reports.compute("annex2", START, END, FILLED)
    sx = demo_ctx.reports.compute("shanxi1", START, END, FILLED)
    typical = demo_ctx.reports.compute("typical", START, END, FILLED)
    life, cosmetic = annex1.ROW_LABELS
    n = r"([\d,]+(?:\.\d+)?)"
    # 附表1: institutions, inspections, cases by 案由 and by 来源 (the same total), amounts.
    filed_by_cause = sum(
        (_sum(a1, f"案由分类/{g}/立案数") for g, _ in annex1.CAUSE_GROUPS), Decimal(0)
    )
    filed_by_source = sum(
        (_sum(a1, f"案件来源/{g}/立案数") for g, _ in annex1.SOURCE_GROUPS), Decimal(0)
    )
    assert filed_by_cause == filed_by_source > 0  # every source has its column
    closed = sum((_sum(a1, f"案由分类/{g}/结案数") for g, _ in annex1.CAUSE_GROUPS), Decimal(0))
    amount = sum(
        (_sum(a1, f"案由分类/{g}/{annex1.AMOUNT}") for g, _ in annex1.CAUSE_GROUPS), Decimal(0)
    )
    assert _figure(text, rf"医疗美容机构{n}家、生活美容机构") == a1.cell(cosmetic, "机构数")
    assert _figure(text, rf"、生活美容机构{n}家。") == a1.cell(life, "机构数")
    assert _figure(text, rf"共检查医疗美容机构{n}家") == a1.cell(cosmetic, "检查单位数")
    assert _figure(text, rf"立案查处{n}件") == filed_by_cause
    assert _figure(text, rf"结案{n}件") == closed
    assert _figure(text, rf"罚没金额{n}元") == amount
    penalised = sum(int(a1.cell(r, "行政处罚单位数") or 0) for r in annex1.ROW_LABELS)
    assert _figure(text, rf"对{n}家单位实施行政处罚") == penalised
    assert "（统计口径同附表1）" in text and any("不在本表统计" in t for t in a1.footer_text)
    # 附表2: the 回头看 figures; 移送 counts 人 as its header says, units apart.
    row = annex2.ROW_LABEL
    assert _figure(text, rf"再次开展非法医疗美容{n}户") == a2.cell(row, annex2.AGAIN)
    assert _figure(text, rf"行政处罚{n}户（人）次") == a2.cell(row, annex2.PUNISHED)
    assert _figure(text, rf"其中警告{n}次") == a2.cell(row, annex2.WARNINGS)
    assert _figure(text, rf"罚款{n}万元") == a2.cell(row, annex2.FINES)
    assert _figure(text, rf"没收违法所得{n}万元") == a2.cell(row, annex2.CONFISCATED)
    assert _figure(text, rf"移送司法机关{n}人") == a2.cell(row, annex2.TRANSFERRED)
    units = dict(a2.footer)[annex2.TRANSFERRED_UNITS]
    if units:
        assert _figure(text, rf"、单位{n}个") == units
        assert any(f"另有{units}个单位" in t for t in a2.footer_text)
    # 附件1's 投诉举报 footer and the 典型案例 count.
    footer = dict(sx.footer)
    for words, key in (("受理投诉举报", "投诉举报件数"), ("办结", "办结件数"),
                       ("举报人满意", "举报人满意件数"), ("参加依法执业信用评价机构", "参加依法执业信用评价机构数")):  # fmt: skip
        assert _figure(text, rf"{words}{n}[件家]") == footer[key], words
    assert _figure(text, rf"典型案例{n}件") == len(typical.details)
    # The attachments by their own labels, not renumbered 1–4.
    assert (
        "附件：附表1 医疗美容机构监督检查工作信息汇总表；附表2 无证医疗美容场所“回头看”排查情况信息"
        "汇总表；附件1 医疗美容专项整治工作汇总表；附表3 典型案例报送"
    ) in text
    # 典型案例: decided by the 卫健委 (设置's 机关名称), not its 监督所.
    for case in typical.details:
        assert "青溪区卫生健康委员会作出行政处罚决定" in case["案情概述"]
        assert "监督所作出" not in case["案情概述"]
    # Page numbers in the footer; headings kept with their paragraph.
    footer_xml = summary.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    for p in summary.paragraphs:
        if re.match(r"[一二三四五六七八]、", p.text):
            assert p.paragraph_format.keep_with_next, p.text
    assert summary.paragraphs[0].paragraph_format.keep_with_next
    # 附表3 runs over several pages too: numbered, no case's row cut by a page end.
    cases = docx.Document(io.BytesIO(files["附表3 典型案例报送.docx"]))
    assert "NUMPAGES" in cases.sections[0].footer._element.xml
    assert all("cantSplit" in row._tr.xml for row in cases.tables[0].rows)


@pytest.mark.slow
def test_annex1_prints_on_three_a4_pages_at_eight_points_or_more(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    table = demo_ctx.reports.compute("annex1", START, END, FILLED)
    data = demo_ctx.reports.render(table, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    scale = sheet.page_setup.scale
    assert scale is not None and BODY_PT * scale / 100 >= MIN_PRINTED_PT
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet.print_title_cols == "$A:$A"
    source = tmp_path / "annex1.xlsx"
    source.write_bytes(data)
    reader = PdfReader(libreoffice_to_pdf([source], tmp_path / "pdf")[0])
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
    assert len(pages) == 3
    first, second, third = pages
    assert "其他部门移送" in first and "违反机构资质管理相关规定" not in first
    assert "违反机构资质管理相关规定" in second and "其他违法违规行为" not in second
    assert "其他违法违规行为" in third and "上级交办" not in third
    for page in pages:  # the label column and the title rows on both pages
        assert "医疗美容机构" in page and "生活美容机构" in page and "机构类别" in page
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
