"""provision fine base: fines as multiples of 违法所得 / 货值金额 with a floor

Revision ID: 0002_provision_fine_base
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_provision_fine_base"
down_revision = "0001"
branch_labels = None
depends_on = None

#: The shipped catalogue rows whose fine is a multiple (code → base, min %, max %, floor 分);
#: a database seeded before this revision gets them here, a new one from provisions.csv.
MULTIPLES = {
    "YLJG-01": ("illegal_income", 500, 2000, 1_000_000),
    "YLJG-02": ("illegal_income", 500, 1500, 1_000_000),
    "YLJG-03": ("illegal_income", 200, 1000, 1_000_000),
    "YS-01": ("illegal_income", 200, 1000, 1_000_000),
    "YP-01": ("goods_value", 200, 1000, 5_000_000),
    "YP-02": ("goods_value", 1500, 3000, 10_000_000),
    "QX-01": ("goods_value", 500, 2000, None),
}
#: Lower limits the catalogue lacked (15 × the 10万 floor; QX-01's 2万 for small goods values).
MINIMA = {"YP-02": 150_000_000, "QX-01": 2_000_000}


def upgrade() -> None:
    with op.batch_alter_table("legal_provision") as batch:
        batch.add_column(
            sa.Column("fine_base", sa.String(length=20), server_default="fixed", nullable=False)
        )
        batch.add_column(sa.Column("min_multiple_pct", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("max_multiple_pct", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("base_floor_fen", sa.BigInteger(), nullable=True))
    table = sa.table(
        "legal_provision",
        sa.column("code", sa.String),
        sa.column("fine_base", sa.String),
        sa.column("min_multiple_pct", sa.Integer),
        sa.column("max_multiple_pct", sa.Integer),
        sa.column("base_floor_fen", sa.BigInteger),
        sa.column("min_fine_fen", sa.BigInteger),
    )
    for code, (base, low, high, floor) in MULTIPLES.items():
        op.execute(
            table.update()
            .where(table.c.code == code)
            .values(
                fine_base=base, min_multiple_pct=low, max_multiple_pct=high, base_floor_fen=floor
            )
        )
    for code, minimum in MINIMA.items():
        op.execute(table.update().where(table.c.code == code).values(min_fine_fen=minimum))


def downgrade() -> None:
    with op.batch_alter_table("legal_provision") as batch:
        batch.drop_column("base_floor_fen")
        batch.drop_column("max_multiple_pct")
        batch.drop_column("min_multiple_pct")
        batch.drop_column("fine_base")
