"""Generate a case's document through the document service, then preview, print or open it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.app import AppContext
from desktop.services.errors import CasedeskError
from desktop.ui.errors import show_error
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.pdf_preview import PdfPreview, print_pdf


@dataclass(frozen=True, slots=True)
class GeneratedDocument:
    """What the window shows after generating: the 文号 and the files."""

    title: str
    number: str
    docx: Path | None
    pdf: Path | None


def document_service(ctx: AppContext) -> Any | None:
    """The document service once the document engine is installed (None before)."""
    return getattr(ctx, "documents", None)


def generate(ctx: AppContext, title: str, case_id: int) -> GeneratedDocument:
    """Generate one document of a case (worker thread)."""
    service = document_service(ctx)
    if service is None:
        raise CasedeskError(f"文书生成模块尚未安装，暂不能生成“{title}”。")
    result = service.generate(title, case_id=case_id, pdf=True)
    return GeneratedDocument(
        title=title,
        number=str(getattr(result, "number", "") or ""),
        docx=getattr(result, "docx_path", None),
        pdf=getattr(result, "pdf_path", None),
    )


class DocumentActions:
    """The case page's generate → preview → print / open flow."""

    def __init__(self, ctx: AppContext, settings: UiSettings, page: Any) -> None:
        self.ctx = ctx
        self.settings = settings
        self.page = page
        self.last: GeneratedDocument | None = None
        self.preview: PreviewDialog | None = None
        page.detail.generate_requested.connect(self.generate)

    def generate(self, title: str, case_id: int) -> None:
        """Generate in the background; show the 文号 and the preview when done."""
        self.page.detail.show_document_result(tr("正在生成“{0}”……").format(title))
        run_in_background(
            lambda: generate(self.ctx, title, case_id), self._on_done, self._on_error, write=True
        )

    def _on_done(self, doc: GeneratedDocument) -> None:
        self.last = doc
        number = tr("文号：{0}").format(doc.number) if doc.number else tr("（本文书无文号）")
        self.page.detail.show_document_result(f"{doc.title}　{number}")
        if doc.pdf is not None:
            self.preview = PreviewDialog(doc, self.page)
            self.preview.show()

    def _on_error(self, error: BaseException) -> None:
        self.page.detail.show_document_result(
            str(error) if isinstance(error, CasedeskError) else ""
        )
        show_error(self.page, error)


class PreviewDialog(QDialog):
    """The generated PDF's pages, with 打印 and 用 Word/WPS 打开."""

    def __init__(self, doc: GeneratedDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(f"{doc.title} {doc.number}")
        layout = QVBoxLayout(self)
        self.number_label = QLabel(tr("文号：{0}").format(doc.number) if doc.number else "", self)
        layout.addWidget(self.number_label)
        self.viewer = PdfPreview(self)
        layout.addWidget(self.viewer, 1)
        if doc.pdf is not None:
            self.viewer.load(doc.pdf)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton(tr("打印…"), self)
        self.open_button = QPushButton(tr("用 Word/WPS 打开"), self)
        close = QPushButton(tr("关闭"), self)
        for button in (self.print_button, self.open_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        close.clicked.connect(self.accept)
        self.resize(820, 900)

    def print_to(self, printer: QPrinter) -> int:
        """Print on a configured printer (or to a PDF file); returns the pages printed."""
        assert self.doc.pdf is not None
        return print_pdf(self.doc.pdf, printer)

    def _on_print_button_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.print_to(printer)
            except OSError as error:
                show_error(self, error)

    def _on_open_button_clicked(self) -> None:
        target = self.doc.docx or self.doc.pdf
        if target is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
