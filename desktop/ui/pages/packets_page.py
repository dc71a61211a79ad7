"""报送: a case's file (卷宗) as one PDF — what it will hold, what is missing, then build it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cases import CaseFilter
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import make_table, size_columns
from forms.record_forms import CaseStatus

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

PLAN_COLUMNS = (
    ColumnSpec(tr("卷内材料"), lambda item: item.title, 14),
    ColumnSpec(tr("文号"), lambda item: item.number, 14),
    ColumnSpec(tr("日期"), lambda item: item.on, 6, "date"),
    ColumnSpec(tr("状态"), lambda item: tr("已有") if item.source is not None else tr("缺少"), 4),
)


class PacketsPage(Page):
    """Enter a 案号, see the file's contents in procedural order, build the PDF."""

    PAGE_ID = "packets"
    TITLE = "报送"

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("案号"), self))
        self.case_edit = QLineEdit(self)
        self.case_edit.setPlaceholderText(tr("输入案号，如 青卫医案〔2026〕12号"))
        row.addWidget(self.case_edit, 1)
        self.plan_button = QPushButton(tr("查看卷内材料"), self)
        self.gaps = QCheckBox(tr("缺少材料时仍生成（留空页）"), self)
        self.build_button = QPushButton(tr("生成卷宗 PDF…"), self)
        for widget in (self.plan_button, self.gaps, self.build_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.model = RowsTableModel(PLAN_COLUMNS, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        size_columns(self.view, [c.width for c in PLAN_COLUMNS])
        layout.addWidget(self.view, 1)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color:#8a6d00;")
        layout.addWidget(self.missing)
        self.plan_button.clicked.connect(self.show_plan)
        self.case_edit.returnPressed.connect(self.show_plan)
        self.build_button.clicked.connect(self._on_build_button_clicked)

    def refresh(self) -> None:
        """Start with the most recently closed case, so the page shows a real file."""

        def newest_closed() -> str:
            rows = self.ctx.cases.list(CaseFilter(statuses=(CaseStatus.CLOSED,)), limit=1)
            return rows[0].case_no if rows else ""

        run_in_background(newest_closed, self._on_newest, lambda e: show_error(self, e))

    def _on_newest(self, case_no: str) -> None:
        if case_no and not self.case_edit.text():
            self.case_edit.setText(case_no)
            self.show_plan()
        else:
            self.mark_loaded()

    def show_plan(self) -> None:
        """List what the file of the entered case will hold."""
        key = self.case_edit.text().strip()
        if not key:
            return
        run_in_background(
            lambda: self.ctx.case_files.plan(key), self._on_plan, lambda e: show_error(self, e)
        )

    def build(self, out: Path) -> TaskHandle:
        """Build the case file PDF in the background."""
        key = self.case_edit.text().strip()
        allow = self.gaps.isChecked()
        self.settings.set_last_dir("packets", out.parent)
        return run_in_background(
            lambda: self.ctx.case_files.write(key, out, allow_gaps=allow),
            lambda result: self.status.emit(
                tr("卷宗已生成：{0}（{1} 页）").format(out, result.page_count)
            ),
            lambda e: show_error(self, e),
            title=tr("生成卷宗"),
        )

    def _on_plan(self, plan: object) -> None:
        self.model.set_rows(list(getattr(plan, "items", ())))
        missing = getattr(plan, "missing", ())
        self.missing.setText(tr("缺少：{0}").format("、".join(missing)) if missing else "")
        self.mark_loaded()

    def _on_build_button_clicked(self) -> None:
        key = self.case_edit.text().strip()
        if not key:
            return
        start = str(Path(self.settings.last_dir("packets")) / f"卷宗 {key}.pdf")
        name, _f = QFileDialog.getSaveFileName(self, tr("生成卷宗"), start, "PDF (*.pdf)")
        if name:
            self.build(Path(name))
