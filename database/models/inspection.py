"""Inspection plans, 双随机 draws, checklists and inspection records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.encrypted import EncryptedString
from database.models.base import Base, TimestampMixin, enum_column
from database.models.enums import CheckResult, PlanKind
from database.models.people import Officer


class Checklist(TimestampMixin, Base):
    """A named checklist; clerks copy and edit them."""

    __tablename__ = "checklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="checklist", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )


class ChecklistItem(Base):
    """One checklist item, verbatim from the plan, for one department (卫健委/市场监管局)."""

    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklist.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(String(60), default="")
    label: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    #: Suggested 案由分类 and provision code when the item fails.
    cause_category: Mapped[str] = mapped_column(String(20), default="")
    provision_code: Mapped[str] = mapped_column(String(40), default="")
    #: Suggested 案由 wording (without the party's name) for a case opened from this item.
    case_cause: Mapped[str] = mapped_column(String(200), default="")

    checklist: Mapped[Checklist] = relationship(back_populates="items")


class InspectionPlan(TimestampMixin, Base):
    """工作方案 with period, departments, checklist and target filter."""

    __tablename__ = "inspection_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PlanKind] = mapped_column(enum_column(PlanKind))
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    lead_department: Mapped[str] = mapped_column(String(100), default="")
    checklist_id: Mapped[int | None] = mapped_column(ForeignKey("checklist.id"))
    #: JSON of the target filter (kinds, towns, statuses, all_cosmetic).
    target_filter: Mapped[str] = mapped_column(Text, default="{}")
    note: Mapped[str] = mapped_column(Text, default="")

    departments: Mapped[list[PlanDepartment]] = relationship(cascade="all, delete-orphan")


class PlanDepartment(Base):
    """A participating department with its responsible and contact persons."""

    __tablename__ = "plan_department"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plan.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    #: 责任科室 (e.g. 区卫监所—医疗卫生综合监督科).
    section: Mapped[str] = mapped_column(String(100), default="")
    responsible: Mapped[str] = mapped_column(String(60), default="")
    contact: Mapped[str] = mapped_column(String(60), default="")
    #: Encrypted at rest (a VARCHAR column from before encryption).
    phone: Mapped[str] = mapped_column(EncryptedString(200), default="")
    #: When the lead sent the joint-inspection details, and when this department confirmed
    #: them (seed 000: 协办部门于3个工作日内予以确认).
    notified_on: Mapped[date | None] = mapped_column(Date)
    confirmed_on: Mapped[date | None] = mapped_column(Date)


class Draw(Base):
    """A recorded 双随机 draw; a redraw is a new row that names the one it replaces."""

    __tablename__ = "draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plan.id", ondelete="CASCADE"))
    seed: Mapped[int] = mapped_column(Integer)
    requested: Mapped[str] = mapped_column(String(40))
    population: Mapped[int] = mapped_column(Integer)
    drawn_by: Mapped[str] = mapped_column(String(60))
    drawn_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    replaces_draw_id: Mapped[int | None] = mapped_column(ForeignKey("draw.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: What the draw chose from, so that an audit can recompute it from the seed: JSON list of
    #: institution ids, and JSON {"officers": [ids], "conflicts": [[officer, institution]]}.
    population_ids: Mapped[str] = mapped_column(Text, default="[]")
    officer_pool: Mapped[str] = mapped_column(Text, default="{}")

    items: Mapped[list[DrawItem]] = relationship(
        cascade="all, delete-orphan", order_by="DrawItem.position"
    )


class DrawItem(Base):
    """One drawn inspection object with its pair of officers."""

    __tablename__ = "draw_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draw.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    officer1_id: Mapped[int] = mapped_column(ForeignKey("officer.id"))
    officer2_id: Mapped[int] = mapped_column(ForeignKey("officer.id"))


inspection_officer = Table(
    "inspection_officer",
    Base.metadata,
    Column("inspection_id", ForeignKey("inspection.id", ondelete="CASCADE"), primary_key=True),
    Column("officer_id", ForeignKey("officer.id"), primary_key=True),
)


class Inspection(TimestampMixin, Base):
    """监督检查 record: when, who, the checklist results, findings and opinions."""

    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_plan.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    present_person: Mapped[str] = mapped_column(String(60), default="")
    present_person_title: Mapped[str] = mapped_column(String(60), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    opinions: Mapped[str] = mapped_column(Text, default="")
    #: Date the results were entered in the platform (2-working-day rule).
    entered_on: Mapped[date | None] = mapped_column(Date)
    #: “回头看” of an unlicensed venue punished before; illegal_again feeds 附表2.
    is_revisit: Mapped[bool] = mapped_column(Boolean, default=False)
    illegal_again: Mapped[bool | None] = mapped_column(Boolean)

    officers: Mapped[list[Officer]] = relationship(secondary=inspection_officer)
    results: Mapped[list[InspectionResult]] = relationship(
        cascade="all, delete-orphan", order_by="InspectionResult.position"
    )


class InspectionResult(Base):
    """合格/不合格/不涉及 for one checklist item, with a note."""

    __tablename__ = "inspection_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    checklist_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_item.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(Integer)
    item_text: Mapped[str] = mapped_column(Text)
    result: Mapped[CheckResult] = mapped_column(enum_column(CheckResult))
    note: Mapped[str] = mapped_column(Text, default="")
    #: The case this 不合格 item opened, if any.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
