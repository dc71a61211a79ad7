"""UI fixtures: a main window on a context, background work drained before anything closes."""

from __future__ import annotations

import gc
from collections.abc import Generator

import pytest

from desktop.app import AppContext


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, None, None]:
    """Wait for background tasks before any fixture tears down, collect garbage after.

    Fixture teardown closes the widgets (qtbot) and the context's engine; a worker still inside
    the database then would run on a closed engine. The collection afterwards runs on the GUI
    thread with the pools idle, so the test's widgets are never finalized on a pool thread.
    """
    from desktop.ui.tasks import wait_for_all

    wait_for_all(60_000)
    try:
        return (yield)
    finally:
        wait_for_all(60_000)
        gc.collect()


@pytest.fixture
def window(qtbot, demo_ctx: AppContext):  # type: ignore[no-untyped-def]
    """The main window on the demo district."""
    from desktop.ui.main import build_window

    win = build_window(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win



@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """After the test body, before pytest-qt closes the test's windows: an editor left with typed
    changes would ask 放弃修改？ on closing and wait for an answer nobody gives. Tests that close
    an editor answer the question themselves (ui_keys.answer_next_box)."""
    try:
        return (yield)
    finally:
        from PySide6.QtWidgets import QApplication

        from desktop.ui.dialogs.record_editor import RecordEditorDialog

        if QApplication.instance() is not None:
            for widget in QApplication.allWidgets():
                if isinstance(widget, RecordEditorDialog):
                    widget.mark_clean()
