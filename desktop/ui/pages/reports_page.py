"""报表: the annex tables for a period, computed in the background, shown, exported."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.service import FORMATS
from desktop.reports.table import ReportTable
from desktop.ui.errors import show_error
from desktop.ui.models.report_table_model import ReportTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.period_picker import PeriodPicker

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

#: (report name, Chinese title, default export format); the other formats come from FORMATS.
REPORTS = (
    ("annex1", "附表1 医疗美容机构监督检查工作信息汇总表", "xlsx"),
    ("annex2", "附表2 无证医疗美容场所“回头看”排查情况信息汇总表", "xlsx"),
    ("shanxi1", "山西附件1 医疗美容专项整治工作汇总表", "xlsx"),
    ("typical", "典型案例报送目录与案情概述", "docx"),
)

#: How each export format is offered.
FORMAT_LABELS = {"xlsx": "Excel（.xlsx）", "docx": "Word（.docx）", "json": "JSON（.json）"}


class ReportsPage(Page):
    """Choose a table, a period and the 填表日期; the figures appear; export writes the chosen
    format (XLSX/DOCX/JSON, as the command line offers)."""

    PAGE_ID = "reports"
    TITLE = "报表"

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.table: ReportTable | None = None
        self._generation = 0
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        # Two lines: on one, a 1366-pixel screen at 125 % had no room for the table's name.
        row = QHBoxLayout()
        self.choice = QComboBox(self)
        for name, title, _fmt in REPORTS:
            self.choice.addItem(tr(title), name)
        row.addWidget(self.choice, 1)
        self.format = QComboBox(self)
        row.addWidget(self.format)
        self._fill_formats()
        self.export_button = QPushButton(tr("导出…"), self)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        when = QHBoxLayout()
        self.period = PeriodPicker(self)
        when.addWidget(self.period)
        when.addSpacing(16)
        when.addWidget(QLabel(tr("填表日期"), self))
        self.filled_on = DateField(self, label=tr("填表日期"), optional=False)
        self.filled_on.set_date(date.today())
        when.addWidget(self.filled_on)
        when.addStretch(1)
        layout.addLayout(when)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.model = ReportTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view, 1)
        self.footer = QLabel(self)
        self.footer.setWordWrap(True)
        layout.addWidget(self.footer)

    def _connect_signals(self) -> None:
        self.choice.currentIndexChanged.connect(self._on_choice_changed)
        self.period.changed.connect(self.refresh)
        self.filled_on.date_changed.connect(lambda _d: self.refresh())
        self.export_button.clicked.connect(self._on_export_button_clicked)

    def current(self) -> tuple[str, str, str]:
        """(name, title, format) of the chosen report, in the chosen format."""
        name, title, default = REPORTS[max(self.choice.currentIndex(), 0)]
        return name, title, str(self.format.currentData() or default)

    def filled_date(self) -> date:
        """The 填表日期 the tables are headed with."""
        day = self.filled_on.valid_date()
        assert day is not None  # set at start; an unreadable text is marked, the last date kept
        return day

    def _fill_formats(self) -> None:
        """The chosen table's formats, its default first (a table refuses the others)."""
        name, _title, default = REPORTS[max(self.choice.currentIndex(), 0)]
        self.format.clear()
        for fmt in sorted(FORMATS[name], key=lambda f: f != default):
            self.format.addItem(FORMAT_LABELS[fmt], fmt)

    def _on_choice_changed(self, _index: int) -> None:
        self._fill_formats()
        self.refresh()

    def refresh(self) -> None:
        """Compute the chosen table for the period off the GUI thread."""
        self._generation += 1
        generation = self._generation
        name = self.current()[0]
        start, end = self.period.period()
        filled = self.filled_date()
        run_in_background(
            lambda: self.ctx.reports.compute(name, start, end, filled),
            lambda table: self._on_computed(generation, table),
            lambda e: show_error(self, e),
        )

    def export(self, out: Path) -> TaskHandle:
        """Write the chosen table in the chosen format to a file in the background."""
        name, _title, fmt = self.current()
        start, end = self.period.period()
        filled = self.filled_date()
        self.settings.set_last_dir("reports", out.parent)
        return run_in_background(
            lambda: self.ctx.reports.export(name, start, end, fmt, out, filled),
            lambda _t: self.status.emit(tr("已导出：{0}").format(out)),
            lambda e: show_error(self, e),
            write=False,
        )

    def _on_computed(self, generation: int, table: ReportTable) -> None:
        if generation != self._generation:
            return
        self.table = table
        self.model.set_table(table)
        self.caption.setText(
            f"<b>{table.title}</b>　{tr('单位')}：{table.unit or '—'}　"
            f"{table.period_from.isoformat()} — {table.period_to.isoformat()}　"
            f"{tr('填表日期')}：{table.filled_on.isoformat()}"
        )
        lines = list(table.footer_text) or [f"{k}：{v}" for k, v in table.footer]
        if table.details:
            lines.append(tr("明细 {0} 条（导出文件中列出）。").format(len(table.details)))
        self.footer.setText("\n".join(lines))
        self.mark_loaded()

    def _on_export_button_clicked(self) -> None:
        _name, title, fmt = self.current()
        start = str(Path(self.settings.last_dir("reports")) / f"{title.split()[0]}.{fmt}")
        name, _f = QFileDialog.getSaveFileName(self, tr("导出报表"), start, f"*.{fmt}")
        if name:
            self.export(Path(name))
