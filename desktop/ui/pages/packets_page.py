"""报送: a case's file (卷宗) as one PDF, the campaign's upward report, and the yearly archive.

The 卷宗 tab lists what the file will hold and what is missing before it is built; the other tabs
are panels of their own (campaign_panel, archive_panel). Every build runs in the background with
its progress and 取消 in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.casefile.evidence import MEDIA_TYPES as EVIDENCE_TYPES
from desktop.casefile.fill import FillResult, generate_missing
from desktop.cases.cases import CaseFilter
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.base import Page
from desktop.ui.tasks import TaskHandle, build_task, run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.archive_panel import ArchivePanel
from desktop.ui.widgets.campaign_panel import CampaignPanel
from desktop.ui.widgets.publication_panel import PublicationPanel
from desktop.ui.widgets.rollup_panel import RollupPanel
from desktop.ui.widgets.table_view import make_table, size_columns
from forms.record_forms import CaseStatus

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

PLAN_COLUMNS = (
    ColumnSpec(tr("卷内材料"), lambda item: item.title, 14),
    ColumnSpec(tr("文号"), lambda item: item.number, 14),
    ColumnSpec(tr("日期"), lambda item: item.on, 6, "date"),
    ColumnSpec(tr("状态"), lambda item: tr("已有") if item.present else tr("缺少"), 4),
)


class PacketsPage(Page):
    """Tabs: 案件卷宗 (enter a 案号, see the contents, build the PDF), 专项整治报送, 结案归档,
    信息公示 (desktop.publish), 汇总 (a city's sum of its units' tables)."""

    PAGE_ID = "packets"
    TITLE = "报送"

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        #: Shows a task in the window's progress panel (the window sets it).
        self.track: Callable[[TaskHandle], TaskHandle] = lambda handle: handle
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs)
        case_tab = QWidget()
        layout = QVBoxLayout(case_tab)
        self.tabs.addTab(case_tab, tr("案件卷宗"))
        self.campaign = CampaignPanel(ctx, settings, lambda h: self.track(h), self)
        self.tabs.addTab(self.campaign, tr("专项整治报送"))
        self.archive = ArchivePanel(ctx, settings, lambda h: self.track(h), self)
        self.tabs.addTab(self.archive, tr("结案归档"))
        self.publication = PublicationPanel(ctx, settings, lambda h: self.track(h), self)
        self.tabs.addTab(self.publication, tr("信息公示"))
        self.rollup = RollupPanel(ctx, settings, lambda h: self.track(h), self)
        self.tabs.addTab(self.rollup, tr("汇总"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("案号"), self))
        self.case_edit = QLineEdit(self)
        self.case_edit.setPlaceholderText(tr("输入案号，如 青卫医案〔2026〕12号"))
        row.addWidget(self.case_edit, 1)
        self.plan_button = QPushButton(tr("查看卷内材料"), self)
        self.fill_button = QPushButton(tr("补齐缺少的文书"), self)
        self.fill_button.setEnabled(False)
        self.evidence_button = QPushButton(tr("添加证据材料…"), self)
        self.remove_evidence_button = QPushButton(tr("移除所选证据"), self)
        self.remove_evidence_button.setEnabled(False)
        self.gaps = QCheckBox(tr("缺少材料时仍生成（留空页）"), self)
        self.build_button = QPushButton(tr("生成卷宗 PDF…"), self)
        row.addWidget(self.plan_button)
        layout.addLayout(row)
        actions = QHBoxLayout()  # a second line: all on one needed 1473 pixels
        for widget in (self.fill_button, self.evidence_button, self.remove_evidence_button,
                       self.gaps):  # fmt: skip
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.build_button)
        layout.addLayout(actions)
        self.model = RowsTableModel(PLAN_COLUMNS, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        size_columns(self.view, [c.width for c in PLAN_COLUMNS])
        layout.addWidget(self.view, 1)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color:#8a6d00;")
        layout.addWidget(self.missing)
        #: What the last 补齐 generated and what it could not (with the engine's reasons).
        self.fill_result = QLabel(self)
        self.fill_result.setWordWrap(True)
        layout.addWidget(self.fill_result)
        self.plan_button.clicked.connect(self.show_plan)
        self.case_edit.returnPressed.connect(self.show_plan)
        self.build_button.clicked.connect(self._on_build_button_clicked)
        self.fill_button.clicked.connect(self.fill_missing)
        self.evidence_button.clicked.connect(self._on_evidence_button_clicked)
        self.remove_evidence_button.clicked.connect(self.remove_selected_evidence)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.remove_evidence_button.setEnabled(
                self._evidence_at(current.row()) is not None
            )
        )

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
        handle = run_in_background(
            build_task(partial(self.ctx.case_files.write, key, out, allow_gaps=allow)),
            lambda result: self.status.emit(
                tr("卷宗已生成：{0}（{1} 页）").format(out, result.page_count)
            ),
            lambda e: show_error(self, e),
            title=tr("生成卷宗"),
            on_cancelled=lambda: self.status.emit(tr("已取消生成卷宗，未写入文件。")),
        )
        return self.track(handle)

    def fill_missing(self) -> TaskHandle | None:
        """Generate the documents the file lacks (each checked and numbered), then list again."""
        key = self.case_edit.text().strip()
        if not key:
            return None
        work = build_task(partial(generate_missing, self.ctx.case_files, self.ctx.documents, key))

        def done(result: FillResult) -> None:
            self.fill_result.setText(str(result))
            self.show_plan()

        self.fill_button.setEnabled(False)
        handle = run_in_background(
            work, done, lambda e: show_error(self, e), write=True, title=tr("补齐卷内文书")
        )
        return self.track(handle)

    def add_evidence(self, paths: list[Path]) -> TaskHandle | None:
        """Check and add PDFs or pictures to the case (all or none), then list the file again."""
        key = self.case_edit.text().strip()
        if not key or not paths:
            return None
        self.settings.set_last_dir("evidence", paths[0].parent)
        attachments = self.ctx.attachments

        def added(ids: list[int]) -> None:
            self.status.emit(tr("已添加 {0} 份证据材料。").format(len(ids)))
            self.show_plan()

        return run_in_background(
            lambda: attachments.add_many(key, paths),
            added,
            lambda e: show_error(self, e, tr("未添加证据材料")),
            write=True,
        )

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.publication:
            self.publication.refresh()  # the 公示 state as of now

    def remove_selected_evidence(self) -> TaskHandle | None:
        """Take the selected evidence out of the case (asked nothing: the audit keeps it)."""
        attachment_id = self._evidence_at(self.view.currentIndex().row())
        if attachment_id is None:
            return None
        attachments = self.ctx.attachments
        return run_in_background(
            lambda: attachments.remove(attachment_id),
            lambda _r: self.show_plan(),
            lambda e: show_error(self, e),
            write=True,
        )

    def _evidence_at(self, row: int) -> int | None:
        if not 0 <= row < self.model.rowCount():
            return None
        return getattr(self.model.row_at(row), "attachment_id", None)

    def _on_evidence_button_clicked(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(
            self, tr("添加证据材料"), self.settings.last_dir("evidence"),
            tr("PDF 或图片 ({0})").format(" ".join(f"*{s}" for s in EVIDENCE_TYPES)),
        )  # fmt: skip
        if names:
            self.add_evidence([Path(n) for n in names])

    def _on_plan(self, plan: object) -> None:
        self.model.set_rows(list(getattr(plan, "items", ())))
        # 补齐 makes documents; cited evidence (照片, 票据) is filed by the clerk, but listed too.
        self.fill_button.setEnabled(bool(getattr(plan, "missing", ())))
        gaps = getattr(plan, "gaps", ())
        self.missing.setText(tr("缺少：{0}").format("、".join(gaps)) if gaps else "")
        self.mark_loaded()

    def _on_build_button_clicked(self) -> None:
        key = self.case_edit.text().strip()
        if not key:
            return
        start = str(Path(self.settings.last_dir("packets")) / f"卷宗 {key}.pdf")
        name, _f = QFileDialog.getSaveFileName(self, tr("生成卷宗"), start, "PDF (*.pdf)")
        if name:
            self.build(Path(name))
