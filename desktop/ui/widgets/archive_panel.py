"""结案归档: a year's closed cases as one ZIP (一案一卷, sha256 manifest), its check and its import."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.casefile.archive import ArchiveProblem, ExportResult, verify_archive
from desktop.common.errors import ValidationError
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.tasks import TaskHandle, build_task, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.service_panel import ServicePanel
from desktop.ui.widgets.table_view import rows_table

if TYPE_CHECKING:
    pass

PROBLEM_COLUMNS = (
    ColumnSpec(tr("归档包中的文件"), attr("path"), 28),
    ColumnSpec(tr("问题"), attr("reason"), 24),
)
ZIP_FILTER = "ZIP (*.zip)"
OK_STYLE, BAD_STYLE = "color:#1b5e20;", "color:#b3261e;"


class ArchivePanel(ServicePanel):
    """Export a year, check an archive against its manifest, or put its files back."""

    def _setup_ui(self) -> None:
        #: The last export and the last check (tests read them).
        self.exported: ExportResult | None = None
        self.problems: list[ArchiveProblem] | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("把某一年度已结案的案件导出为一个 ZIP：每案一个文件夹（卷宗 PDF、文书、证据），")
            + tr("附每个文件 sha256 的清单；校验可发现被修改或缺失的文件。"),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("结案年度"), self))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        row.addWidget(self.year)
        self.gaps = QCheckBox(tr("卷宗缺少文书时仍归档（缺页记入清单）"), self)
        self.gaps.setChecked(True)
        row.addWidget(self.gaps)
        self.export_button = QPushButton(tr("导出归档包…"), self)
        self.verify_button = QPushButton(tr("校验归档包…"), self)
        self.import_button = QPushButton(tr("从归档包恢复文件…"), self)
        row.addStretch(1)
        for button in (self.export_button, self.verify_button, self.import_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.model, self.view = rows_table(PROBLEM_COLUMNS, self)
        self.view.hide()
        layout.addWidget(self.view, 1)
        layout.addStretch(0)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)

    # --- actions (tests call them with a path, the buttons ask for one) -----------------

    def export(self, out: Path) -> TaskHandle:
        """Write the chosen year's archive ZIP in the background (cancellable)."""
        year, allow = self.year.value(), self.gaps.isChecked()
        work = build_task(partial(self.ctx.archive.export_year, year, out, allow_gaps=allow))
        self._start(tr("正在导出 {0} 年结案归档……").format(year), out)
        handle = run_in_background(
            work,
            lambda result: self._on_exported(result, out),
            self._on_error,
            title=tr("导出结案归档"),
            on_cancelled=lambda: self._finish(tr("已取消归档导出，未写入文件。")),
        )
        return self._track(handle)

    def verify(self, path: Path) -> TaskHandle:
        """Check every file of an archive against its manifest."""
        self._start(tr("正在校验 {0}……").format(path.name), path)
        return run_in_background(lambda: verify_archive(path), self._on_verified, self._on_error)

    def import_files(self, path: Path) -> TaskHandle:
        """Verify an archive, then put its files back into the file store."""
        store_files = self.ctx.archive.import_archive
        self._start(tr("正在校验并恢复 {0}……").format(path.name), path)
        return run_in_background(
            lambda: store_files(path),
            lambda n: self._finish(tr("校验通过，已恢复 {0} 个文件到文件库。").format(n), OK_STYLE),
            self._on_import_error,
            write=True,
        )

    # --- results ---------------------------------------------------------------------------

    def _start(self, text: str, path: Path) -> None:
        self.settings.set_last_dir("archive", path.parent)
        self.running = True
        for button in (self.export_button, self.verify_button, self.import_button):
            button.setEnabled(False)
        self.view.hide()
        self.result_label.setStyleSheet("")
        self.result_label.setText(text)

    def _finish(self, text: str, style: str = "") -> None:
        self.running = False
        for button in (self.export_button, self.verify_button, self.import_button):
            button.setEnabled(True)
        self.result_label.setStyleSheet(style)
        self.result_label.setText(text)

    def _on_exported(self, result: ExportResult, out: Path) -> None:
        self.exported = result
        text = tr("已导出 {0} 年结案归档：{1} 件案件、{2} 个文件 → {3}").format(
            result.year, result.case_count, result.file_count, out
        )
        if result.missing:
            text += tr("\n{0} 件案件的卷宗缺少文书，已以缺页说明代替并记入清单：{1}").format(
                len(result.missing), "；".join(str(g) for g in result.missing)
            )
        self._finish(text, OK_STYLE)

    def _on_verified(self, problems: list[ArchiveProblem]) -> None:
        self.problems = problems
        self.model.set_rows(problems)
        if problems:
            self.view.show()
            self._finish(tr("校验未通过：{0} 处问题，见下表。").format(len(problems)), BAD_STYLE)
        else:
            self._finish(tr("校验通过：每个文件都与清单中的 sha256 一致。"), OK_STYLE)

    def _on_error(self, error: BaseException) -> None:
        self._finish("")
        show_error(self, error)

    def _on_import_error(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            self._on_error(error)
            return
        self.problems = [ArchiveProblem(e.field, e.message) for e in error.errors]
        self.model.set_rows(self.problems)
        self.view.show()
        self._finish(
            tr("校验未通过，没有恢复任何文件：{0} 处问题，见下表。").format(len(self.problems)),
            BAD_STYLE,
        )

    # --- file dialogs ------------------------------------------------------------------------

    def _on_export_button_clicked(self) -> None:
        start = str(Path(self.settings.last_dir("archive")) / f"{self.year.value()}年结案归档.zip")
        name, _f = QFileDialog.getSaveFileName(self, tr("导出归档包"), start, ZIP_FILTER)
        if name:
            self.export(Path(name))

    def _on_verify_button_clicked(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self, tr("校验归档包"), self.settings.last_dir("archive"), ZIP_FILTER
        )
        if name:
            self.verify(Path(name))

    def _on_import_button_clicked(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self, tr("从归档包恢复文件"), self.settings.last_dir("archive"), ZIP_FILTER
        )
        if name:
            self.import_files(Path(name))
