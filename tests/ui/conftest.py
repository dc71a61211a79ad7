"""UI fixtures: a main window on a context, background work waited for after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.app import AppContext


@pytest.fixture(autouse=True)
def _drain_pools() -> Iterator[None]:
    """Let every background task finish before the context closes its engine."""
    yield
    from desktop.ui.tasks import wait_for_all

    wait_for_all(30_000)


@pytest.fixture
def window(qtbot, demo_ctx: AppContext):  # type: ignore[no-untyped-def]
    """The main window on the demo district."""
    from desktop.ui.main import build_window

    win = build_window(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win
