"""The typed date field: every way a clerk writes a date, 今天/清空, the calendar, bad text marked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from ui_keys import show_active, type_date

from desktop.app import AppContext
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.dialogs.record_editors import case_editor
from desktop.ui.widgets.date_field import INVALID_STYLE, DateField
from forms import record_forms

TODAY = date(2026, 11, 20)


def _field(qtbot: QtBot, **options: object) -> DateField:
    """A date field and a line after it (Tab leaves the field for it), shown in a window."""
    window = QWidget()
    layout = QVBoxLayout(window)
    field = DateField(window, label="结案日期", today=lambda: TODAY, **options)  # type: ignore[arg-type]
    layout.addWidget(field)
    layout.addWidget(QLineEdit(window))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    field.window_holder = window  # type: ignore[attr-defined]  # keeps the window alive
    return field


@pytest.mark.parametrize(
    "typed",
    [
        "20261125",
        "2026-11-25",
        "2026.11.25",
        "2026/11/25",
        "2026年11月25日",
        "２０２６－１１－２５",
    ],
)
def test_every_way_of_writing_a_date_is_read_as_typed(qtbot: QtBot, typed: str) -> None:
    field = _field(qtbot)
    field.set_date(date(2026, 12, 1))  # typing over another date replaces it, all of it
    seen: list[object] = []
    field.date_changed.connect(seen.append)
    type_date(field, typed)
    assert field.value() == date(2026, 11, 25)
    assert field.text() == "2026-11-25"  # shown the one way once the clerk moves on
    assert field.error() == "" and field.line.styleSheet() == ""
    assert seen[-1] == date(2026, 11, 25)


def test_an_unreadable_date_is_marked_and_never_becomes_another_date(qtbot: QtBot) -> None:
    field = _field(qtbot)
    field.set_date(date(2026, 12, 1))
    for typed in ("2026-13-01", "20261301", "2026-11-31", "11/25/2026", "明天"):
        type_date(field, typed)
        assert field.text() == typed  # left as typed, for the clerk to correct
        assert field.raw() == typed and field.error()
        assert field.line.styleSheet() == INVALID_STYLE
        assert "结案日期" in field.line.toolTip()
        assert field.valid_date() == date(2026, 12, 1)  # a list keeps filtering by the last date
    type_date(field, "2026-11-30")
    assert field.line.styleSheet() == "" and field.value() == date(2026, 11, 30)


def test_empty_stays_empty_and_today_and_clear_work_by_key_and_button(qtbot: QtBot) -> None:
    field = _field(qtbot)
    assert field.value() is None and field.raw() is None and field.text() == ""
    type_date(field, "")
    assert field.value() is None and field.error() == ""  # optional: empty is no problem
    type_date(field, "今天")
    assert field.value() == TODAY and field.text() == "2026-11-20"
    QTest.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert field.value() is None and field.text() == ""
    QTest.mouseClick(field.today_button, Qt.MouseButton.LeftButton)
    assert field.value() == TODAY
    field.line.setFocus()
    QTest.keyClick(field.line, Qt.Key.Key_Up)
    assert field.value() == date(2026, 11, 21)  # ↑ a day later, ↓ a day earlier
    QTest.keyClick(field.line, Qt.Key.Key_Down)
    QTest.keyClick(field.line, Qt.Key.Key_Down)
    assert field.value() == date(2026, 11, 19)
    # The buttons take no Tab stop: Tab leaves the field for the next one.
    for button in (field.today_button, field.clear_button, field.calendar_button):
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_required_date_is_marked_when_emptied(qtbot: QtBot) -> None:
    field = _field(qtbot, optional=False)
    field.set_date(date(2026, 3, 2))
    assert field.clear_button.isHidden()
    type_date(field, "")
    assert field.error() == "不能为空。" and field.line.styleSheet() == INVALID_STYLE
    assert field.valid_date() == date(2026, 3, 2)


def test_the_calendar_opens_on_the_field_date_or_today_and_picks_by_keyboard(
    qtbot: QtBot,
) -> None:
    field = _field(qtbot)
    field.line.setFocus()
    QTest.keyClick(field.line, Qt.Key.Key_F4)  # empty: today, not January 1900
    assert field.popup.isVisible()
    assert field.calendar.selectedDate().toPython() == TODAY
    QTest.keyClick(field.calendar, Qt.Key.Key_Escape)
    field.popup.hide()
    field.set_date(date(2026, 3, 2))
    field.line.setFocus()
    QTest.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar.selectedDate().toPython() == date(2026, 3, 2)
    view = field.calendar.findChild(object, "qt_calendar_calendarview")
    assert view is not None
    QTest.keyClick(view, Qt.Key.Key_Right)  # the next day
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert not field.popup.isVisible() and field.value() == date(2026, 3, 3)


DATE_FORMS = {
    name: fields
    for name, fields in vars(record_forms).items()
    if name.endswith("_FIELDS") and any(f.kind == "date" for f in fields)
}


@pytest.mark.parametrize("form", sorted(DATE_FORMS))
def test_typed_dates_reach_the_values_of_every_record_form(qtbot: QtBot, form: str) -> None:
    """Every date of every record editor (机构, 案件, 检查, 工作方案, 投诉举报, 人员 …) takes typing."""
    fields = DATE_FORMS[form]
    dialog = RecordEditorDialog(form, fields, {}, lambda _v: None)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    typed = ("20261125", "2026-11-26", "2026.11.27", "2026/11/28", "2026年11月29日")
    dates = [f for f in fields if f.kind == "date"]
    for number, field in enumerate(dates):
        dialog.tabs.setCurrentIndex(dialog._tab_of(field.name))
        editor = dialog.editors[field.name].editor
        assert isinstance(editor, DateField)
        type_date(editor, typed[number % len(typed)])
    values, errors = dialog.values()
    assert not [e for e in errors if any(e.field == f.label for f in dates)]
    for number, field in enumerate(dates):
        assert values[field.name] == date(2026, 11, 25 + number % len(typed)), field.label


def test_a_bad_date_in_the_case_editor_is_said_under_its_field(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    closed = dialog.editors["closed_on"]
    dialog.tabs.setCurrentIndex(dialog._tab_of("closed_on"))
    type_date(closed.editor, "2026-02-30")  # type: ignore[arg-type]
    assert dialog.error_of("closed_on") == "“2026-02-30”不是有效日期。"  # at once, not at 保存
    type_date(closed.editor, "")  # emptied: stays empty, the message goes
    assert dialog.error_of("closed_on") == "" and closed.raw() is None
