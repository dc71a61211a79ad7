"""Start-up check: what an interrupted run may have left behind, reported and repaired.

- temp files of interrupted atomic writes in the file store, and in the folders the program
  itself writes to in the data folder (documents/, backups/) (deleted),
- what a killed run left (desktop.trust.leftovers): its temp folders (casedesk-lo-*,
  casedesk-case-file-*), PDF staging folders (.casedesk-pdf-*), partial backups next to the
  chosen file, and a LibreOffice it started that still runs (stopped by its recorded pid),
- document numbers handed out without a document record (recorded as voided, with the reason),
- documents whose file is missing from the store (reported: regenerate or restore a backup),
- files in the store that no record refers to (reported; kept, they may still be wanted),
- an audit chain behind its anchor outside the database (reported: a rolled-back database).

The window runs `run_at_start` (AppContext.check_at_start) off the GUI thread once its first
page has its data; `casedesk check [--repair]` runs the same check on demand. About 30 ms on
the demo district with 200 documents, but it reads every document and walks the file store,
which grow with the years. Running beside the clerk's work is safe for the same reason a second
casedesk is: it removes only what ended runs left (their owners' pids are checked), temp files
older than TEMP_MIN_AGE_SECONDS, and numbers without a document (a number and its document are
committed together).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from database.models import Attachment, Document, NumberCounter
from database.numbering import CASE_SERIES
from database.unit_of_work import UowFactory
from desktop.trust.file_store import FileStore
from desktop.trust.leftovers import (
    STALE_AFTER,
    Leftover,
    find_leftovers,
    forget_ended_runs,
    remove_leftover,
)

log = logging.getLogger("casedesk.startup_check")

#: Counters that number something other than documents (案件编号 are checked by the cases).
NON_DOCUMENT_SERIES = frozenset({CASE_SERIES})
#: Lines of the start-up report the 工作台 shows at most.
NOTE_LIMIT = 6
#: Temp files younger than this are left alone (a write may still be running).
TEMP_MIN_AGE_SECONDS = 600.0
#: Why a number without its document is recorded as voided.
GAP_VOID_REASON = (
    "程序在生成文书时中断，该文号已分配但文书未保存，启动检查时登记为作废（文号不重复使用）。"
)


@dataclass(frozen=True, slots=True)
class NumberGap:
    """A 序号 handed out without a document."""

    series: str
    year: int
    seq: int


@dataclass(frozen=True, slots=True)
class StartupReport:
    """Everything the check found (and, after repair, what it fixed)."""

    temp_files: tuple[str, ...] = ()
    number_gaps: tuple[NumberGap, ...] = ()
    missing_files: tuple[str, ...] = ()
    unreferenced_files: tuple[str, ...] = ()
    repaired: tuple[str, ...] = field(default=())
    #: The audit chain's problems found at start (behind its anchor: rolled back).
    audit: tuple[str, ...] = ()
    #: Why the check could not run (at start-up; the app opens anyway).
    error: str = ""
    #: How long the check took, in milliseconds (logged at start-up).
    elapsed_ms: float = 0.0
    #: Temp folders, partial backups and LibreOffice processes of runs that were killed.
    leftovers: tuple[Leftover, ...] = ()

    @property
    def clean(self) -> bool:
        """Nothing that needs repair (unreferenced files are only informational)."""
        return not (
            self.temp_files or self.number_gaps or self.missing_files or self.error
            or self.leftovers or self.audit
        )  # fmt: skip

    def lines(self) -> list[str]:
        """The findings as Chinese sentences."""
        out = [f"启动检查未能完成：{self.error}"] if self.error else []
        out += list(self.audit)
        out += [f"中断写入留下的临时文件：{p}" for p in self.temp_files]
        out += [line for leftover in self.leftovers for line in leftover.lines()]
        out += [
            f"文号已分配但没有文书记录：{g.series} {g.year} 年第 {g.seq} 号"
            for g in self.number_gaps
        ]
        out += [
            f"文书“{d}”的文件在文件库中不存在，请重新生成或从备份恢复。" for d in self.missing_files
        ]
        out += [
            f"文件库中的文件 {h[:12]}… 没有任何记录引用（已保留）。"
            for h in self.unreferenced_files
        ]
        return out + list(self.repaired)

    def notes(self, limit: int = NOTE_LIMIT) -> list[str]:
        """What the 工作台 shows after start: repairs and problems; files nobody refers to as one
        count (they are kept and would otherwise fill the page); the rest is in the log."""
        problems = replace(self, unreferenced_files=()).lines()
        if self.unreferenced_files:
            problems.append(
                f"文件库中有 {len(self.unreferenced_files)} 个文件没有任何记录引用（已保留）。"
            )
        if len(problems) > limit:
            rest = len(problems) - limit + 1
            problems = [*problems[: limit - 1], f"另有 {rest} 项，详见日志 logs/casedesk.log。"]
        return [f"启动检查：{line}" for line in problems]


class StartupCheckService:
    """Inspect and repair the file store and the number register."""

    def __init__(
        self,
        uow_factory: UowFactory,
        store: FileStore,
        temp_min_age: float = TEMP_MIN_AGE_SECONDS,
        output_dirs: Sequence[Path] = (),
        temp_dir: Path | None = None,
        leftover_min_age: float = STALE_AFTER,
        audit_check: Callable[[], list[str]] = list,
    ) -> None:
        #: The audit chain against its anchor outside the database (desktop.trust.audit_anchor).
        self._audit_check = audit_check
        self._uow_factory = uow_factory
        self._store = store
        self._temp_min_age = temp_min_age
        #: The system temp folder (runs' temp folders and the journal); None: tempfile's.
        self._temp_dir = temp_dir
        self._leftover_min_age = leftover_min_age
        # The default documents folder and the automatic backups: a kill during an export or
        # the backup on exit leaves a (possibly large) temp file there, which Windows shows.
        self._output_dirs = tuple(output_dirs)

    def _stale_temp_files(self) -> list[Path]:
        # A younger temp file may be another clerk's write in progress on a shared store.
        cutoff = time.time() - self._temp_min_age
        found = list(self._store.orphan_temp_files())
        for folder in self._output_dirs:
            if folder.is_dir():
                found += sorted(folder.rglob(".*.tmp"))
        return [p for p in found if p.is_file() and p.stat().st_mtime <= cutoff]

    def _leftovers(self) -> list[Leftover]:
        return find_leftovers(self._output_dirs, self._temp_dir, self._leftover_min_age)

    def check(self) -> StartupReport:
        """Find problems without changing anything."""
        with self._uow_factory(readonly=True) as uow:
            session = uow.session
            counters = list(
                session.execute(
                    select(NumberCounter.series, NumberCounter.year, NumberCounter.last_seq)
                )
            )
            used: dict[tuple[str, int], set[int]] = {}
            for series, year, seq in session.execute(
                select(Document.series, Document.year, Document.seq).where(
                    Document.seq.is_not(None)
                )
            ):
                if series is not None and year is not None and seq is not None:
                    used.setdefault((series, year), set()).add(seq)
            docs = list(
                session.execute(
                    select(
                        Document.id,
                        Document.number,
                        Document.doc_type,
                        Document.file_sha256,
                        Document.voided,
                    )
                )
            )
            referenced = {h for (h,) in session.execute(select(Attachment.sha256))}
            for row in session.execute(
                select(Document.file_sha256, Document.pdf_sha256, Document.template_sha256)
            ):
                referenced.update(h for h in row if h)
        gaps = [
            NumberGap(series, year, seq)
            for series, year, last in counters
            if series not in NON_DOCUMENT_SERIES
            for seq in range(1, last + 1)
            if seq not in used.get((series, year), set())
        ]
        missing = [
            f"{number or doc_type}（编号 {doc_id}）"
            for doc_id, number, doc_type, digest, voided in docs
            if digest and not voided and not self._store.exists(digest)
        ]
        stored = self._stored_digests()
        leftovers = self._leftovers()
        inside = {leftover.path for leftover in leftovers}
        return StartupReport(
            temp_files=tuple(str(p) for p in self._stale_temp_files() if p not in inside),
            number_gaps=tuple(gaps),
            missing_files=tuple(missing),
            unreferenced_files=tuple(sorted(stored - referenced)),
            leftovers=tuple(leftovers),
            audit=tuple(self._audit_check()),
        )

    def _stored_digests(self) -> set[str]:
        root = self._store.root
        if not root.exists():
            return set()
        return {p.name for p in root.glob("??/*") if p.is_file() and not p.name.startswith(".")}

    def repair(self) -> StartupReport:
        """Delete temp files and record every number gap as a voided document; then re-check."""
        found = self.check()
        done: list[str] = []
        for leftover in found.leftovers:
            done += remove_leftover(leftover)
        forget_ended_runs(self._temp_dir)
        for name in found.temp_files:
            try:
                Path(name).unlink(missing_ok=True)
                done.append(f"已删除临时文件 {name}")
            except OSError as error:
                done.append(f"无法删除临时文件 {name}：{error.strerror or error}")
        if found.number_gaps:
            with self._uow_factory() as uow:
                now = datetime.now()
                for gap in found.number_gaps:
                    uow.session.add(
                        Document(
                            doc_type="作废文号",
                            series=gap.series,
                            year=gap.year,
                            seq=gap.seq,
                            voided=True,
                            void_reason=GAP_VOID_REASON,
                            voided_at=now,
                            created_by="启动检查",
                        )
                    )
                uow.commit()
            done += [
                f"已将 {g.series} {g.year} 年第 {g.seq} 号登记为作废" for g in found.number_gaps
            ]
        after = self.check()
        return replace(after, repaired=tuple(done))


def run_at_start(service: StartupCheckService) -> StartupReport:
    """Check and repair as the app opens; log the outcome. A failing check never stops the start:
    it is reported (and logged) instead."""
    started = time.perf_counter()
    try:
        report = service.repair()
    except (SQLAlchemyError, OSError) as error:
        log.exception("启动检查未能完成")
        report = StartupReport(error=str(error).strip().splitlines()[0] if str(error) else "")
    report = replace(report, elapsed_ms=(time.perf_counter() - started) * 1000)
    lines = report.lines()
    if lines:
        log.warning("启动检查（%.0f ms）：%s", report.elapsed_ms, "；".join(lines))
    else:
        log.info("启动检查通过（%.0f ms）。", report.elapsed_ms)
    return report
