"""Office data (机关名称, 文号 patterns …) and user-entered statutory calendar years."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.models.base import Base


class OfficeSetting(Base):
    """One office setting by key; desktop.records.office declares the keys and defaults."""

    __tablename__ = "office_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class CalendarDay(Base):
    """A holiday or 调休 working day entered by the office for a year the library lacks."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(60), default="")


class CalendarYear(Base):
    """A year whose holidays the office has entered completely (else deadlines are provisional)."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200), default="")
