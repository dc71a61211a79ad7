"""Enforcement officers (执法人员) and their declared conflicts of interest."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from database.encrypted import EncryptedString
from database.models.base import Base, TimestampMixin


class Officer(TimestampMixin, Base):
    """执法人员 with the 执法证号 printed on every record they sign."""

    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    badge_no: Mapped[str] = mapped_column(String(40), unique=True)
    department: Mapped[str] = mapped_column(String(100), default="")
    #: Encrypted at rest (a VARCHAR column from before encryption).
    phone: Mapped[str] = mapped_column(EncryptedString(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OfficerConflict(Base):
    """A declared conflict: the officer is never drawn to inspect that institution."""

    __tablename__ = "officer_conflict"
    __table_args__ = (UniqueConstraint("officer_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    declared_on: Mapped[date | None] = mapped_column(Date)
