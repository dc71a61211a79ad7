"""Does printing keep the physical size? Print a test page with a known mark and measure it.

The test page is A4 with a black 10 mm square whose top-left corner is 30 mm from the left and
40 mm from the top edge. It is printed through `print_pdf` to a PDF printer, read back and
rendered (pypdfium2); the square must come back at the same place within TOLERANCE_MM and the
sheet must be A4. Used by the print test and by the field self-test (Microsoft Print to PDF).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.ui.widgets.pdf_preview import print_pdf

MM_PER_PT = 25.4 / 72
A4_MM = (210.0, 297.0)
#: The mark: left, top, side (mm).
MARK_MM = (30.0, 40.0, 10.0)
#: GB/T 9704 allows ±1 mm on margins.
TOLERANCE_MM = 1.0
#: The Windows PDF printer (present on Windows 10/11 unless removed by IT).
WINDOWS_PDF_PRINTER = "Microsoft Print to PDF"
#: Resolution the printed PDF is read back at (0.17 mm per pixel).
MEASURE_DPI = 150


def write_mark_pdf(path: Path) -> Path:
    """An A4 PDF with the black square of MARK_MM (PDF y runs up from the bottom edge)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    width, height = (mm / MM_PER_PT for mm in A4_MM)
    left, top, side = (mm / MM_PER_PT for mm in MARK_MM)
    writer = PdfWriter()
    page = writer.add_blank_page(width, height)
    content = DecodedStreamObject()
    content.set_data(
        f"0 0 0 rg {left:.3f} {height - top - side:.3f} {side:.3f} {side:.3f} re f".encode()
    )
    page[NameObject("/Contents")] = writer._add_object(content)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@dataclass(frozen=True, slots=True)
class MarkMeasure:
    """Where the mark came out on the printed sheet (mm)."""

    page_width: float
    page_height: float
    left: float
    top: float
    side: float

    def problems(self) -> list[str]:
        """What is off by more than the tolerance, in Chinese (empty: 100 % on A4)."""
        found: list[str] = []
        if (
            abs(self.page_width - A4_MM[0]) > TOLERANCE_MM
            or abs(self.page_height - A4_MM[1]) > TOLERANCE_MM
        ):
            found.append(f"纸张为 {self.page_width:.1f}×{self.page_height:.1f} 毫米，不是 A4")
        for label, got, want in (("左边距", self.left, MARK_MM[0]), ("上边距", self.top, MARK_MM[1]),
                                 ("方块边长", self.side, MARK_MM[2])):  # fmt: skip
            if abs(got - want) > TOLERANCE_MM:
                found.append(f"{label} {got:.1f} 毫米（应为 {want:.0f} 毫米）")
        return found

    def summary(self) -> str:
        """One line: sheet size, mark position and the implied scale."""
        scale = self.side / MARK_MM[2] * 100
        return (
            f"纸张 {self.page_width:.1f}×{self.page_height:.1f} 毫米，标记位于左 {self.left:.1f} / "
            f"上 {self.top:.1f} 毫米，边长 {self.side:.1f} 毫米（比例约 {scale:.1f}%）"
        )


def measure_mark(pdf: Path) -> MarkMeasure:
    """Render the first page of a printed PDF and find the dark square on it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        width_pt, height_pt = page.get_size()
        bitmap = page.render(scale=MEASURE_DPI / 72, grayscale=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        data = bytes(bitmap.buffer)
        bitmap.close()
    finally:
        document.close()
    rows = [y for y in range(height) if min(data[y * stride : y * stride + width]) < 128]
    if not rows:
        raise RuntimeError("打印结果中找不到测试标记（页面是空白的）")
    columns = [
        x
        for x in range(width)
        if any(data[y * stride + x] < 128 for y in range(rows[0], rows[-1] + 1))
    ]
    mm = 25.4 / MEASURE_DPI
    return MarkMeasure(
        width_pt * MM_PER_PT,
        height_pt * MM_PER_PT,
        columns[0] * mm,
        rows[0] * mm,
        (columns[-1] - columns[0] + 1) * mm,
    )


def pdf_printer(out: Path) -> tuple[QPrinter, str]:
    """The Windows PDF printer printing into `out` where there is one, else Qt's PDF writer."""
    info = QPrinterInfo.printerInfo(WINDOWS_PDF_PRINTER)
    if not info.isNull():
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        # Not a .pdf name: that would switch Qt to its own PDF engine instead of the driver,
        # which writes a PDF into the print-to-file name (DOCINFO.lpszOutput).
        printer.setOutputFileName(str(out.with_suffix(".prn")))
        return printer, WINDOWS_PDF_PRINTER
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer, "Qt PDF 输出"


def check_print_scale(folder: Path) -> str:
    """Print the mark page to a PDF printer and measure it; raises when it is not 100 % A4."""
    source = write_mark_pdf(folder / "打印比例测试页.pdf")
    printer, name = pdf_printer(folder / "打印比例测试-输出.pdf")
    print_pdf(source, printer)
    printed = Path(printer.outputFileName())
    if not printed.is_file():
        raise RuntimeError(f"{name} 没有写出文件 {printed}")
    measure = measure_mark(printed)
    problems = measure.problems()
    if problems:
        raise RuntimeError(f"{name}：" + "；".join(problems))
    return f"{name}：{measure.summary()}"
