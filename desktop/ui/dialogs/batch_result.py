"""The outcome of a batch (one document per listed case): counts, every failure with its
reason, and 打开文件夹. An 8-second status-bar line with the first failure was not enough."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.doc_types import BatchResult
from desktop.law.notices import batch_notice_line
from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import fit_last_column, rows_table


@dataclass(frozen=True, slots=True)
class Failure:
    """One record the batch could not make its document for."""

    record: str
    reason: str


#: The dialog's width; the notices of unverified rows take up to NOTES_MAX_HEIGHT of its height
#: (they scroll beyond it) and never less than NOTES_MIN_HEIGHT when the screen is short.
DIALOG_WIDTH = 760
NOTES_MAX_HEIGHT = 240
NOTES_MIN_HEIGHT = 60
FAILURE_COLUMNS = (
    ColumnSpec(tr("案件"), attr("record"), 14),
    ColumnSpec(tr("未生成的原因"), attr("reason"), 40),
)


def summary_text(title: str, result: BatchResult, total: int) -> str:
    """成功 n 份，未生成 m 份，已取消 k 件 (the parts that apply)."""
    failed = sum(1 for i in result.items if i.document is None)
    skipped = max(total - len(result.items), 0)
    parts = [tr("“{0}”：共 {1} 件，已生成 {2} 份").format(title, total, result.succeeded)]
    if failed:
        parts.append(tr("未生成 {0} 份（原因见下表）").format(failed))
    if result.cancelled or skipped:
        parts.append(tr("已取消 {0} 件（未处理）").format(skipped))
    pdf = len(result.pdf_failures)
    if pdf:
        parts.append(tr("{0} 份未能转为 PDF（已有 DOCX）").format(pdf))
    return "，".join(parts) + "。"


def notice_lines(notices: Mapping[str, Sequence[str]]) -> list[str]:
    """One line per unverified catalogue row naming each of its cases once (the CLI's wording)."""
    return [batch_notice_line(notice, cases) for notice, cases in notices.items()]


class BatchResultDialog(FittedDialog):
    """Counts, the failures table and 打开文件夹."""

    def __init__(
        self,
        title: str,
        result: BatchResult,
        total: int,
        folder: Path,
        names: Mapping[int, str],
        parent: QWidget | None = None,
        notices: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(tr("批量生成结果"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(title, result, total), self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        # The documents of these cases cite unverified articles: the clerk checks them before
        # anything is printed or served, as `doc --all-cases` tells in the terminal.
        # A batch of many cases names them all: the lines scroll (and can be selected and copied)
        # instead of being squeezed into the dialog's height.
        self.notices = notice_lines(notices or {})
        self.notice_label = QLabel("\n".join(self.notices))
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.notice_area = QScrollArea(self)
        self.notice_area.setWidgetResizable(True)
        self.notice_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notice_area.setWidget(self.notice_label)
        self.notice_area.setVisible(bool(self.notices))
        layout.addWidget(self.notice_area, 1)
        self.failures = [
            Failure(names.get(i.record_id, str(i.record_id)), i.error or i.pdf_error)
            for i in result.items
            if i.document is None or i.pdf_error
        ]
        self.model, self.view = rows_table(FAILURE_COLUMNS, self)
        self.model.set_rows(self.failures)
        fit_last_column(self.view)
        self.view.setVisible(bool(self.failures))
        layout.addWidget(self.view, 1)
        layout.addWidget(QLabel(tr("保存位置：{0}").format(folder), self))
        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton(tr("打开文件夹"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.open_button.clicked.connect(self.open_folder)
        layout.addWidget(buttons)
        self.open_button.setDefault(True)
        notes = self._notes_height(DIALOG_WIDTH - 2 * layout.contentsMargins().left())
        self.notice_area.setMinimumHeight(min(notes, NOTES_MIN_HEIGHT))
        self.resize(DIALOG_WIDTH, (460 if self.failures else 200) + notes)

    def _notes_height(self, width: int) -> int:
        """The notices' height at this width, up to NOTES_MAX_HEIGHT (0 without notices)."""
        if not self.notices:
            return 0
        return min(self.notice_label.heightForWidth(width), NOTES_MAX_HEIGHT)

    def open_folder(self) -> bool:
        """Show the folder in the file manager."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
