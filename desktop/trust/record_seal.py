"""Records sealed in the audit chain: each event carries the keyed hash of its record's new state.

A record's state is what the database holds for it, read back after the flush: its audited
columns (encrypted ones by their plaintext), its child rows (`results[3]`) and its members
(`officers`, by id, sorted; a case's officers also in their printed order, `officer_order`).
Each field gets a short keyed hash, kept per record in `record_seal`; the event carries the
keyed hash over those (the chain seals it). `audit verify` recomputes every
record's fields and names each record, and each field, that differs from its last audited state:
a change made outside the program. Left out are the columns the database itself may change (a
reference set to NULL when the referenced row goes, ON DELETE SET NULL) and the timestamps.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Text, delete, insert, select, type_coerce
from sqlalchemy import inspect as sa_inspect

from database.encrypted import CIPHERTEXT_PREFIX, EncryptedText, PersonalDataKeyError, cipher_for
from database.id_batches import id_batches
from database.models import AuditEvent, RecordSeal
from desktop.trust.audit_chain import Sealer, json_value
from desktop.trust.audit_spec import (
    CHILD_ROWS,
    ENTITY_MODELS,
    MEMBER_LISTS,
    ORDERED_MEMBERS,
    UNAUDITED_COLUMNS,
    ChildRows,
)

#: Hex characters kept of each field's keyed hash: enough to name a changed field (the state
#: hash over all fields, kept whole, decides whether the record changed at all).
FIELD_HASH_CHARS = 16
#: What the sealer hashes to derive the key of the field hashes.
FIELD_KEY_LABEL = b"casedesk record-field key v1"
#: Stands for an encrypted value that no longer decrypts (its ciphertext was changed).
UNREADABLE = "（无法解密）"
#: A field absent from a seal (a column added by a later migration) still counts as unchanged
#: while it holds one of these.
_EMPTY: tuple[Any, ...] = (None, "", 0, False, [], {})

Key = tuple[str, int]
State = dict[str, Any]


def _set_null(column: Column[Any]) -> bool:
    return any((fk.ondelete or "").upper() == "SET NULL" for fk in column.foreign_keys)


def _columns(model: type[Any], skip: Iterable[str] = ()) -> list[tuple[str, Column[Any]]]:
    """(attribute, column) of the sealed columns of a model."""
    left_out = UNAUDITED_COLUMNS | set(skip)
    out = []
    for attr in sa_inspect(model).column_attrs:
        column = attr.columns[0]
        if attr.key in left_out or column.primary_key or _set_null(column):
            continue
        out.append((attr.key, column))
    return out


def _select_list(columns: list[tuple[str, Column[Any]]]) -> list[Any]:
    # Encrypted columns are read raw and decrypted here, so one altered ciphertext names its
    # field instead of failing the whole query.
    return [
        type_coerce(c, Text()).label(k) if isinstance(c.type, EncryptedText) else c.label(k)
        for k, c in columns
    ]


def _plain(connection: Connection, column: Column[Any], value: Any) -> Any:
    if not isinstance(column.type, EncryptedText) or not value:
        return json_value(value)
    if not str(value).startswith(CIPHERTEXT_PREFIX):
        return str(value)  # stored before its column was encrypted: the plaintext itself
    try:
        return cipher_for(connection.dialect).decrypt(str(value))
    except PersonalDataKeyError:
        return UNREADABLE


def _rows(
    connection: Connection, model: type[Any], key: Column[Any], columns: list[tuple[str, Any]],
    ids: Sequence[int] | None,
) -> Iterator[tuple[Any, State]]:  # fmt: skip
    """(key value, {attribute: value}) of a table's rows, all or those whose key is in ids."""
    query = select(key.label("_key"), *_select_list(columns))
    batches: Iterable[Sequence[int] | None] = [None] if ids is None else id_batches(ids)
    for batch in batches:
        where = query if batch is None else query.where(key.in_(batch))
        for row in connection.execute(where).mappings():
            values = {k: _plain(connection, c, row[k]) for k, c in columns}
            yield row["_key"], values


