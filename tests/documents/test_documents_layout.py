"""Printed layout (issue 15 point 7): rows never split, signatures kept with the text, labels on
one line, flush-left lines, a page number and the record's signature line on every page."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader
from sqlalchemy import select

from database.models import CheckResult, Inspection, InspectionResult, Institution, Officer
from desktop.app import AppContext
from desktop.reports.pdf_convert import libreoffice_to_pdf

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: Cell margins left + right (w:tblCellMar default 108 twips each = 1.9 mm).
CELL_MARGINS_MM = 3.8
#: The 版心 width: one printed line.
LINE_MM = 156.0


def _ems(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def _templates() -> list[Path]:
    return sorted(TEMPLATES.glob("*.docx"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: p.stem)
def test_every_template_row_is_unsplittable_and_every_label_fits(path: Path) -> None:
    document = docx.Document(str(path))
    for table in document.tables:
        widths = [int(g.get(qn("w:w"))) / 56.6929 for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        for row in table.rows:
            pr = row._tr.trPr
            assert pr is not None and pr.find(qn("w:cantSplit")) is not None, path.name
            # A label (no tag, one line) must fit its cell: a wrapped label leaves "号" alone.
            for cell, width in zip(row.cells, widths, strict=False):
                text = cell.text
                if not text or "{" in text or "\n" in text:
                    continue
                runs = [r for p in cell.paragraphs for r in p.runs if r.font.size]
                size = runs[0].font.size.pt if runs else 12
                needed = _ems(text) * size * 25.4 / 72
                assert needed <= width - CELL_MARGINS_MM, (path.name, text, needed, width)


@pytest.mark.parametrize("path", _templates(), ids=lambda p: p.stem)
def test_no_justified_lines_and_headings_kept_with_the_text(path: Path) -> None:
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        # A justified line holding a 文号 or an amount is stretched: text is flush left.
        assert paragraph.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY, (path.name, paragraph.text)
        bold = paragraph.runs and all(r.bold for r in paragraph.runs if r.text.strip())
        if bold and paragraph.text.strip():
            assert paragraph.paragraph_format.keep_with_next, (path.name, paragraph.text)
    # A signature line (label, blank, 日期) is one line: a wrapped one leaves "日" alone.
    for paragraph in document.paragraphs:
        if "签名：" in paragraph.text and "{" not in paragraph.text:
            size = next((r.font.size.pt for r in paragraph.runs if r.font.size), 14.0)
            assert _ems(paragraph.text) * size * 25.4 / 72 <= LINE_MM, (path.name, paragraph.text)
    # The seal or the signature lines are never alone: the line before them goes with them.
    texts = [p.text for p in document.paragraphs]
    for index, text in enumerate(texts):
        if "（印章）" in text or text.startswith("以上笔录已阅"):
            before = next(
                p for p in reversed(document.paragraphs[:index])
                if p.text.strip() and not p.text.startswith("{%p")
            )  # fmt: skip
            assert before.paragraph_format.keep_with_next, (path.name, before.text)


def _long_inspection(ctx: AppContext, items: int) -> int:
    with ctx.uow_factory() as uow:
        session = uow.session
        inst = session.scalars(select(Institution).order_by(Institution.id)).first()
        officers = session.scalars(select(Officer).order_by(Officer.id).limit(2)).all()
        assert inst is not None
        inspection = Inspection(
            institution_id=inst.id, inspected_on=date(2026, 11, 3),
            started_at=datetime(2026, 11, 3, 9, 30), ended_at=datetime(2026, 11, 3, 11, 50),
            location=inst.address, present_person="王丽", present_person_title="店长",
            findings="现场检查时，该机构正在营业。" * 12,
        )  # fmt: skip
        inspection.officers = list(officers)
        inspection.results = [
            InspectionResult(
                position=i,
                item_text=f"检查项目{i:02d}：医疗废物暂存点设置及交接登记情况",
                result=CheckResult.FAIL if i % 3 else CheckResult.PASS,
                # Rows of one to six lines, so that some fall across a page end.
                note=f"所见{i:02d}："
                + "暂存点地面有破损，交接登记簿最近一次记录为十月二日，" * (i % 6),
            )
            for i in range(1, items + 1)
        ]
        session.add(inspection)
        uow.commit()
        return inspection.id


@pytest.mark.slow
def test_long_site_record_keeps_every_row_on_one_page(demo_ctx: AppContext, tmp_path: Path) -> None:
    inspection_id = _long_inspection(demo_ctx, 40)
    data = demo_ctx.documents.render_to_bytes("site_record", inspection_id=inspection_id)
    text = "\n".join(
        cell.text
        for t in docx.Document(io.BytesIO(data)).tables
        for r in t.rows
        for cell in r.cells
    )
    assert "合格" not in text  # a record states what was seen; the judgment is the 意见书's
    source = tmp_path / "site_record.docx"
    source.write_bytes(data)
    reader = PdfReader(libreoffice_to_pdf([source], tmp_path / "pdf")[0])
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
    assert len(pages) >= 3
    for i in range(1, 41):
        seen = re.sub(
            r"\s+",
            "",
            f"所见{i:02d}：" + "暂存点地面有破损，交接登记簿最近一次记录为十月二日，" * (i % 6),
        )
        row = f"{i}检查项目{i:02d}：医疗废物暂存点设置及交接登记情况"
        holding = [n for n, page in enumerate(pages) if seen in page and row in page]
        assert holding, f"第{i}行跨页或缺失"
    for n, page in enumerate(pages, start=1):
        # Every page: the signature line of the footer and 第 n 页 共 N 页.
        assert "被检查人（在场人员）签名" in page and f"第{n}页共{len(pages)}页" in page
    # The signature block follows text on its page (not alone at the top of the last page).
    last = pages[-1]
    start = last.index("以上笔录已阅")
    assert "所见40" in last[:start] or "检查项目40" in last[:start]


def test_person_party_has_id_and_address_not_an_empty_representative(
    demo_ctx: AppContext, person_case_id: int
) -> None:
    data = demo_ctx.documents.render_to_bytes("penalty_decision", case_id=person_case_id)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "法定代表人" not in text
    assert (
        re.search(r"身份证号：\d{17}[\dX]", text) and "送达地址：" in text and "联系电话：" in text
    )


def test_label_column_is_sized_to_its_longest_label() -> None:
    import sys

    sys.path.insert(0, str(TEMPLATES))
    from docx_layout import label_column_mm

    assert label_column_mm(["送达文书名称及文号"], Pt(13)) >= 9 * 13 * 25.4 / 72 + CELL_MARGINS_MM
    assert label_column_mm(["案由"], Pt(12)) < 20
