"""The audit chain's head kept outside the database, so a rolled-back database is noticed.

The chain in the database proves that no event was changed, but a whole older copy of the
database (or of its newest events and head row, copied from a backup) is a valid chain too.
After every commit that adds events, the head (count + hash of the newest event) is written to
`audit-anchor.json` in the data folder, next to the key, per database (by key id); every backup's
manifest carries it as well. `audit verify` and the start-up check report a chain shorter than
its anchor, or one whose event at the anchored position has another hash.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, func, select

from database.models import AuditEvent
from desktop.trust.file_store import atomic_write

#: The anchor file in the data folder.
ANCHOR_FILE = "audit-anchor.json"
ANCHOR_FORMAT = "casedesk-audit-anchor/1"
#: Anchors bigger than this are not ours (and are not read whole).
_MAX_BYTES = 1024 * 1024
#: One writer at a time within the process (worker threads commit too).
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Anchor:
    """How long the chain was, and its newest hash, when this data folder last saw it."""

    count: int
    last_hash: str
    at: str = ""


def _read_all(data_dir: Path) -> dict[str, dict[str, object]]:
    try:
        raw = (data_dir / ANCHOR_FILE).read_bytes()[:_MAX_BYTES]
        document = json.loads(raw.decode("utf-8"))
        databases = document["databases"]
        if document.get("format") != ANCHOR_FORMAT or not isinstance(databases, dict):
            return {}
        return {str(k): v for k, v in databases.items() if isinstance(v, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def read_anchor(data_dir: Path, key_id: str) -> Anchor | None:
    """The anchor of the database encrypted with this key (None: none recorded yet)."""
    entry = _read_all(data_dir).get(key_id)
    if entry is None:
        return None
    try:
        return Anchor(int(str(entry["count"])), str(entry["hash"]), str(entry.get("at", "")))
    except (KeyError, ValueError):
        return None


def _write(data_dir: Path, key_id: str, count: int, last_hash: str, *, force: bool) -> None:
    with _LOCK:
        databases = _read_all(data_dir)
        old = read_anchor(data_dir, key_id)
        if not force and old is not None and old.count >= count:
            return  # another process already anchored a longer chain
        databases[key_id] = {
            "count": count,
            "hash": last_hash,
            "at": datetime.now().isoformat(timespec="seconds"),
        }
        document = {"format": ANCHOR_FORMAT, "databases": databases}
        atomic_write(data_dir / ANCHOR_FILE, json.dumps(document, indent=1).encode("utf-8"))


def advance_anchor(data_dir: Path, key_id: str, count: int, last_hash: str) -> None:
    """Record a longer chain (after a commit that added events); never moves back."""
    _write(data_dir, key_id, count, last_hash, force=False)


def reset_anchor(data_dir: Path, key_id: str, count: int, last_hash: str) -> None:
    """Set the anchor to a restored backup's head (restoring is the one permitted rollback)."""
    _write(data_dir, key_id, count, last_hash, force=True)


def anchor_problems(connection: Connection, anchor: Anchor | None) -> list[str]:
    """Whether the chain is behind its anchor, or differs from it at the anchored position."""
    if anchor is None or anchor.count <= 0:
        return []
    count = int(connection.execute(select(func.count(AuditEvent.id))).scalar_one())
    where = f"（数据目录中的 {ANCHOR_FILE} 记录了 {anchor.count} 条，{anchor.at or '时间不详'}）"
    if count < anchor.count:
        return [
            f"审计记录比上次记录的少 {anchor.count - count} 条，可能被回滚到了较早的副本"
            f"{where}。请从最近的备份恢复，或请信息科核查。"
        ]
    query = select(AuditEvent.hash).order_by(AuditEvent.id).offset(anchor.count - 1).limit(1)
    found = connection.execute(query).scalar()
    if found != anchor.last_hash:
        return [f"审计记录第 {anchor.count} 条与上次记录的不一致{where}：审计记录可能被整体替换。"]
    return []
