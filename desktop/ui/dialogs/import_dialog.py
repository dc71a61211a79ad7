"""Import of 机构名录 / 案件台账: choose the file, import in the background, show bad rows."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.ledger.service import ImportReport
from desktop.ledger.workbook import LedgerImportError, ReadOptions, sheet_names
from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.tasks import TaskHandle, build_task, run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.table_view import make_table, size_columns

ERROR_COLUMNS = (
    ColumnSpec(tr("行"), lambda e: e.row or "", 3, "count"),
    ColumnSpec(tr("列"), attr("column"), 8),
    ColumnSpec(tr("问题"), attr("message"), 30),
)
#: The 工作表 choice that lets the import find the sheet with the required columns.
AUTO_SHEET = tr("（自动：含必填列的工作表）")
#: kind → (title, the service method name, what the file holds)
KINDS = {
    "institutions": (tr("导入机构名录"), "import_institutions", tr("机构名录")),
    "cases": (tr("导入案件台账"), "import_cases", tr("案件台账")),
}


class ImportDialog(FittedDialog):
    """All rows or nothing: on a bad file the table lists every bad row and nothing is saved."""

    def __init__(
        self, ctx: AppContext, kind: str, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.settings = settings
        self.imported: ImportReport | None = None
        self.running = False
        self.handle: TaskHandle | None = None
        self._sheets_of = ""
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        title, _method, what = KINDS[self.kind]
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "选择{0} Excel 文件（含必填列的工作表，首行为表头）。有错误的行会列在下方，"
                ).format(what)
                + tr("这时不会导入任何记录；改正文件后再导入。"),
                self,
            )
        )
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(tr("选择文件…"), self)
        self.import_button = QPushButton(tr("导入"), self)
        self.import_button.setEnabled(False)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        options_row = QHBoxLayout()
        options_row.addWidget(QLabel(tr("工作表："), self))
        self.sheet_box = QComboBox(self)
        self.sheet_box.addItem(AUTO_SHEET, None)
        options_row.addWidget(self.sheet_box, 1)
        # The same choice as `casedesk import --ignore-columns`: unknown columns are refused
        # and listed unless the clerk confirms they need not be imported.
        self.ignore_box = QCheckBox(tr("忽略未知列（确认不导入本程序不认识的列）"), self)
        options_row.addWidget(self.ignore_box)
        layout.addLayout(options_row)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.cancel_button = QPushButton(tr("取消导入"), self)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        layout.addLayout(progress_row)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.error_model = RowsTableModel(ERROR_COLUMNS, self)
        self.error_view = make_table(self)
        self.error_view.setModel(self.error_model)
        size_columns(self.error_view, [c.width for c in ERROR_COLUMNS])
        self.error_view.hide()
        layout.addWidget(self.error_view, 1)
        self.close_button = QPushButton(tr("关闭"), self)
        layout.addWidget(self.close_button)
        self.resize(760, 460)

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.import_button.clicked.connect(lambda: self.import_file(Path(self.path_edit.text())))
        self.close_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    def set_file(self, path: Path) -> None:
        """Choose the file: its sheets fill the 工作表 choice (automatic by default)."""
        self.path_edit.setText(str(path))
        self.import_button.setEnabled(True)
        self._sheets_of = str(path)
        self.sheet_box.clear()
        self.sheet_box.addItem(AUTO_SHEET, None)
        try:
            sheets = sheet_names(path)
        except LedgerImportError:
            return  # the import itself reports what is wrong with the file
        for name, hidden in sheets:
            self.sheet_box.addItem(name + (tr("（隐藏）") if hidden else ""), name)

    def import_file(self, path: Path) -> None:
        """Import this file in the background (one writer at a time), with the sheet and the
        unknown-columns choice shown in the dialog."""
        if str(path) != self._sheets_of:
            self.set_file(path)
        self.settings.set_last_dir("import", path.parent)
        method = getattr(self.ctx.ledger_import, KINDS[self.kind][1])
        options = ReadOptions(self.sheet_box.currentData(), self.ignore_box.isChecked())
        self.running = True
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.error_view.hide()
        self.result_label.setText(tr("正在读取并检查“{0}”……").format(path.name))

        self.handle = run_in_background(
            build_task(partial(method, path, options=options)),
            self._on_done,
            self._on_error,
            write=True,
            on_progress=self._on_progress,
            on_cancelled=self._on_cancelled,
        )

    def _on_browse_button_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.windowTitle(), self.settings.last_dir("import"), tr("Excel 文件 (*.xlsx)")
        )
        if name:
            self.set_file(Path(name))

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_cancel_button_clicked(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.result_label.setText(tr("正在取消……"))

    def _on_cancelled(self) -> None:
        self._finish()
        self.result_label.setStyleSheet("")
        self.result_label.setText(tr("已取消导入，没有保存任何记录。"))

    def _finish(self) -> None:
        self.running = False
        self.handle = None
        self.progress.hide()
        self.cancel_button.hide()
        self.import_button.setEnabled(bool(self.path_edit.text()))

    def _on_done(self, report: ImportReport) -> None:
        self._finish()
        self.imported = report
        self.result_label.setStyleSheet("color:#1b5e20;")
        self.result_label.setText(str(report))

    def _on_error(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, LedgerImportError):
            self.error_model.set_rows(error.errors)
            self.error_view.show()
            more = error.total_errors - len(error.errors)
            text = tr("文件中有 {0} 处错误，没有导入任何记录。请改正下列各行后重新导入。").format(
                error.total_errors
            )
            if error.sheet:
                text = tr("工作表“{0}”：").format(error.sheet) + text
            if more > 0:
                text += tr("（仅列出前 {0} 处）").format(len(error.errors))
            self.result_label.setStyleSheet("color:#b3261e;")
            self.result_label.setText(text)
        else:
            self.result_label.setText("")
            show_error(self, error)
