"""现场自检 from 设置: runs `casedesk-cli --self-test --full` in its own process and shows its lines.

A separate process, not a thread: the self-test swaps the keyring backend and builds databases
and windows of its own, none of which may touch the running window. Its output is redirected, so
it is UTF-8 (desktop.cli.output); the Chinese report file is opened with 打开报告.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.text import tr


def self_test_command(report: Path, data_dir: Path) -> tuple[str, list[str]]:
    """The program and arguments of the field self-test (the console casedesk-cli.exe beside a
    frozen Windows casedesk.exe, which has no standard output; the same Python from source)."""
    args = ["--data-dir", str(data_dir), "--self-test", "--full", "--report", str(report)]
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable)
        cli = exe.with_name("casedesk-cli.exe") if sys.platform == "win32" else exe
        return str(cli), args
    entry = "from desktop.entry import main; raise SystemExit(main())"
    return sys.executable, ["-c", entry, *args]


class FieldTestDialog(QDialog):
    """The self-test's lines as they come, the verdict, and the report file."""

    def __init__(self, report: Path, program: str, arguments: list[str],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(tr("现场自检"))
        layout = QVBoxLayout(self)
        self.status = QLabel(tr("正在自检，约需 1–3 分钟……"), self)
        layout.addWidget(self.status)
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        layout.addWidget(self.output, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton(tr("打开报告"), self)
        self.open_button.setEnabled(False)
        close = QPushButton(tr("关闭"), self)
        row.addWidget(self.open_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(760, 520)
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        if not getattr(sys, "frozen", False):  # from source: the repository root is on sys.path
            self.process.setWorkingDirectory(str(Path(__file__).resolve().parents[3]))
        self.process.readyReadStandardOutput.connect(self._on_process_output)
        self.process.finished.connect(self._on_process_finished)
        self.process.errorOccurred.connect(self._on_process_error)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        close.clicked.connect(self.reject)
        self.exit_code: int | None = None
        self.process.start(program, arguments)

    def done(self, result: int) -> None:
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
            self.process.waitForFinished(5000)
        super().done(result)

    def _on_process_output(self) -> None:
        text = bytes(self.process.readAllStandardOutput().data()).decode("utf-8", "replace")
        self.output.appendPlainText(text.rstrip("\n"))

    def _on_process_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._on_process_output()
        self.exit_code = code
        passed = code == 0
        self.status.setStyleSheet(f"color:{'#1b5e20' if passed else '#b3261e'};")
        verdict = tr("现场自检通过。") if passed else tr("现场自检未通过，详见下方和报告。")
        self.status.setText(verdict + tr("报告：{0}").format(self.report))
        self.open_button.setEnabled(self.report.is_file())

    def _on_process_error(self, _error: QProcess.ProcessError) -> None:
        if self.process.state() == QProcess.ProcessState.NotRunning and self.exit_code is None:
            self.exit_code = -1
            self.status.setText(tr("无法启动自检程序：{0}").format(self.process.errorString()))

    def _on_open_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report)))
