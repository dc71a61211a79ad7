"""audit seal: each event carries the hash of its record's new state; record_seal keeps the fields

Revision ID: 0006_audit_seal
Revises: 0004_provision_tiers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_audit_seal"
down_revision = "0004_provision_tiers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing events keep an empty state hash; the first start after the upgrade seals every
    # existing record once (a 基线封存 event each), which needs the data key, so not here.
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(
            sa.Column("state_hash", sa.String(length=64), server_default="", nullable=False)
        )
    op.create_table(
        "record_seal",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", name=op.f("pk_record_seal")),
    )


def downgrade() -> None:
    op.drop_table("record_seal")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("state_hash")
