"""设置 → 数据维护: a backup now, the audit trail's check, and next year's holidays (调休) entered."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton

from desktop.calendar.workdays import CalendarAdminService, CalendarImport
from desktop.trust.audit_chain import AuditReport
from desktop.trust.leftovers import recorded
from desktop.ui.errors import show_error
from desktop.ui.tasks import TaskHandle, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.field_widgets import ERROR_STYLE, OK_STYLE, show_failure, show_ok

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings


class MaintenanceBox(QGroupBox):
    """Three rows, each a button and the line that says how it went."""

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(tr("数据维护"), parent)
        self.ctx = ctx
        self.settings = settings
        self._calendar = CalendarAdminService(ctx.uow_factory)
        form = QFormLayout(self)
        self.backup_label, self.backup_button = self._row(form, tr("备份"), tr("立即备份…"))
        self.audit_label, self.audit_button = self._row(form, tr("审计记录"), tr("校验审计记录"))
        self.calendar_label, self.calendar_button = self._row(
            form, tr("节假日安排"), tr("导入节假日文件…")
        )
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.audit_button.clicked.connect(self.verify_audit)
        self.calendar_button.clicked.connect(self._on_calendar_button_clicked)

    def _row(self, form: QFormLayout, label: str, button_text: str) -> tuple[QLabel, QPushButton]:
        row = QHBoxLayout()
        text = QLabel(self)
        text.setWordWrap(True)
        button = QPushButton(button_text, self)
        row.addWidget(text, 1)
        row.addWidget(button)
        form.addRow(label, row)
        return text, button

    def refresh(self) -> None:
        """How old the last backup is, which holiday years were entered."""
        backups, calendar = self.ctx.backups, self._calendar
        run_in_background(
            lambda: (backups.age_days(), calendar.entered_years()),
            self._on_state,
            lambda e: show_error(self, e),
        )

    def _on_state(self, state: tuple[int | None, list[int]]) -> None:
        age, years = state
        self.backup_label.setText(
            tr("还没有做过备份。") if age is None else tr("上次备份在 {0} 天前。").format(age)
        )
        known = "、".join(str(y) for y in years) or tr("无")
        self.calendar_label.setText(
            tr("已录入：{0}。国务院公布下一年安排后，按 README 的格式导入（UTF-8 CSV）。").format(
                known
            )
        )

    # --- actions (tests call them with a path; the buttons ask for one) -------------------

    def backup_to(self, out: Path) -> TaskHandle:
        """A consistent backup zip of the database, the file store and the settings."""
        self.settings.set_last_dir("backup", out.parent)
        backups = self.ctx.backups
        self.backup_label.setText(tr("正在备份……"))

        def backup() -> object:
            # Journalled while it runs: a killed backup's partial file is found by the check.
            with recorded("backup", out.resolve()):
                return backups.backup(out)

        return run_in_background(
            backup,
            lambda summary: show_ok(self.backup_label, str(summary)),
            lambda e: show_failure(self.backup_label, e),
        )

    def verify_audit(self) -> TaskHandle:
        """Check the hash chain of the audit trail."""
        audit = self.ctx.audit
        self.audit_label.setText(tr("正在校验……"))
        return run_in_background(
            audit.verify, self._on_verified, lambda e: show_failure(self.audit_label, e)
        )

    def import_calendar(self, path: Path) -> TaskHandle:
        """Enter a year's holidays and 调休 working days; deadlines use them at once."""
        self.settings.set_last_dir("calendar", path.parent)
        calendar, workdays = self._calendar, self.ctx.calendar

        def work() -> CalendarImport:
            stored = calendar.import_path(path)
            workdays.refresh()
            return stored

        return run_in_background(work, self._on_calendar, lambda e: show_failure(self.calendar_label, e),
                                 write=True)  # fmt: skip

    # --- results --------------------------------------------------------------------------

    def _on_verified(self, report: AuditReport) -> None:
        self.audit_label.setStyleSheet(OK_STYLE if report.ok else ERROR_STYLE)
        self.audit_label.setText(str(report))

    def _on_calendar(self, stored: CalendarImport) -> None:
        show_ok(self.calendar_label, stored.describe() + tr("期限按新安排计算。"))

    def _on_backup_button_clicked(self) -> None:
        start = Path(self.settings.last_dir("backup")) / f"casedesk-备份-{date.today():%Y%m%d}.zip"
        name, _f = QFileDialog.getSaveFileName(self, tr("备份到"), str(start), "ZIP (*.zip)")
        if name:
            self.backup_to(Path(name))

    def _on_calendar_button_clicked(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self, tr("导入节假日文件"), self.settings.last_dir("calendar"), tr("CSV 文件 (*.csv)")
        )
        if name:
            self.import_calendar(Path(name))
