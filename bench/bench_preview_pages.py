"""The preview's first page on screen vs every page rendered before any is shown (issue 18).

A 40-page PDF made by LibreOffice from a generated DOCX (25 paragraphs of 案情 a page). Ours:
`PdfPreview.load` until its first `page_rendered` (placeholders laid out, page 1 rendered and
shown; the rest follow one per turn of the event loop), and until `finished`. Reference: what
the preview did before — `render_pages` (every page rendered) and a label per page, before
anything was on screen. Median of N runs, interleaved. Target: the first page in ≤ 0.5× the
reference (information: all pages).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_preview_pages.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import report
from docx import Document
from docx.enum.text import WD_BREAK
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from desktop.documents.pdf import LibreOfficeConverter
from desktop.ui.widgets.pdf_preview import PdfPreview, render_pages

PARAGRAPH = "经查，当事人未取得卫生许可证擅自从事公共场所经营活动，违反了《公共场所卫生管理条例》第八条的规定。"


def long_pdf(folder: Path, breaks: int = 20) -> Path:
    """A multi-page PDF through LibreOffice (the paragraphs overflow: about 2 pages a break)."""
    document = Document()
    for number in range(1, breaks + 1):
        paragraph = None
        for _ in range(25):
            paragraph = document.add_paragraph(PARAGRAPH)
        if paragraph is not None and number < breaks:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    source = folder / "long.docx"
    document.save(str(source))
    result = LibreOfficeConverter().convert([source], folder)
    if result.failed:
        sys.exit(f"LibreOffice 未能转换：{result.failed}")
    return result.pdfs[source]


def timed_viewer() -> tuple[PdfPreview, dict[str, float]]:
    """A preview that notes when its first page is shown ("first") and its last ("done")."""
    viewer = PdfPreview()
    marks: dict[str, float] = {}
    viewer.page_rendered.connect(lambda _i: marks.setdefault("first", time.perf_counter()))
    viewer.finished.connect(lambda _n: marks.setdefault("done", time.perf_counter()))
    return viewer, marks


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as scratch:
        pdf = long_pdf(Path(scratch))
        first: list[float] = []
        whole: list[float] = []
        before: list[float] = []
        pages = 0
        for _ in range(runs + 1):  # the first round warms the caches and is dropped
            start = time.perf_counter()
            labels = []
            for image in render_pages(pdf):
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(image))
                labels.append(label)
            before.append(time.perf_counter() - start)
            del labels
            viewer, marks = timed_viewer()
            start = time.perf_counter()
            pages = viewer.load(pdf)
            while "done" not in marks:
                app.processEvents()
            first.append(marks["first"] - start)
            whole.append(marks["done"] - start)
            viewer.deleteLater()
            app.processEvents()
        first, whole, before = first[1:], whole[1:], before[1:]
    reference = statistics.median(before)
    print(f"{pages} pages, {runs} runs")
    ok = report("preview_first_page_40_pages", statistics.median(first), reference,
                max_ratio=0.5)  # fmt: skip
    report("preview_all_pages_40_pages", statistics.median(whole), reference,
           target="information only")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
