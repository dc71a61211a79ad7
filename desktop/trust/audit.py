"""执法全过程记录: every change to cases, inspections, documents and institutions, hash-chained.

`install_audit(session_factory, sealer)` hooks the sessions the composition root makes, so no
service has to remember to log: after each flush the created, changed and deleted rows of the
audited tables become events (old → new values), appended to a keyed hash chain. Child rows
without a history of their own (an inspection's checklist results, a case's 没收非法财物 items,
the officers of a case or an inspection) are recorded in their parent's event, under keys such as
`results[3]`, `confiscated_items[1]` and `officers`, so one record's history tells the whole
story. Closed cases lock themselves; a change to a locked case — its officers and items
included — needs `AuditService.reopen_case` with a reason.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from database.encrypted import EncryptedText
from database.models import AuditEvent, AuditHead, Case, Officer
from database.unit_of_work import UowFactory
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.trust.audit_anchor import Anchor, anchor_problems
from desktop.trust.audit_chain import (
    AuditReport,
    ChainHead,
    PendingEvent,
    Sealer,
    append_events,
    json_value,
    lock_chain,
    walk_chain,
)
from desktop.trust.audit_spec import (
    AUDITED,
    CHILD_ROWS,
    MEMBER_LISTS,
    ORDERED_MEMBERS,
    UNAUDITED_COLUMNS,
    ChildRows,
)
from desktop.trust.record_check import seal_baseline, seal_orders, verify_records
from desktop.trust.record_seal import seal_records
from forms.validators import FieldError

#: Shown instead of an encrypted value, so the audit trail does not leak personal data.
MASKED = "（已加密）"
#: Environment variable naming the clerk (else the operating-system user).
ENV_USER = "CASEDESK_USER"
#: session.info key carrying the reason of the change being flushed.
REASON_KEY = "audit_reason"
#: session.info key: this transaction appended events (the anchor follows its commit).
APPENDED_KEY = "audit_appended"

log = logging.getLogger("casedesk.audit")

ACTION_CREATE, ACTION_UPDATE, ACTION_DELETE, ACTION_REOPEN = "新增", "修改", "删除", "重新打开"


def current_actor() -> str:
    """Who is working: CASEDESK_USER, else the operating-system account."""
    try:
        return os.environ.get(ENV_USER) or getpass.getuser()
    except (OSError, KeyError):
        return "未知用户"


def _value(obj: Any, attr: Any, value: Any) -> Any:
    if isinstance(attr.columns[0].type, EncryptedText):
        return MASKED if value else ""
    return json_value(value)


def _column_attrs(obj: Any) -> list[Any]:
    return [a for a in inspect(obj).mapper.column_attrs if a.key not in UNAUDITED_COLUMNS]


def _member(obj: Any) -> str:
    """How a member of a many-to-many collection is named in an event."""
    if isinstance(obj, Officer):
        return f"{obj.name}（{obj.badge_no}）"
    return f"{type(obj).__name__}#{obj.id}"


def _members(owner: Any, key: str, objs: Iterable[Any]) -> list[str]:
    if key in ORDERED_MEMBERS.get(type(owner), {}):
        return [_member(o) for o in objs]  # in the order the documents print them
    # Link tables of the other lists keep no order, so the event lists members sorted.
    return sorted(_member(o) for o in objs)


def _member_snapshot(obj: Any, new: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in MEMBER_LISTS.get(type(obj), ()):
        history = state.attrs[key].history
        if new:
            changes[key] = [None, _members(obj, key, [*history.unchanged, *history.added])]
        else:
            changes[key] = [_members(obj, key, [*history.unchanged, *history.deleted]), None]
    return changes


def _loaded_members(obj: Any, key: str, history: Any) -> list[Any]:
    """A member list as loaded, before this flush's changes (in its stored order)."""
    # committed_state keeps the collection as it was loaded once the list is changed or
    # replaced; the history alone loses the order (a pure reordering has nothing added or
    # deleted, only "unchanged" members in the new order).
    original = inspect(obj).committed_state.get(key)
    if isinstance(original, list):
        return original
    return [*history.unchanged, *history.deleted]


