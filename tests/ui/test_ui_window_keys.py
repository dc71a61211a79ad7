"""The main window from the keyboard: shortcuts, Tab through a page to its list, Enter opens a row,
focus into the page after a page change, and a window that fits a small screen."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_keys import answer_next_box, on_next_dialog, press, show_active, type_text

from desktop.ui.main_window import MINIMUM_SIZE, PAGE_SPECS, MainWindow, default_size
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.institutions_page import InstitutionsPage
from desktop.ui.shortcuts import SHORTCUTS, ShortcutsDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _cases(qtbot: QtBot, window: MainWindow) -> CasesPage:
    show_active(qtbot, window)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    page = window.current_page()
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded and page.model.rowCount() > 200, timeout=20_000)
    return page


def test_ctrl_digits_change_page_and_put_the_cursor_in_it(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    show_active(qtbot, window)
    for number, spec in enumerate(PAGE_SPECS, start=1):
        press(qtbot, window, getattr(Qt.Key, f"Key_{number}"), CTRL)
        page = window.current_page()
        assert page is not None and spec.page_id == page.PAGE_ID
        assert window.stack.currentWidget() is page
        focus = QApplication.focusWidget()
        assert focus is not None and page.isAncestorOf(focus), spec.title  # not the navigation
    # A click on a page's name goes into the page too; arrow keys in the list stay in it.
    window.nav.setFocus()
    QTest.keyClick(window.nav, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is window.nav
    QTest.keyClick(window.nav, Qt.Key.Key_Return)
    page = window.current_page()
    assert page is not None and page.isAncestorOf(QApplication.focusWidget())


def test_ctrl_f_searches_enter_goes_to_the_list_and_enter_opens_the_row(
    qtbot: QtBot, window
) -> None:  # type: ignore[no-untyped-def]
    page = _cases(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.filters.search
    type_text(page.filters.search, "〔2025〕1号")
    press(qtbot, window, Qt.Key.Key_Return)  # search now, and the cursor into the list
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert QApplication.focusWidget() is page.view
    qtbot.waitUntil(lambda: page.selected_id() is not None, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_Return)  # Enter opens the selected case
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=10_000)
    assert page.editor.editors["case_no"].raw() == "青卫医案〔2025〕1号"
    press(qtbot, page.editor, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    qtbot.waitUntil(lambda: not page.editor.isVisible(), timeout=5_000)


def test_ctrl_n_new_f5_refresh_and_f1_the_list(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    page = _cases(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=10_000)
    assert page.editor.windowTitle() == "新增案件"
    type_text(QApplication.focusWidget(), "青卫医案〔2026〕900号")
    answer_next_box("放弃修改")
    press(qtbot, page.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.editor.isVisible(), timeout=5_000)

    queries = page._generation
    press(qtbot, window, Qt.Key.Key_F5)
    assert page._generation == queries + 1  # read again
    press(qtbot, window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    listed = [dialog.model.row_at(r).keys for r in range(dialog.model.rowCount())]
    assert listed == [s.keys for s in SHORTCUTS]
    assert {"Ctrl+F", "Enter", "Ctrl+N", "Ctrl+S", "Ctrl+P", "F5", "Ctrl+1", "Ctrl+8", "F1"} <= set(listed)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_tab_goes_from_the_search_through_the_filters_to_the_list(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    """The 立案 date filter used to catch Tab in its sections: 60 presses never left it."""
    page = _cases(qtbot, window)
    page.filters.search.setFocus()
    visited = []
    for _ in range(15):
        press(qtbot, window, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is page.view:
            break
    assert page.view in visited, [type(w).__name__ for w in visited]
    assert page.date_from.line in visited and page.date_to.line in visited
    # And on past the list (Tab does not walk its cells) to the case and the buttons.
    for _ in range(12):
        press(qtbot, window, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert page.detail.step_view in visited and page.detail.documents in visited
    assert page.new_button in visited or page.detail.generate_button in visited


def test_the_case_list_keeps_its_key_column_and_sorts_only_where_it_can(
    qtbot: QtBot, window
) -> None:  # type: ignore[no-untyped-def]
    page = _cases(qtbot, window)
    view = page.view
    header = view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        7, Qt.SortOrder.DescendingOrder)  # fmt: skip
    # 案由 cannot be sorted by the database: a click leaves the arrow (and the rows) alone.
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _section_centre(header, 2))  # fmt: skip
    assert header.sortIndicatorSection() == 7
    # 案号 sorts by year, then number.
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: page._sort == ("case_no", False), timeout=5_000)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 0)) == "青卫医案〔2024〕1号",
                    timeout=10_000)  # fmt: skip
    numbers = [page.model.data(page.model.index(r, 0)) for r in range(40)]
    keys = [tuple(int(n) for n in re.findall(r"\d+", number)) for number in numbers]
    assert keys == sorted(keys) and ("青卫医案〔2025〕10号" in numbers)  # not 1, 10, 11 … 2
    assert numbers.index("青卫医案〔2025〕9号") + 1 == numbers.index("青卫医案〔2025〕10号")
    # Scrolled to the right, the 案号 stays in sight in the frozen column.
    view.resize(500, 400)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    frozen = view.frozen  # type: ignore[attr-defined]
    assert view.horizontalScrollBar().value() > 0
    assert frozen.isVisible() and frozen.x() <= view.frameWidth() + 1
    assert frozen.width() == view.columnWidth(0)
    assert frozen.model() is view.model() and frozen.selectionModel() is view.selectionModel()


def _section_centre(header, section: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, 5)


def test_columns_can_be_hidden_and_the_choice_is_remembered(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    page = _cases(qtbot, window)
    view = page.view
    assert view.isColumnHidden(3) and view.isColumnHidden(4)  # in the summary beside the list
    view.show_column_menu(view.rect().center())  # type: ignore[attr-defined]
    menu = view.column_menu  # type: ignore[attr-defined]
    actions = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert "案号" not in actions  # the key column always stays
    actions["案件来源"].trigger()
    actions["罚款(元)"].trigger()
    menu.close()
    assert not view.isColumnHidden(4) and view.isColumnHidden(9)
    again = CasesPage(window.ctx, window.settings)
    qtbot.addWidget(again)
    assert not again.view.isColumnHidden(4) and again.view.isColumnHidden(9)
    assert again.view.isColumnHidden(3)


def test_filters_fold_away_and_count_what_is_in_use(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    page = _cases(qtbot, window)
    filters = page.filters
    assert filters.panel.isVisible() and filters.toggle.text().startswith("筛选")
    filters.combos["status"].setCurrentText("结案")
    qtbot.waitUntil(lambda: "（1）" in filters.toggle.text(), timeout=5_000)
    filters.toggle.click()  # folded: the list gets the room, the button still says 1 is in use
    assert not filters.panel.isVisible() and "筛选（1）" in filters.toggle.text()
    again = CasesPage(window.ctx, window.settings)
    qtbot.addWidget(again)
    again.show()
    assert not again.filters.panel.isVisible()  # remembered per page
    filters.toggle.click()


def test_the_window_fits_a_small_screen(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    """Every page lays out in 1024×540 (1024×768, and 1366×768 at 125 %, less taskbar and title)."""
    show_active(qtbot, window)
    for spec in PAGE_SPECS:
        page = window.show_page(spec.page_id)
        qtbot.waitUntil(lambda p=page: p is not None and p.is_loaded, timeout=30_000)
    hint = window.minimumSizeHint()
    assert hint.width() <= MINIMUM_SIZE[0] and hint.height() <= MINIMUM_SIZE[1], hint
    area, first = window.screen().availableGeometry(), default_size()
    assert first.width() <= area.width() and first.height() <= area.height()  # from the screen


def test_enter_opens_an_institution_and_its_cases_tab_opens_a_case(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    """Point 5: from the institution to its case without retyping its name."""
    show_active(qtbot, window)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    page = window.current_page()
    assert isinstance(page, InstitutionsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    type_text(QApplication.focusWidget(), "青溪艺星医疗美容医院")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.selected_id() is not None,
                    timeout=10_000)  # fmt: skip
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=10_000)
    editor = page.editor
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    cases_tab = next(t for t in titles if t.startswith("案件（"))
    count = int(cases_tab.removeprefix("案件（").removesuffix("）"))
    assert count == editor.cases_list.model.rowCount() > 0  # type: ignore[attr-defined]
    assert any(t.startswith("检查（") for t in titles)
    while editor.tabs.tabText(editor.tabs.currentIndex()) != cases_tab:
        press(qtbot, editor, Qt.Key.Key_Tab, CTRL)  # Ctrl+Tab: the next tab
    listed = editor.cases_list.view  # type: ignore[attr-defined]
    listed.setFocus()
    listed.setCurrentIndex(listed.model().index(1, 0))
    wanted = editor.cases_list.model.row_at(1).id  # type: ignore[attr-defined]
    press(qtbot, editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    cases = window.current_page()
    assert isinstance(cases, CasesPage)
    qtbot.waitUntil(lambda: cases.detail.case_id == wanted, timeout=20_000)
    assert window.focusWidget() is cases.view  # the cursor is in the case list
    # …and from the case back to its institution, by its name in the case summary.
    institution = window.ctx.cases.institution_of(wanted)
    assert cases.detail.institution_id == institution and "<a href" in cases.detail.summary.text()
    cases.detail.summary.linkActivated.emit("institution")
    qtbot.waitUntil(lambda: page.editor is not editor and page.editor is not None
                    and page.editor.isVisible(), timeout=10_000)  # fmt: skip
    assert page.selected_id() == institution
    page.editor.reject()


def test_ctrl_p_in_the_preview_prints(qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
    from PySide6.QtPrintSupport import QPrintDialog

    from desktop.ui.document_actions import GeneratedDocument, PreviewDialog

    pdf = tmp_path / "决定书.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(800, 800, "行政处罚决定书")
    painter.end()
    preview = PreviewDialog(GeneratedDocument("行政处罚决定书", "青卫医罚〔2026〕1号", None, pdf))
    qtbot.addWidget(preview)
    show_active(qtbot, preview)
    area = preview.screen().availableGeometry()
    assert preview.frameGeometry().bottom() <= area.bottom()  # 打印 and 关闭 on the screen
    asked = on_next_dialog(QPrintDialog, lambda dialog: dialog.reject())
    press(qtbot, preview, Qt.Key.Key_P, CTRL)
    assert len(asked) == 1  # Ctrl+P opened the print dialog
    press(qtbot, preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()
