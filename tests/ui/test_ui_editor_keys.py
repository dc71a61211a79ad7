"""The record editors from the keyboard: Enter moves on, Ctrl+S saves, Esc asks, errors at the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot
from ui_keys import answer_next_box, press, show_active, type_date, type_text

from desktop.app import AppContext
from desktop.ui.dialogs.record_editors import case_editor, institution_editor
from forms.validators import id_number_check_char

FIRST17 = "33990119800101123"
GOOD_ID = FIRST17 + id_number_check_char(FIRST17)
BAD_ID = FIRST17 + ("0" if GOOD_ID[-1] != "0" else "1")


def _focused_field(dialog) -> str | None:  # type: ignore[no-untyped-def]
    return dialog._field_with_focus()


def test_enter_moves_to_the_next_field_and_ctrl_s_saves(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert _focused_field(dialog) == "case_no"  # the cursor starts in the first field
    type_text(QApplication.focusWidget(), "青卫医案〔2026〕1号")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.isVisible() and ctx.cases.count() == 0  # Enter did not save half a form
    assert _focused_field(dialog) == "source"
    for _ in range(3):  # 案件来源, 案由分类, 专项整治类别: kept as shown
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert _focused_field(dialog) == "cause"
    type_text(QApplication.focusWidget(), "张某某未取得医师执业证书开展医疗美容案")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # 执法人员
    assert _focused_field(dialog) == "officer_ids"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # 承办人
    assert _focused_field(dialog) == "handler"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the 当事人 tab's first field
    assert _focused_field(dialog) == "party_name"
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "当事人"
    type_text(QApplication.focusWidget(), "张某某")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = ctx.cases.get(dialog.saved_id)  # type: ignore[arg-type]
    assert (stored.case_no, stored.party_name) == ("青卫医案〔2026〕1号", "张某某")


def test_esc_asks_before_dropping_changes(qtbot: QtBot, ctx: AppContext) -> None:
    untouched = institution_editor(ctx)
    qtbot.addWidget(untouched)
    show_active(qtbot, untouched)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not untouched.isVisible()  # nothing typed: nothing to ask

    dialog = institution_editor(ctx)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    type_text(QApplication.focusWidget(), "青溪新颜医疗美容诊所")
    asked: list[str] = []
    answer_next_box("继续编辑", asked)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert asked and "尚未保存的修改" in asked[0]
    assert dialog.isVisible() and dialog.editors["name"].raw() == "青溪新颜医疗美容诊所"
    answer_next_box("放弃修改")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.institutions.list() == []


def test_an_error_opens_its_tab_marks_the_field_and_takes_the_cursor(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    for name, value in (("case_no", "青卫医案〔2026〕2号"), ("cause", "无证行医案"),
                        ("party_name", "张某"), ("party_id_number", BAD_ID)):  # fmt: skip
        dialog.editors[name].set_raw(value)
    dialog.editors["party_type"].set_raw("个人")
    dialog.tabs.setCurrentIndex(0)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # The service says 当事人身份证号; the field is 身份证号 on the 当事人 tab: matched all the same.
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "当事人"
    assert _focused_field(dialog) == "party_id_number"
    message = dialog.error_of("party_id_number")
    assert message == "校验位不符，请对照证件核对。"
    assert GOOD_ID[-1] not in message  # the digit to type is not given away
    field = dialog.editors["party_id_number"].editor
    assert isinstance(field, QLineEdit) and "b3261e" in field.styleSheet()
    assert ctx.cases.count() == 0
    field.selectAll()
    type_text(field, GOOD_ID)
    QTest.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.cases.count() == 1


def test_a_cleared_date_is_stored_empty_and_a_typed_one_as_typed(
    qtbot: QtBot, demo_ctx: AppContext
) -> None:
    """The issue's own cases: 2026-11-25 over 2026-12-01, and a 结案日期 cleared."""
    from desktop.cases.cases import CaseFilter
    from forms.record_forms import CaseStatus

    ctx = demo_ctx
    case_id = next(
        r.id for r in ctx.cases.list(CaseFilter(statuses=(CaseStatus.SERVED,)))
        if not ctx.cases.is_locked(r.id)
    )  # fmt: skip
    served = ctx.cases.get(case_id).served_on
    assert served is not None
    dialog = case_editor(ctx, case_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    dialog.focus_field("closed_on")
    type_date(dialog.editors["closed_on"].editor, "2026-12-01")  # type: ignore[arg-type]
    dialog.focus_field("closed_on")
    type_date(dialog.editors["closed_on"].editor, "20261125")  # type: ignore[arg-type]
    assert dialog.try_save(), dialog.banner.text()
    assert ctx.cases.get(case_id).closed_on == date(2026, 11, 25)
    ctx.audit.reopen_case(case_id, "结案日期填早了")
    again = case_editor(ctx, case_id)
    qtbot.addWidget(again)
    show_active(qtbot, again)
    again.focus_field("closed_on")
    type_date(again.editors["closed_on"].editor, "")  # type: ignore[arg-type]
    assert again.try_save(), again.banner.text()
    assert ctx.cases.get(case_id).closed_on is None
