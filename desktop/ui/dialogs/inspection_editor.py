"""The inspection editor: the record form's fields, plus 检查对象, 执法人员 and the checklist table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.common.errors import ValidationError
from desktop.inspections.inspections import InspectionInput
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_sources import institution_options, plan_options
from desktop.ui.text import tr
from desktop.ui.widgets.checklist_results import ChecklistResultsTable
from desktop.ui.widgets.field_widgets import picked_id, record_combo
from forms.record_forms import INSPECTION_FIELDS, YesNo
from forms.validators import FieldError


class InspectionEditor(RecordEditorDialog):
    """A new or stored inspection; Save goes through InspectionService (≥2 officers, 回避)."""

    def __init__(
        self,
        ctx: AppContext,
        inspection_id: int | None = None,
        institution_id: int | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self.ctx = ctx
        self.inspection_id = inspection_id
        if inspection_id is None:
            original = InspectionInput(
                institution_id=institution_id or 0,
                inspected_on=today or date.today(),
                officer_ids=(),
            )
            title = tr("新增检查记录")
        else:
            detail = ctx.inspections.get(inspection_id)
            original = detail.data
            title = tr("检查记录 — {0} {1}").format(
                detail.row.institution_name, detail.row.inspected_on.isoformat()
            )
        self.original = original
        super().__init__(
            title,
            INSPECTION_FIELDS,
            _values(original),
            self._save_values,
            parent,
            sources={"plans": plan_options(ctx)},
        )
        self._add_who_box()
        self._add_results_tab()
        self.resize(860, 720)
        self._auto_officers: set[int] | None = None
        if inspection_id is None:  # a new record follows the draw; a stored one keeps its names
            self.institution.currentIndexChanged.connect(lambda _i: self.suggest_officers())
            self.editors["plan_id"].changed.connect(self.suggest_officers)
            self.suggest_officers()

    # --- widgets beyond the record form ---------------------------------------------

    def _add_who_box(self) -> None:
        box = QGroupBox(tr("检查对象与执法人员"), self)
        form = QFormLayout(box)
        self.institution = record_combo(institution_options(self.ctx), box, optional=False)
        index = self.institution.findData(self.original.institution_id)
        self.institution.setCurrentIndex(index)
        form.addRow(tr("检查对象 *"), self.institution)
        self.officers = QListWidget(box)
        self.officers.setMaximumHeight(110)
        chosen = set(self.original.officer_ids)
        for officer in self.ctx.inspections.officers():
            item = QListWidgetItem(f"{officer.name}（{tr('执法证号')} {officer.badge_no}）")
            item.setData(Qt.ItemDataRole.UserRole, officer.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = officer.id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.officers.addItem(item)
        form.addRow(tr("执法人员 *（至少两名）"), self.officers)
        self.officers_hint = QLabel(box)
        self.officers_hint.setStyleSheet("color:#5f6368;")
        self.officers_hint.hide()  # shown with the draw's note: an empty line costs a row
        form.addRow("", self.officers_hint)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, box)

    def _add_results_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QFormLayout()
        self.checklist = QComboBox(page)
        for checklist in self.ctx.checklists.list():
            self.checklist.addItem(checklist.name, checklist.id)
        row.addRow(tr("检查清单"), self.checklist)
        layout.addLayout(row)
        self.results = ChecklistResultsTable(page)
        layout.addWidget(self.results, 1)
        self.tabs.insertTab(1, page, tr("检查结果"))
        if self.original.results:
            self.results.set_results(self.original.results)
            self.checklist.setEnabled(False)  # a stored record keeps its items
        else:
            self.checklist.currentIndexChanged.connect(lambda _i: self._load_checklist())
            self._load_checklist()

    def _load_checklist(self) -> None:
        checklist_id = self.checklist.currentData()
        if checklist_id is not None:
            self.results.set_results(self.ctx.inspections.blank_results(int(checklist_id)))

    # --- reading and saving -----------------------------------------------------------

    def set_officers(self, officer_ids: set[int]) -> None:
        """Tick exactly these officers (as the clerk would)."""
        for row in range(self.officers.count()):
            item = self.officers.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in officer_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def suggest_officers(self) -> None:
        """Tick the officers the plan's 双随机 draw assigned to the chosen institution.

        Only while the clerk has not ticked others: officers ticked by hand are never replaced.
        """
        plan_id, institution_id = self.editors["plan_id"].raw(), picked_id(self.institution)
        if not isinstance(plan_id, int) or not isinstance(institution_id, int):
            return
        ticked = set(self.chosen_officers())
        if ticked and ticked != self._auto_officers:
            return
        draw_id, officers = self.ctx.draws.assigned_officers(plan_id, institution_id)
        if not officers:
            return
        self.set_officers(set(officers))
        self._auto_officers = set(officers)
        self.officers_hint.setText(
            tr("已按第 {0} 号抽取记录勾选本户的执法人员，可改选。").format(draw_id)
        )
        self.officers_hint.show()

    def state(self) -> object:
        """The form's fields, the object, the officers ticked and the checklist results."""
        extra = (picked_id(self.institution), self.chosen_officers(), self.results.results())
        return (super().state(), extra)

    def set_institution(self, institution_id: int) -> None:
        """Choose the inspected institution."""
        self.institution.setCurrentIndex(self.institution.findData(institution_id))

    def chosen_officers(self) -> tuple[int, ...]:
        """The ticked officers' ids, in list order."""
        return tuple(
            int(self.officers.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.officers.count())
            if self.officers.item(r).checkState() == Qt.CheckState.Checked
        )

    def _save_values(self, values: dict[str, object]) -> int:
        institution_id = picked_id(self.institution)
        if not isinstance(institution_id, int):
            raise ValidationError([FieldError("检查对象", "请从下拉列表中选择被检查的机构。")])
        day = values.pop("inspected_on")
        assert isinstance(day, date)
        start, end = values.pop("start_time"), values.pop("end_time")
        again = values.pop("illegal_again")
        data = replace(
            self.original,
            **values,  # type: ignore[arg-type]
            institution_id=int(institution_id),
            inspected_on=day,
            officer_ids=self.chosen_officers(),
            results=self.results.results(),
            started_at=_at(day, start),
            ended_at=_at(day, end),
            illegal_again=None if again is None else again is YesNo.YES,
        )
        if self.inspection_id is None:
            return self.ctx.inspections.create(data)
        self.ctx.inspections.update(self.inspection_id, data)
        return self.inspection_id


def _values(data: InspectionInput) -> dict[str, object]:
    return {
        "inspected_on": data.inspected_on,
        "start_time": data.started_at.time() if data.started_at else None,
        "end_time": data.ended_at.time() if data.ended_at else None,
        "plan_id": data.plan_id,
        "location": data.location,
        "present_person": data.present_person,
        "present_person_title": data.present_person_title,
        "findings": data.findings,
        "opinions": data.opinions,
        "entered_on": data.entered_on,
        "is_revisit": data.is_revisit,
        "illegal_again": None
        if data.illegal_again is None
        else YesNo.YES
        if data.illegal_again
        else YesNo.NO,
    }


def _at(day: date, moment: object) -> datetime | None:
    return datetime.combine(day, moment) if isinstance(moment, time) else None
