"""工作方案 on the 检查 page: the plans, their editor, and the recorded 双随机 draws of each.

A draw is never silently redone: 重新抽取 needs a reason and records a new draw that replaces the
old one (DrawService). The 检查名单 of any draw exports to XLSX.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.common.errors import ValidationError
from desktop.inspections.draw import DrawRecord
from desktop.inspections.draw_export import export_draw_xlsx
from desktop.inspections.plans import PlanInput, PlanRow, plan_form_values, plan_from_form
from desktop.trust.audit import current_actor
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_sources import checklist_options
from desktop.ui.errors import show_error
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import connect_open, rows_table, scrolled
from forms.record_forms import PLAN_FIELDS, PlanKind
from forms.validators import FieldError

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings

PLAN_COLUMNS = (
    ColumnSpec(tr("类型"), attr("kind"), 6),
    ColumnSpec(tr("方案名称"), attr("title"), 22),
    ColumnSpec(tr("开始"), attr("period_start"), 6, "date"),
    ColumnSpec(tr("结束"), attr("period_end"), 6, "date"),
    ColumnSpec(tr("牵头部门"), attr("lead_department"), 8),
)
DRAW_COLUMNS = (
    ColumnSpec(tr("编号"), attr("id"), 3),
    ColumnSpec(tr("抽取时间"), lambda r: f"{r.drawn_at:%Y-%m-%d %H:%M}", 8),
    ColumnSpec(tr("抽取人"), attr("drawn_by"), 4),
    ColumnSpec(tr("抽取要求"), lambda r: f"{r.requested}（共 {r.population} 户）", 9),
    ColumnSpec(tr("随机种子"), attr("seed"), 6),
    ColumnSpec(
        tr("状态"),
        lambda r: (
            tr("已被第{0}号取代").format(r.replaced_by_draw_id)
            if r.replaced_by_draw_id
            else tr("有效")
        ),
        6,
    ),
    ColumnSpec(tr("重新抽取理由"), attr("reason"), 10),
)
OBJECT_COLUMNS = (
    ColumnSpec(tr("序号"), attr("position"), 2),
    ColumnSpec(tr("检查对象"), attr("name"), 14),
    ColumnSpec(tr("镇街"), attr("town"), 5),
    ColumnSpec(
        tr("执法人员"), lambda o: "、".join(f"{name}（{badge}）" for name, badge in o.officers), 20
    ),
)
BY_COUNT, BY_PERCENT = tr("按户数"), tr("按比例（%）")


def plan_editor(
    ctx: AppContext, plan_id: int | None, parent: QWidget | None = None, today: date | None = None
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored 工作方案."""
    if plan_id is None:
        day = today or date.today()
        original = PlanInput(kind=PlanKind.DOUBLE_RANDOM, title="", period_start=day,
                             period_end=date(day.year, 12, 31))  # fmt: skip
        title = tr("新增工作方案")
    else:
        original = ctx.plans.get(plan_id)
        title = tr("工作方案 — {0}").format(original.title)

    def save(typed: dict[str, object]) -> int:
        data = plan_from_form(typed, original)
        if plan_id is None:
            return ctx.plans.create(data)
        ctx.plans.update(plan_id, data)
        return plan_id

    sources = {"checklists": checklist_options(ctx)}
    values = plan_form_values(original)
    dialog = RecordEditorDialog(title, PLAN_FIELDS, values, save, parent, sources)
    dialog.resize(760, 600)
    return dialog


