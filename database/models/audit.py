"""Hash-chained audit events (执法全过程记录)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.models.base import Base


class AuditEvent(Base):
    """Who changed what and when; each event's hash covers the previous event's hash."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))
    #: JSON {"field": [old, new]} (or the full row for create/delete).
    changes: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Keyed hash of the record's state after the change (its record_seal fields); empty for a
    #: deletion and for events written before records were sealed.
    state_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditHead(Base):
    """The chain's tip (one row): its event count and last hash, so a deleted tail is noticed."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    #: Keyed hash over (event_count, last_hash): only the key holder can move the tip.
    seal: Mapped[str] = mapped_column(String(64), default="")


class RecordSeal(Base):
    """The last audited state of one record, one keyed hash per field, so `audit verify` can
    name the fields changed outside the program (the event chain holds the hash over them)."""

    __tablename__ = "record_seal"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: JSON {"field": short keyed hash of its value}.
    fields: Mapped[str] = mapped_column(Text)
    #: The state_hash of the record's newest event.
    state_hash: Mapped[str] = mapped_column(String(64))


class KeyCheck(Base):
    """Which data key this database was encrypted with (one row), and a value proving a key fits."""

    __tablename__ = "key_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(40))
    #: Keyed hash of a fixed text: a wrong key is refused at start-up instead of giving garbage.
    check: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    exported_at: Mapped[datetime | None] = mapped_column(DateTime)
