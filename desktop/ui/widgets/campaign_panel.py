"""专项整治报送: the period's 总结, annex tables and typical cases as one PDF and a ZIP of originals."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop.reports.packet import PacketResult
from desktop.ui.errors import show_error
from desktop.ui.tasks import TaskHandle, build_task, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.period_picker import PeriodPicker
from desktop.ui.widgets.service_panel import ServicePanel

if TYPE_CHECKING:
    pass

#: What the packet holds, in its order (the seeds' upward report).
CONTENTS = "专项整治工作总结、附表1、附表2、山西附件1、典型案例报送"


class CampaignPanel(ServicePanel):
    """Pick the period and the 填表日期, choose a folder, build; progress and 取消 in the status bar."""

    def _setup_ui(self) -> None:
        #: The last packet written (tests read it).
        self.result: PacketResult | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("按统计期间汇总{0}，合成一个带书签的 PDF，另存各原件（DOCX、XLSX）的 ZIP。").format(
                CONTENTS
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()  # the period on a line of its own: a 1024-pixel window is narrow
        self.period = PeriodPicker(self)
        row.addWidget(self.period)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("填表日期"), self))
        self.filled_on = DateField(self, label=tr("填表日期"), optional=False)
        self.filled_on.set_date(date.today())
        row.addWidget(self.filled_on)
        row.addSpacing(24)
        self.build_button = QPushButton(tr("生成报送材料…"), self)
        row.addWidget(self.build_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self.build_button.clicked.connect(self._on_build_button_clicked)

    def build(self, out_dir: Path) -> TaskHandle:
        """Write 报送材料.pdf and 报送材料原件.zip into out_dir in the background."""
        start, end = self.period.period()
        filled = self.filled_on.valid_date()
        assert filled is not None  # set at start; an unreadable text is marked at the field
        self.settings.set_last_dir("campaign", out_dir)
        work = build_task(partial(self.ctx.packets.write, start, end, out_dir, filled))
        self.running = True
        self.build_button.setEnabled(False)
        self.result_label.setText(tr("正在生成 {0} 至 {1} 的报送材料……").format(start, end))
        handle = run_in_background(
            work,
            self._on_done,
            self._on_error,
            title=tr("生成报送材料"),
            on_cancelled=self._on_cancelled,
        )
        return self._track(handle)

    def _on_build_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("报送材料保存到"), self.settings.last_dir("campaign")
        )
        if folder:
            self.build(Path(folder))

    def _finish(self, text: str) -> None:
        self.running = False
        self.build_button.setEnabled(True)
        self.result_label.setText(text)

    def _on_done(self, result: PacketResult) -> None:
        self.result = result
        self._finish(
            tr("已生成：{0}（{1} 页，含{2}）；原件：{3}").format(
                result.pdf_path, result.page_count, "、".join(result.parts), result.zip_path
            )
        )

    def _on_error(self, error: BaseException) -> None:
        self._finish("")
        show_error(self, error)

    def _on_cancelled(self) -> None:
        self._finish(tr("已取消生成报送材料，未写入任何文件。"))
