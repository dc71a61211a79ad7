"""case penalty kinds: every kind of 行政处罚法 第九条, 不予处罚 ground, 移送, 没收非法财物 items

Revision ID: 0005_penalty_kinds
Revises: 0006_audit_seal
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_penalty_kinds"
down_revision = "0006_audit_seal"
branch_labels = None
depends_on = None

#: (name, type) of the new case columns; text columns default to "" so existing rows stay valid.
TEXT_COLUMNS = (
    ("other_kinds", sa.Text()),
    ("licence_hold_term", sa.String(60)),
    ("practice_suspension_term", sa.String(60)),
    ("reduced_subjects", sa.String(200)),
    ("occupation_ban", sa.String(200)),
    ("transfer_organ", sa.String(200)),
    ("transfer_reason", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        for name, type_ in TEXT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
        batch.add_column(sa.Column("no_penalty_ground", sa.String(60), nullable=True))
        batch.add_column(sa.Column("transferred_on", sa.Date(), nullable=True))
    op.create_table(
        "case_confiscated_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("quantity", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("value_fen", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "value_fen >= 0", name=op.f("ck_case_confiscated_item_value_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_case_confiscated_item_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_confiscated_item")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_case_confiscated_item_case_id"), "case_confiscated_item", ["case_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_case_confiscated_item_case_id"), table_name="case_confiscated_item")
    op.drop_table("case_confiscated_item")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("transferred_on")
        batch.drop_column("no_penalty_ground")
        for name, _type in reversed(TEXT_COLUMNS):
            batch.drop_column(name)
