"""机构 editor: the institution's staff, added and changed through the data-drawn staff editor."""

from __future__ import annotations

from desktop.services.institutions import InstitutionFilter
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
