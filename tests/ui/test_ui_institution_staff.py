"""机构 editor: the institution's staff, added and changed through the data-drawn staff editor."""

from __future__ import annotations

from desktop.records.institutions import InstitutionFilter
from desktop.ui.dialogs.record_editors import institution_editor
from forms.record_forms import StaffRole

VALID_ID = "11010519491231002X"


def test_staff_are_added_and_edited_from_the_institution_editor(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = demo_ctx
    institution = ctx.institutions.list(InstitutionFilter())[0]
    dialog = institution_editor(ctx, institution.id)
    qtbot.addWidget(dialog)
    staff = dialog.staff
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "人员" in titles
    before = ctx.staff.list(institution.id)
    assert staff.model.rowCount() == len(before)
    editor = staff.open_editor(None)
    assert editor is not None
    editor.editors["name"].set_raw("赵医生")
    editor.editors["role"].set_raw(StaffRole.NURSE.value)
    editor.editors["id_number"].set_raw("110105194912310021")  # wrong check digit
    editor.editors["chief_cosmetic_doctor"].set_raw(True)
    assert not editor.try_save()
    assert editor.error_of("id_number")  # the service's 身份证号 message, under the field
    assert "医师" in editor.error_of("chief_cosmetic_doctor")
    assert len(ctx.staff.list(institution.id)) == len(before)  # nothing saved
    editor.editors["id_number"].set_raw(VALID_ID)
    editor.editors["chief_cosmetic_doctor"].set_raw(False)
    editor.editors["certificate_no"].set_raw("202433000123")
    assert editor.try_save(), editor.banner.text()
    assert staff.model.rowCount() == len(before) + 1
    names = [staff.model.row_at(r).name for r in range(staff.model.rowCount())]
    assert "赵医生" in names
    new_id = editor.saved_id
    assert new_id is not None and ctx.staff.get(new_id).id_number == VALID_ID
    # edit: the stored values come back into the editor
    staff.view.selectRow(names.index("赵医生"))
    staff.edit_button.click()
    again = staff.editor
    assert again is not None and again is not editor
    assert again.editors["certificate_no"].raw() == "202433000123"
    again.editors["role"].set_raw(StaffRole.DOCTOR.value)
    again.editors["chief_cosmetic_doctor"].set_raw(True)
    assert again.try_save(), again.banner.text()
    stored = ctx.staff.get(new_id)
    assert stored.role is StaffRole.DOCTOR and stored.chief_cosmetic_doctor
    assert any(
        r.chief_cosmetic_doctor and r.name == "赵医生" for r in ctx.staff.list(institution.id)
    )


def test_a_new_institution_asks_to_be_saved_before_staff(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = institution_editor(demo_ctx, None)
    qtbot.addWidget(dialog)
    assert not dialog.staff.add_button.isEnabled()
    assert "先保存机构" in dialog.staff.note.text()


def test_staff_are_deleted_after_a_question_unless_they_carry_scores(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from desktop.inspections.scoring import ScoreInput
    from desktop.records.staff import StaffInput

    ctx = demo_ctx
    institution = ctx.institutions.list(InstitutionFilter())[0]
    mistaken = ctx.staff.add(institution.id, StaffInput(name="错录人员", role=StaffRole.NURSE,
                                                        id_number=VALID_ID))  # fmt: skip
    scored = ctx.staff.add(institution.id, StaffInput(name="被记分医师", role=StaffRole.DOCTOR))
    inspection = ctx.inspections.list()[0]
    ctx.scoring.record(ScoreInput(points=2, reason="未按规定书写病历", staff_id=scored,
                                  occurred_on=date(2026, 5, 6), inspection_id=inspection.id))  # fmt: skip
    dialog = institution_editor(ctx, institution.id)
    qtbot.addWidget(dialog)
    staff = dialog.staff

    def select(name: str) -> None:
        names = [staff.model.row_at(r).name for r in range(staff.model.rowCount())]
        staff.view.selectRow(names.index(name))

    # 取消 keeps the person
    select("错录人员")
    box = staff.ask_delete()
    assert box is not None and "错录人员" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    assert any(r.id == mistaken for r in ctx.staff.list(institution.id))
    # 删除 removes them; the audit trail keeps who it was, without the plaintext 身份证号
    box = staff.ask_delete()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert all(r.id != mistaken for r in ctx.staff.list(institution.id))
    assert "错录人员" not in [staff.model.row_at(r).name for r in range(staff.model.rowCount())]
    trail = ctx.audit.history("staff", mistaken)
    assert [e.action for e in trail] == ["新增", "删除"]
    assert "错录人员" in str(trail[-1].changes) and VALID_ID not in str(trail)
    assert ctx.audit.verify().ok
    # a person with 记分 stays, and the clerk is told why
    select("被记分医师")
    box = staff.ask_delete()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert any(r.id == scored for r in ctx.staff.list(institution.id))
    shown = [w for w in staff.findChildren(QMessageBox) if "记分" in w.text() and w is not box]
    assert shown and "不能删除" in shown[-1].text()


def test_scores_and_credit_are_recorded_from_the_institution_editor(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    ctx = demo_ctx
    institution = next(i for i in ctx.institutions.list(InstitutionFilter())
                       if ctx.staff.list(i.id) and any(x.institution_id == i.id
                                                       for x in ctx.inspections.list()))  # fmt: skip
    doctor = ctx.staff.list(institution.id)[0]
    dialog = institution_editor(ctx, institution.id)
    qtbot.addWidget(dialog)
    scores = dialog.scores
    scores.today = lambda: date(2026, 11, 20)
    before = scores.model.rowCount()
    editor = scores.open_editor("score")
    assert editor is not None
    subject = editor.editors["subject"]
    subject.editor.setCurrentIndex(subject.editor.findData(doctor.id))  # type: ignore[attr-defined]
    editor.editors["points"].set_raw("三分")
    editor.editors["reason"].set_raw("未按规定书写病历")
    assert not editor.try_save()
    assert "不是整数" in editor.error_of("points")
    editor.editors["points"].set_raw("3")
    assert not editor.try_save()
    assert "请关联引起记分的案件或检查记录" in editor.error_of("case_no")
    editor.editors["case_no"].set_raw("青卫医案〔2099〕1号")
    assert not editor.try_save()
    assert "没有案号" in editor.error_of("case_no")
    editor.editors["case_no"].set_raw("")
    inspection = editor.editors["inspection_id"].editor  # type: ignore[attr-defined]
    inspection.setCurrentIndex(1)  # the institution's newest inspection
    assert editor.try_save(), editor.banner.text()
    assert scores.model.rowCount() == before + 1
    assert f"{doctor.name} 3 分" in scores.summary.text()
    event = ctx.scoring.history(staff_id=doctor.id)[0]
    assert (event.points, event.scoring_year, event.reason) == (3, 2026, "未按规定书写病历")
    # 信用评价: recorded, and the 机构 form now shows the new grade instead of saving the old one
    credit = scores.open_editor("credit")
    assert credit is not None
    credit.editors["grade"].set_raw("C")
    assert credit.try_save(), credit.banner.text()
    assert dialog.editors["credit_grade"].raw() == "C"
    assert "依法执业信用评价：C" in scores.summary.text()
    assert dialog.try_save(), dialog.banner.text()
    assert ctx.institutions.get(institution.id).data.credit_grade == "C"
