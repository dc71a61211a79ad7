"""case act_on: 违法行为发生日期, the day whose law applies (行政处罚法 第三十七条)

Revision ID: 0003_case_act_on
Revises: 0002_provision_fine_base
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_case_act_on"
down_revision = "0002_provision_fine_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing cases keep act_on empty: the range check then falls back to 立案日期 and says so.
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("act_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_column("act_on")
