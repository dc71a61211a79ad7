"""PDF pages rendered in the window (pypdfium2: small, no QtPdf add-on) and printed via Qt.

The preview shows each page as soon as it is rendered, first page first (PdfPreview); printing
reads the same PDF file.

Printing is at 100 % on A4: the page is drawn onto the whole sheet (full-page mode, no margins)
at its physical size, never fitted into the printer's printable area — fitting printed at about
96 % (94 % on a Letter default) with the margins shifted 3–4 mm, where GB/T 9704 allows ±1 mm.
Qt cannot place a PDF page as vectors, so each page is rendered at the printer's resolution
(at most MAX_PRINT_DPI) one at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.ui.text import tr

#: Preview resolution: 1.2 × 72 dpi keeps an A4 page readable and ~700 px wide.
PREVIEW_SCALE = 1.2
#: Highest resolution a page is rendered at for printing (600 dpi A4: 35 Mpx, ~100 MB).
MAX_PRINT_DPI = 600


def _image(page: Any, scale: float) -> QImage:
    """One pdfium page as an image (its own copy of the pixels)."""
    # rev_byteorder gives RGB, which QImage reads without any imaging library.
    bitmap = page.render(scale=scale, rev_byteorder=True)
    try:
        data = bytes(bitmap.buffer)
        image = QImage(data, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGB888)  # fmt: skip
        return image.copy()  # copy: the bytes object goes away
    finally:
        bitmap.close()


def render_pages(path: Path, scale: float = PREVIEW_SCALE) -> list[QImage]:
    """Every page of a PDF as an image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return [_image(document[index], scale) for index in range(len(document))]
    finally:
        document.close()


class PdfPreview(QScrollArea):
    """A vertical strip of rendered pages, shown as they are rendered (first page first).

    `load` opens the PDF and lays out one placeholder per page at the page's size (the page
    count and sizes are in the file's page tree: no rendering needed), then a zero-interval
    timer renders one page per turn of the event loop — a 20-page 卷宗 shows its first page
    after one render, and the window answers clicks between pages. Rendering stays in the GUI
    thread: pdfium is not thread-safe, and one page at preview size takes tens of milliseconds.
    A new `load` (or `clear`) stops the timer and closes the old document first, so nothing
    of the old PDF arrives after it.
    """

    #: A page is on screen (its index); emitted in page order.
    page_rendered = Signal(int)
    #: Every page of the current PDF is on screen (the page count).
    finished = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._holder = QWidget()
        # One style sheet for every page: a sheet per label costs a style pass per page.
        self._holder.setStyleSheet(
            "QWidget { background:#e8eaed; }"
            " QLabel { border:1px solid #c0c4c8; background:white; color:#9aa0a6; }"
        )
        self._layout = QVBoxLayout(self._holder)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._holder)
        self.page_count = 0
        #: Pages rendered so far (of page_count).
        self.rendered = 0
        self._pages: list[QLabel] = []
        self._document: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_next)

    def load(self, path: Path) -> int:
        """Show this PDF: placeholders now, pages as they are rendered; returns its page count."""
        import pypdfium2 as pdfium

        self.clear()
        # From memory: no handle stays open on the file while the pages render (on Windows it
        # would keep 重新生成 from replacing the PDF).
        self._document = pdfium.PdfDocument(path.read_bytes())
        self.page_count = len(self._document)
        for index in range(self.page_count):
            width, height = self._document.get_page_size(index)
            label = QLabel(tr("第 {0} 页").format(index + 1))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFixedSize(round(width * PREVIEW_SCALE), round(height * PREVIEW_SCALE))
            self._layout.addWidget(label)
            self._pages.append(label)
        if self.page_count:
            self._timer.start()
        else:
            self._close_document()
            self.finished.emit(0)
        return self.page_count

    def pixmap_at(self, index: int) -> QPixmap | None:
        """The rendered page (None while it is a placeholder)."""
        pixmap = self._pages[index].pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap

    def finish(self) -> int:
        """Render the pages not yet shown, now (the self-test); returns the pages rendered."""
        while self._document is not None:
            self._render_next()
        return self.rendered

    def _render_next(self) -> None:
        if self._document is None:
            self._timer.stop()
            return
        index = self.rendered
        label = self._pages[index]
        label.setPixmap(QPixmap.fromImage(_image(self._document[index], PREVIEW_SCALE)))
        self.rendered += 1
        last = self.rendered == self.page_count
        if last:
            self._timer.stop()
            self._close_document()
        self.page_rendered.emit(index)  # a slot may load another PDF: `last` is this one's
        if last:
            self.finished.emit(index + 1)

    def _close_document(self) -> None:
        document, self._document = self._document, None
        if document is not None:
            document.close()

    def clear(self) -> None:
        """Stop rendering and remove the pages."""
        self._timer.stop()
        self._close_document()
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._pages = []
        self.page_count = 0
        self.rendered = 0


def prepare_a4(printer: QPrinter) -> None:
    """A4 portrait, the whole sheet addressable (full page, zero margins): 100 % placement."""
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Print every page of a PDF at its physical size on A4; returns the pages printed."""
    import pypdfium2 as pdfium

    prepare_a4(printer)
    device_dpi = printer.resolution()
    render_dpi = min(device_dpi, MAX_PRINT_DPI)
    document = pdfium.PdfDocument(str(path))
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError("打印机无法开始打印。")
        try:
            for index in range(len(document)):
                if index:
                    printer.newPage()
                page = document[index]
                width_pt, height_pt = page.get_size()
                bitmap = page.render(scale=render_dpi / 72, rev_byteorder=True)
                image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888).copy()  # fmt: skip
                bitmap.close()
                # Full-page mode: (0, 0) is the sheet's corner; 1 pt = device_dpi / 72 pixels.
                size = QRectF(0, 0, width_pt * device_dpi / 72, height_pt * device_dpi / 72)
                painter.drawImage(size, image)
        finally:
            painter.end()
        return len(document)
    finally:
        document.close()
