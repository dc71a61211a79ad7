"""case_officer position: the order the clerk gave a case's 执法人员 (documents print it)

Revision ID: 0010_officer_order
Revises: 0008_window
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_officer_order"
down_revision = "0008_window"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_officer") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    # Officers already on a case keep the order they were printed in until now (by id).
    op.execute(
        "UPDATE case_officer SET position = (SELECT COUNT(*) FROM case_officer AS earlier"
        " WHERE earlier.case_id = case_officer.case_id"
        " AND earlier.officer_id < case_officer.officer_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("case_officer") as batch:
        batch.drop_column("position")
