"""A clerk's day from the keyboard only, on the demo district: find an institution, open its case,
pick the provision and type the penalty and the step dates, generate 行政处罚事先告知书 and
行政处罚决定书 (previewed), build the 卷宗, export 附表2. No mouse click, no call that skips a key:
every step is a key press or typed text; the test only waits and looks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from ui_keys import on_next_dialog, press, show_active, type_text

from desktop.ui.dialogs.provision_picker import ProvisionPicker
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.institutions_page import InstitutionsPage
from desktop.ui.pages.packets_page import PacketsPage
from desktop.ui.pages.reports_page import ReportsPage

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
#: The demo case the clerk finishes: 青溪区妇幼保健院 (YF-03, 医疗废物), filed, nothing decided yet.
INSTITUTION, CASE_NO = "青溪区妇幼保健院", "青卫医案〔2026〕139号"
#: Generating a document converts it to PDF with LibreOffice: allow for a loaded machine.
GENERATE_S = 240


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
         times: int = 1) -> None:  # fmt: skip
    """Press a key where the cursor is, in whichever window is active."""
    for _ in range(times):
        window = QApplication.activeWindow()
        assert window is not None
        press(qtbot, window, key, modifier)


def _tab_to(qtbot: QtBot, found: Callable[[QWidget], bool], limit: int = 40,
            back: bool = False) -> QWidget:  # fmt: skip
    """Tab (or Shift+Tab) until the cursor is where `found` says."""
    for _ in range(limit):
        focus = QApplication.focusWidget()
        if focus is not None and found(focus):
            return focus
        _key(qtbot, Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached it; the cursor is on {QApplication.focusWidget()!r}")


def _type(qtbot: QtBot, text: str, then: Qt.Key | None = Qt.Key.Key_Return) -> None:
    """Type over the field with the cursor (its text is selected on arrival), then Enter."""
    focus = QApplication.focusWidget()
    assert isinstance(focus, QLineEdit), focus
    QTest.keyClick(focus, Qt.Key.Key_A, CTRL)
    type_text(focus, text)
    if then is not None:
        _key(qtbot, then)


def _down_until(qtbot: QtBot, found: Callable[[], bool], limit: int = 30) -> None:
    """↓ until `found()` (a list's row)."""
    for _ in range(limit):
        if found():
            return
        _key(qtbot, Qt.Key.Key_Down)
    raise AssertionError(f"↓ never reached it; the cursor is on {QApplication.focusWidget()!r}")


def _write(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Tab to a text field, type into it, Tab on."""
    _tab_to(qtbot, lambda w: w is field)
    type_text(field, text)
    _key(qtbot, Qt.Key.Key_Tab)


def _choose(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Tab to a list of choices and press Down until it shows `text`."""
    _tab_to(qtbot, lambda w: w is field)
    _down_until(qtbot, lambda: field.currentText() == text)  # type: ignore[attr-defined]


def _next_tab(qtbot: QtBot, tabs: object, found: Callable[[str], bool]) -> None:
    """Ctrl+Tab until the current tab's title is the one wanted."""
    for _ in range(12):
        if found(tabs.tabText(tabs.currentIndex())):  # type: ignore[attr-defined]
            return
        _key(qtbot, Qt.Key.Key_Tab, CTRL)
    raise AssertionError("Ctrl+Tab never reached the tab")


def _accept_save_dialog() -> None:
    """Answer the next save dialog with Enter: the name it proposes, in the folder last used."""

    def answer(dialog: QWidget) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None and name.text()
        name.setFocus()
        QTest.keyClick(name, Qt.Key.Key_Return)

    on_next_dialog(QFileDialog, answer)


def _generate(qtbot: QtBot, cases: CasesPage, step: str, title: str) -> Path:
    """In the case's steps, go to `step` and its document `title`, Ctrl+P, look, Esc."""
    detail = cases.detail
    _tab_to(qtbot, lambda w: w is detail.step_view)
    _key(qtbot, Qt.Key.Key_Home, CTRL)  # the first step, then down to the one wanted
    _down_until(qtbot, lambda: detail.steps[detail.step_view.currentIndex().row()].name == step)
    _tab_to(qtbot, lambda w: w is detail.documents)
    _down_until(qtbot, lambda: detail.selected_document() == title)
    flow = cases.document_flow
    flow.preview = None
    _key(qtbot, Qt.Key.Key_P, CTRL)  # generate and preview
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.isVisible(),
                    timeout=GENERATE_S * 1000)  # fmt: skip
    preview = flow.preview
    assert preview.viewer.page_count >= 1 and flow.last is not None and flow.last.title == title
    assert flow.last.number and flow.last.number in detail.document_label.text()
    show_active(qtbot, preview)
    _key(qtbot, Qt.Key.Key_Escape)  # close the preview
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=5_000)
    show_active(qtbot, cases.window())
    assert flow.last.docx is not None
    return flow.last.docx


