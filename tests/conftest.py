"""Shared fixtures: a real SQLite file per test, services wired as the app wires them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.app import AppContext, build_context
from desktop.services.demo_data import DemoOptions, load_demo

#: The demo district is generated relative to this day in tests, so results are stable.
DEMO_TODAY = date(2026, 11, 20)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    """A fresh database file in a temp folder, upgraded to head, with the services."""
    context = build_context(str(tmp_path / "data"))
    yield context
    context.close()


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per session; tests copy it instead of rebuilding."""
    folder = tmp_path_factory.mktemp("demo-template")
    context = build_context(str(folder))
    load_demo(context.uow_factory, DemoOptions(seed=2024, cases=240, today=DEMO_TODAY))
    context.close()
    return folder


@pytest.fixture
def demo_ctx(tmp_path: Path, demo_template_db: Path) -> Iterator[AppContext]:
    """A private copy of the demo district."""
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_template_db, target)
    context = build_context(str(target))
    yield context
    context.close()
