"""`audit verify` for the records themselves, and the one-time 基线封存 after the upgrade.

Every record's current state is compared with the state its newest event sealed: a record
changed, added or deleted outside the program is named (table, key such as 案号, the fields
that differ). Records that existed before sealing began get one 基线封存 event each on the
first start after the upgrade; from then on an unsealed record was added outside the program.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from database.id_batches import id_batches
from database.models import AuditEvent, RecordSeal
from desktop.trust.audit_chain import (
    ChainHead,
    LastState,
    PendingEvent,
    Sealer,
    append_events,
    lock_chain,
)
from desktop.trust.audit_spec import AUDITED, ENTITY_MODELS, ORDERED_MEMBERS
from desktop.trust.record_seal import (
    changed_fields,
    current_states,
    field_hashes,
    seal_records,
    sealed_fields,
    sealing_started,
    state_hash,
    unsealed_records,
)
from forms.record_forms import CASE_FIELDS, INSPECTION_FIELDS, INSTITUTION_FIELDS, STAFF_FIELDS

#: The action of the events that seal the records existing before sealing began.
ACTION_BASELINE = "基线封存"
BASELINE_REASON = "升级后首次启动：封存已有记录的当前状态，此后在程序之外的改动可被发现。"
ACTION_DELETE = "删除"
#: The action of the events that seal the officers' order of records sealed before it was.
ACTION_ORDER = "封存执法人员顺序"
ORDER_REASON = ("升级后首次启动：此前的封存只记录了案件的执法人员，未记录其顺序；现封存当前顺序，"
                "此后顺序在程序之外的改动可被发现。")  # fmt: skip

#: Entity → (Chinese name, the field that identifies a record to a clerk).
RECORD_NAMES: dict[str, tuple[str, str]] = {
    "case": ("案件", "case_no"),
    "institution": ("机构", "name"),
    "staff": ("人员", "name"),
    "inspection": ("检查记录", "inspected_on"),
    "document": ("文书", "number"),
    "attachment": ("证据材料", "title"),
}
#: Labels of the fields the record editors do not show.
_EXTRA_LABELS: dict[str, str] = {
    "status": "案件状态", "party_kind": "当事人机构类别", "discretion": "裁量说明",
    "locked": "结案锁定", "note": "备注", "started_at": "检查开始时间", "ended_at": "检查结束时间",
    "institution_id": "所属机构", "case_id": "所属案件", "inspection_id": "所属检查记录",
    "doc_type": "文书种类", "series": "文号系列", "year": "文号年度", "seq": "文号序号",
    "number": "文号", "file_name": "文件名", "file_sha256": "文件校验值", "pdf_sha256": "PDF 校验值",
    "template_sha256": "模板校验值", "form_version": "文书格式版本", "created_by": "经办人",
    "voided": "作废", "void_reason": "作废原因", "voided_at": "作废时间", "title": "标题",
    "sha256": "文件校验值", "size": "文件大小", "media_type": "文件类型", "officers": "执法人员",
    "officer_order": "执法人员顺序",
    "document_date": "文书日期", "late_reason": "补号原因", "collected_on": "取证日期",
}  # fmt: skip
_LABELS: dict[str, dict[str, str]] = {
    "case": {f.name: f.label for f in CASE_FIELDS},
    "institution": {f.name: f.label for f in INSTITUTION_FIELDS},
    "staff": {f.name: f.label for f in STAFF_FIELDS},
    "inspection": {f.name: f.label for f in INSPECTION_FIELDS},
}
_CHILD_LABELS = {
    "results": "检查结果第 {} 项",
    "subjects": "诊疗科目“{}”",
    "confiscated_items": "没收非法财物第 {} 项",
}


def field_label(entity: str, name: str) -> str:
    """A field's Chinese label (a child row as 检查结果第 3 项)."""
    if "[" in name:
        collection, _, rest = name.partition("[")
        template = _CHILD_LABELS.get(collection)
        return template.format(rest.rstrip("]")) if template else name
    return _LABELS.get(entity, {}).get(name) or _EXTRA_LABELS.get(name, name)


