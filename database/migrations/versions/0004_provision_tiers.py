"""provision tiers: the catalogue's authority, party, 条款项, sources and penalty tiers; the case's
处罚情形 and 责令改正日期

Revision ID: 0004_provision_tiers
Revises: 0003_case_act_on
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_provision_tiers"
down_revision = "0003_case_act_on"
branch_labels = None
depends_on = None

#: The codes of the catalogue shipped up to revision 0003: rows with these codes came from the
#: seed file, so start-up may bring them up to the shipped catalogue (ProvisionService).
SHIPPED_BEFORE = (
    "YLJG-01", "YLJG-02", "YLJG-03", "YLJG-04", "YLJG-04-2016", "YLJG-05", "YLJG-05-2016",
    "YLJG-06", "YLJG-07", "YLJG-08", "YS-01", "YS-02", "YS-03", "YS-04", "HS-01", "MR-01",
    "MR-02", "YLZL-01", "YLZL-02", "YLZL-03", "YLZL-04", "YLZL-05", "CF-01", "CF-02", "CF-03",
    "YF-01", "YF-02", "YF-03", "GG-01", "GG-02", "CR-01", "XD-01", "YP-01", "YP-02", "QX-01",
    "YLJG-09", "YP-03", "YLZL-06", "YLZL-07", "YP-04", "CF-04",
)  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("legal_provision") as batch:
        for name, length, default in (
            ("authority", 20, "卫生健康"),
            ("party", 10, "机构"),
            ("violated_law", 300, ""),
            ("violated_ref", 200, ""),
            ("basis_law", 300, ""),
            ("basis_ref", 200, ""),
            ("predecessor", 40, ""),
        ):
            batch.add_column(
                sa.Column(name, sa.String(length=length), server_default=default, nullable=False)
            )
        batch.add_column(sa.Column("source", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("checked", sa.Date(), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch.add_column(
            sa.Column("shipped", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    table = sa.table("legal_provision", sa.column("code", sa.String), sa.column("shipped"))
    op.execute(table.update().where(table.c.code.in_(SHIPPED_BEFORE)).values(shipped=True))
    op.create_table(
        "provision_tier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provision_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("mandatory_kinds", sa.String(length=200), nullable=False),
        sa.Column("optional_kinds", sa.String(length=200), nullable=False),
        sa.Column("fine_base", sa.String(length=20), nullable=False),
        sa.Column("min_fine_fen", sa.BigInteger(), nullable=True),
        sa.Column("max_fine_fen", sa.BigInteger(), nullable=True),
        sa.Column("min_multiple_pct", sa.Integer(), nullable=True),
        sa.Column("max_multiple_pct", sa.Integer(), nullable=True),
        sa.Column("base_floor_fen", sa.BigInteger(), nullable=True),
        sa.Column("range_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provision_id"],
            ["legal_provision.id"],
            name=op.f("fk_provision_tier_provision_id_legal_provision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_tier")),
        sa.UniqueConstraint("provision_id", "tier", name="provision_tier_number"),
    )
    with op.batch_alter_table("provision_tier") as batch:
        batch.create_index(batch.f("ix_provision_tier_provision_id"), ["provision_id"])
    # Existing cases keep the first tier (no 处罚情形) and no 责令改正日期.
    with op.batch_alter_table("case") as batch:
        batch.add_column(
            sa.Column(
                "penalty_tier_condition", sa.String(length=20), server_default="", nullable=False
            )
        )
        batch.add_column(sa.Column("correction_ordered_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_column("correction_ordered_on")
        batch.drop_column("penalty_tier_condition")
    with op.batch_alter_table("provision_tier") as batch:
        batch.drop_index(batch.f("ix_provision_tier_provision_id"))
    op.drop_table("provision_tier")
    with op.batch_alter_table("legal_provision") as batch:
        for name in ("shipped", "note", "checked", "source", "predecessor", "basis_ref",
                     "basis_law", "violated_ref", "violated_law", "party", "authority"):  # fmt: skip
            batch.drop_column(name)
