"""Enforcement cases (案件) from 受理 to 结案, their officers and attachments."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    event,
    false,
    func,
    inspect,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from database.encrypted import EncryptedText
from database.models.base import Base, TimestampMixin, enum_column
from database.models.enums import (
    CampaignCategory,
    CaseSource,
    CaseStatus,
    CauseCategory,
    InstitutionKind,
    NoPenaltyGround,
    PartyType,
    ReviewResult,
)
from database.models.people import Officer
from database.natural_sort import KEY_LENGTH, natural_key

if TYPE_CHECKING:
    from database.models.institution import Institution

case_officer = Table(
    "case_officer",
    Base.metadata,
    Column("case_id", ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("officer_id", ForeignKey("officer.id"), primary_key=True),
    # The order the clerk gave the officers (editor, ledger, `case set`); documents print it.
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)


class Case(TimestampMixin, Base):
    """One enforcement case. Money is integer 分; every step has its own date."""

    __tablename__ = "case"
    __table_args__ = (
        CheckConstraint("fine_fen >= 0", name="fine_not_negative"),
        CheckConstraint("confiscation_fen >= 0", name="confiscation_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(60), unique=True)
    #: natural_key(case_no): the list sorts 案号 by year, then number (set with case_no).
    case_no_sort: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", index=True)
    source: Mapped[CaseSource] = mapped_column(enum_column(CaseSource), index=True)
    cause_category: Mapped[CauseCategory] = mapped_column(enum_column(CauseCategory), index=True)
    campaign_category: Mapped[CampaignCategory | None] = mapped_column(
        enum_column(CampaignCategory, 30), index=True
    )
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus), default=CaseStatus.FILED, index=True
    )

    # The party: an institution on record, or a person / unrecorded organisation.
    party_type: Mapped[PartyType] = mapped_column(enum_column(PartyType))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id", ondelete="SET NULL"), index=True
    )
    party_name: Mapped[str] = mapped_column(String(200), index=True)
    party_credit_code: Mapped[str] = mapped_column(String(18), default="")
    #: Encrypted at rest; party_id_number_hash is the keyed hash for exact search.
    party_id_number: Mapped[str] = mapped_column(EncryptedText, default="")
    party_id_number_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    party_kind: Mapped[InstitutionKind | None] = mapped_column(enum_column(InstitutionKind))
    party_address: Mapped[str] = mapped_column(String(300), default="")
    party_representative: Mapped[str] = mapped_column(String(60), default="")
    #: Encrypted at rest.
    party_phone: Mapped[str] = mapped_column(EncryptedText, default="")
    town: Mapped[str] = mapped_column(String(60), default="", index=True)

    cause: Mapped[str] = mapped_column(String(300))
    facts: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    violated_provisions: Mapped[str] = mapped_column(Text, default="")
    penalty_basis: Mapped[str] = mapped_column(Text, default="")
    provision_code: Mapped[str] = mapped_column(String(40), default="")
    discretion: Mapped[str] = mapped_column(Text, default="")
    #: Why a penalty outside the provision's range was decided (for 法制审核); required to save one.
    range_override_reason: Mapped[str] = mapped_column(Text, default="")
    #: 裁量: the level of the office's 裁量基准 (轻微/一般/较重/严重), the circumstance (从轻/减轻/
    #: 从重) and its ground (forms.review_terms); "" = not recorded.
    discretion_level: Mapped[str] = mapped_column(String(10), default="", server_default="")
    discretion_circumstance: Mapped[str] = mapped_column(String(10), default="", server_default="")
    discretion_ground: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: 疑难复杂: the case needs 法制审核 and 集体讨论 (行政处罚法 第五十七条第二款、第五十八条).
    complex_case: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: 法制审核 (legal_review_on is its date): who, the opinion, 通过 / 不通过.
    legal_reviewer: Mapped[str] = mapped_column(String(60), default="", server_default="")
    legal_review_result: Mapped[str] = mapped_column(String(10), default="", server_default="")
    legal_review_opinion: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: 集体讨论: when, who presided, the participants ("姓名（职务）：意见" a line), the conclusion.
    discussion_on: Mapped[date | None] = mapped_column(Date)
    discussion_host: Mapped[str] = mapped_column(String(60), default="", server_default="")
    discussion_members: Mapped[str] = mapped_column(Text, default="", server_default="")
    discussion_conclusion: Mapped[str] = mapped_column(Text, default="", server_default="")

    # Decision. no_penalty marks a 不予处罚 decision; a transfer alone is judicial_transfer.
    warning: Mapped[bool] = mapped_column(Boolean, default=False)
    fine_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    confiscation_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    order_correction: Mapped[bool] = mapped_column(Boolean, default=False)
    suspension: Mapped[bool] = mapped_column(Boolean, default=False)
    revocation: Mapped[bool] = mapped_column(Boolean, default=False)
    judicial_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    no_penalty: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The kinds of 行政处罚法 第九条 that have no column of their own (通报批评、责令关闭 …),
    #: 、-separated in the order of desktop.law.kinds; 没收非法财物 is its item list.
    other_kinds: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: 暂扣许可证件 and 暂停执业活动 for how long, 核减 which 诊疗科目, 限制从业 how (as printed).
    licence_hold_term: Mapped[str] = mapped_column(String(60), default="", server_default="")
    practice_suspension_term: Mapped[str] = mapped_column(String(60), default="", server_default="")
    reduced_subjects: Mapped[str] = mapped_column(String(200), default="", server_default="")
    occupation_ban: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Why a 不予处罚 case is not punished (the article of 行政处罚法); None = not recorded.
    no_penalty_ground: Mapped[NoPenaltyGround | None] = mapped_column(
        enum_column(NoPenaltyGround, 60)
    )
    #: 移送: to whom (公安机关, or the authority the provision belongs to), when and why.
    transfer_organ: Mapped[str] = mapped_column(String(200), default="", server_default="")
    transferred_on: Mapped[date | None] = mapped_column(Date)
    transfer_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    #: 违法行为发生日期: the law in force on it applies (行政处罚法 第三十七条); None = not recorded.
    act_on: Mapped[date | None] = mapped_column(Date)
    #: 处罚情形: which tier of the provision applies (a TierCondition value; "" = the first tier).
    penalty_tier_condition: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: The day 责令改正 was ordered, which 逾期不改正 / 拒不改正 follow.
    correction_ordered_on: Mapped[date | None] = mapped_column(Date)

    # Step dates (受理 → 结案).
    accepted_on: Mapped[date | None] = mapped_column(Date)
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    #: 询问日期 and 合议日期: the acts the 询问笔录 and 合议记录 record (their documents' dates).
    inquired_on: Mapped[date | None] = mapped_column(Date)
    deliberated_on: Mapped[date | None] = mapped_column(Date)
    investigation_ended_on: Mapped[date | None] = mapped_column(Date)
    notified_on: Mapped[date | None] = mapped_column(Date)
    hearing_notified_on: Mapped[date | None] = mapped_column(Date)
    statement_on: Mapped[date | None] = mapped_column(Date)
    legal_review_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date, index=True)
    served_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)

    # The party's rights after the 告知 (行政处罚法 第四十四、四十五、六十三、六十四条): the day the
    # 告知书 reached the party (its windows run from it), the 听证 and the 陈述申辩 with its 复核.
    notice_served_on: Mapped[date | None] = mapped_column(Date)
    hearing_requested_on: Mapped[date | None] = mapped_column(Date)
    #: 听证通知日期: the 听证通知书 goes out at least seven (working) days before the hearing
    #: (第六十四条第二项, 第八十五条) and bears this date.
    hearing_summoned_on: Mapped[date | None] = mapped_column(Date)
    hearing_on: Mapped[date | None] = mapped_column(Date)
    hearing_place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    hearing_host: Mapped[str] = mapped_column(String(60), default="", server_default="")
    hearing_outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    statement_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    review_result: Mapped[ReviewResult | None] = mapped_column(enum_column(ReviewResult, 10))
    review_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The penalty the 告知书 proposed (第四十五条第二款: never heavier after a statement):
    #: the kinds, 、-separated ("" = not recorded), and the fine in 分.
    notified_fine_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    notified_kinds: Mapped[str] = mapped_column(Text, default="", server_default="")

    handler: Mapped[str] = mapped_column(String(120), default="")
    is_typical: Mapped[bool] = mapped_column(Boolean, default=False)
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection.id", ondelete="SET NULL")
    )
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    institution: Mapped[Institution | None] = relationship(back_populates="cases")
    officers: Mapped[list[Officer]] = relationship(
        secondary=case_officer, order_by=(case_officer.c.position, case_officer.c.officer_id)
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    confiscated_items: Mapped[list[ConfiscatedItem]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ConfiscatedItem.position"
    )

    @validates("case_no")
    def _set_sort_key(self, _key: str, value: str) -> str:
        self.case_no_sort = natural_key(value)
        return value

    @property
    def forfeiture_fen(self) -> int:
        """罚没金额 = 罚款 + 没收违法所得."""
        return self.fine_fen + self.confiscation_fen


class ConfiscatedItem(Base):
    """One line of 没收非法财物 (行政处罚法 第九条第二项): what, how many, optionally its value."""

    __tablename__ = "case_confiscated_item"
    __table_args__ = (CheckConstraint("value_fen >= 0", name="value_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    #: The line's place in the decision (1, 2, …).
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    #: As counted ("3", "1.5"): a text, so a decimal quantity prints as typed.
    quantity: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20), default="")
    value_fen: Mapped[int | None] = mapped_column(BigInteger)

    case: Mapped[Case] = relationship(back_populates="confiscated_items")


class Attachment(Base):
    """Evidence (scan, photo, PDF) in the content-addressed file store."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), index=True
    )
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    #: 取证日期: when the evidence was taken (dates and files it; None = not recorded).
    collected_on: Mapped[date | None] = mapped_column(Date)

    case: Mapped[Case | None] = relationship(back_populates="attachments")


@event.listens_for(Session, "after_flush")
def _keep_officer_order(session: Session, _context: object) -> None:
    """Number the officers of every new or changed case in their list order: a link table row
    carries only the two keys when the flush inserts it, and a list put in another order with
    the same officers inserts nothing at all."""
    rows = [
        {"c": case.id, "o": officer.id, "p": position}
        for case in (*session.new, *session.dirty)
        if isinstance(case, Case) and "officers" in inspect(case).dict
        for position, officer in enumerate(case.officers)
    ]
    if rows:
        statement = (
            update(case_officer)
            .where(case_officer.c.case_id == bindparam("c"),
                   case_officer.c.officer_id == bindparam("o"))
            .values(position=bindparam("p"))
        )  # fmt: skip
        session.connection().execute(statement, rows)
