"""投诉举报: received, handled, result, reply and satisfaction (山西附件1 footer)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.encrypted import EncryptedText
from database.models.base import Base, TimestampMixin, enum_column
from database.models.enums import ComplaintResult


class Complaint(TimestampMixin, Base):
    """A complaint or report from the public."""

    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(40), default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    #: Encrypted at rest.
    reporter_contact: Mapped[str] = mapped_column(EncryptedText, default="")
    content: Mapped[str] = mapped_column(Text)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id", ondelete="SET NULL")
    )
    target_name: Mapped[str] = mapped_column(String(200), default="")
    handling: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[ComplaintResult | None] = mapped_column(enum_column(ComplaintResult))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
    closed_on: Mapped[date | None] = mapped_column(Date)
    replied_on: Mapped[date | None] = mapped_column(Date)
    reporter_satisfied: Mapped[bool | None] = mapped_column(Boolean)
