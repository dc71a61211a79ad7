"""The catalogue of legal provisions: 违法行为 → 违反条款 → 处罚依据 → the tiers of penalty."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.models.base import Base


class LegalProvision(Base):
    """One violation with the article it breaks, the article that punishes it and its tiers.

    Provisions carry effective dates: the law in force when the act occurred applies unless
    the newer one is lighter (行政处罚法 第三十七条). The citation columns violated_article and
    basis_article are composed from law and 条款项 ("《医疗废物管理条例》第十四条第二款"); measures,
    the fine columns and fine_base repeat the first tier (what the lists show).
    """

    __tablename__ = "legal_provision"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    violation: Mapped[str] = mapped_column(String(300))
    cause_category: Mapped[str] = mapped_column(String(20), default="")
    #: The body that applies the 依据 (卫生健康, 中医药, 疾病预防控制; any other is a 移送 row).
    authority: Mapped[str] = mapped_column(String(20), default="卫生健康", server_default="卫生健康")
    #: Whom the 依据 punishes: 机构, 个人 or 机构或个人 (ProvisionParty).
    party: Mapped[str] = mapped_column(String(10), default="机构", server_default="机构")
    #: Law names without 《》 and 条/款/项; two laws are "；"-separated, as many parts in each.
    violated_law: Mapped[str] = mapped_column(String(300), default="", server_default="")
    violated_ref: Mapped[str] = mapped_column(String(200), default="", server_default="")
    violated_article: Mapped[str] = mapped_column(String(200))
    violated_text: Mapped[str] = mapped_column(Text, default="")
    basis_law: Mapped[str] = mapped_column(String(300), default="", server_default="")
    basis_ref: Mapped[str] = mapped_column(String(200), default="", server_default="")
    basis_article: Mapped[str] = mapped_column(String(200))
    basis_text: Mapped[str] = mapped_column(Text, default="")
    #: The first tier's kinds, 、-separated (警告、罚款、没收违法所得 …).
    measures: Mapped[str] = mapped_column(String(200), default="")
    min_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    max_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    #: Every tier in the law's words, "；"-separated.
    range_text: Mapped[str] = mapped_column(Text, default="")
    #: What the first tier's fine is measured on: "fixed", "illegal_income" (违法所得),
    #: "goods_value" (货值金额) or "none"; multiples in per cent.
    fine_base: Mapped[str] = mapped_column(String(20), default="fixed", server_default="fixed")
    #: 违法所得五倍 = 500; None = no lower / no upper multiple (open).
    min_multiple_pct: Mapped[int | None] = mapped_column(Integer)
    max_multiple_pct: Mapped[int | None] = mapped_column(Integer)
    #: 违法所得不足一万元的，按一万元计算: the base counts at least this much.
    base_floor_fen: Mapped[int | None] = mapped_column(BigInteger)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    #: Code of the row this version replaces (older numbering or older law), for 从旧兼从轻.
    predecessor: Mapped[str] = mapped_column(String(40), default="", server_default="")
    verified: Mapped[bool] = mapped_column(default=False)
    #: Where the text was read, the day it was checked, and what a reviewer should know.
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    checked: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: A row of the shipped catalogue: start-up keeps it equal to the shipped file. An office's
    #: own rows (False) are never changed by it.
    shipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    tiers: Mapped[list[ProvisionTier]] = relationship(
        back_populates="provision",
        cascade="all, delete-orphan",
        order_by="ProvisionTier.tier",
        lazy="selectin",
    )

    def tier_for(self, condition: str) -> ProvisionTier | None:
        """The tier a case's 处罚情形 selects: the first tier for none, else the one whose
        condition it names (None when the provision has no such tier)."""
        return pick_tier(self.tiers, condition)


class ProvisionTier(Base):
    """One tier of a provision's penalty: its condition, kinds and range."""

    __tablename__ = "provision_tier"
    __table_args__ = (UniqueConstraint("provision_id", "tier", name="provision_tier_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_id: Mapped[int] = mapped_column(
        ForeignKey("legal_provision.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3 … in the order of the article.
    tier: Mapped[int] = mapped_column(Integer)
    #: "" = the ordinary tier, else a TierCondition value (逾期不改正, 情节严重 …).
    condition: Mapped[str] = mapped_column(String(20), default="")
    #: Kinds the law says shall be given together (并处, 给予, 没收), 、-separated.
    mandatory_kinds: Mapped[str] = mapped_column(String(200), default="")
    #: Kinds the law leaves to choice (可以, 或者), 、-separated.
    optional_kinds: Mapped[str] = mapped_column(String(200), default="")
    fine_base: Mapped[str] = mapped_column(String(20), default="fixed")
    min_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    max_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    min_multiple_pct: Mapped[int | None] = mapped_column(Integer)
    max_multiple_pct: Mapped[int | None] = mapped_column(Integer)
    base_floor_fen: Mapped[int | None] = mapped_column(BigInteger)
    range_text: Mapped[str] = mapped_column(Text, default="")

    provision: Mapped[LegalProvision] = relationship(back_populates="tiers")

    @property
    def measures(self) -> str:
        """Every kind of the tier, mandatory first, 、-separated."""
        return "、".join(k for k in (self.mandatory_kinds, self.optional_kinds) if k)


class _Conditioned(Protocol):
    @property
    def condition(self) -> str: ...


_T = TypeVar("_T", bound=_Conditioned)


def pick_tier(tiers: Sequence[_T], condition: str) -> _T | None:
    """The tier for a 处罚情形 among tiers in order: the first for "", else the first whose
    condition equals it."""
    if not condition:
        return tiers[0] if tiers else None
    return next((t for t in tiers if t.condition == condition), None)


class DiscretionStandard(Base):
    """One level of the office's own 裁量基准 for a provision (imported from its workbook); the
    shipped defaults are read from database/seed_data/discretion_standards.csv, and the office's
    rows for a provision and 处罚情形 replace them (desktop.law.discretion)."""

    __tablename__ = "discretion_standard"
    __table_args__ = (UniqueConstraint("provision_code", "condition", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_code: Mapped[str] = mapped_column(String(40), index=True)
    #: 处罚情形 of the tier the levels divide ("" = the first tier).
    condition: Mapped[str] = mapped_column(String(20), default="", server_default="")
    level: Mapped[str] = mapped_column(String(10))
    min_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    max_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    circumstances: Mapped[str] = mapped_column(Text, default="", server_default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
