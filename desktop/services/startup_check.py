"""Start-up check: what an interrupted run may have left behind, reported and repaired.

- temp files of interrupted atomic writes in the file store (deleted),
- document numbers handed out without a document record (recorded as voided, with the reason),
- documents whose file is missing from the store (reported: regenerate or restore a backup),
- files in the store that no record refers to (reported; kept, they may still be wanted).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from database.models import Attachment, Document, NumberCounter
from database.unit_of_work import UowFactory
from desktop.services.file_store import FileStore
from desktop.services.inspection_cases import CASE_SERIES

#: Why a number without its document is recorded as voided.
#: Counters that number something other than documents (案件编号 are checked by the cases).
NON_DOCUMENT_SERIES = frozenset({CASE_SERIES})
#: Temp files younger than this are left alone (a write may still be running).
TEMP_MIN_AGE_SECONDS = 600.0
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

    @property
    def clean(self) -> bool:
        """Nothing that needs repair (unreferenced files are only informational)."""
        return not (self.temp_files or self.number_gaps or self.missing_files)

    def lines(self) -> list[str]:
        """The findings as Chinese sentences."""
        out = [f"文件库中有中断写入留下的临时文件：{p}" for p in self.temp_files]
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


class StartupCheckService:
    """Inspect and repair the file store and the number register."""

    def __init__(
        self, uow_factory: UowFactory, store: FileStore, temp_min_age: float = TEMP_MIN_AGE_SECONDS
    ) -> None:
        self._uow_factory = uow_factory
        self._store = store
        self._temp_min_age = temp_min_age

    def _stale_temp_files(self) -> list[Path]:
        # A younger temp file may be another clerk's write in progress on a shared store.
        cutoff = time.time() - self._temp_min_age
        return [p for p in self._store.orphan_temp_files() if p.stat().st_mtime <= cutoff]

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
        return StartupReport(
            temp_files=tuple(str(p) for p in self._stale_temp_files()),
            number_gaps=tuple(gaps),
            missing_files=tuple(missing),
            unreferenced_files=tuple(sorted(stored - referenced)),
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
        return StartupReport(
            after.temp_files,
            after.number_gaps,
            after.missing_files,
            after.unreferenced_files,
            tuple(done),
        )
