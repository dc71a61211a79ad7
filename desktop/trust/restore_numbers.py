"""No 文号 issued twice after a restore: the numbers used before it stay taken.

Restoring an older backup brings back an older register and older counters; the documents
issued since are on paper already. Before the swap, `collect_used_numbers` reads the current
register and counters, and the text of every document in the file store that no record refers
to, into `restore-numbers.json` in the restored folder. The first open of the restored data
(`apply_pending`, from the composition root, with the office's 文号 formats) records every such
number the restored register lacks as 作废 ("恢复备份前已使用") and moves the counters past them,
so the next number continues after the highest ever issued. The file is removed once applied,
so an interrupted restore is completed by the next start.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from database.models import Case, Document, NumberCounter
from database.numbering import CASE_SERIES
from database.unit_of_work import UowFactory
from desktop.common.errors import CasedeskError
from desktop.trust.file_store import atomic_write

log = logging.getLogger("casedesk.restore")

#: The pending numbers in the restored data folder (removed once recorded).
PENDING_FILE = "restore-numbers.json"
PENDING_FORMAT = "casedesk-restore-numbers/1"
#: Why the restored register records a number as voided.
VOID_REASON = "恢复备份前已使用"
#: The doc_type of a voided number whose document type is unknown (as the start-up check's).
UNKNOWN_TYPE = "作废文号"
#: Characters of a document's text kept for the 文号 search (it is printed near the top).
TEXT_CHARS = 4000
#: Documents larger than this are not scanned (no generated DOCX comes close).
_MAX_DOCX_BYTES = 50 * 1024**2
#: Sentinels formatted into a 文号 to turn the office's format into a pattern.
_YEAR, _SEQ = 9876, 7654321

NumberText = Callable[[str, int, int], str]


@dataclass(frozen=True, slots=True)
class UsedNumber:
    """A 序号 that was handed out before the restore."""

    series: str
    year: int
    seq: int
    number: str = ""
    doc_type: str = ""
    case_no: str = ""


@dataclass(frozen=True, slots=True)
class KeptNumbers:
    """What apply_pending recorded."""

    voided: tuple[str, ...]
    #: (series, year) → the last 序号 now taken.
    counters: dict[tuple[str, int], int]

    def __str__(self) -> str:
        if not self.voided:
            return "恢复前已使用的文号均已在恢复的登记簿中，无需另行登记。"
        shown = "、".join(self.voided[:5]) + ("等" if len(self.voided) > 5 else "")
        return (
            f"恢复前已使用、恢复的登记簿中没有的 {len(self.voided)} 个文号（{shown}）已登记为作废"
            f"（{VOID_REASON}），今后的文号从其后继续编号，不会重复。"
        )


def _docx_text(path: Path) -> str:
    try:
        if path.stat().st_size > _MAX_DOCX_BYTES:
            return ""
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return ""
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_DOCX_BYTES:
                return ""
            xml = archive.read(info).decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return ""
    # Word splits a paragraph into runs: dropping the tags joins 青卫医罚〔2026〕 and 12号 again.
    return re.sub(r"<[^>]+>", "", xml)[:TEXT_CHARS]


_REGISTER_SQL = (
    "SELECT d.series, d.year, d.seq, d.number, d.doc_type, c.case_no "
    'FROM document d LEFT JOIN "case" c ON c.id = d.case_id WHERE d.seq IS NOT NULL'
)
_COUNTERS_SQL = "SELECT series, year, last_seq FROM number_counter"
_KNOWN_SQL = ("SELECT file_sha256, pdf_sha256 FROM document", "SELECT sha256 FROM attachment")


def _read_register(database: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[str]]:
    """(register rows, document counters, file digests the records refer to)."""
    # Opened read-write: a database left by a killed program needs its WAL recovered to be read
    # (nothing else holds the folder, the restore checked the locks).
    connection = sqlite3.connect(database, timeout=30)
    try:
        register = [
            {"series": s, "year": y, "seq": q, "number": n or "", "doc_type": t or "",
             "case_no": c or ""}
            for s, y, q, n, t, c in connection.execute(_REGISTER_SQL)
        ]  # fmt: skip
        counters = [
            {"series": s, "year": y, "last_seq": q}
            for s, y, q in connection.execute(_COUNTERS_SQL)
            if s != CASE_SERIES
        ]
        known = {h for sql in _KNOWN_SQL for row in connection.execute(sql) for h in row if h}
    finally:
        connection.close()
    return register, counters, known


def collect_used_numbers(database: Path, stores: Iterable[Path]) -> dict[str, Any]:
    """What the current data says was issued: its register, its counters, and the text of the
    store's documents that no record refers to (the pending file's content). A register that
    cannot be read is said in `problem` (the stored documents are still searched)."""
    register: list[dict[str, Any]] = []
    counters: list[dict[str, Any]] = []
    known: set[str] = set()
    problem = ""
    if database.exists():
        try:
            register, counters, known = _read_register(database)
        except sqlite3.Error as error:
            problem = (
                f"当前数据库的文书登记簿无法读取（{error}），恢复前已使用的文号只能从文件库中的文书找回；"
                "请对照纸质登记簿核对今后的文号。"
            )
    texts = []
    for store in stores:
        for path in sorted(store.glob("??/*")) if store.is_dir() else []:
            if path.is_file() and not path.name.startswith(".") and path.name not in known:
                text = _docx_text(path)
                if text:
                    texts.append(text)
    return {
        "format": PENDING_FORMAT,
        "register": register,
        "counters": counters,
        "texts": texts,
        "problem": problem,
    }


def write_pending(folder: Path, pending: dict[str, Any]) -> None:
    """Put the pending numbers into the folder about to become the data folder."""
    if pending["register"] or pending["counters"] or pending["texts"]:
        atomic_write(folder / PENDING_FILE, json.dumps(pending, ensure_ascii=False).encode())


def _pattern(number_text: NumberText, series: str) -> re.Pattern[str] | None:
    try:
        sample = number_text(series, _YEAR, _SEQ)
    except CasedeskError:  # a broken office format: nothing to search for
        return None
    if str(_SEQ) not in sample:
        return None
    text = re.escape(sample).replace(str(_YEAR), r"(?P<year>\d{4})", 1)
    return re.compile(text.replace(str(_SEQ), r"(?P<seq>\d{1,7})", 1))


def _used(
    pending: dict[str, Any], number_text: NumberText, series: Iterable[str]
) -> list[UsedNumber]:
    used = [
        UsedNumber(str(r["series"]), int(r["year"]), int(r["seq"]), str(r["number"]),
                   str(r["doc_type"]), str(r["case_no"]))
        for r in pending.get("register", [])
        if r.get("series") and r.get("year") is not None
    ]  # fmt: skip
    for counter in pending.get("counters", []):
        series, year = str(counter["series"]), int(counter["year"])
        used.append(UsedNumber(series, year, int(counter["last_seq"])))
    for name in sorted({u.series for u in used} | set(series)):
        pattern = _pattern(number_text, name)
        for text in pending.get("texts", []) if pattern else []:
            for match in pattern.finditer(str(text)):  # type: ignore[union-attr]
                year, seq = int(match["year"]), int(match["seq"])
                used.append(UsedNumber(name, year, seq, match[0]))
    return used


def _by_number(used: Iterable[UsedNumber]) -> dict[tuple[str, int, int], UsedNumber]:
    """One entry per (series, year, 序号), preferring one that knows its 文号; every 序号 below
    the highest used one included (handed out, even if nothing recorded it)."""
    best: dict[tuple[str, int, int], UsedNumber] = {}
    for item in used:
        key = (item.series, item.year, item.seq)
        if key not in best or (item.number and not best[key].number):
            best[key] = item
    highest: dict[tuple[str, int], int] = {}
    for name, year, seq in best:
        highest[(name, year)] = max(highest.get((name, year), 0), seq)
    for (name, year), last in highest.items():
        for seq in range(1, last + 1):
            best.setdefault((name, year, seq), UsedNumber(name, year, seq))
    return best


def keep_numbers_taken(
    uow_factory: UowFactory,
    pending: dict[str, Any],
    number_text: NumberText,
    series: Iterable[str] = (),
) -> KeptNumbers:
    """Record each used number the register lacks as voided; move the counters past them.
    `series` names the document series whose 文号 are looked for in the stored documents."""
    best = _by_number(_used(pending, number_text, series))
    voided: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    with uow_factory() as uow:
        session = uow.session
        rows = session.execute(select(Document.series, Document.year, Document.seq))
        taken = {(name, year, seq) for name, year, seq in rows}
        query = select(Case.case_no, Case.id)
        case_ids = {case_no: case_id for case_no, case_id in session.execute(query)}
        now = datetime.now()
        for (name, year, seq), used in sorted(best.items()):
            counters[(name, year)] = max(counters.get((name, year), 0), seq)
            if (name, year, seq) in taken:
                continue
            number = used.number or _text(number_text, name, year, seq)
            session.add(Document(
                doc_type=used.doc_type or UNKNOWN_TYPE, series=name, year=year, seq=seq,
                number=number, case_id=case_ids.get(used.case_no), voided=True,
                void_reason=VOID_REASON, voided_at=now, created_by="恢复备份",
            ))  # fmt: skip
            voided.append(number or f"{name} {year} 年第 {seq} 号")
        for (name, year), last in counters.items():
            counter = session.get(NumberCounter, (name, year))
            if counter is None:
                session.add(NumberCounter(series=name, year=year, last_seq=last))
            elif counter.last_seq < last:
                counter.last_seq = last
        uow.commit()
    return KeptNumbers(tuple(voided), counters)


def _text(number_text: NumberText, series: str, year: int, seq: int) -> str:
    try:
        return number_text(series, year, seq)
    except CasedeskError:  # a broken office format: the row is kept without its text
        return ""


def apply_pending(
    data_dir: Path, uow_factory: UowFactory, number_text: NumberText, series: Iterable[str] = ()
) -> KeptNumbers | None:
    """At the first open after a restore: keep the pending numbers taken, then drop the file."""
    path = data_dir / PENDING_FILE
    if not path.exists():
        return None
    try:
        pending = json.loads(path.read_text("utf-8"))
        assert pending.get("format") == PENDING_FORMAT
        kept = keep_numbers_taken(uow_factory, pending, number_text, series)
    except (OSError, ValueError, TypeError, KeyError, AssertionError, AttributeError):
        # Kept for a person to look at: the numbers it lists must not be forgotten silently.
        log.error("恢复前已使用的文号清单 %s 无法读取，文号未登记。", path)
        return None
    path.unlink(missing_ok=True)
    return kept
