"""Generated documents and the 文号 register."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from database.models.base import Base


class NumberCounter(Base):
    """The last 序号 handed out per (number series, year); bumped in the document's transaction."""

    __tablename__ = "number_counter"

    series: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    """A generated document: what, for which record, which bytes, from which template."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("series", "year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(60), index=True)
    series: Mapped[str | None] = mapped_column(String(60))
    year: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80), default="", index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(260), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    template_sha256: Mapped[str] = mapped_column(String(64), default="")
    form_version: Mapped[str] = mapped_column(String(20), default="")
    created_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The date the document bears: the date of the act it records (never the day it was made).
    document_date: Mapped[date | None] = mapped_column(Date)
    #: 补号原因: why this 文号 went to a document dated before the highest number's date.
    late_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