def _record_label(entity: str, entity_id: int, state: dict[str, Any] | None, name: str) -> str:
    kind, key = RECORD_NAMES.get(entity, (entity, ""))
    shown = (state or {}).get(key) or name
    return f"{kind} {shown}（编号 {entity_id}）" if shown else f"{kind}（编号 {entity_id}）"


def _name_from_events(connection: Connection, entity: str, entity_id: int) -> str:
    """A deleted record's key as its events recorded it (案号, 名称 …)."""
    key = RECORD_NAMES.get(entity, ("", ""))[1]
    query = (
        select(AuditEvent.changes)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id.desc())
    )
    for (changes,) in connection.execute(query):
        old_new = json.loads(changes).get(key)
        if isinstance(old_new, list):
            for value in reversed(old_new):
                if value:
                    return str(value)
    return ""


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """How many records were compared, and what differs."""

    records: int
    problems: tuple[str, ...]


Seals = dict[tuple[str, int], tuple[dict[str, str], str]]


def _holds_its_seal(
    sealer: Sealer, key: tuple[str, int], state: dict[str, Any], fields: dict[str, str], digest: str
) -> bool:
    """Whether the record is as its seal says and the seal is the one the program wrote."""
    entity, entity_id = key
    return digest == state_hash(sealer, entity, entity_id, fields) and not changed_fields(
        sealer, entity, state, fields
    )


def _changed(
    sealer: Sealer, key: tuple[str, int], state: dict[str, Any], last: LastState, seals: Seals
) -> str | None:
    """The problem sentence for a record that no longer matches its last event (None: matches)."""
    entity, entity_id = key
    label = _record_label(entity, entity_id, state, "")
    if last.action == ACTION_DELETE or not last.state_hash:
        if last.action == ACTION_DELETE:
            return f"{label}：审计记录中已删除，数据库中却仍然存在（在程序之外恢复或插入）。"
        return f"{label}：最后一次修改没有封存记录（可能由旧版本程序写入），无法核对。"
    fields, digest = seals.get(key, ({}, ""))
    if fields and state_hash(sealer, entity, entity_id, fields) == last.state_hash:
        changed = changed_fields(sealer, entity, state, fields)
        if not changed:
            return None
        names = "、".join(field_label(entity, n) for n in changed)
        return f"{label}在程序之外被改动：{names}与最后一次审计记录（编号 {last.event_id}）不符。"
    now = field_hashes(sealer, entity, state)
    if state_hash(sealer, entity, entity_id, now) == last.state_hash:
        return f"{label}：封存的字段记录（record_seal）缺失或被改动；记录本身与审计记录一致。"
    if fields and _holds_its_seal(sealer, key, state, fields, digest):
        # Sealed by the program, but the event that sealed it is no longer in the chain.
        return (
            f"{label}：现在的内容来自一次在审计记录中找不到的修改（最后一次审计记录为编号 "
            f"{last.event_id}），该修改的审计记录可能被删除或回滚。"
        )
    return f"{label}在程序之外被改动（封存的字段记录也缺失或被改动，无法确定是哪些字段）。"


def verify_records(
    connection: Connection, sealer: Sealer, latest: dict[tuple[str, int], LastState]
) -> RecordCheck:
    """Compare every audited record with the state its newest event sealed."""
    if not sealing_started(connection):
        if not unsealed_records(connection):
            return RecordCheck(0, ())  # no records yet: nothing to compare
        return RecordCheck(0, ("记录尚未封存（升级后尚未正常启动过程序），无法核对记录本身。",))
    seals = sealed_fields(connection)
    problems: list[str] = []
    checked = 0
    for entity in ENTITY_MODELS:
        states = current_states(connection, entity)
        checked += len(states)
        for entity_id, state in sorted(states.items()):
            last = latest.get((entity, entity_id))
            if last is None:
                label = _record_label(entity, entity_id, state, "")
                problems.append(f"{label}：没有任何审计记录，是在程序之外新增的。")
                continue
            problem = _changed(sealer, (entity, entity_id), state, last, seals)
            if problem:
                problems.append(problem)
        for (kind, entity_id), last in sorted(latest.items()):
            if kind == entity and entity_id not in states and last.action != ACTION_DELETE:
                name = _name_from_events(connection, entity, entity_id)
                label = _record_label(entity, entity_id, None, name)
                problems.append(
                    f"{label}：审计记录中没有删除，数据库中却已不存在（在程序之外被删除）。"
                )
    return RecordCheck(checked, tuple(problems))


