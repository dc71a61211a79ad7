"""Generate a case's document through the document service, then preview, print or open it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.common.errors import CasedeskError
from desktop.documents.slots import NumberOrderError
from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.dialogs.form_fields import missing_editable
from desktop.ui.dialogs.record_editor import RecordEditorDialog
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


def generate(
    ctx: AppContext,
    title: str,
    case_id: int,
    pdf: bool = True,
    overrides: dict[str, object] | None = None,
    subject: str = "case",
    late_reason: str = "",
) -> GeneratedDocument:
    """Generate one document of a case (or of an inspection) into the data folder (worker)."""
    service = document_service(ctx)
    if service is None:
        raise CasedeskError(f"文书生成模块尚未安装，暂不能生成“{title}”。")
    folder = str(case_id) if subject == "case" else f"检查{case_id}"
    out_dir = ctx.data_dir / "文书" / folder
    result = service.generate(
        title, out_dir=out_dir, pdf=pdf, overrides=overrides or None, late_reason=late_reason,
        **{f"{subject}_id": case_id},
    )  # fmt: skip
    return GeneratedDocument(
        title=title,
        number=str(getattr(result, "number", "") or ""),
        docx=getattr(result, "path", None),
        pdf=getattr(result, "pdf_path", None),
    )


class DocumentActions:
    """The generate → preview → print / open flow of the case page (or the inspection page).

    `page.detail` has a `generate_requested(title, id)` signal and `show_document_result`;
    `subject` says whether the id is a case's ("case") or an inspection's ("inspection").
    """

    def __init__(
        self, ctx: AppContext, settings: UiSettings, page: Any, subject: str = "case"
    ) -> None:
        self.ctx = ctx
        self.subject = subject
        self.settings = settings
        self.page = page
        self.last: GeneratedDocument | None = None
        self.preview: PreviewDialog | None = None
        self.fill_dialog: RecordEditorDialog | None = None
        #: The open “已生成，重新生成将替换原文书？” question and the 补号原因 dialog (tests read them).
        self.replace_box: QMessageBox | None = None
        self.late_dialog: QInputDialog | None = None
        #: (title, record id) of a shown “还不能生成” line, checked again when the record changes.
        self.stale: tuple[str, int] | None = None
        page.detail.generate_requested.connect(self.generate)
        shown = getattr(page.detail, "record_shown", None)
        if shown is not None:
            shown.connect(self._on_record_shown)

    def generate(self, title: str, case_id: int) -> None:
        """Check what is missing; ask before replacing a generated copy; ask for what the clerk
        can type; then generate and preview."""
        self.page.detail.show_document_result(tr("正在检查“{0}”所需内容……").format(title))
        run_in_background(
            lambda: (self._current_number(title, case_id), self._preflight(title, case_id)),
            lambda found: self._on_checked(title, case_id, *found),
            self._on_error,
        )

    def _current_number(self, title: str, record_id: int) -> str | None:
        """The 文号 of the copy generating again would replace ("" unnumbered), None if none."""
        row = self.ctx.documents.current_copy(title, **{f"{self.subject}_id": record_id})
        return None if row is None else row.number

    def _on_checked(self, title: str, case_id: int, number: str | None, missing: list[str]) -> None:
        if number is None:
            self._on_preflight(title, case_id, missing)
            return
        label = f"“{title}”（{number}）" if number else f"“{title}”"
        self.replace_box = QMessageBox(
            QMessageBox.Icon.Question, tr("重新生成"),
            tr("{0}已生成，重新生成将替换原文书？原文书作废（原因“重新生成”，登记簿保留），"
               "新文书沿用原文号。").format(label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.page,
        )  # fmt: skip
        self.replace_box.setDefaultButton(QMessageBox.StandardButton.No)
        self.replace_box.finished.connect(
            lambda answer: self._on_replace_answer(title, case_id, missing, answer)
        )
        self.replace_box.open()

    def _on_replace_answer(self, title: str, case_id: int, missing: list[str], answer: int) -> None:
        self.replace_box = None
        if answer == QMessageBox.StandardButton.Yes:
            self._on_preflight(title, case_id, missing)
        else:
            self.page.detail.show_document_result(tr("未重新生成“{0}”。").format(title))

    def _preflight(self, title: str, record_id: int) -> list[str]:
        if self.subject == "inspection":
            return list(self.ctx.documents.preflight(title, inspection_id=record_id))
        return list(self.ctx.documents.preflight(title, case_id=record_id))

    def _on_record_shown(self, record_id: int) -> None:
        """The record was shown again (edited) or another one was: an old “还不能生成” line is
        checked again for the same record, and cleared for another."""
        if self.stale is None:
            return
        title, stale_id = self.stale
        self.stale = None
        if stale_id != record_id:
            self.page.detail.show_document_result("")
            return
        run_in_background(
            lambda: self._preflight(title, record_id),
            lambda missing: self._on_recheck(title, record_id, missing),
            self._on_error,
        )

    def _on_recheck(self, title: str, record_id: int, missing: list[str]) -> None:
        _fields, others = missing_editable(title, missing)
        if others:
            self._say_missing(title, record_id, others)
        else:
            self.page.detail.show_document_result(
                tr("“{0}”所需内容已补齐，可以生成。").format(title)
            )

    def _say_missing(self, title: str, record_id: int, others: list[str]) -> None:
        where = tr("案件") if self.subject == "case" else tr("检查记录")
        text = tr("“{0}”还不能生成，请先在{1}中补充：{2}。").format(title, where, "、".join(others))
        self.page.detail.show_document_result(text)
        self.stale = (title, record_id)

    def _on_preflight(self, title: str, case_id: int, missing: list[str]) -> None:
        fields, others = missing_editable(title, missing)
        if others:
            self._say_missing(title, case_id, others)
            return
        if not fields:
            self._start(title, case_id, {})
            return
        overrides: dict[str, object] = {}

        def keep(values: dict[str, object]) -> None:
            overrides.update(values)

        self.fill_dialog = RecordEditorDialog(
            tr("{0}：请补充以下内容").format(title), fields, {}, keep, self.page
        )
        self.fill_dialog.accepted.connect(lambda: self._start(title, case_id, overrides))
        self.fill_dialog.open()

    def _start(
        self, title: str, case_id: int, overrides: dict[str, object], late_reason: str = ""
    ) -> None:
        self.page.detail.show_document_result(tr("正在生成“{0}”……").format(title))

        def failed(error: BaseException) -> None:
            if isinstance(error, NumberOrderError) and not late_reason:
                self._ask_late_reason(title, case_id, overrides, error)
            else:
                self._on_error(error)

        run_in_background(
            lambda: generate(
                self.ctx,
                title,
                case_id,
                overrides=overrides,
                subject=self.subject,
                late_reason=late_reason,
            ),
            self._on_done,
            failed,
            write=True,
        )

    def _ask_late_reason(self, title: str, case_id: int, overrides: dict[str, object],
                         error: NumberOrderError) -> None:  # fmt: skip
        """A 文号 out of date order: the clerk records the 补号原因 (printed in the register)."""
        self.page.detail.show_document_result(str(error))
        dialog = QInputDialog(self.page)
        dialog.setWindowTitle(tr("补号原因"))
        dialog.setLabelText(str(error) + "\n" + tr("补号原因："))
        self.late_dialog = dialog

        def chosen() -> None:
            reason = dialog.textValue().strip()
            self.late_dialog = None
            if reason:
                self._start(title, case_id, overrides, reason)
            else:
                self.page.detail.show_document_result(
                    tr("未填写补号原因，“{0}”未生成。").format(title)
                )

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(lambda: setattr(self, "late_dialog", None))
        dialog.open()

    def _on_done(self, doc: GeneratedDocument) -> None:
        self.last = doc
        number = tr("文号：{0}").format(doc.number) if doc.number else tr("（本文书无文号）")
        self.page.detail.show_document_result(f"{doc.title}　{number}", doc.title, doc.number)
        if doc.pdf is not None:
            self.preview = PreviewDialog(doc, self.page)
            self.preview.show()

    def _on_error(self, error: BaseException) -> None:
        self.page.detail.show_document_result(
            str(error) if isinstance(error, CasedeskError) else ""
        )
        show_error(self.page, error)


class PreviewDialog(FittedDialog):
    """The generated PDF's pages, with 打印 (Ctrl+P) and 用 Word/WPS 打开; its buttons stay on
    the screen (the pages scroll)."""

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
        self.print_button = QPushButton(tr("打印…（Ctrl+P）"), self)
        self.open_button = QPushButton(tr("用 Word/WPS 打开"), self)
        close = QPushButton(tr("关闭"), self)
        for button in (self.print_button, self.open_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Print, self, self._on_print_button_clicked)
        self.print_button.setDefault(True)
        self.resize(820, 900)  # fitted to the screen when shown

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
