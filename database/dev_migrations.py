"""Developer tool: autogenerate a migration from the models.

    python -m database.dev_migrations "message" [--rev-id 0002]

Until the first release the whole schema lives in revision 0001; `--initial` rewrites it.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from database.engine import make_engine, sqlite_url
from database.migrate import MIGRATIONS_DIR, alembic_config


def main() -> None:
    """Autogenerate against a scratch database upgraded to the current head."""
    parser = argparse.ArgumentParser()
    parser.add_argument("message")
    parser.add_argument("--rev-id")
    parser.add_argument("--initial", action="store_true", help="rewrite revision 0001")
    args = parser.parse_args()
    if args.initial:
        for old in (MIGRATIONS_DIR / "versions").glob("0001_*.py"):
            old.unlink()
        args.rev_id = "0001"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(sqlite_url(Path(tmp) / "scratch.db"))
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            command.revision(config, args.message, autogenerate=True, rev_id=args.rev_id)


if __name__ == "__main__":
    main()