class PlansPanel(QWidget):
    """Plans on the left; the chosen plan's targets, draws and drawn objects on the right."""

    #: Emitted after the plan list was read and shown.
    loaded = Signal()
    #: A status-bar message (the page passes it to the window).
    status = Signal(str)

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        #: The open plan editor (tests fill it as a clerk would).
        self.editor: RecordEditorDialog | None = None
        self.draws: list[DrawRecord] = []
        self._pending_select: int | None = None
        self._setup_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model, self.view = rows_table(PLAN_COLUMNS, left, self)
        left_layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(tr("新增方案…"), left)
        self.edit_button = QPushButton(tr("修改方案…"), left)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.targets_label = QLabel(right)
        self.targets_label.setWordWrap(True)
        right_layout.addWidget(self.targets_label)
        right_layout.addWidget(self._draw_box(right))
        self.draw_model, self.draw_view = rows_table(DRAW_COLUMNS, right, self)
        self.draw_view.setMaximumHeight(150)
        right_layout.addWidget(QLabel(tr("抽取记录"), right))
        right_layout.addWidget(self.draw_view)
        self.object_model, self.object_view = rows_table(OBJECT_COLUMNS, right, self)
        right_layout.addWidget(QLabel(tr("检查名单（所选抽取记录）"), right))
        right_layout.addWidget(self.object_view, 1)
        redo = QHBoxLayout()
        self.reason_edit = QLineEdit(right)
        self.reason_edit.setPlaceholderText(tr("重新抽取的理由（必填，如：抽中对象已注销）"))
        self.redraw_button = QPushButton(tr("重新抽取"), right)
        self.export_button = QPushButton(tr("导出检查名单…"), right)
        redo.addWidget(self.reason_edit, 1)
        redo.addWidget(self.redraw_button)
        redo.addWidget(self.export_button)
        right_layout.addLayout(redo)
        splitter.addWidget(scrolled(right))  # scrolls only on a very low window
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 720])
        layout.addWidget(splitter, 1)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_plan_changed(current.row())
        )
        self.draw_view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_draw_changed(current.row())
        )
        connect_open(self.view, lambda _i: self._on_edit_button_clicked())
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.draw_button.clicked.connect(self.draw)
        self.redraw_button.clicked.connect(self.redraw)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self._set_draw_buttons()

    def _draw_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(tr("双随机抽取"), parent)
        row = QHBoxLayout(box)
        self.mode = QComboBox(box)
        self.mode.addItems([BY_COUNT, BY_PERCENT])
        self.amount = QLineEdit(box)
        self.amount.setPlaceholderText(tr("如 10 或 20"))
        self.amount.setMaximumWidth(120)
        self.draw_button = QPushButton(tr("抽取"), box)
        self.draw_note = QLabel(
            tr("对象和执法人员（每户至少两名，回避有利害关系者）随机抽取，种子与抽取人一并记录。"),
            box,
        )
        self.draw_note.setWordWrap(True)
        row.addWidget(self.mode)
        row.addWidget(self.amount)
        row.addWidget(self.draw_button)
        row.addWidget(self.draw_note, 1)
        return box

    # --- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the plans in the background."""
        plans = self.ctx.plans
        run_in_background(plans.list, self._on_loaded, lambda e: show_error(self, e))

    def select_plan(self, plan_id: int) -> None:
        """Choose a plan (after the list is read, if it is not yet)."""
        ids = [self.model.row_at(r).id for r in range(self.model.rowCount())]
        if plan_id in ids:
            self.view.selectRow(ids.index(plan_id))
        else:
            self._pending_select = plan_id
            self.refresh()

    def selected_plan(self) -> PlanRow | None:
        """The plan chosen in the list."""
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def selected_draw(self) -> DrawRecord | None:
        """The draw chosen in the draw list."""
        index = self.draw_view.currentIndex()
        return self.draws[index.row()] if index.isValid() else None

    def _on_loaded(self, rows: list[PlanRow]) -> None:
        chosen = self.selected_plan()
        wanted = self._pending_select or (chosen.id if chosen is not None else None)
        self._pending_select = None
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if wanted in ids:
            self.view.selectRow(ids.index(wanted))
        elif rows:
            self.view.selectRow(0)
        self.loaded.emit()

    def _on_plan_changed(self, row: int) -> None:
        if row < 0:
            return
        self.load_plan(self.model.row_at(row).id)

    def load_plan(self, plan_id: int, select_draw: int | None = None) -> None:
        """Show the plan's target count and its draws (the newest selected)."""
        plans, draws = self.ctx.plans, self.ctx.draws

        def load() -> tuple[int, list[DrawRecord]]:
            return len(plans.targets(plan_id)), draws.list(plan_id)

        def show(result: tuple[int, list[DrawRecord]]) -> None:
            plan = self.selected_plan()
            if plan is None or plan.id != plan_id:
                return
            population, self.draws = result
            self.targets_label.setText(
                tr("“{0}”的检查对象：{1} 户（按方案的对象条件）。").format(plan.title, population)
            )
            self.draw_model.set_rows(self.draws)
            ids = [d.id for d in self.draws]
            if select_draw in ids:
                self.draw_view.selectRow(ids.index(select_draw))
            elif self.draws:
                self.draw_view.selectRow(len(self.draws) - 1)
            else:
                self.object_model.set_rows([])
            self._set_draw_buttons()

        run_in_background(load, show, lambda e: show_error(self, e))

    def _on_draw_changed(self, row: int) -> None:
        if 0 <= row < len(self.draws):
            self.object_model.set_rows(list(self.draws[row].objects))
        self._set_draw_buttons()

    def _set_draw_buttons(self) -> None:
        draw = self.selected_draw()
        self.draw_button.setEnabled(self.selected_plan() is not None and not self.draws)
        self.redraw_button.setEnabled(draw is not None and draw.replaced_by_draw_id is None)
        self.export_button.setEnabled(draw is not None)

    # --- plan editing ------------------------------------------------------------------

    def open_editor(self, plan_id: int | None) -> RecordEditorDialog:
        """Open the plan editor (modeless); the list reloads when it saves."""
        editor = self.editor = plan_editor(self.ctx, plan_id, self)

        def saved() -> None:
            self._pending_select = editor.saved_id  # show the plan just saved
            self.refresh()

        editor.accepted.connect(saved)
        editor.open()
        return editor

    def _on_edit_button_clicked(self) -> None:
        plan = self.selected_plan()
        if plan is not None:
            self.open_editor(plan.id)

    # --- drawing -------------------------------------------------------------------------

    def draw(self) -> None:
        """The plan's first draw, by count or percentage as chosen."""
        plan = self.selected_plan()
        if plan is None:
            return
        text = self.amount.text().strip()
        by_count = self.mode.currentText() == BY_COUNT
        if by_count and not text.isdigit():
            show_error(self, ValidationError([FieldError("抽取户数", "请填写整数。")], "抽取"))
            return
        draws, plan_id = self.ctx.draws, plan.id
        count, percent = (int(text), None) if by_count else (None, text)
        run_in_background(
            lambda: draws.draw(plan_id, drawn_by=current_actor(), count=count, percent=percent),
            lambda draw_id: self.load_plan(plan_id, draw_id),
            lambda e: show_error(self, e),
            write=True,
        )

    def redraw(self) -> None:
        """A new recorded draw replacing the selected one, with the reason typed."""
        draw, plan = self.selected_draw(), self.selected_plan()
        if draw is None or plan is None:
            return
        draws, reason, plan_id = self.ctx.draws, self.reason_edit.text(), plan.id

        def done(draw_id: int) -> None:
            self.reason_edit.clear()
            self.load_plan(plan_id, draw_id)

        run_in_background(
            lambda: draws.redraw(draw.id, drawn_by=current_actor(), reason=reason),
            done,
            lambda e: show_error(self, e),
            write=True,
        )

    def export(self, out: Path) -> None:
        """Write the selected draw's 检查名单 XLSX."""
        draw = self.selected_draw()
        if draw is None:
            return
        self.settings.set_last_dir("draws", out.parent)
        run_in_background(
            lambda: export_draw_xlsx(draw, out),
            lambda path: self.status.emit(tr("检查名单已导出：{0}").format(path)),
            lambda e: show_error(self, e),
        )

    def _on_export_button_clicked(self) -> None:
        draw = self.selected_draw()
        if draw is None:
            return
        start = str(Path(self.settings.last_dir("draws")) / f"{draw.plan_title}检查名单.xlsx")
        name, _f = QFileDialog.getSaveFileName(self, tr("导出检查名单"), start, "Excel (*.xlsx)")
        if name:
            self.export(Path(name))
