"""Facility records (机构名录): institutions, their 诊疗科目, 医疗美容项目, staff, credit and scoring."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.encrypted import EncryptedText
from database.models.base import Base, TimestampMixin, enum_column
from database.models.enums import InstitutionKind, InstitutionStatus, StaffRole

if TYPE_CHECKING:
    from database.models.case import Case


class Institution(TimestampMixin, Base):
    """A medical institution, beauty venue or unlicensed venue on the district's record."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    license_no: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[InstitutionKind] = mapped_column(enum_column(InstitutionKind), index=True)
    town: Mapped[str] = mapped_column(String(60), default="", index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    legal_representative: Mapped[str] = mapped_column(String(60), default="")
    principal: Mapped[str] = mapped_column(String(60), default="")
    #: Encrypted at rest (key injected by desktop.trust.crypto).
    phone: Mapped[str] = mapped_column(EncryptedText, default="")
    status: Mapped[InstitutionStatus] = mapped_column(
        enum_column(InstitutionStatus), default=InstitutionStatus.ACTIVE, index=True
    )
    #: 依法执业信用评价 grade of the latest evaluation; empty when never evaluated.
    credit_grade: Mapped[str] = mapped_column(String(20), default="")
    #: 其他医疗机构 with a 医疗美容科 filing count as 医疗美容机构 in 附表1.
    cosmetic_filed: Mapped[bool] = mapped_column(Boolean, default=False)
    licence_valid_until: Mapped[date | None] = mapped_column(Date)
    last_verified_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    subjects: Mapped[list[InstitutionSubject]] = relationship(
        back_populates="institution", cascade="all, delete-orphan", order_by="InstitutionSubject.id"
    )
    cosmetic_projects: Mapped[list[CosmeticProject]] = relationship(
        back_populates="institution", cascade="all, delete-orphan"
    )
    staff: Mapped[list[Staff]] = relationship(
        back_populates="institution", cascade="all, delete-orphan"
    )
    cases: Mapped[list[Case]] = relationship(back_populates="institution")


class InstitutionSubject(Base):
    """A licensed 诊疗科目."""

    __tablename__ = "institution_subject"
    __table_args__ = (UniqueConstraint("institution_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institution.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))

    institution: Mapped[Institution] = relationship(back_populates="subjects")


class CosmeticProject(Base):
    """A filed 医疗美容项目 with its 手术分级 (一级–四级; none for non-surgical items)."""

    __tablename__ = "cosmetic_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institution.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(200))
    surgery_grade: Mapped[int | None] = mapped_column(Integer)
    filed_on: Mapped[date | None] = mapped_column(Date)

    institution: Mapped[Institution] = relationship(back_populates="cosmetic_projects")


class Staff(TimestampMixin, Base):
    """A health professional (医师/护士/药师/技师) working at an institution."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institution.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60), index=True)
    #: Encrypted at rest; id_number_hash is the keyed hash used for exact search.
    id_number: Mapped[str] = mapped_column(EncryptedText, default="")
    id_number_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole))
    certificate_no: Mapped[str] = mapped_column(String(60), default="")
    practice_place: Mapped[str] = mapped_column(String(200), default="")
    scope: Mapped[str] = mapped_column(String(200), default="")
    chief_cosmetic_doctor: Mapped[bool] = mapped_column(Boolean, default=False)
    registration_valid_until: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(EncryptedText, default="")

    institution: Mapped[Institution] = relationship(back_populates="staff")


class CreditEvaluation(Base):
    """One 依法执业信用评价 of an institution."""

    __tablename__ = "credit_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institution.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(20))
    evaluated_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class ScoreEvent(Base):
    """不良执业行为记分: points for an institution or a staff member, tied to its cause."""

    __tablename__ = "score_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date] = mapped_column(Date)
    scoring_year: Mapped[int] = mapped_column(Integer, index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection.id", ondelete="SET NULL")
    )
