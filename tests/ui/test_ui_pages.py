"""Every page opens on the demo district and shows its data; screenshots via the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.app import AppContext
from desktop.ui.main_window import PAGE_SPECS
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.dashboard_page import DashboardPage
from desktop.ui.pages.institutions_page import InstitutionsPage


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=[p.page_id for p in PAGE_SPECS])
def test_every_page_opens_with_data(qtbot, window, spec) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(spec.title)
    assert type(page) is spec.load() and spec.title == page.TITLE
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    if isinstance(page, DashboardPage):
        assert dict(page.dashboard.counts)["案件总数"] == window.ctx.cases.count()
        assert page.recent_model.rowCount() > 0
    if isinstance(page, CasesPage):
        assert page.model.rowCount() == window.ctx.cases.count() > 200
        qtbot.waitUntil(lambda: page.detail.data is not None, timeout=10_000)
        assert page.detail.steps[0].name == "受理"
    if isinstance(page, InstitutionsPage):
        assert page.model.rowCount() == len(window.ctx.institutions.list()) > 40


def test_case_search_and_filters(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("案件")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    page.filters.search.setText("〔2025〕1号")
    page.filters.flush()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.data(page.model.index(0, 0)) == "青卫医案〔2025〕1号"
    page.filters.search.setText("")
    page.filters.combos["status"].setCurrentText("结案")
    page.filters.flush()
    qtbot.waitUntil(
        lambda: (
            0 < page.model.rowCount() < 240
            and all(
                page.model.data(page.model.index(r, 6)) == "结案"
                for r in range(page.model.rowCount())
            )
        ),
        timeout=10_000,
    )


def test_window_state_is_remembered(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.main import build_window

    first = build_window(demo_ctx)
    qtbot.addWidget(first)
    first.show()
    first.show_page("settings")
    first.resize(640, 480)
    first.close()
    second = build_window(demo_ctx)
    qtbot.addWidget(second)
    assert second.settings.last_page() == "settings"
    assert (second.size().width(), second.size().height()) == (640, 480)


def test_screenshot_command(tmp_path: Path, demo_template_db: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(demo_template_db, data)
    out = tmp_path / "cases.png"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.entry import main; sys.exit(main())",
         "--data-dir", str(data), "gui",
         "--page", "案件", "--screenshot", str(out)],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000


def test_a_due_item_opens_its_record(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.pages.cases_page import CasesPage
    from desktop.ui.pages.inspections_page import InspectionsPage

    page = window.show_page("工作台")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    model = page.due_model
    rows = [model.row_at(r) for r in range(model.rowCount())]
    kinds = {row.record_type for row in rows}
    assert "案件" in kinds and kinds - {"案件"}  # the demo has deadlines of other records too

    def open_row(kind: str):  # type: ignore[no-untyped-def]
        window.show_page("工作台")
        row = next(r for r in range(model.rowCount()) if model.row_at(r).record_type == kind)
        page.due_view.setFocus()
        page.due_view.selectRow(row)
        QTest.keyClick(page.due_view, Qt.Key.Key_Return)  # Enter opens the row
        return model.row_at(row).record_id

    case_id = open_row("案件")
    cases = window.current_page()
    assert isinstance(cases, CasesPage)
    qtbot.waitUntil(lambda: cases.detail.case_id == case_id, timeout=20_000)
    if "检查" in kinds:
        inspection_id = open_row("检查")
        inspections = window.current_page()
        assert isinstance(inspections, InspectionsPage)
        qtbot.waitUntil(lambda: inspections.selected_id() == inspection_id, timeout=20_000)
    if "投诉举报" in kinds:
        complaint_id = open_row("投诉举报")
        inspections = window.current_page()
        assert inspections.tabs.currentWidget() is inspections.complaints
        editor = inspections.complaints.editor
        assert editor is not None and editor.isVisible()
        assert editor.editors["content"].raw() == window.ctx.complaints.get(complaint_id).content
        editor.reject()
    if "工作方案" in kinds:
        plan_id = open_row("工作方案")
        inspections = window.current_page()
        assert inspections.tabs.currentWidget() is inspections.plans
        qtbot.waitUntil(
            lambda: (
                inspections.plans.selected_plan() is not None
                and inspections.plans.selected_plan().id == plan_id
            ),
            timeout=20_000,
        )


def test_the_legal_problem_count_follows_the_rest_of_the_dashboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: the 工作台 shows its counts, deadlines and cases first; the 法定程序问题 card
    (every case through the procedure checker) holds its place with “…” and fills in after."""
    board = window.show_page("工作台")
    assert isinstance(board, DashboardPage)
    with qtbot.waitSignal(board.settled, timeout=30_000):
        qtbot.waitUntil(lambda: board.is_loaded, timeout=20_000)
        texts = _card_texts(board)
        if "法定程序问题" not in dict(board.dashboard.counts):  # not yet counted: a placeholder
            assert texts[-1] == ("…", "法定程序问题")
    counts = dict(board.dashboard.counts)
    expected = window.ctx.dashboard.legal_problem_count()
    assert counts["法定程序问题"] == expected
    assert _card_texts(board)[-1] == (f"{expected:,}", "法定程序问题")
    assert len(_card_texts(board)) == len(counts) == 7  # one card each, none twice
    # F5 again: the count is replaced, not added a second time.
    with qtbot.waitSignal(board.settled, timeout=30_000):
        board.refresh()
    assert [label for label, _v in board.dashboard.counts].count("法定程序问题") == 1


def _card_texts(board: DashboardPage) -> list[tuple[str, str]]:
    """(number, label) of each card, left to right."""
    from PySide6.QtWidgets import QLabel

    cards = []
    for column in range(board.cards.count()):
        item = board.cards.itemAtPosition(0, column)
        widget = item.widget() if item is not None else None
        if widget is None:
            continue
        labels = widget.findChildren(QLabel)
        cards.append((labels[0].text(), labels[1].text()))
    return cards
