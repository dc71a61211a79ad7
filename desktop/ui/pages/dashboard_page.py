"""工作台: counts, procedural and legal defects first, then due and overdue deadlines, recent
cases, reminders whose links open the window's own buttons (never the command line)."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.calendar.workdays import PROVISIONAL_NOTE
from desktop.cases.dashboard import (
    DEFECT_SEVERITY,
    LEGAL_PROBLEMS,
    OUT_OF_RANGE,
    Dashboard,
    Defect,
    DueItem,
)
from desktop.law.flags import CaseFlag
from desktop.ui.errors import show_error
from desktop.ui.models.case_table_model import CASE_COLUMNS
from desktop.ui.models.columns import ID_ROLE, ColumnSpec, attr
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.table_view import connect_open, fit_last_column, make_table, size_columns

DUE_COLUMNS = (
    ColumnSpec(
        tr("期限"),
        lambda d: d.due.isoformat() + (tr("（暂定）") if d.provisional else ""),
        7,
        tip=lambda d: tr("暂定：该年{0}。").format(PROVISIONAL_NOTE) if d.provisional else "",
    ),
    ColumnSpec(
        tr("剩余"),
        lambda d: (
            tr("逾期 {0} 天").format(-d.days_left)
            if d.days_left < 0
            else tr("今天到期")
            if d.days_left == 0
            else tr("{0} 天").format(d.days_left)
        ),
        5,
    ),
    ColumnSpec(tr("事项"), attr("what"), 12),
    ColumnSpec(tr("类别"), attr("record_type"), 4),
    ColumnSpec(tr("对象"), attr("record"), 12),
)
DEFECT_COLUMNS = (
    ColumnSpec(tr("问题"), attr("kind"), 9),
    ColumnSpec(tr("对象"), attr("record"), 14),
    ColumnSpec(tr("说明"), attr("detail"), 30, tip=lambda d: str(d.detail)),
)
#: Where a reminder's link leads: "page:tab" (the 设置 tab with the button it names).
BACKUP_LINK = "settings:数据与备份"
OFFICE_LINK = "settings:单位信息"


def flag_defect(flag: CaseFlag) -> Defect:
    """A case whose penalty is outside its range, as a 工作台 defect; with a recorded reason it
    is still listed (法制审核 must read it) but after every unexplained defect."""
    severity = DEFECT_SEVERITY[OUT_OF_RANGE] if not flag.reason else len(DEFECT_SEVERITY)
    detail = "；".join(flag.problems)
    kind = OUT_OF_RANGE
    if flag.reason:
        kind += tr("（已说明理由）")
        detail += tr("。理由：{0}").format(flag.reason)
    return Defect(severity, kind, "案件", flag.case_id, flag.label, detail)


class DashboardPage(Page):
    """The clerk's start page."""

    PAGE_ID = "dashboard"
    TITLE = "工作台"
    #: A case id the user wants to open on the 案件 page.
    case_requested = Signal(int)
    #: (record type 案件/检查/投诉举报/工作方案, id) of a due item the clerk opened.
    record_requested = Signal(str, int)
    #: (page id, tab title): a reminder's link to the window's own button (设置 → 数据与备份).
    page_requested = Signal(str, str)
    #: Every load (F5 too) starts the second pass, which holds the interpreter lock.
    PAINTS_EVERY_LOAD = True

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.dashboard: Dashboard | None = None
        #: The backup notes and flagged cases shown with `dashboard` (kept for the second pass).
        self._shown: tuple[list[str] | None, list[CaseFlag] | None] = (None, None)
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.reminder = QLabel(self)
        self.reminder.setWordWrap(True)
        self.reminder.setTextFormat(Qt.TextFormat.RichText)
        self.reminder.setStyleSheet(
            "background:#fff8e1; border:1px solid #f0c36d; padding:8px; border-radius:4px;"
        )
        layout.addWidget(self.reminder)
        self.cards = QGridLayout()
        self.cards.setSpacing(12)
        layout.addLayout(self.cards)
        self.defect_box = QGroupBox(tr("程序与法律问题"), self)
        defect_layout = QVBoxLayout(self.defect_box)
        self.defect_model = RowsTableModel(DEFECT_COLUMNS, self)
        self.defect_view = make_table(self.defect_box)
        self.defect_view.setModel(self.defect_model)
        size_columns(self.defect_view, [c.width for c in DEFECT_COLUMNS])
        fit_last_column(self.defect_view)
        defect_layout.addWidget(self.defect_view)
        self.defect_box.hide()
        layout.addWidget(self.defect_box, 1)
        row = QHBoxLayout()
        due_box = QGroupBox(tr("到期与逾期事项（14 天内）"), self)
        due_layout = QVBoxLayout(due_box)
        self.due_model = RowsTableModel(DUE_COLUMNS, self)
        self.due_view = make_table(due_box)
        self.due_view.setModel(self.due_model)
        size_columns(self.due_view, [s.width for s in DUE_COLUMNS])
        fit_last_column(self.due_view)
        due_layout.addWidget(self.due_view)
        row.addWidget(due_box, 3)
        recent_box = QGroupBox(tr("最近处理的案件"), self)
        recent_layout = QVBoxLayout(recent_box)
        # 当事人 last: it takes what is left and elides, so the 立案日期 is never cut off in the
        # narrow right-hand box (1366×768, or the default window).
        recent_columns = (CASE_COLUMNS[0], CASE_COLUMNS[6], CASE_COLUMNS[7], CASE_COLUMNS[1])
        self.recent_model = RowsTableModel(recent_columns, self)
        self.recent_view = make_table(recent_box)
        self.recent_view.setModel(self.recent_model)
        size_columns(self.recent_view, [11, 3, 6, 11])
        fit_last_column(self.recent_view)
        recent_layout.addWidget(self.recent_view)
        row.addWidget(recent_box, 2)
        layout.addLayout(row, 1)

    def _connect_signals(self) -> None:
        for view in (self.defect_view, self.due_view, self.recent_view):
            connect_open(view, self._on_view_activated)  # Enter or double-click
        self.reminder.linkActivated.connect(self._on_reminder_link_activated)

    def refresh(self) -> None:
        """Recompute the dashboard off the GUI thread, in two passes: the counts, deadlines,
        deadline defects and recent cases first (the page is loaded then); the checks of the
        law — the 法定程序问题 count (every case through the procedure checker) and the open
        cases whose penalty breaks its range — after them, so the first screen does not wait."""
        dashboard, backups = self.ctx.dashboard, self.ctx.backups

        def load() -> tuple[Dashboard, list[str]]:
            notes = backup_notes(backups.reminders(), backups.age_days())
            return dashboard.load(legal=False), notes

        # A bound method, not a lambda: Qt drops the connection if the page is deleted first.
        run_in_background(load, self._on_loaded, lambda e: show_error(self, e), title="工作台")

    def _check_the_law(self) -> None:
        dashboard, flags = self.ctx.dashboard, self.ctx.legal_flags

        def check() -> tuple[int, list[CaseFlag]]:
            return dashboard.legal_problem_count(), flags.open_cases()

        run_in_background(check, self._on_law_checked, lambda e: show_error(self, e),
                          title="工作台")  # fmt: skip

    @property
    def is_settled(self) -> bool:
        """Loaded, and the second pass (the 法定程序问题 count, the flagged cases) shown."""
        return self.is_loaded and self.dashboard is not None and (
            LEGAL_PROBLEMS in dict(self.dashboard.counts)
        )

    def _on_law_checked(self, result: tuple[int, list[CaseFlag]]) -> None:
        if self.dashboard is None:
            return
        count, flags = result
        kept = tuple(c for c in self.dashboard.counts if c[0] != LEGAL_PROBLEMS)  # two refreshes
        counts = (*kept, (LEGAL_PROBLEMS, count))
        self.show_dashboard(replace(self.dashboard, counts=counts), self._shown[0], flags)
        self.settled.emit()

    def focus_content(self) -> None:
        """The defects when there are any, else the deadlines."""
        view = self.defect_view if self.defect_model.rowCount() else self.due_view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if view.model().rowCount() and not view.currentIndex().isValid():
            view.selectRow(0)

    def show_dashboard(
        self,
        dashboard: Dashboard,
        backup: list[str] | None = None,
        flags: list[CaseFlag] | None = None,
    ) -> None:
        """Fill the widgets; `backup` are the backup service's reminders (age, key export),
        `flags` the open cases with a legal problem (penalty outside its range)."""
        self.dashboard = dashboard
        self._shown = (backup, flags)
        defects = sorted(
            [*dashboard.defects, *(flag_defect(f) for f in flags or ())],
            key=lambda d: (d.severity, d.record_type, d.record_id),
        )
        self.defect_model.set_rows(defects)
        self.defect_box.setTitle(tr("程序与法律问题（{0}）").format(len(defects)))
        self.defect_box.setVisible(bool(defects))
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        counts: list[tuple[str, int | None]] = list(dashboard.counts)
        if LEGAL_PROBLEMS not in dict(counts):
            counts.append((LEGAL_PROBLEMS, None))  # being counted: its place kept
        for column, (label, value) in enumerate(counts):
            alert = label in ("逾期事项", LEGAL_PROBLEMS) and bool(value)
            self.cards.addWidget(_card(label, value, alert=alert), 0, column)
        # The backup service (the backups folder it writes) is the one source of the backup
        # and key reminders; the dashboard's own line is only a fallback for callers without it.
        notes = list(backup) if backup is not None else [dashboard.backup_reminder]
        legal = dict(dashboard.counts).get(LEGAL_PROBLEMS, 0)
        if legal:
            notes.append(
                tr("{0} 件案件不符合法定程序规则（执法主体、处罚种类、不予处罚、移送、执法人员），"
                   "打开案件可见提示，或运行 casedesk check --legal 查看全部。").format(legal)
            )  # fmt: skip
        lines = [_linked(html.escape(n), BACKUP_LINK, tr("打开“数据与备份”")) for n in notes]
        if dashboard.missing_settings:
            text = tr("单位设置尚未填写：{0}（文书需要这些信息）。").format(
                "、".join(dashboard.missing_settings)
            )
            lines.append(f"{html.escape(text)} <a href='{OFFICE_LINK}'>{tr('去填写')}</a>")
        report = self.ctx.startup_report  # what opening the app found and repaired
        if report is not None:
            lines += [html.escape(tr(n)) for n in report.notes()]
        self.reminder.setText("<br>".join(lines))
        self.reminder.setVisible(bool(lines))
        self.due_model.set_rows(dashboard.due)
        self.recent_model.set_rows(dashboard.recent)

    def show_start_report(self) -> None:
        """Show the start-up check's report, which the window fetched after the first pass."""
        if self.dashboard is not None:
            self.show_dashboard(self.dashboard, *self._shown)

    def _on_loaded(self, result: tuple[Dashboard, list[str]]) -> None:
        dashboard, notes = result
        self.show_dashboard(dashboard, notes, self._shown[1])  # the last flags until checked
        self.mark_loaded()
        # Not for a window already closed: its context may be closing under the second pass.
        if self.window().isVisible():
            self._check_the_law()

    def _on_reminder_link_activated(self, link: str) -> None:
        page, _sep, tab = link.partition(":")
        self.page_requested.emit(page, tab)

    def _on_view_activated(self, index: QModelIndex) -> None:
        model = index.model()
        row = model.row_at(index.row()) if isinstance(model, RowsTableModel) else None
        if isinstance(row, DueItem):  # a deadline: open whatever record it belongs to
            self.record_requested.emit(row.record_type, row.record_id)
            return
        case_id = getattr(row, "case_id", None) or index.data(ID_ROLE)
        if case_id:
            self.case_requested.emit(int(case_id))


