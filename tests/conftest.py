"""Shared fixtures: a real SQLite file per test, services wired as the app wires them."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The data key: an in-memory keyring in this process; child processes (CLI tests) have no
# keyring and use the passphrase-protected key file that the passphrase below enables.
os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", "test-passphrase-不要在生产中使用")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import keyring
from memory_keyring import MemoryKeyring

keyring.set_keyring(MemoryKeyring())

import casedesk_pg  # noqa: E402

from desktop.app import AppContext, build_context  # noqa: E402
from desktop.cli.internal_error import INTERNAL_ERROR_MARK, LOG_NAME  # noqa: E402
from desktop.demo.district import DemoOptions, load_demo  # noqa: E402

#: The demo district is generated relative to this day in tests, so results are stable.
DEMO_TODAY = date(2026, 11, 20)
#: In PostgreSQL suite mode the demo template folder names its template database here.
PG_TEMPLATE_FILE = "pg-template-url.txt"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server (fails under CI when none is set)."""
    server = casedesk_pg.server_url()
    url = casedesk_pg.create_database(server)
    yield url
    casedesk_pg.drop_database(server, url)


def _template(folder: Path, fill: Callable[[AppContext], None] | None = None) -> str | None:
    """Build a data folder once (in PostgreSQL suite mode with its template database, whose URL
    the folder names); returns that URL. Opening a copy is far cheaper than migrating (and loading
    the demo) per test."""
    db_url = None
    folder.mkdir(parents=True, exist_ok=True)
    if casedesk_pg.suite_on_postgres():
        db_url = casedesk_pg.create_database(casedesk_pg.server_url())
        (folder / PG_TEMPLATE_FILE).write_text(db_url, encoding="utf-8")
    context = build_context(str(folder), db_url)
    if fill is not None:
        fill(context)
    context.close()
    return db_url


@contextmanager
def _private_copy(template: Path, target: Path) -> Iterator[AppContext]:
    """A private copy of a template folder (key file, anchor, SQLite file; in PostgreSQL suite mode
    a database made from the template database), opened with the services."""
    shutil.copytree(template, target)
    db_url = None
    template_file = target / PG_TEMPLATE_FILE
    if template_file.exists():
        template_db = make_url(template_file.read_text(encoding="utf-8")).database
        template_file.unlink()  # the copy is the test's data folder: nothing of the fixture in it
        db_url = casedesk_pg.create_database(casedesk_pg.server_url(), template_db)
    context = build_context(str(target), db_url)
    with casedesk_pg.database_env(db_url):  # CLI runs on the same data folder find the server
        yield context
    context.close()
    if db_url:
        casedesk_pg.drop_database(casedesk_pg.server_url(), db_url)


@pytest.fixture(scope="session")
def empty_template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh database upgraded to head (seeded provisions, default checklist), built once."""
    folder = tmp_path_factory.mktemp("empty-template") / "data"
    db_url = _template(folder)
    yield folder
    if db_url:
        casedesk_pg.drop_database(casedesk_pg.server_url(), db_url)


@pytest.fixture
def ctx(tmp_path: Path, empty_template_db: Path) -> Iterator[AppContext]:
    """A fresh database (a SQLite file, or with CASEDESK_TEST_DB=postgres a PostgreSQL
    database on the test server), upgraded to head, with the services: a private copy of the
    session's empty template (tests that need the first open itself call build_context)."""
    with _private_copy(empty_template_db, tmp_path / "data") as context:
        yield context


def _load_demo(context: AppContext) -> None:
    load_demo(context.uow_factory, DemoOptions(seed=2024, cases=240, today=DEMO_TODAY))


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A demo database built once per session; tests copy it instead of rebuilding."""
    folder = tmp_path_factory.mktemp("demo-template")
    db_url = _template(folder, _load_demo)
    yield folder
    if db_url:
        casedesk_pg.drop_database(casedesk_pg.server_url(), db_url)


@pytest.fixture
def demo_ctx(tmp_path: Path, demo_template_db: Path) -> Iterator[AppContext]:
    """A private copy of the demo district."""
    with _private_copy(demo_template_db, tmp_path / "demo") as context:
        yield context


class _InternalErrors(logging.Handler):
    """Collects the internal-error entries the command line's last guard logs in this process."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(INTERNAL_ERROR_MARK):
            self.messages.append(self.format(record))


def _logged_internal_errors(folder: Path) -> list[str]:
    """Internal-error entries in the casedesk.log files under a test's folder (written by the
    command line run as a child process)."""
    found: list[str] = []
    for log_file in folder.rglob(LOG_NAME.name):
        if log_file.parent.name == LOG_NAME.parent.name:
            text = log_file.read_text(encoding="utf-8", errors="replace")
            found += [line for line in text.splitlines() if INTERNAL_ERROR_MARK in line]
    return found


@pytest.fixture(autouse=True)
def _fail_on_internal_error(request: pytest.FixtureRequest) -> Iterator[None]:
    """The command line turns any unexpected exception into a message and a log entry; the
    suite must still see it as the bug it is. A test provoking one on purpose is marked
    `internal_error_expected`."""
    handler = _InternalErrors()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("casedesk")
    logger.addHandler(handler)
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if request.node.get_closest_marker("internal_error_expected") is not None:
        return
    found = handler.messages + (_logged_internal_errors(folder) if folder is not None else [])
    if found:
        pytest.fail("命令出现内部错误（未预料的异常）：\n" + "\n".join(found[:5]), pytrace=False)
