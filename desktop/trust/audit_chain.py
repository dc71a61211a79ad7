"""The audit trail's chain: how events are recorded, sealed and verified (no session hooks)."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, insert, select, text, update

from database.models import AuditEvent, AuditHead

#: prev_hash of the first event.
GENESIS_HASH = "0" * 64
#: PostgreSQL advisory lock id that serialises appends to the chain across clerks.
AUDIT_LOCK_ID = 727_300_001


class Sealer(Protocol):
    """Keyed hash (desktop.trust.crypto.DataCipher.seal)."""

    def seal(self, data: bytes) -> str:
        """Hex keyed hash of the bytes."""
        ...


def json_value(value: Any) -> Any:
    """A column value as JSON: dates ISO, enums by their Chinese value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """An event about to be appended."""

    entity: str
    entity_id: int
    action: str
    changes: dict[str, list[Any]]
    reason: str = ""
    #: Keyed hash of the record's state after the change (record_seal); "" for a deletion.
    state_hash: str = ""


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The chain's tip: how many events it holds and the newest one's hash."""

    count: int
    last_hash: str


@dataclass(frozen=True, slots=True)
class LastState:
    """A record's newest event: what it did and the state it sealed."""

    event_id: int
    action: str
    state_hash: str


def _payload(prev_hash: str, occurred_at: datetime, actor: str, event: PendingEvent) -> bytes:
    fields: list[Any] = [
        prev_hash,
        occurred_at.isoformat(),
        actor,
        event.entity,
        event.entity_id,
        event.action,
        json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
        event.reason,
    ]
    if event.state_hash:  # events from before records were sealed keep their payload
        fields.append(event.state_hash)
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def _head_seal(sealer: Sealer, count: int, last_hash: str) -> str:
    return sealer.seal(f"audit-head:{count}:{last_hash}".encode())


def lock_chain(connection: Connection) -> None:
    """Serialise chain appends (and the record seals read before them) across clerks until the
    transaction ends; SQLite's write lock does this already. Taking it twice is harmless."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": AUDIT_LOCK_ID})


def append_events(
    connection: Connection, sealer: Sealer, actor: str, events: list[PendingEvent]
) -> ChainHead | None:
    """Append events to the chain in the caller's transaction (serialised across clerks);
    returns the new tip (None when there was nothing to append)."""
    if not events:
        return None
    lock_chain(connection)
    head = connection.execute(
        select(AuditHead.event_count, AuditHead.last_hash).where(AuditHead.id == 1)
    ).first()
    count, prev = (head[0], head[1]) if head is not None else (0, GENESIS_HASH)
    rows = []
    for event in events:
        occurred_at = datetime.now()
        digest = sealer.seal(_payload(prev, occurred_at, actor, event))
        rows.append(
            {
                "occurred_at": occurred_at,
                "actor": actor,
                "entity": event.entity,
                "entity_id": event.entity_id,
                "action": event.action,
                "changes": json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
                "reason": event.reason,
                "prev_hash": prev,
                "hash": digest,
                "state_hash": event.state_hash,
            }
        )
        prev = digest
        count += 1
    connection.execute(insert(AuditEvent), rows)
    values = {"event_count": count, "last_hash": prev, "seal": _head_seal(sealer, count, prev)}
    if head is None:
        connection.execute(insert(AuditHead).values(id=1, **values))
    else:
        connection.execute(update(AuditHead).where(AuditHead.id == 1).values(**values))
    return ChainHead(count, prev)


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The result of `audit verify`: how many events were checked and every problem found."""

    checked: int
    problems: tuple[str, ...]
    #: Records whose current state was compared with their last audited state.
    records: int = 0

    @property
    def ok(self) -> bool:
        """Whether the chain is intact."""
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            sealed = f"；{self.records} 条记录与最后一次审计记录一致" if self.records else ""
            return f"审计记录完整：共 {self.checked} 条，哈希链校验通过{sealed}。"
        return f"审计记录校验失败（共 {self.checked} 条）：\n" + "\n".join(self.problems)


def verify_chain(connection: Connection, sealer: Sealer) -> AuditReport:
    """Walk the chain in id order: every event's hash, its link, and the sealed tip."""
    return walk_chain(connection, sealer)[0]


def walk_chain(
    connection: Connection, sealer: Sealer
) -> tuple[AuditReport, dict[tuple[str, int], LastState]]:
    """verify_chain, plus each record's newest event (for the record seals)."""
    latest: dict[tuple[str, int], LastState] = {}
    problems: list[str] = []
    prev = GENESIS_HASH
    checked = 0
    last_id: int | None = None
    for row in connection.execute(select(AuditEvent).order_by(AuditEvent.id)).mappings():
        checked += 1
        event = PendingEvent(
            row["entity"],
            row["entity_id"],
            row["action"],
            json.loads(row["changes"]),
            row["reason"],
            row["state_hash"] or "",
        )
        latest[(event.entity, event.entity_id)] = LastState(
            row["id"], event.action, event.state_hash
        )
        if row["prev_hash"] != prev:
            where = f"编号 {last_id} 之后" if last_id is not None else "链首"
            problems.append(
                f"审计记录编号 {row['id']}：与前一条不衔接（{where}有记录被删除或改动）。"
            )
        expected = sealer.seal(_payload(row["prev_hash"], row["occurred_at"], row["actor"], event))
        if expected != row["hash"]:
            problems.append(f"审计记录编号 {row['id']}：内容与其哈希不符（记录已被改动）。")
        prev = row["hash"]
        last_id = row["id"]
    head = connection.execute(select(AuditHead).where(AuditHead.id == 1)).mappings().first()
    count, tip = (head["event_count"], head["last_hash"]) if head else (0, GENESIS_HASH)
    if head is not None and head["seal"] != _head_seal(sealer, count, tip):
        problems.append("审计链尾记录（条数与末条哈希）已被改动。")
    if count != checked or (checked and tip != prev):
        problems.append(
            f"审计记录应有 {count} 条，实有 {checked} 条：末尾的记录被删除，或链尾被改动。"
        )
    return AuditReport(checked, tuple(problems)), latest
