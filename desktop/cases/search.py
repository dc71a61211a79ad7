"""Fast case-list queries for typing: an in-memory search index plus the cached ordered ids.

A substring LIKE over 100,000 cases costs a full table scan per keystroke (~0.1–0.3 s).
Instead the searchable text of every case (案号, 当事人, 案由, 统一社会信用代码) is held once in
memory (~20 MB for 100,000 cases), and the ids in display order for the other filters are
cached; a keystroke then costs a substring test per case and a list intersection.
"""

from __future__ import annotations

import builtins
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select

from database.models import Case
from database.unit_of_work import UowFactory
from desktop.cases.cases import CaseFilter, CaseService

#: Separator that cannot occur in typed text, so a match never spans two fields.
_SEP = "\x1f"
#: Rebuild the index and the cached order after this many seconds (other clerks' edits).
MAX_AGE_S = 60.0


class CaseSearchIndex:
    """The searchable text of every case, loaded once, refreshed when stale or told so."""

    def __init__(
        self, uow_factory: UowFactory, id_index: Callable[[str], str] | None = None
    ) -> None:
        self._uow_factory = uow_factory
        # The cipher's keyed hash: a typed 身份证号 is matched against the hash column, since
        # the number itself is encrypted and never held in memory.
        self._id_index = id_index
        self._lock = threading.Lock()
        self._ids: builtins.list[int] = []
        self._texts: builtins.list[str] = []
        self._id_hashes: builtins.list[str] = []
        self._loaded_at = 0.0

    def invalidate(self) -> None:
        """Forget the index (after an edit or an import); the next search reloads it."""
        with self._lock:
            self._loaded_at = 0.0

    def warm(self) -> None:
        """Load the index now (in the background, before the clerk's first keystroke)."""
        self.match("\x00")

    def match(self, text: str) -> set[int]:
        """Ids of the cases whose 案号, 当事人, 案由 or 统一社会信用代码 contain `text`, or whose
        当事人身份证号 is exactly `text`."""
        needle = text.strip().lower()
        with self._lock:
            if time.monotonic() - self._loaded_at > MAX_AGE_S:
                self._load()
            ids, texts, hashes = self._ids, self._texts, self._id_hashes
        found = {ids[i] for i, haystack in enumerate(texts) if needle in haystack}
        if self._id_index is not None and needle:
            digest = self._id_index(needle)
            found.update(ids[i] for i, h in enumerate(hashes) if h == digest)
        return found

    def _load(self) -> None:
        query = select(
            Case.id,
            Case.case_no,
            Case.party_name,
            Case.cause,
            Case.party_credit_code,
            Case.party_id_number_hash,
        )
        with self._uow_factory(readonly=True) as uow:
            rows = uow.session.execute(query).all()
        self._ids = [r[0] for r in rows]
        self._texts = [_SEP.join((r[1], r[2], r[3], r[4] or "")).lower() for r in rows]
        self._id_hashes = [r[5] for r in rows]
        self._loaded_at = time.monotonic()


class CaseLister:
    """Ids for the case list: the database orders and filters, the index searches."""

    def __init__(self, cases: CaseService, index: CaseSearchIndex) -> None:
        self._cases = cases
        self.index = index
        self._lock = threading.Lock()
        self._key: tuple[object, ...] | None = None
        self._ordered: builtins.list[int] = []
        self._at = 0.0

    def invalidate(self) -> None:
        """Forget cached results (after an edit, an import, a demo load)."""
        with self._lock:
            self._key = None
        self.index.invalidate()

    def ids(
        self, flt: CaseFilter, sort: str = "filed_on", descending: bool = True
    ) -> builtins.list[int]:
        """The same answer as CaseService.list_ids, fast while only the search text changes."""
        base = replace(flt, search="")
        key = (base, sort, descending)
        with self._lock:
            fresh = self._key == key and time.monotonic() - self._at <= MAX_AGE_S
            ordered = self._ordered if fresh else None
        if ordered is None:
            ordered = self._cases.list_ids(base, sort, descending)
            with self._lock:
                self._key, self._ordered, self._at = key, ordered, time.monotonic()
        if not flt.search.strip():
            return list(ordered)
        matched = self.index.match(flt.search)
        return [i for i in ordered if i in matched]
