"""Fixtures of the report tests: a Records helper on the fresh database, and a PostgreSQL context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from report_datasets import Records

from desktop.app import AppContext, build_context


@pytest.fixture
def records(ctx: AppContext) -> Iterator[Records]:
    """A Records helper on the test's fresh database."""
    rec = Records(ctx)
    yield rec
    rec.close()


@pytest.fixture
def pg_ctx(tmp_path: Path, pg_url: str) -> Iterator[AppContext]:
    """The services on a fresh PostgreSQL database of the test server (shared office mode)."""
    context = build_context(str(tmp_path / "pg-data"), pg_url)
    yield context
    context.close()
