"""The preview shows pages as they are rendered: first page first, a new load replaces the old.

Real PDFs made by LibreOffice from DOCX written with python-docx (a 4-page portrait document
and a 2-page landscape one), read back with pypdf for their page counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.shared import Mm
from pypdf import PdfReader
from PySide6.QtCore import QTimer

from desktop.documents.pdf import LibreOfficeConverter
from desktop.ui.widgets.pdf_preview import PREVIEW_SCALE, PdfPreview


def _docx(path: Path, pages: int, *, landscape: bool) -> Path:
    document = Document()
    section = document.sections[0]
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    for number in range(1, pages + 1):
        paragraph = document.add_paragraph(f"行政处罚决定书 第 {number} 页")
        if number < pages:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("preview-pages")
    long = _docx(folder / "long.docx", 4, landscape=False)
    wide = _docx(folder / "wide.docx", 2, landscape=True)
    result = LibreOfficeConverter().convert([long, wide], folder)
    assert not result.failed, result.failed
    return result.pdfs[long], result.pdfs[wide]


def _sizes(preview: PdfPreview) -> list[tuple[int, int]]:
    return [(label.width(), label.height()) for label in preview._pages]


def test_first_page_is_shown_before_the_last_is_rendered(qtbot, pdfs) -> None:  # type: ignore[no-untyped-def]
    long, _wide = pdfs
    assert len(PdfReader(long).pages) == 4
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.show()
    events: list[object] = []
    preview.page_rendered.connect(
        lambda index: events.append((index, [preview.pixmap_at(k) is not None for k in range(4)]))
    )
    with qtbot.waitSignal(preview.finished, timeout=30_000) as finished:
        assert preview.load(long) == 4
        # The count and the page sizes are known before any page is rendered: A4 placeholders.
        assert preview.rendered == 0 and preview.pixmap_at(0) is None
        a4 = (round(595.3 * PREVIEW_SCALE), round(841.9 * PREVIEW_SCALE))
        assert all(abs(w - a4[0]) <= 2 and abs(h - a4[1]) <= 2 for w, h in _sizes(preview))
        QTimer.singleShot(0, lambda: events.append("event loop"))  # the UI gets its turn
    assert finished.args == [4]
    pages = [event for event in events if isinstance(event, tuple)]
    assert pages[0] == (0, [True, False, False, False])  # page 1 on screen, page 4 not yet
    assert [page[0] for page in pages] == [0, 1, 2, 3]
    assert pages[-1] == (3, [True, True, True, True])
    assert events.index("event loop") < events.index(pages[-1])  # the UI ran before the end
    for index, (width, height) in enumerate(_sizes(preview)):
        pixmap = preview.pixmap_at(index)
        assert pixmap is not None and abs(pixmap.width() - width) <= 2
        assert abs(pixmap.height() - height) <= 2


def test_a_second_load_during_the_first_leaves_only_its_pages(qtbot, pdfs) -> None:  # type: ignore[no-untyped-def]
    long, wide = pdfs
    preview = PdfPreview()
    qtbot.addWidget(preview)
    rendered: list[int] = []
    done: list[int] = []
    preview.page_rendered.connect(rendered.append)
    preview.finished.connect(done.append)
    with qtbot.waitSignal(preview.page_rendered, timeout=30_000):
        preview.load(long)
    assert preview.rendered < 4  # interrupted mid-way
    rendered.clear()
    with qtbot.waitSignal(preview.finished, timeout=30_000):
        assert preview.load(wide) == 2
    qtbot.wait(200)  # nothing of the first PDF arrives later
    assert done == [2] and rendered == [0, 1]
    assert preview.page_count == preview.rendered == 2 and len(preview._pages) == 2
    qtbot.waitUntil(lambda: preview._layout.count() == 2)
    for width, height in _sizes(preview):
        assert width > height  # landscape: the second PDF's pages, not the first's
    assert all(preview.pixmap_at(index) is not None for index in range(2))


def test_finish_renders_the_rest_now_even_if_the_file_changed(qtbot, pdfs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long, _wide = pdfs
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(long.read_bytes())
    preview = PdfPreview()
    qtbot.addWidget(preview)
    assert preview.load(copy) == 4
    copy.write_bytes(b"%PDF-1.7 gone")  # 重新生成 rewrites the file mid-render: no matter
    assert preview.finish() == 4
    assert all(preview.pixmap_at(index) is not None for index in range(4))
    preview.clear()
    assert preview.page_count == preview.rendered == 0
