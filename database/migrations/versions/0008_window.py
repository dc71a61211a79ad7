"""case: 案号 sort key (year, then number) and the reason for a penalty outside its range

Revision ID: 0008_window
Revises: 0005_penalty_kinds
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008_window"
down_revision = "0005_penalty_kinds"
branch_labels = None
depends_on = None

# A copy of database.natural_sort as of this revision: a migration must not change with the code.
_YEAR = re.compile(r"[〔\[(【]\s*((?:19|20)\d\d)\s*[〕\])】]")
_BRACKETS = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "]": "〕", ")": "〕", "】": "〕"})


def _natural_key(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text or "").strip().translate(_BRACKETS)
    found = _YEAR.search(plain)
    year = found.group(1) if found else "0000"
    padded = re.sub(r"\d+", lambda m: m.group().lstrip("0").rjust(10, "0"), plain)
    return f"{year}|{padded}"[:255]


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(
            sa.Column("case_no_sort", sa.String(length=255), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("range_override_reason", sa.Text(), server_default="", nullable=False)
        )
        batch.create_index("ix_case_case_no_sort", ["case_no_sort"])
    table = sa.table("case", sa.column("id", sa.Integer), sa.column("case_no", sa.String),
                     sa.column("case_no_sort", sa.String))  # fmt: skip
    connection = op.get_bind()
    keys = [
        {"row_id": case_id, "key": _natural_key(case_no)}
        for case_id, case_no in connection.execute(sa.select(table.c.id, table.c.case_no))
    ]
    if keys:  # one executemany: 100,000 cases take seconds, not minutes
        connection.execute(
            table.update()
            .where(table.c.id == sa.bindparam("row_id"))
            .values(case_no_sort=sa.bindparam("key")),
            keys,
        )


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_index("ix_case_case_no_sort")
        batch.drop_column("range_override_reason")
        batch.drop_column("case_no_sort")
