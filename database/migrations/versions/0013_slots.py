"""document slots, act dates and number order (issue 15 points 1–4)

document.document_date: the date the document bears (the act it records), kept in the register
so the 卷内目录 and the number-order check read the same date the paper prints.
document.late_reason: 补号原因, why a 文号 was issued to a document dated before a higher one.
case.inquired_on / case.deliberated_on: 询问日期 and 合议日期 (the 询问笔录 and 合议记录 were
dated by other steps). attachment.collected_on: 取证日期 (evidence was dated by its upload).

Revision ID: 0013_slots
Revises: 0012_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_slots"
down_revision = "0012_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("document_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("late_reason", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("inquired_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("deliberated_on", sa.Date(), nullable=True))
    with op.batch_alter_table("attachment") as batch:
        batch.add_column(sa.Column("collected_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachment") as batch:
        batch.drop_column("collected_on")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("deliberated_on")
        batch.drop_column("inquired_on")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("late_reason")
        batch.drop_column("document_date")
