"""汇总: a city or province office sums its units' annex tables (reports.rollup), checked.

The clerk picks the table, the period and the units' files; a refusal lists every file and
reason; a warning the clerk may accept gets a 理由 field, and the next 汇总 records the reasons.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.rollup import Rollup, RollupRefusedError, parse_units, render_rollup, roll_up
from desktop.trust.file_store import atomic_write
from desktop.ui.errors import show_error
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.period_picker import PeriodPicker
from desktop.ui.widgets.service_panel import ServicePanel

#: The tables that can be summed: (name, what the combo shows).
TABLE_CHOICES = (
    ("annex1", "附表1 医疗美容机构监督检查工作信息汇总表"),
    ("annex2", "附表2 无证医疗美容场所“回头看”排查情况信息汇总表"),
    ("shanxi1", "附件1 医疗美容专项整治工作汇总表"),
)


class RollupPanel(ServicePanel):
    """Files in, one checked sum out (XLSX with 分单位 and 来源, or JSON)."""

    def _setup_ui(self) -> None:
        #: The last roll-up written (tests read it).
        self.result: Rollup | None = None
        #: A 理由 field per warning kind the last run asked to accept.
        self.reasons: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("汇总各单位报送的附表：casedesk 导出的 JSON/XLSX，或按样表手工填写的 XLSX。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        # Two rows, not one: the long table names beside the period and the unit would widen
        # the window past a 1024-px screen.
        row = QHBoxLayout()
        self.table_combo = QComboBox(self)
        for name, text in TABLE_CHOICES:
            self.table_combo.addItem(tr(text), name)
        row.addWidget(self.table_combo, 1)
        self.period = PeriodPicker(self)
        row.addWidget(self.period)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("填表日期"), self))
        self.filled_on = DateField(self, label=tr("填表日期"), optional=False)
        self.filled_on.set_date(date.today())
        row.addWidget(self.filled_on)
        row.addWidget(QLabel(tr("汇总单位名称"), self))
        self.unit_edit = QLineEdit(self)
        row.addWidget(self.unit_edit, 1)
        layout.addLayout(row)
        self.files = QListWidget(self)
        layout.addWidget(self.files, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("添加文件…"), self)
        self.remove_button = QPushButton(tr("移除所选"), self)
        self.run_button = QPushButton(tr("汇总并保存…"), self)
        for button in (self.add_button, self.remove_button, self.run_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.reason_box = QWidget(self)
        self.reason_form = QFormLayout(self.reason_box)
        layout.addWidget(self.reason_box)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.run_button.clicked.connect(self._on_run_button_clicked)

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        if not self.unit_edit.text():
            values = self.ctx.office.all()
            self.unit_edit.setText(values.get("region") or values.get("authority_name", ""))
        super().showEvent(event)  # type: ignore[arg-type]

    def add_files(self, paths: list[Path]) -> None:
        """Add input files (a file already listed is not added twice)."""
        listed = {self.files.item(i).text() for i in range(self.files.count())}
        for path in paths:
            if str(path) not in listed:
                self.files.addItem(str(path))
                listed.add(str(path))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def accepted(self) -> dict[str, str]:
        return {kind: edit.text().strip() for kind, edit in self.reasons.items() if edit.text()}

    def run(self, out: Path) -> TaskHandle:
        """Sum the listed files into `out` (.xlsx or .json) in the background."""
        start, end = self.period.period()
        filled = self.filled_on.valid_date()
        assert filled is not None  # set at start; an unreadable text is marked at the field
        call = partial(
            roll_up,
            str(self.table_combo.currentData()),
            start,
            end,
            self.paths(),
            unit=self.unit_edit.text().strip(),
            filled_on=filled,
            expected_units=parse_units(self.ctx.office.get("rollup_units")),
            accept=self.accepted(),
        )
        fmt = "json" if out.suffix.lower() == ".json" else "xlsx"

        def work() -> Rollup:
            rollup = call()
            atomic_write(out, render_rollup(rollup, fmt))
            return rollup

        self.running = True
        self.run_button.setEnabled(False)
        self.result_label.setText(tr("正在汇总……"))
        handle = run_in_background(
            work, partial(self._on_done, out), self._on_error, title=tr("汇总附表")
        )
        return self._track(handle)

    def _on_add_button_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("添加各单位的附表"), self.settings.last_dir("rollup"),
            tr("附表 (*.xlsx *.json)"),
        )  # fmt: skip
        if files:
            self.settings.set_last_dir("rollup", Path(files[0]).parent)
            self.add_files([Path(f) for f in files])

    def _on_remove_button_clicked(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def _on_run_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr("汇总表保存为"), self.settings.last_dir("rollup"),
            tr("Excel 工作簿 (*.xlsx);;JSON (*.json)"),
        )  # fmt: skip
        if name:
            self.run(Path(name))

    def _on_done(self, out: Path, rollup: Rollup) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        self.result = rollup
        lines = [tr("已汇总 {0} 个单位：{1}").format(len(rollup.inputs), out)]
        lines += [tr("已接受：{0}：{1}").format(a.issue.file, a) for a in rollup.accepted]
        self.result_label.setText("\n".join(lines))

    def _on_error(self, error: BaseException) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        if not isinstance(error, RollupRefusedError):
            self.result_label.setText("")
            show_error(self, error)
            return
        self._ask_reasons(error.pending)
        lines = [tr("未汇总，{0} 个问题：").format(len(error.errors))]
        lines += [str(problem) for problem in error.errors]
        if error.pending and not error.refusals:
            lines.append(tr("如确认无误，请在上方填写理由后再次汇总（理由记入来源表）。"))
        self.result_label.setText("\n".join(lines))

    def _ask_reasons(self, kinds: tuple[str, ...]) -> None:
        """A 理由 field for each warning kind still to accept (reasons typed earlier are kept)."""
        for kind in kinds:
            if kind not in self.reasons:
                edit = QLineEdit(self.reason_box)
                edit.setPlaceholderText(tr("接受此类提示的理由"))
                self.reason_form.addRow(tr("{0}：").format(kind), edit)
                self.reasons[kind] = edit