def seal_baseline(connection: Connection, sealer: Sealer, actor: str) -> ChainHead | None:
    """Once, when sealing begins on a database with records: a 基线封存 event for each record
    (None when there was nothing to do)."""
    if sealing_started(connection):
        return None
    keys = unsealed_records(connection)
    if not keys:
        return None
    lock_chain(connection)
    hashes = seal_records(connection, sealer, keys)
    events = [
        PendingEvent(
            entity, entity_id, ACTION_BASELINE, {}, BASELINE_REASON, hashes[(entity, entity_id)]
        )
        for entity, entity_id in keys
        if hashes[(entity, entity_id)]
    ]
    return append_events(connection, sealer, actor, events)


def _unordered_seals(connection: Connection) -> list[tuple[str, int]]:
    """Records whose seal lacks an order field (written before orders were sealed)."""
    keys: list[tuple[str, int]] = []
    for model, order_fields in ORDERED_MEMBERS.items():
        entity = AUDITED[model]
        query = select(RecordSeal.entity_id).where(RecordSeal.entity == entity)
        # The seal's fields are JSON with sorted keys: a plain text test finds the old form
        # without reading every seal.
        lacking = [RecordSeal.fields.not_like(f'%"{name}":%') for name in order_fields.values()]
        keys += [(entity, i) for (i,) in connection.execute(query.where(or_(*lacking)))]
    return sorted(keys)


def _newest_state_hashes(connection: Connection, entity: str, ids: list[int]) -> dict[int, str]:
    """The state hash of each record's newest event."""
    newest: dict[int, str] = {}
    for batch in id_batches(ids):
        query = (
            select(AuditEvent.entity_id, AuditEvent.state_hash)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id.in_(batch))
            .order_by(AuditEvent.id)
        )
        newest.update({entity_id: digest for entity_id, digest in connection.execute(query)})
    return newest


def seal_orders(connection: Connection, sealer: Sealer, actor: str) -> ChainHead | None:
    """Once after the upgrade that began sealing the officers' order: a 封存执法人员顺序 event
    for each record whose seal predates it and which still matches that seal and its newest
    event (None when there was nothing to do). A record that no longer matches is left as it
    is, for `audit verify` to name: sealing it would hide the change."""
    keys = _unordered_seals(connection)
    if not keys:
        return None
    seals = sealed_fields(connection)
    matching: list[tuple[str, int]] = []
    for entity in sorted({e for e, _i in keys}):
        ids = [i for e, i in keys if e == entity]
        newest = _newest_state_hashes(connection, entity, ids)
        states = current_states(connection, entity, ids)
        for entity_id in ids:
            fields, digest = seals[(entity, entity_id)]
            state = states.get(entity_id)
            if (
                state is not None
                and digest == newest.get(entity_id)
                and _holds_its_seal(sealer, (entity, entity_id), state, fields, digest)
            ):
                matching.append((entity, entity_id))
    if not matching:
        return None
    lock_chain(connection)
    hashes = seal_records(connection, sealer, matching)
    events = [
        PendingEvent(entity, entity_id, ACTION_ORDER, {}, ORDER_REASON, hashes[(entity, entity_id)])
        for entity, entity_id in matching
    ]
    return append_events(connection, sealer, actor, events)
