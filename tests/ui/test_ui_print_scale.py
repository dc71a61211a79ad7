"""Printing keeps the physical size: a page printed through the real Qt PDF printer backend
(QPrinter, OutputFormat.PdfFormat) comes out on A4 with a known mark where it was, within 1 mm —
also when the printer was set to Letter with margins (the clerk's default on some PCs)."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from desktop.ui.widgets.pdf_preview import print_pdf
from desktop.ui.widgets.print_check import MARK_MM, check_print_scale, measure_mark, write_mark_pdf


def _pdf_printer(out: Path, mode: QPrinter.PrinterMode) -> QPrinter:
    printer = QPrinter(mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


@pytest.mark.parametrize("mode", [QPrinter.PrinterMode.HighResolution,
                                  QPrinter.PrinterMode.ScreenResolution])  # fmt: skip
def test_a_page_prints_at_100_percent_on_a4(qapp, tmp_path: Path, mode) -> None:  # type: ignore[no-untyped-def]
    source = write_mark_pdf(tmp_path / "mark.pdf")
    out = tmp_path / "printed.pdf"
    printer = _pdf_printer(out, mode)
    # What a clerk's PC may hand over: US Letter and 10 mm margins (fitting printed ~94 % there).
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
    assert print_pdf(source, printer) == 1
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert abs(float(box.width) - 595.28) < 1 and abs(float(box.height) - 841.89) < 1  # A4 in pt
    measured = measure_mark(out)
    left, top, side = MARK_MM
    assert abs(measured.left - left) <= 1.0, measured
    assert abs(measured.top - top) <= 1.0, measured
    assert abs(measured.side - side) <= 1.0, measured
    assert measured.problems() == []


def test_a_shrunk_print_is_reported(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The measurement catches what the old fit-to-printable-area printing did."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainter

    from desktop.ui.widgets.pdf_preview import render_pages

    source = write_mark_pdf(tmp_path / "mark.pdf")
    out = tmp_path / "fitted.pdf"
    printer = _pdf_printer(out, QPrinter.PrinterMode.HighResolution)
    printer.setPageMargins(QMarginsF(6, 6, 6, 6), QPageLayout.Unit.Millimeter)
    image = render_pages(source, 300 / 72)[0]
    painter = QPainter(printer)  # the old print_pdf: fitted into the printable area
    size = image.size().scaled(painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
    painter.end()
    problems = measure_mark(out).problems()
    assert problems and any("边距" in p for p in problems)


def test_the_field_check_passes_with_the_pdf_printer(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = check_print_scale(tmp_path)
    assert line.startswith("Qt PDF 输出：纸张 2") and "标记位于左 30." in line and "比例约" in line
