"""信息公示: the period's penalty decisions with their 公示 state, the three outward exports
(双公示 行政处罚, 检查结果, 案件查处) and the 公开版 of the selected decision (desktop.publish)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.publish.service import ExportResult, PublicityState
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.period_picker import PeriodPicker
from desktop.ui.widgets.service_panel import ServicePanel
from desktop.ui.widgets.table_view import make_table, size_columns

STATE_COLUMNS = (
    ColumnSpec(tr("案号"), lambda s: s.case_no, 14),
    ColumnSpec(tr("当事人"), lambda s: s.party_name, 12),
    ColumnSpec(tr("处罚决定日期"), lambda s: s.decided_on, 7, "date"),
    ColumnSpec(tr("公示期限"), lambda s: s.due, 7, "date"),
    ColumnSpec(tr("公示日期"), lambda s: s.published_on or tr("未公示"), 7),
    ColumnSpec(tr("公示截止期"), lambda s: s.publicity_end, 7, "date"),
)
#: The exports: key → (button, default file name, 记录 word).
EXPORTS = {
    "penalties": (tr("导出行政处罚信息…"), "行政处罚信息公示.xlsx", tr("公示日期")),
    "inspections": (tr("导出检查结果…"), "检查结果.xlsx", tr("录入日期")),
    "cases": (tr("导出案件查处数据…"), "案件查处.xlsx", ""),
}


class PublicationPanel(ServicePanel):
    """Pick the period, see each decision's 公示 state, export, make a 公开版."""

    def _setup_ui(self) -> None:
        #: The last export or 公开版 written (tests read it).
        self.result: Any = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "按期间导出行政处罚信息（双公示模板，记录公示日期）、检查结果（记录录入日期）"
                "和案件查处数据；自然人的证件号码等个人信息不写入任何文件。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.period = PeriodPicker(self)
        row.addWidget(self.period)
        self.refresh_button = QPushButton(tr("刷新"), self)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for key, (label, _name, _word) in EXPORTS.items():
            button = QPushButton(label, self)
            button.clicked.connect(partial(self._on_export_clicked, key))
            buttons.addWidget(button)
            self.export_buttons[key] = button
        self.public_button = QPushButton(tr("生成所选决定书公开版…"), self)
        buttons.addWidget(self.public_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.model = RowsTableModel(STATE_COLUMNS, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        size_columns(self.view, [c.width for c in STATE_COLUMNS])
        layout.addWidget(self.view, 1)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.refresh_button.clicked.connect(self.refresh)
        self.public_button.clicked.connect(self._on_public_clicked)

    def refresh(self) -> None:
        """List the period's penalty decisions with their 公示 state."""
        start, end = self.period.period()
        try:
            states = self.ctx.publish.states(start, end)
        except Exception as error:  # shown, never a crash of the window
            show_error(self, error)
            return
        self.model.set_rows(states)
        unpublished = sum(1 for s in states if s.published_on is None)
        self.result_label.setText(
            tr("共 {0} 件处罚决定，未公示 {1} 件。").format(len(states), unpublished)
        )

    def selected(self) -> PublicityState | None:
        """The decision selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def export(self, key: str, out: Path) -> TaskHandle:
        """Write one export to `out` in the background (recording 公示/录入日期 today)."""
        start, end = self.period.period()
        publish = self.ctx.publish
        calls = {
            "penalties": partial(publish.export_penalties, start, end, out, mark_on=date.today()),
            "inspections": partial(
                publish.export_inspections, start, end, out, mark_on=date.today()
            ),
            "cases": partial(publish.export_cases, start, end, out),
        }
        self.settings.set_last_dir("publish", out.parent)
        return self._run(calls[key], partial(self._on_exported, key), tr("导出报送数据"))

    def public_copy(self, case_id: int, out_dir: Path) -> TaskHandle:
        """The 公开版 PDF of a decision, in the background."""
        self.settings.set_last_dir("publish", out_dir)
        work = partial(self.ctx.documents.generate_public_copy, case_id, out_dir)
        return self._run(work, self._on_public_done, tr("生成公开版"))

    def _run(self, work: Any, on_done: Any, title: str) -> TaskHandle:
        self.running = True
        self._enable(False)
        handle = run_in_background(work, on_done, self._on_error, write=True, title=title)
        return self._track(handle)

    def _enable(self, on: bool) -> None:
        for button in [*self.export_buttons.values(), self.public_button, self.refresh_button]:
            button.setEnabled(on)

    def _on_export_clicked(self, key: str) -> None:
        _label, name, _word = EXPORTS[key]
        default = str(Path(self.settings.last_dir("publish")) / name)
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("保存到"), default, tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)")
        )
        if path:
            self.export(key, Path(path))

    def _on_public_clicked(self) -> None:
        state = self.selected()
        if state is None:
            self.result_label.setText(tr("请先在列表中选择一件处罚决定。"))
            return
        folder = QFileDialog.getExistingDirectory(
            self, tr("公开版保存到"), self.settings.last_dir("publish")
        )
        if folder:
            self.public_copy(state.case_id, Path(folder))

    def _on_exported(self, key: str, result: ExportResult) -> None:
        self.running = False
        self._enable(True)
        self.result = result
        self.refresh()
        word = EXPORTS[key][2]
        text = tr("已导出 {0} 条：{1}").format(result.count, result.path)
        if word and result.marked:
            text += tr("；已记录{0} {1} 条").format(word, len(result.marked))
        if result.locked:
            text += tr("；已结案锁定、未记录公示日期：{0}").format("、".join(result.locked))
        self.result_label.setText(text)

    def _on_public_done(self, document: Any) -> None:
        self.running = False
        self._enable(True)
        self.result = document
        self.result_label.setText(
            tr("已生成{0}（{1}）：{2}").format(
                document.name, document.number, document.pdf_path or document.path
            )
        )

    def _on_error(self, error: BaseException) -> None:
        self.running = False
        self._enable(True)
        show_error(self, error)
