"""Every page opens on the demo district and shows its data; screenshots via the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import AppContext
from desktop.ui.main_window import PAGES
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.dashboard_page import DashboardPage
from desktop.ui.pages.institutions_page import InstitutionsPage


@pytest.mark.parametrize("page_cls", PAGES, ids=[p.PAGE_ID for p in PAGES])
def test_every_page_opens_with_data(qtbot, window, demo_ctx, page_cls) -> None:  # type: ignore[no-untyped-def]
    total = demo_ctx.cases.count()
    page = window.show_page(page_cls.TITLE)
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    if isinstance(page, DashboardPage):
        assert dict(page.dashboard.counts)["案件总数"] == total
        assert page.recent_model.rowCount() > 0
    if isinstance(page, CasesPage):
        assert page.model.rowCount() == total
        qtbot.waitUntil(lambda: page.detail.data is not None, timeout=10_000)
        assert page.detail.steps[0].name == "受理"
    if isinstance(page, InstitutionsPage):
        assert page.model.rowCount() == 48


def test_case_search_and_filters(qtbot, window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    total = demo_ctx.cases.count()
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
            0 < page.model.rowCount() < total
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
        [sys.executable, "-c", "import sys; from desktop.app import main; sys.exit(main())",
         "--data-dir", str(data), "gui",
         "--page", "案件", "--screenshot", str(out)],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000
