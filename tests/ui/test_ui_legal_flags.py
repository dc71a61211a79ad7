"""An illegal fine: not saved without its reason, then flagged in the 案件 list and on the 工作台;
the 工作台's procedural defects first; an old “还不能生成” line checked again after an edit."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_keys import on_next_dialog, press, show_active, type_date, type_text

from desktop.app import AppContext
from desktop.ui.dialogs.provision_picker import ProvisionPicker
from desktop.ui.dialogs.record_editors import case_editor
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.dashboard_page import DashboardPage

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def test_a_fine_above_the_limit_needs_a_reason_and_is_flagged(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: 55,000 元 against YF-03's 10,000 元 上限 saved with a yellow line."""
    ctx: AppContext = window.ctx
    dialog = case_editor(ctx, None, window, date(2026, 11, 2))
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    for name, text in (("case_no", "青卫医案〔2026〕901号"), ("cause", "医疗废物混入生活垃圾案"),
                       ("party_name", "青溪某口腔诊所")):  # fmt: skip
        dialog.focus_field(name)
        type_text(QApplication.focusWidget(), text)

    def choose(picker: ProvisionPicker) -> None:
        type_text(picker.search, "混入其他废物和生活垃圾")
        QTest.keyClick(picker.search, Qt.Key.Key_Return)  # the first match

    on_next_dialog(ProvisionPicker, choose)  # type: ignore[arg-type]
    press(qtbot, dialog, Qt.Key.Key_L, ALT)  # 从条款库选择…(&L)
    qtbot.waitUntil(lambda: dialog.editors["provision_code"].raw() == "YF-03", timeout=5_000)
    show_active(qtbot, dialog)  # back in the editor once the picker has closed
    dialog.focus_field("fine_fen")
    type_text(QApplication.focusWidget(), "55000")
    dialog.focus_field("act_on")
    type_date(dialog.editors["act_on"].editor, "2026-10-28")  # type: ignore[arg-type]
    dialog.focus_field("decided_on")
    type_date(dialog.editors["decided_on"].editor, "2026-11-16")  # type: ignore[arg-type]
    assert "上限" in dialog.warning.text()
    press(qtbot, dialog, Qt.Key.Key_S, CTRL)
    assert dialog.isVisible() and ctx.cases.count() == 240 + 11  # not saved
    message = dialog.error_of("range_override_reason")
    assert "罚款¥55,000.00超过《医疗废物管理条例》第四十七条第一项规定的上限¥10,000.00" in message
    assert "写明理由" in message and "法制审核" in message
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "处罚"
    assert dialog._field_with_focus() == "range_override_reason"
    type_text(QApplication.focusWidget(), "当事人二年内第三次违反，经集体讨论从重")
    press(qtbot, dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    case_id = dialog.saved_id
    assert ctx.cases.get(case_id).range_override_reason == "当事人二年内第三次违反，经集体讨论从重"  # type: ignore[arg-type]

    cases = window.show_page("案件")
    assert isinstance(cases, CasesPage)
    cases.ctx.case_search.invalidate()
    cases.open_case(case_id)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: cases.selected_id() == case_id, timeout=20_000)
    row = cases.model.row_of(case_id)  # type: ignore[arg-type]
    column = [c.header for c in cases.model.columns].index("法律问题")
    flag = cases.model.data(cases.model.index(row, column))
    assert flag == "⚠ 超出幅度（已说明理由）"
    tip = cases.model.data(cases.model.index(row, column), Qt.ItemDataRole.ToolTipRole)
    assert "上限" in tip and "经集体讨论从重" in tip

    board = window.show_page("工作台")
    assert isinstance(board, DashboardPage)
    board.refresh()
    qtbot.waitUntil(lambda: any(d.record_id == case_id for d in _defects(board)), timeout=20_000)
    defect = next(d for d in _defects(board) if d.record_id == case_id)
    assert defect.kind == "罚款超出法定幅度（已说明理由）" and "经集体讨论从重" in defect.detail
    kinds = [d.severity for d in _defects(board)]
    assert kinds == sorted(kinds)  # worst first
    # Enter on it opens the case.
    board.defect_view.setFocus()
    board.defect_view.selectRow(_defects(board).index(defect))
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is cases and cases.selected_id() == case_id,
                    timeout=20_000)  # fmt: skip


def _defects(board: DashboardPage) -> list:  # type: ignore[type-arg]
    return [board.defect_model.row_at(r) for r in range(board.defect_model.rowCount())]


def test_reminders_link_to_the_settings_button_not_the_command_line(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    board = window.show_page("工作台")
    qtbot.waitUntil(lambda: board.is_loaded, timeout=20_000)
    text = board.reminder.text()
    assert "casedesk" not in text and "settings:数据与备份" in text
    board.reminder.linkActivated.emit("settings:数据与备份")
    settings = window.current_page()
    assert settings is not None and settings.PAGE_ID == "settings"
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "数据与备份"


def test_a_cannot_generate_line_is_checked_again_after_the_case_changes(
    qtbot: QtBot, window
) -> None:  # type: ignore[no-untyped-def]
    """The issue saw “还不能生成…” stay after the case was fixed."""
    ctx: AppContext = window.ctx
    cases = window.show_page("案件")
    assert isinstance(cases, CasesPage)
    qtbot.waitUntil(lambda: cases.is_loaded, timeout=20_000)
    case_id = _case_without_officers(ctx)
    cases.open_case(case_id)
    qtbot.waitUntil(lambda: cases.detail.case_id == case_id, timeout=20_000)
    cases.document_flow.generate("立案报告", case_id)
    label = cases.detail.document_label
    qtbot.waitUntil(lambda: "还不能生成" in label.text(), timeout=20_000)
    assert "执法人员" in label.text()
    _give_officers(ctx, case_id)
    cases._on_row_changed(cases.view.currentIndex().row())  # the case shown again (after an edit)
    qtbot.waitUntil(lambda: "还不能生成" not in label.text(), timeout=20_000)
    assert label.text() == "“立案报告”所需内容已补齐，可以生成。"
    # Another case shown: the old line goes.
    cases.document_flow.stale = ("立案报告", case_id)
    cases.detail.record_shown.emit(case_id + 1)
    assert label.text() == ""


def _case_without_officers(ctx: AppContext) -> int:
    """An open demo case whose officers are taken away (the demo gives every case two)."""
    from sqlalchemy import select

    from database.models import Case

    with ctx.uow_factory() as uow:
        case = uow.session.scalars(select(Case).where(Case.closed_on.is_(None))).first()
        assert case is not None, "the demo has an open case"
        case.officers = []
        uow.commit()
        return int(case.id)


def _give_officers(ctx: AppContext, case_id: int) -> None:
    from sqlalchemy import select

    from database.models import Case, Officer

    with ctx.uow_factory() as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        case.officers = list(uow.session.scalars(select(Officer).limit(2)))
        uow.commit()
