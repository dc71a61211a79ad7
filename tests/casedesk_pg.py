"""Throwaway PostgreSQL databases for the shared-office tests (one per test, dropped after)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

#: The server .ci/run (dev.sh) starts; a maintenance-database URL.
PG_URL_ENV = "CASEDESK_TEST_PG_URL"
#: "postgres" runs the shared ctx/demo_ctx fixtures (the whole suite) against the server.
TEST_DB_ENV = "CASEDESK_TEST_DB"


def suite_on_postgres() -> bool:
    """Whether the shared fixtures use PostgreSQL instead of SQLite files."""
    return os.environ.get(TEST_DB_ENV, "").lower() in {"postgres", "postgresql", "pg"}


def server_url() -> str:
    """The server URL; fails under CI (and in PostgreSQL suite mode), else skips, when unset."""
    url = os.environ.get(PG_URL_ENV, "")
    if url:
        return url
    message = f"{PG_URL_ENV} is not set: no PostgreSQL server for the shared-office tests"
    if os.environ.get("CI", "").lower() == "true" or suite_on_postgres():
        pytest.fail(message)
    pytest.skip(message)


def _admin(url: str):  # type: ignore[no-untyped-def]
    return create_engine(url, isolation_level="AUTOCOMMIT")


def create_database(url: str, template: str | None = None) -> str:
    """Create a fresh database (optionally a copy of a template); returns its URL."""
    name = f"casedesk_test_{uuid.uuid4().hex[:12]}"
    engine = _admin(url)
    try:
        with engine.connect() as connection:
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, database_url: str) -> None:
    """Drop a database made by create_database (closing stray connections)."""
    name = make_url(database_url).database
    engine = _admin(url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


@contextmanager
def database_env(database_url: str | None) -> Iterator[None]:
    """Point CASEDESK_DB at the test's server database (so `casedesk --data-dir …` finds it)."""
    if database_url is None:
        yield
        return
    saved = os.environ.get("CASEDESK_DB")
    os.environ["CASEDESK_DB"] = database_url
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("CASEDESK_DB", None)
        else:
            os.environ["CASEDESK_DB"] = saved