def _child_fields(
    connection: Connection, spec: ChildRows, ids: Sequence[int] | None
) -> Iterator[tuple[int, str, Any]]:
    parent = sa_inspect(spec.model).columns[spec.parent_key]
    row_key = sa_inspect(spec.model).columns[spec.row_key]
    columns = _columns(spec.model, skip={spec.parent_key, spec.row_key})
    for parent_id, values in _rows(connection, spec.model, parent, [("_row", row_key), *columns],
                                   ids):  # fmt: skip
        name = values.pop("_row")
        # A row that is nothing but its key (a 诊疗科目) is recorded as that key, as in events.
        yield parent_id, f"{spec.collection}[{name}]", values or name


def _member_fields(
    connection: Connection, model: type[Any], ids: Sequence[int] | None
) -> Iterator[tuple[int, str, list[int]]]:
    """(record id, field, member ids): each list sorted under its own name and, where the order
    matters, in its stored order under its order field too."""
    order_fields = ORDERED_MEMBERS.get(model, {})
    for key in MEMBER_LISTS.get(model, ()):
        relation = sa_inspect(model).relationships[key]
        parent = relation.synchronize_pairs[0][1]
        member = relation.secondary_synchronize_pairs[0][1]
        found: dict[int, list[int]] = {}
        batches: Iterable[Sequence[int] | None] = [None] if ids is None else id_batches(ids)
        for batch in batches:
            query = select(parent, member)
            if key in order_fields:
                query = query.order_by(parent, *relation.order_by)
            if batch is not None:
                query = query.where(parent.in_(batch))
            for parent_id, member_id in connection.execute(query):
                found.setdefault(parent_id, []).append(member_id)
        for parent_id, members in found.items():
            yield parent_id, key, sorted(members)
            if key in order_fields:
                yield parent_id, order_fields[key], members


def current_states(
    connection: Connection, entity: str, ids: Sequence[int] | None = None
) -> dict[int, State]:
    """The state of an entity's records as stored now (all of them, or those with these ids)."""
    model = ENTITY_MODELS[entity]
    primary = sa_inspect(model).primary_key[0]
    states = dict(_rows(connection, model, primary, _columns(model), ids))
    empty_lists = [*MEMBER_LISTS.get(model, ()), *ORDERED_MEMBERS.get(model, {}).values()]
    for state in states.values():
        for member_key in empty_lists:
            state[member_key] = []
    for parent_id, key, members in _member_fields(connection, model, ids):
        if parent_id in states:
            states[parent_id][key] = members
    for spec in CHILD_ROWS:
        if spec.parent is model:
            for parent_id, key, value in _child_fields(connection, spec, ids):
                if parent_id in states:
                    states[parent_id][key] = value
    return states


def _canonical(value: Any) -> str:
    """A value as text that tells every value apart (type-tagged; JSON for lists and dicts)."""
    if value is None:
        return "n"
    if isinstance(value, bool):
        return f"b{int(value)}"
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, str):
        return f"s{value}"
    return "j" + json.dumps(value, ensure_ascii=False, sort_keys=True)


def field_hashes(sealer: Sealer, entity: str, state: State) -> dict[str, str]:
    """The short keyed hash of each field's value."""
    # Keyed BLAKE2b under a key derived through the sealer (one HMAC per record): a record's
    # thirty fields hash in a third of the time thirty HMACs take.
    key = bytes.fromhex(sealer.seal(FIELD_KEY_LABEL))
    size = FIELD_HASH_CHARS // 2
    return {
        name: hashlib.blake2b(
            f"{entity}\x1f{name}\x1f{_canonical(value)}".encode(), key=key, digest_size=size
        ).hexdigest()
        for name, value in state.items()
    }


