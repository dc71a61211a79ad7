"""case: 裁量 (level, circumstance, ground), 疑难复杂, 法制审核 and 集体讨论; the 裁量基准 table

Revision ID: 0012_review
Revises: 0011_hearing
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_review"
down_revision = "0011_hearing"
branch_labels = None
depends_on = None

_TEXTS = (
    ("discretion_level", sa.String(length=10)),
    ("discretion_circumstance", sa.String(length=10)),
    ("discretion_ground", sa.String(length=200)),
    ("legal_reviewer", sa.String(length=60)),
    ("legal_review_result", sa.String(length=10)),
    ("legal_review_opinion", sa.Text()),
    ("discussion_host", sa.String(length=60)),
    ("discussion_members", sa.Text()),
    ("discussion_conclusion", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        for name, type_ in _TEXTS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
        batch.add_column(
            sa.Column("complex_case", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("discussion_on", sa.Date(), nullable=True))
    op.create_table(
        "discretion_standard",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("provision_code", sa.String(length=40), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("min_fine_fen", sa.BigInteger(), nullable=True),
        sa.Column("max_fine_fen", sa.BigInteger(), nullable=True),
        sa.Column("circumstances", sa.Text(), nullable=False, server_default=""),
        sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("source", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("provision_code", "condition", "level"),
    )
    op.create_index(
        "ix_discretion_standard_provision_code", "discretion_standard", ["provision_code"]
    )


def downgrade() -> None:
    op.drop_index("ix_discretion_standard_provision_code", table_name="discretion_standard")
    op.drop_table("discretion_standard")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("discussion_on")
        batch.drop_column("complex_case")
        for name, _type in reversed(_TEXTS):
            batch.drop_column(name)
