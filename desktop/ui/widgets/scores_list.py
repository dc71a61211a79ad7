"""记分与信用 inside the 机构 editor: 不良执业行为记分 of the institution and its staff, and its
依法执业信用评价. Both are recorded at once by ScoringService (like the staff list)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.app import AppContext
from desktop.inspections.inspections import InspectionFilter
from desktop.inspections.scoring import ScoreRow, score_from_form
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import rows_table
from forms.record_forms import CREDIT_FIELDS, SCORE_FIELDS

SCORE_COLUMNS = (
    ColumnSpec(tr("记分日期"), attr("occurred_on"), 6, "date"),
    ColumnSpec(tr("记分对象"), attr("subject"), 8),
    ColumnSpec(tr("分值"), attr("points"), 3),
    ColumnSpec(tr("记分事由"), attr("reason"), 14),
    ColumnSpec(tr("依据"), lambda r: r.case_no or (tr("检查记录") if r.inspection_id else ""), 10),
    ColumnSpec(tr("周期"), attr("scoring_year"), 3),
)
#: The institution itself in the 记分对象 list (staff are listed by their ids, never 0).
INSTITUTION_SUBJECT = 0


def score_editor(
    ctx: AppContext, institution_id: int, parent: QWidget | None = None, today: date | None = None
) -> RecordEditorDialog:
    """Record one 记分 event of the institution or one of its staff."""
    name = ctx.institutions.get(institution_id).data.name
    subjects = [(tr("本机构：{0}").format(name), INSTITUTION_SUBJECT)] + [
        (f"{s.name}（{s.role}）", s.id) for s in ctx.staff.list(institution_id)
    ]
    inspections = [
        (f"{i.inspected_on:%Y-%m-%d} {i.institution_name}", i.id)
        for i in ctx.inspections.list(InspectionFilter(institution_id=institution_id))
    ]

    def save(typed: dict[str, object]) -> int:
        subject = typed["subject"]
        by_institution = subject == INSTITUTION_SUBJECT
        return ctx.scoring.record(
            score_from_form(
                typed,
                institution_id=institution_id if by_institution else None,
                staff_id=None if by_institution else subject,  # type: ignore[arg-type]
                case_id=ctx.cases.linked_case_id(str(typed["case_no"] or ""), "记分依据"),
            )
        )

    values: dict[str, object] = {
        "subject": INSTITUTION_SUBJECT,
        "occurred_on": today or date.today(),
    }
    sources = {"subjects": subjects, "inspections": inspections}
    dialog = RecordEditorDialog(tr("登记不良执业行为记分 — {0}").format(name), SCORE_FIELDS,
                                values, save, parent, sources)  # fmt: skip
    dialog.resize(640, 520)
    return dialog


def credit_editor(
    ctx: AppContext, institution_id: int, parent: QWidget | None = None, today: date | None = None
) -> RecordEditorDialog:
    """Record one 依法执业信用评价 of the institution."""
    day = today or date.today()

    def save(typed: dict[str, object]) -> int:
        return ctx.scoring.evaluate(
            institution_id,
            int(typed["year"]),  # type: ignore[call-overload]
            str(typed["grade"]),
            typed["evaluated_on"],  # type: ignore[arg-type]
            str(typed["note"]),
        )

    values: dict[str, object] = {"year": day.year - 1, "evaluated_on": day}
    dialog = RecordEditorDialog(tr("登记依法执业信用评价"), CREDIT_FIELDS, values, save, parent)
    dialog.resize(520, 380)
    return dialog


class ScoresList(QWidget):
    """The events of a stored institution and its staff, newest first, with this year's totals."""

    #: The institution's 信用评价 grade after a reload (the 机构 form shows it too).
    grade_changed = Signal(str)

    def __init__(
        self, ctx: AppContext, institution_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.institution_id = institution_id
        #: The open editor (tests fill it as a clerk would); today's date for new events.
        self.editor: RecordEditorDialog | None = None
        self.today = date.today
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model, self.view = rows_table(SCORE_COLUMNS, self)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.score_button = QPushButton(tr("登记记分…"), self)
        self.credit_button = QPushButton(tr("登记信用评价…"), self)
        row.addWidget(self.score_button)
        row.addWidget(self.credit_button)
        layout.addLayout(row)
        for button in (self.score_button, self.credit_button):
            button.setEnabled(institution_id is not None)
        self.score_button.clicked.connect(lambda: self.open_editor("score"))
        self.credit_button.clicked.connect(lambda: self.open_editor("credit"))
        self.reload()

    def reload(self) -> None:
        """Read the events again and sum this scoring year's points per subject."""
        if self.institution_id is None:
            self.summary.setText(tr("请先保存机构，再登记记分或信用评价。"))
            return
        rows = self.ctx.scoring.history(self.institution_id, with_staff=True)
        self.model.set_rows(rows)
        grade = self._grade()
        self.summary.setText(_summary(rows, self.today().year, grade))
        self.grade_changed.emit(grade)

    def open_editor(self, which: str) -> RecordEditorDialog | None:
        """Open the 记分 or 信用评价 editor (modeless); the list reloads when it saves."""
        if self.institution_id is None:
            return None
        make = score_editor if which == "score" else credit_editor
        self.editor = make(self.ctx, self.institution_id, self, self.today())
        self.editor.accepted.connect(self.reload)
        self.editor.open()
        return self.editor

    def _grade(self) -> str:
        assert self.institution_id is not None
        return self.ctx.institutions.get(self.institution_id).data.credit_grade


def _summary(rows: list[ScoreRow], year: int, grade: str) -> str:
    totals: dict[str, int] = {}
    for row in rows:
        if row.scoring_year == year:
            totals[row.subject] = totals.get(row.subject, 0) + row.points
    points = "；".join(f"{name} {value} 分" for name, value in totals.items()) or tr("无")
    credit = grade or tr("未评价")
    return tr("{0} 年度记分：{1}。依法执业信用评价：{2}。").format(year, points, credit)
