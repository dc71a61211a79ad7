"""A 60-document case file read back: pages, bookmarks, 卷内目录 page ranges, stamped numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from desktop.casefile.entries import (
    CaseFileItem,
    MissingDocumentsError,
    TocEntry,
    build_case_file,
)
from desktop.reports.pdf_convert import libreoffice_to_pdf


def _docx_pdf(tmp: Path, name: str, paragraphs: Sequence[str], page_breaks: bool = True) -> bytes:
    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if page_breaks and i < len(paragraphs) - 1:
            document.add_page_break()
    source = tmp / f"{name}.docx"
    document.save(str(source))
    return libreoffice_to_pdf([source], tmp / "pdf")[0].read_bytes()


def _toc_renderer(tmp: Path, calls: list[int]):  # type: ignore[no-untyped-def]
    def render(entries: Sequence[TocEntry]) -> bytes:
        calls.append(len(entries))
        document = docx.Document()
        document.add_paragraph("卷内目录")
        grid = document.add_table(rows=1, cols=5)
        for cell, text in zip(
            grid.rows[0].cells, ("序号", "题名", "文号", "页号", "备注"), strict=True
        ):
            cell.text = text
        for e in entries:
            for cell, text in zip(
                grid.add_row().cells,
                (str(e.seq), e.title, e.number, f"页{e.pages}", e.note),
                strict=True,
            ):
                cell.text = text
        source = tmp / f"toc{len(calls)}.docx"
        document.save(str(source))
        return libreoffice_to_pdf([source], tmp / "pdf")[0].read_bytes()

    return render


@pytest.mark.slow
def test_sixty_document_case_file_reads_back(tmp_path: Path) -> None:
    samples = [
        _docx_pdf(tmp_path, f"sample{k}", [f"样例文书{k} 第{p}页" for p in range(1, k + 2)])
        for k in range(3)
    ]
    photo = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 200)).save(photo, "JPEG")
    items = [
        CaseFileItem(f"文书{i:02d}", f"青卫医罚〔2026〕{i}号", None, samples[i % 3])
        for i in range(59)
    ]
    items.append(CaseFileItem("证据：现场照片", source=photo.getvalue(), is_image=True))
    items.append(CaseFileItem("送达回执"))  # missing
    with pytest.raises(MissingDocumentsError, match="送达回执"):
        build_case_file(lambda entries: samples[0], items, _toc_renderer(tmp_path, []))

    calls: list[int] = []
    covers: list[tuple[int, int]] = []

    def cover(entries: Sequence[TocEntry]) -> bytes:
        covers.append((len(entries), entries[-1].last_page))
        return _docx_pdf(
            tmp_path, "cover", [f"卷宗封面 卷内{len(entries)}件 共{entries[-1].last_page}页"]
        )

    result = build_case_file(cover, items, _toc_renderer(tmp_path, calls), allow_gaps=True)
    assert result.missing == ("送达回执",)
    reader = PdfReader(io.BytesIO(result.pdf))
    item_pages = sum(1 + i % 3 for i in range(59)) + 1 + 1
    toc_pages = result.toc_pages
    # Archive practice: the 卷内文件 are numbered from 1; cover and 卷内目录 carry no number and
    # are not counted in the cover's 共N页.
    assert toc_pages >= 2 and result.toc[0].first_page == 1
    assert len(reader.pages) == result.page_count == 1 + toc_pages + item_pages
    assert result.numbered_pages == item_pages
    assert set(calls) == {len(items)}  # the 目录 lists every item
    assert covers == [(len(items), item_pages)]

    outline = reader.outline
    assert [o.title for o in outline] == ["卷宗封面", "卷内目录", *(i.title for i in items)]
    first = 1 + toc_pages  # index of the first page of the 卷内文件
    assert reader.page_labels[: first + 2] == ["封面", *["目录"] * toc_pages, "1", "2"]

    toc_text = "".join(reader.pages[p].extract_text() for p in range(1, first))
    toc_text = re.sub(r"\s+", "", toc_text)
    for entry, mark in zip(result.toc, outline[2:], strict=True):
        printed = f"页{entry.pages}"
        assert printed in toc_text, printed
        # The bookmark and the 目录 agree with where the item really starts and ends.
        assert reader.get_destination_page_number(mark) == first + entry.first_page - 1
        if entry.title.startswith("文书"):
            k = int(entry.title[2:]) % 3
            start = reader.pages[first + entry.first_page - 1].extract_text()
            assert f"样例文书{k}第1页" in re.sub(r"\s+", "", start)
            assert f"- {entry.first_page} -" in start
            last = re.sub(r"\s+", "", reader.pages[first + entry.last_page - 1].extract_text())
            assert f"样例文书{k}第{k + 1}页" in last
    assert result.toc[-1].note == "缺" and result.toc[-1].first_page == result.toc[-1].last_page

    for index in range(first, len(reader.pages)):
        assert f"- {index - first + 1} -" in reader.pages[index].extract_text()
    for index in range(first):  # neither the cover nor the 卷内目录 carries a number
        assert "- " not in reader.pages[index].extract_text()
    # Identical fonts of the 59 documents are stored once.
    assert len(result.pdf) < 1.2 * sum(len(samples[i % 3]) for i in range(59)) + 400_000
