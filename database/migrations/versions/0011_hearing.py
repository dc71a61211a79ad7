"""case: 告知书送达日期, 听证 (申请、日期、地点、主持人、结论), 陈述申辩内容, 复核意见 and the
penalty the 告知书 proposed (issue 14)

Revision ID: 0011_hearing
Revises: 0010_officer_order
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_hearing"
down_revision = "0010_officer_order"
branch_labels = None
depends_on = None

_DATES = ("notice_served_on", "hearing_requested_on", "hearing_on")
_TEXTS = ("hearing_outcome", "statement_summary", "review_reason", "notified_kinds")


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        for name in _DATES:
            batch.add_column(sa.Column(name, sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("hearing_place", sa.String(length=200), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("hearing_host", sa.String(length=60), server_default="", nullable=False)
        )
        for name in _TEXTS:
            batch.add_column(sa.Column(name, sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("review_result", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("notified_fine_fen", sa.BigInteger(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        for name in ("notified_fine_fen", "review_result", *_TEXTS, "hearing_host",
                     "hearing_place", *_DATES):  # fmt: skip
            batch.drop_column(name)