def _member_diff(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in MEMBER_LISTS.get(type(obj), ()):
        history = state.attrs[key].history
        if not history.has_changes() and key not in state.committed_state:
            continue
        old = _members(obj, key, _loaded_members(obj, key, history))
        new = _members(obj, key, state.attrs[key].value)
        if old != new:
            changes[key] = [old, new]
    return changes


def _snapshot(obj: Any, new: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in _column_attrs(obj):
        value = _value(obj, attr, state.attrs[attr.key].value)
        changes[attr.key] = [None, value] if new else [value, None]
    changes.update(_member_snapshot(obj, new))
    return changes


def _diff(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in _column_attrs(obj):
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changes[attr.key] = [_value(obj, attr, old), _value(obj, attr, new)]
    changes.update(_member_diff(obj))
    return changes


def _child_row(obj: Any, spec: ChildRows, old: bool) -> tuple[tuple[int, Any], Any]:
    """((parent id, row key), column values) of a child row before or after the flush."""
    state = inspect(obj)

    def value(key: str) -> Any:
        history = state.attrs[key].history
        if old and history.deleted:
            return history.deleted[0]
        return state.attrs[key].value

    skip = {"id", spec.parent_key, spec.row_key}
    values = {a.key: _value(obj, a, value(a.key)) for a in _column_attrs(obj) if a.key not in skip}
    row_key = value(spec.row_key)
    # A row that is nothing but its key (a 诊疗科目) is recorded as that key.
    return (value(spec.parent_key), row_key), values or json_value(row_key)


def _removed_rows(session: Session, spec: ChildRows) -> dict[int, Any]:
    """The child rows this flush deletes, by object identity."""
    removed = {id(o): o for o in session.deleted if isinstance(o, spec.model)}
    for parent in session.dirty:
        if isinstance(parent, spec.parent):
            # Rows dropped from the collection are deleted as orphans by the flush itself, so
            # they never appear in session.deleted.
            for orphan in inspect(parent).attrs[spec.collection].history.deleted:
                if orphan not in session.new:
                    removed.setdefault(id(orphan), orphan)
    return removed


def _child_changes(session: Session) -> dict[tuple[str, int], dict[str, list[Any]]]:
    """Changes of child rows by parent: {(entity, parent id): {"results[3]": [old, new]}}."""
    out: dict[tuple[str, int], dict[str, list[Any]]] = {}
    for spec in CHILD_ROWS:
        removed = _removed_rows(session, spec)
        before: dict[tuple[int, Any], Any] = {}
        after: dict[tuple[int, Any], Any] = {}
        for obj in removed.values():
            key, values = _child_row(obj, spec, old=True)
            before[key] = values
        for obj in session.new:
            if isinstance(obj, spec.model) and id(obj) not in removed:
                key, values = _child_row(obj, spec, old=False)
                after[key] = values
        for obj in session.dirty:
            if isinstance(obj, spec.model) and id(obj) not in removed:
                key, values = _child_row(obj, spec, old=True)
                before[key] = values
                key, values = _child_row(obj, spec, old=False)
                after[key] = values
        entity = AUDITED[spec.parent]
        for parent_id, row_key in sorted(
            before.keys() | after.keys(), key=lambda k: (k[0], str(k[1]))
        ):
            old, new = before.get((parent_id, row_key)), after.get((parent_id, row_key))
            if old != new:
                changes = out.setdefault((entity, parent_id), {})
                changes[f"{spec.collection}[{row_key}]"] = [old, new]
    return out


def _events(session: Session) -> list[PendingEvent]:
    reason = str(session.info.pop(REASON_KEY, ""))
    # (entity, id) → [action, changes], in the order the events are appended.
    pending: dict[tuple[str, int], tuple[str, dict[str, list[Any]]]] = {}
    for obj in session.new:
        if type(obj) in AUDITED:
            pending[(AUDITED[type(obj)], obj.id)] = (ACTION_CREATE, _snapshot(obj, True))
    for obj in session.dirty:
        if type(obj) in AUDITED:
            changes = _diff(obj)
            action = ACTION_REOPEN if changes.get("locked") == [True, False] else ACTION_UPDATE
            pending[(AUDITED[type(obj)], obj.id)] = (action, changes)
    for obj in session.deleted:
        if type(obj) in AUDITED:
            pending[(AUDITED[type(obj)], obj.id)] = (ACTION_DELETE, _snapshot(obj, False))
    for parent, changes in _child_changes(session).items():
        # A new or deleted parent's event carries its rows; otherwise the parent was changed.
        pending.setdefault(parent, (ACTION_UPDATE, {}))[1].update(changes)
    return [
        PendingEvent(entity, entity_id, action, changes, reason)
        for (entity, entity_id), (action, changes) in pending.items()
        if changes
    ]


def _stays_locked(case: Case) -> bool:
    """Whether the case was locked before this flush and stays locked through it."""
    lock = inspect(case).attrs.locked.history
    return bool(lock.unchanged and lock.unchanged[0])


def _cases_with_changed_rows(session: Session) -> list[Case]:
    """The cases whose child rows (没收非法财物 …) this flush adds, changes or removes."""
    cases: list[Case] = []
    for spec in CHILD_ROWS:
        if spec.parent is not Case:
            continue
        for obj in (*session.new, *session.dirty, *session.deleted):
            if not isinstance(obj, spec.model):
                continue
            if obj in session.dirty and not session.is_modified(obj):
                continue
            parent = getattr(obj, spec.parent_relation)
            if parent is None and obj in session.deleted:
                parent = session.get(Case, getattr(obj, spec.parent_key))
            if parent is not None:
                cases.append(parent)
        for obj in session.dirty:
            if isinstance(obj, Case) and inspect(obj).attrs[spec.collection].history.deleted:
                cases.append(obj)  # rows dropped from the collection (deleted as orphans)
    return cases


def _guard_locked_cases(session: Session) -> None:
    """Refuse changes to a locked case (its child rows included); lock a case once it is saved
    with a 结案日期."""
    for obj in session.deleted:
        if isinstance(obj, Case) and obj.locked:
            raise ConflictError(f"案件 {obj.case_no} 已结案锁定，不能删除。")
    for case in _cases_with_changed_rows(session):
        if case not in session.deleted and _stays_locked(case):
            raise ConflictError(f"案件 {case.case_no} 已结案锁定，修改前须先登记“重新打开”及理由。")
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, Case):
            continue
        lock = inspect(obj).attrs.locked.history
        if lock.deleted and lock.deleted[0] and not obj.locked:
            continue  # this flush is the recorded 重新打开 itself
        if _stays_locked(obj) and _diff(obj):
            raise ConflictError(f"案件 {obj.case_no} 已结案锁定，修改前须先登记“重新打开”及理由。")
        if obj.closed_on is not None and not obj.locked:
            obj.locked = True


def install_audit(
    session_factory: sessionmaker[Session],
    sealer: Sealer,
    actor: Callable[[], str] = current_actor,
    on_commit: Callable[[ChainHead], None] | None = None,
) -> None:
    """Record every change of the audited tables made through sessions of this factory; after a
    commit that added events, on_commit gets the chain's head (the data folder's anchor)."""

    @event.listens_for(session_factory, "before_flush")
    def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
        _guard_locked_cases(session)

    @event.listens_for(session_factory, "do_orm_execute")
    def _refuse_bulk_changes(state: ORMExecuteState) -> None:
        # Bulk INSERT/UPDATE/DELETE statements skip the flush, so they would leave no trace.
        if not (state.is_insert or state.is_update or state.is_delete):
            return
        mapper = state.bind_mapper
        if mapper is not None and mapper.class_ in AUDITED:
            raise RuntimeError(
                f"bulk {AUDITED[mapper.class_]} changes bypass the audit trail: change the objects"
            )

    @event.listens_for(session_factory, "after_flush")
    def _after_flush(session: Session, _context: Any) -> None:
        events = _events(session)
        if not events:
            return
        connection = session.connection()
        lock_chain(connection)  # another clerk's seal of the same record waits for this one
        # Each event carries the keyed hash of its record's state as the database now holds it.
        states = seal_records(connection, sealer, [(e.entity, e.entity_id) for e in events])
        events = [replace(e, state_hash=states[(e.entity, e.entity_id)]) for e in events]
        append_events(connection, sealer, actor(), events)
        session.info[APPENDED_KEY] = True

    if on_commit is None:
        return

    @event.listens_for(session_factory, "after_commit")
    def _after_commit(session: Session) -> None:
        if session.info.pop(APPENDED_KEY, False):
            notify_head(session, on_commit)

    @event.listens_for(session_factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(APPENDED_KEY, None)


def notify_head(session: Session, on_commit: Callable[[ChainHead], None]) -> None:
    """Tell on_commit the committed chain head (read afresh: a rolled-back savepoint's events
    must not count). A failure to anchor is logged, never undoes the committed work."""
    try:
        with session.get_bind().engine.connect() as connection:
            head = connection.execute(
                select(AuditHead.event_count, AuditHead.last_hash).where(AuditHead.id == 1)
            ).first()
        if head is not None:
            on_commit(ChainHead(int(head[0]), str(head[1])))
    except (SQLAlchemyError, OSError, ValueError, TypeError):
        log.exception("审计锚点未能写入")


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One event as the 执法全过程记录 view shows it."""

    id: int
    occurred_at: datetime
    actor: str
    entity: str
    entity_id: int
    action: str
    changes: str
    reason: str


class AuditService:
    """Verify the chain, list a record's history, reopen a closed case."""

    def __init__(
        self,
        uow_factory: UowFactory,
        sealer: Sealer,
        anchor: Callable[[], Anchor | None] = lambda: None,
    ) -> None:
        self._uow_factory = uow_factory
        self._sealer = sealer
        self._anchor = anchor

    def verify(self) -> AuditReport:
        """Check every event, the chain's tip against its anchor outside the database, and every
        audited record against the state its newest event sealed."""
        with self._uow_factory(readonly=True) as uow:
            connection = uow.session.connection()
            chain, latest = walk_chain(connection, self._sealer)
            behind = anchor_problems(connection, self._anchor())
            records = verify_records(connection, self._sealer, latest)
        problems = (*chain.problems, *behind, *records.problems)
        return AuditReport(chain.checked, problems, records.records)

    def anchor_problems(self) -> list[str]:
        """The chain against its anchor outside the database (for the start-up check)."""
        with self._uow_factory(readonly=True) as uow:
            return anchor_problems(uow.session.connection(), self._anchor())

    def seal_baseline(self) -> int:
        """The one-time 基线封存 of records that existed before sealing began; returns how many
        records it sealed (0: nothing to do)."""
        return self._seal_once(seal_baseline)

    def seal_orders(self) -> int:
        """The one-time 封存执法人员顺序 of cases sealed before their officers' order was (those
        that still match their seal); returns how many it sealed (0: nothing to do)."""
        return self._seal_once(seal_orders)

    def _seal_once(self, seal: Callable[[Connection, Sealer, str], ChainHead | None]) -> int:
        with self._uow_factory() as uow:
            connection = uow.session.connection()
            before = connection.execute(select(func.count(AuditEvent.id))).scalar_one()
            head = seal(connection, self._sealer, current_actor())
            if head is None:
                return 0
            uow.session.info[APPENDED_KEY] = True
            uow.commit()
            return head.count - int(before)

    def history(self, entity: str, entity_id: int) -> list[AuditRow]:
        """A record's events, oldest first."""
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(AuditEvent)
                .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
            return [
                AuditRow(
                    e.id,
                    e.occurred_at,
                    e.actor,
                    e.entity,
                    e.entity_id,
                    e.action,
                    e.changes,
                    e.reason,
                )
                for e in uow.session.scalars(query)
            ]

    def reopen_case(self, case_id: int, reason: str) -> None:
        """重新打开 a locked case, recording the reason; the next save locks it again."""
        if not reason.strip():
            raise ValidationError([FieldError("重新打开理由", "不能为空。")], "重新打开案件")
        with self._uow_factory() as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"没有编号为 {case_id} 的案件。")
            if not case.locked:
                raise ConflictError(f"案件 {case.case_no} 没有锁定，无需重新打开。")
            case.locked = False
            uow.session.info[REASON_KEY] = reason.strip()
            uow.commit()