def _linked(note: str, link: str, words: str) -> str:
    """A reminder naming a button of the 设置 page, with a link that opens that page's tab."""
    return f"{note} <a href='{link}'>{words}</a>" if "设置" in note else note


def backup_notes(reminders: list[str], age_days: int | None) -> list[str]:
    """The backup service's reminders, or when all is well the age of the last backup."""
    if reminders:
        return [tr(r) for r in reminders]
    return (
        [tr("上次备份：{0} 天前；退出程序时会自动备份。").format(age_days)]
        if age_days is not None
        else []
    )


def _card(label: str, value: int | None, alert: bool = False) -> QWidget:
    """A count with its label; None: still being counted ("…", with a tooltip saying so)."""
    frame = QFrame()
    frame.setObjectName("card")
    colour = "#b3261e" if alert else "#1a4f8b"
    frame.setStyleSheet(
        "#card { background: white; border: 1px solid #d9dde3; border-radius: 6px; }"
    )
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 4, 10, 6)  # compact: a 768-pixel screen needs the lists' rows
    layout.setSpacing(0)
    number = QLabel("…" if value is None else f"{value:,}")
    if value is None:
        number.setToolTip(tr("正在检查全部案件……"))
    number.setStyleSheet(f"font-size: 17pt; font-weight: 600; color: {colour};")
    number.setAlignment(Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(number)
    layout.addWidget(QLabel(tr(label)))
    return frame
