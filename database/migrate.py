"""Alembic driven from code, with an absolute script location, so the frozen app upgrades too.

Alembic is imported only when there is work for it: a database already at the shipped head (every
start but the first after an update) is recognised from the version files' text and the
alembic_version table, which saves importing Alembic on the way to the 工作台 (issue 18).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


#: `revision = "0008_window"` and `down_revision = "0005_penalty_kinds"` in a version file.
_REVISION = re.compile(r"""^revision(?:\s*:\s*str)?\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\b[^=\n]*=\s*["']([^"']+)["']""", re.MULTILINE)


def shipped_head() -> str | None:
    """The head revision, read from the version files' text; None unless they end in exactly one
    head (then Alembic decides, as for merges or anything unusual)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        if revision is None:
            continue
        revisions.add(revision.group(1))
        parent = _DOWN_REVISION.search(source)
        if parent is not None:
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_at_head(engine: Engine) -> bool:
    """Whether the database is exactly at the shipped head (no upgrade to run)."""
    head = shipped_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            rows = [
                row[0]
                for row in connection.execute(text("SELECT version_num FROM alembic_version"))
            ]
    except SQLAlchemyError:  # no alembic_version table yet: a new database
        return False
    return rows == [head]


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to this engine (env.py reads config.attributes['connection'])."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates "%": a data folder under C:\Users\张三 renders as %E5%BC%A0….
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision."""
    if is_at_head(engine):
        return  # the usual start: nothing to upgrade, Alembic not even imported
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Create or upgrade the schema to `revision` (the self-test builds an old database so)."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade to a revision ('base' empties the database)."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when empty)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _script_directory() -> ScriptDirectory:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def head_revision() -> str | None:
    """The newest revision shipped with this program."""
    return _script_directory().get_current_head()


def revision_chain() -> list[str]:
    """Every revision shipped with this program, oldest first."""
    return [script.revision for script in reversed(list(_script_directory().walk_revisions()))]