def _text(docx: Path) -> str:
    document = Document(str(docx))
    cells = (c.text for t in document.tables for r in t.rows for c in r.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@pytest.mark.slow
def test_a_clerks_day_from_the_keyboard(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    ctx = window.ctx
    assert ctx is not None
    for kind in ("packets", "reports"):  # the folders the clerk saved into last time
        window.settings.set_last_dir(kind, tmp_path)
    show_active(qtbot, window)

    # 1. Find the institution: Ctrl+2, Ctrl+F, its name, Enter (to the list), Enter (open it).
    _key(qtbot, Qt.Key.Key_2, CTRL)
    institutions = window.current_page()
    assert isinstance(institutions, InstitutionsPage)
    qtbot.waitUntil(lambda: institutions.is_loaded, timeout=20_000)
    _key(qtbot, Qt.Key.Key_F, CTRL)
    _type(qtbot, INSTITUTION)
    qtbot.waitUntil(lambda: institutions.model.rowCount() == 1, timeout=10_000)
    assert QApplication.focusWidget() is institutions.view
    qtbot.waitUntil(lambda: institutions.selected_id() is not None, timeout=10_000)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: institutions.editor is not None and institutions.editor.isVisible(),
                    timeout=10_000)  # fmt: skip
    editor = institutions.editor
    show_active(qtbot, editor)

    # 2. Its 案件 tab (Ctrl+Tab), the case by its 案号 (↓), Enter: the 案件 page shows it.
    _next_tab(qtbot, editor.tabs, lambda title: title.startswith("案件（"))
    listed = editor.cases_list  # type: ignore[attr-defined]
    _tab_to(qtbot, lambda w: w is listed.view)
    if not listed.view.currentIndex().isValid():
        _key(qtbot, Qt.Key.Key_Down)
    _down_until(qtbot, lambda: listed.model.row_at(listed.view.currentIndex().row()).case_no
                == CASE_NO)  # fmt: skip
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    cases = window.current_page()
    assert isinstance(cases, CasesPage)
    case_id = ctx.cases.resolve(CASE_NO)
    qtbot.waitUntil(lambda: cases.detail.case_id == case_id, timeout=20_000)
    show_active(qtbot, window)
    assert QApplication.focusWidget() is cases.view

    # 3. Enter opens the case. Alt+L: the provision, found by typing; then the penalty and the
    #    step dates, typed (three ways of writing a date), Enter from field to field; Ctrl+S.
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cases.editor is not None and cases.editor.isVisible(), timeout=10_000)
    case = cases.editor
    show_active(qtbot, case)

    def choose(picker: ProvisionPicker) -> None:
        type_text(picker.search, "混入其他废物和生活垃圾")
        QTest.keyClick(picker.search, Qt.Key.Key_Return)  # the first match

    on_next_dialog(ProvisionPicker, choose)  # type: ignore[arg-type]
    _key(qtbot, Qt.Key.Key_L, ALT)
    qtbot.waitUntil(lambda: case.editors["provision_code"].raw() == "YF-03", timeout=10_000)
    show_active(qtbot, case)
    _next_tab(qtbot, case.tabs, lambda title: title == "处罚")
    _tab_to(qtbot, lambda w: w is case.editors["warning"].editor)
    _key(qtbot, Qt.Key.Key_Space)  # 警告
    _key(qtbot, Qt.Key.Key_Return)  # on to 罚款金额
    _type(qtbot, "8000")
    assert case.editors["fine_fen"].hint.text() == "人民币捌仟元整"
    _next_tab(qtbot, case.tabs, lambda title: title == "环节日期")
    _tab_to(qtbot, lambda w: w is case.editors["act_on"].editor.line)  # type: ignore[union-attr]
    _type(qtbot, "20260807")  # 违法行为发生日期, then Enter to 受理日期
    _key(qtbot, Qt.Key.Key_Return, times=5)  # 受理, 立案, 询问, 调查终结, 合议: kept as they are
    _type(qtbot, "2026-11-10")  # 告知日期
    _key(qtbot, Qt.Key.Key_Return)  # 听证告知日期: none
    _type(qtbot, "2026.11.13")  # 陈述申辩日期
    _key(qtbot, Qt.Key.Key_Return)  # 法制审核日期: none
    _type(qtbot, "2026年11月18日")  # 处罚决定日期
    # A statement was made: what the party said, the 复核意见 and its reason (行政处罚法 第四十五条).
    _next_tab(qtbot, case.tabs, lambda title: title == "陈述申辩与听证")
    _write(qtbot, case.editors["statement_summary"].editor, "当事人称系新员工操作失误。")
    _choose(qtbot, case.editors["review_result"].editor, "不采纳")
    _write(qtbot, case.editors["review_reason"].editor, "操作失误不影响违法事实的认定。")
    # Every fine states its 裁量理由 and the 裁量基准 level it lies in (issue 14).
    _next_tab(qtbot, case.tabs, lambda title: title == "裁量")
    _write(qtbot, case.editors["discretion"].editor, "鉴于当事人违法情节较重，")
    _choose(qtbot, case.editors["discretion_level"].editor, "较重")
    assert case.warning.isHidden(), case.warning.text()  # 8,000 元 with 警告 fits YF-03
    _key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not case.isVisible(), timeout=10_000)
    stored = ctx.cases.get(case_id)
    assert (stored.provision_code, stored.fine_fen, stored.warning) == ("YF-03", 800_000, True)
    assert [stored.act_on.isoformat(), stored.notified_on.isoformat(),  # type: ignore[union-attr]
            stored.statement_on.isoformat(), stored.decided_on.isoformat()] == [  # type: ignore[union-attr]
        "2026-08-07", "2026-11-10", "2026-11-13", "2026-11-18"]  # fmt: skip
    qtbot.waitUntil(lambda: cases.detail.data is not None
                    and cases.detail.data.decided_on is not None, timeout=20_000)  # fmt: skip
    show_active(qtbot, window)

    # 4. 行政处罚事先告知书 and 行政处罚决定书: the step, the document, Ctrl+P, a look, Esc.
    notice = _generate(qtbot, cases, "告知", "行政处罚事先告知书")
    assert INSTITUTION in _text(notice) and "警告" in _text(notice)
    decision = _generate(qtbot, cases, "决定", "行政处罚决定书")
    assert "人民币捌仟元整" in _text(decision)

    # 5. The 卷宗: Ctrl+7, Ctrl+F (the 案号 line), the 案号, Enter lists it; gaps allowed; build.
    _key(qtbot, Qt.Key.Key_7, CTRL)
    packets = window.current_page()
    assert isinstance(packets, PacketsPage)
    qtbot.waitUntil(lambda: packets.is_loaded, timeout=20_000)
    _key(qtbot, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is packets.case_edit
    _type(qtbot, CASE_NO)
    qtbot.waitUntil(lambda: any(packets.model.row_at(r).title == "行政处罚决定书"
                                and packets.model.row_at(r).present
                                for r in range(packets.model.rowCount())), timeout=20_000)  # fmt: skip
    _tab_to(qtbot, lambda w: w is packets.gaps)
    _key(qtbot, Qt.Key.Key_Space)  # 缺少材料时仍生成: the 立案报告 … are not made yet
    assert packets.gaps.isChecked()
    _tab_to(qtbot, lambda w: w is packets.build_button)
    casefile = tmp_path / f"卷宗 {CASE_NO}.pdf"  # the name proposed, in the folder last used
    _accept_save_dialog()
    _key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(casefile.exists, timeout=GENERATE_S * 1000)
    from pypdf import PdfReader

    qtbot.waitUntil(lambda: window.progress.handle is None, timeout=GENERATE_S * 1000)
    assert len(PdfReader(casefile).pages) >= 3
    show_active(qtbot, window)

    # 6. 附表2: Ctrl+6, back to the table choice (Shift+Tab), ↓ to 附表2, Tab to 导出…, Space.
    _key(qtbot, Qt.Key.Key_6, CTRL)
    reports = window.current_page()
    assert isinstance(reports, ReportsPage)
    qtbot.waitUntil(lambda: reports.is_loaded, timeout=30_000)
    _tab_to(qtbot, lambda w: w is reports.choice, back=True)
    _key(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: (reports.current()[0] == "annex2" and reports.table is not None
                    and "附表2" in reports.caption.text()) or "回头看" in reports.caption.text(),
                    timeout=30_000)  # fmt: skip
    _tab_to(qtbot, lambda w: w is reports.export_button)
    annex = tmp_path / "附表2.xlsx"
    _accept_save_dialog()
    _key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(annex.exists, timeout=60_000)
    sheet = openpyxl.load_workbook(annex).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("无证医疗美容场所" in c for c in cells) and any("罚款金额" in c for c in cells)