def state_hash(sealer: Sealer, entity: str, entity_id: int, fields: dict[str, str]) -> str:
    """The keyed hash over a record's field hashes (what its event carries)."""
    payload = json.dumps(["record-state", entity, entity_id, fields], sort_keys=True)
    return sealer.seal(payload.encode("utf-8"))


def seal_records(connection: Connection, sealer: Sealer, keys: Iterable[Key]) -> dict[Key, str]:
    """Seal the records' states as they are now (a deleted record loses its seal); returns each
    record's state hash ("" for one that no longer exists)."""
    by_entity: dict[str, set[int]] = {}
    for entity, entity_id in keys:
        by_entity.setdefault(entity, set()).add(entity_id)
    hashes: dict[Key, str] = {}
    rows: list[dict[str, Any]] = []
    for entity, id_set in by_entity.items():
        ids = sorted(id_set)
        states = current_states(connection, entity, ids)
        for batch in id_batches(ids):
            connection.execute(
                delete(RecordSeal).where(
                    RecordSeal.entity == entity, RecordSeal.entity_id.in_(batch)
                )
            )
        for entity_id in ids:
            state = states.get(entity_id)
            if state is None:
                hashes[(entity, entity_id)] = ""
                continue
            fields = field_hashes(sealer, entity, state)
            digest = state_hash(sealer, entity, entity_id, fields)
            hashes[(entity, entity_id)] = digest
            rows.append(
                {
                    "entity": entity,
                    "entity_id": entity_id,
                    "fields": json.dumps(fields, sort_keys=True),
                    "state_hash": digest,
                }
            )
    if rows:
        connection.execute(insert(RecordSeal), rows)
    return hashes


def sealing_started(connection: Connection) -> bool:
    """Whether any event carries a record's state (records are sealed from then on)."""
    query = select(AuditEvent.id).where(AuditEvent.state_hash != "").limit(1)
    return connection.execute(query).first() is not None


def unsealed_records(connection: Connection) -> list[Key]:
    """Records without a seal, in entity then id order."""
    found: list[Key] = []
    for entity, model in ENTITY_MODELS.items():
        primary = sa_inspect(model).primary_key[0]
        sealed = select(RecordSeal.entity_id).where(RecordSeal.entity == entity)
        query = select(primary).where(primary.not_in(sealed)).order_by(primary)
        found += [(entity, entity_id) for (entity_id,) in connection.execute(query)]
    return found


def sealed_fields(connection: Connection) -> dict[Key, tuple[dict[str, str], str]]:
    """Every record's sealed fields and state hash."""
    query = select(
        RecordSeal.entity, RecordSeal.entity_id, RecordSeal.fields, RecordSeal.state_hash
    )
    return {
        (entity, entity_id): (json.loads(fields), digest)
        for entity, entity_id, fields, digest in connection.execute(query)
    }


def changed_fields(sealer: Sealer, entity: str, state: State, sealed: dict[str, str]) -> list[str]:
    """The fields whose value differs from the sealed one (a field the seal does not know
    counts as unchanged while it is empty: a column added since; an order field is not checked
    against a seal written before orders were sealed)."""
    current = field_hashes(sealer, entity, state)
    model = ENTITY_MODELS[entity]
    model_columns = {k for k, _c in _columns(model)}
    order_fields = set(ORDERED_MEMBERS.get(model, {}).values())
    changed = []
    for name in sorted(current.keys() | sealed.keys()):
        if name not in sealed:
            if name in order_fields:
                # Seals written before the order was sealed kept only the sorted list (which
                # is still checked); the first start after the upgrade (record_check.
                # seal_orders) or the record's next audited save seals its order too.
                continue
            if state[name] not in _EMPTY:
                changed.append(name)
        elif name not in current:
            if name not in model_columns and "[" in name:
                changed.append(name)  # a child row removed (a dropped column is no change)
        elif current[name] != sealed[name]:
            changed.append(name)
    return changed
