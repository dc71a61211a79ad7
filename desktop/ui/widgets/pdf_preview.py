"""PDF pages rendered in the window (pypdfium2: small, no QtPdf add-on) and printed via Qt.

Printing is at 100 % on A4: the page is drawn onto the whole sheet (full-page mode, no margins)
at its physical size, never fitted into the printer's printable area — fitting printed at about
96 % (94 % on a Letter default) with the margins shifted 3–4 mm, where GB/T 9704 allows ±1 mm.
Qt cannot place a PDF page as vectors, so each page is rendered at the printer's resolution
(at most MAX_PRINT_DPI) one at a time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

#: Preview resolution: 1.2 × 72 dpi keeps an A4 page readable and ~700 px wide.
PREVIEW_SCALE = 1.2
#: Highest resolution a page is rendered at for printing (600 dpi A4: 35 Mpx, ~100 MB).
MAX_PRINT_DPI = 600


def render_pages(path: Path, scale: float = PREVIEW_SCALE) -> list[QImage]:
    """Every page of a PDF as an image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    images: list[QImage] = []
    try:
        for index in range(len(document)):
            # rev_byteorder gives RGB, which QImage reads without any imaging library.
            bitmap = document[index].render(scale=scale, rev_byteorder=True)
            data = bytes(bitmap.buffer)
            image = QImage(
                data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
            )
            images.append(image.copy())  # copy: the bytes object goes away
            bitmap.close()
    finally:
        document.close()
    return images


class PdfPreview(QScrollArea):
    """A vertical strip of rendered pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._holder = QWidget()
        self._holder.setStyleSheet("background:#e8eaed;")
        self._layout = QVBoxLayout(self._holder)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._holder)
        self.page_count = 0

    def load(self, path: Path) -> int:
        """Show this PDF; returns its page count."""
        self.clear()
        for image in render_pages(path):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border:1px solid #c0c4c8; background:white;")
            self._layout.addWidget(label)
            self.page_count += 1
        return self.page_count

    def clear(self) -> None:
        """Remove the pages."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.page_count = 0


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
