"""Alembic environment: runs on the connection handed in by database.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine

from database.encrypted import EncryptedString, EncryptedText
from database.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run on the caller's connection, or on one made from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    # Encrypted columns are plain TEXT in the schema; the cipher lives in the program.
    if type_ == "type" and isinstance(obj, EncryptedString):
        return f"sa.String(length={getattr(obj.impl_instance, 'length', None)})"
    if type_ == "type" and isinstance(obj, EncryptedText):
        return "sa.Text()"
    return False


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    context.run_migrations()


run_migrations()
