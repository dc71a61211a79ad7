"""Page helpers: pictures become pages, rotated pages get upright numbers, the gap page is marked."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from desktop.casefile.entries import CaseFileItem, build_case_file
from desktop.common.errors import CasedeskError
from desktop.documents.pdf_pages import gap_page_pdf, image_to_pdf


def _blank(pages: int, rotate: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        if rotate:
            page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pictures_become_pages_that_fit_a4() -> None:
    wide = io.BytesIO()
    Image.new("RGBA", (3000, 1000), (255, 0, 0, 128)).save(wide, "PNG")
    frames = [Image.new("L", (1240, 1754), shade) for shade in (0, 128, 255)]
    tiff = io.BytesIO()
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:])
    landscape = PdfReader(io.BytesIO(image_to_pdf(wide.getvalue()))).pages[0]
    assert round(float(landscape.mediabox.width)) == 842  # a wide photo lies on landscape A4
    assert float(landscape.mediabox.height) <= 596
    scan = PdfReader(io.BytesIO(image_to_pdf(tiff.getvalue())))
    assert len(scan.pages) == 3 and round(float(scan.pages[0].mediabox.height)) == 842


def test_rotated_pages_and_the_gap_page_get_numbers() -> None:
    items = [
        CaseFileItem("询问笔录", source=_blank(2, rotate=90)),
        CaseFileItem("送达回执"),
    ]
    result = build_case_file(lambda e: _blank(1), items, lambda e: _blank(1), allow_gaps=True)
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == 1 + 1 + 2 + 1
    # Cover and 卷内目录 unnumbered; the items from - 1 - on.
    assert all("- " not in reader.pages[i].extract_text() for i in (0, 1))
    for index in range(2, 5):
        page = reader.pages[index]
        assert f"- {index - 1} -" in page.extract_text()
        assert page.get("/Rotate", 0) == 0  # rotation moved into the content: number stays upright
    gap = PdfReader(io.BytesIO(gap_page_pdf("送达回执"))).pages[0]
    assert round(float(gap.mediabox.width)) == 595 and "/XObject" in gap["/Resources"]


def test_a_damaged_attachment_is_named_in_the_error() -> None:
    for item, words in (
        (CaseFileItem("证据：照片", source=b"not a picture", is_image=True), "图片无法读取"),
        (CaseFileItem("询问笔录", source=b"%PDF-1.7 broken"), "不是有效的 PDF"),
    ):
        with pytest.raises(CasedeskError, match=f"卷宗材料“{item.title}”.*{words}"):
            build_case_file(lambda e: _blank(1), [item], lambda e: _blank(1))
