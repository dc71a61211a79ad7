"""The catalogue of legal provisions: 违法行为 → 违反条款 → 处罚依据 → statutory range."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.models.base import Base


class LegalProvision(Base):
    """One violation with the article it breaks, the article that punishes it and the range.

    Provisions carry effective dates: the law in force when the act occurred applies unless
    the newer one is lighter (行政处罚法 第三十七条).
    """

    __tablename__ = "legal_provision"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    violation: Mapped[str] = mapped_column(String(300))
    cause_category: Mapped[str] = mapped_column(String(20), default="")
    violated_article: Mapped[str] = mapped_column(String(200))
    violated_text: Mapped[str] = mapped_column(Text, default="")
    basis_article: Mapped[str] = mapped_column(String(200))
    basis_text: Mapped[str] = mapped_column(Text, default="")
    #: Allowed measures, 、-separated (警告、罚款、没收违法所得 …).
    measures: Mapped[str] = mapped_column(String(200), default="")
    min_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    max_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    #: Free text for ranges not fixed in money (e.g. 违法所得5倍以上20倍以下).
    range_text: Mapped[str] = mapped_column(Text, default="")
    #: What the fine is measured on: "fixed" (an amount, min/max_fine_fen), "illegal_income"
    #: (违法所得) or "goods_value" (货值金额), the latter two as multiples in per cent.
    fine_base: Mapped[str] = mapped_column(String(20), default="fixed", server_default="fixed")
    #: 违法所得五倍 = 500; None = no lower / no upper multiple (open).
    min_multiple_pct: Mapped[int | None] = mapped_column(Integer)
    max_multiple_pct: Mapped[int | None] = mapped_column(Integer)
    #: 违法所得不足一万元的，按一万元计算: the base counts at least this much.
    base_floor_fen: Mapped[int | None] = mapped_column(BigInteger)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    verified: Mapped[bool] = mapped_column(default=False)
