"""PDF pages rendered in the window (pypdfium2: small, no QtPdf add-on) and printed via Qt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

#: Preview resolution: 1.2 × 72 dpi keeps an A4 page readable and ~700 px wide.
PREVIEW_SCALE = 1.2
#: Print resolution.
PRINT_DPI = 300


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


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Print every page of a PDF on a configured printer (or to a PDF file); returns pages."""
    images = render_pages(path, PRINT_DPI / 72)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("打印机无法开始打印。")
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            target = QRectF(painter.viewport())
            size = image.size()
            size.scale(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()
    return len(images)
