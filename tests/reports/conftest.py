"""Fixtures of the report tests: a Records helper on the fresh database, and a PostgreSQL context."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from report_datasets import Records
from sqlalchemy.engine import make_url

from desktop.app import AppContext, build_context

#: Set by dev.sh/CI (a throw-away server); the shared-mode tests need it.
PG_URL_ENV = "CASEDESK_TEST_PG_URL"


@pytest.fixture
def records(ctx: AppContext) -> Iterator[Records]:
    """A Records helper on the test's fresh database."""
    rec = Records(ctx)
    yield rec
    rec.close()


@pytest.fixture
def pg_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """A fresh PostgreSQL database on the test server, upgraded to head, with the services."""
    server = os.environ.get(PG_URL_ENV)
    assert server, f"{PG_URL_ENV} is not set: run through ./dev.sh test (it starts PostgreSQL)"
    url = make_url(server)
    name = f"reports_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    context = build_context(str(tmp_path / "data"), url.set(database=name).render_as_string(False))
    yield context
    context.close()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
