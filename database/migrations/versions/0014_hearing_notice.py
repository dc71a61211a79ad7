"""case: 听证通知日期 (行政处罚法 第六十四条第二项), the day the 听证通知书 was sent

The 听证通知书 was dated the day it was made; it is now dated by this column. A case whose valid
听证通知书 is registered takes that document's date, so its paper and the case agree.

Revision ID: 0014_hearing_notice
Revises: 0013_slots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_hearing_notice"
down_revision = "0013_slots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("hearing_summoned_on", sa.Date(), nullable=True))
    case = sa.table("case", sa.column("id", sa.Integer), sa.column("hearing_summoned_on", sa.Date))
    document = sa.table(
        "document",
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("doc_type", sa.String),
        sa.column("voided", sa.Boolean),
        sa.column("document_date", sa.Date),
    )
    registered = (
        sa.select(document.c.document_date)
        .where(
            document.c.case_id == case.c.id,
            document.c.doc_type == "hearing_summons",
            document.c.voided.is_(False),
            document.c.document_date.is_not(None),
        )
        .order_by(document.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    op.execute(case.update().values(hearing_summoned_on=registered))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_column("hearing_summoned_on")
