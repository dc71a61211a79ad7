"""Archive export of closed cases: one ZIP per 结案年度 (一案一卷) with a sha256 manifest; verify."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from database.models import Attachment, Case, Document
from database.unit_of_work import UowFactory
from desktop.casefile.service import CaseFileService
from desktop.common.errors import CasedeskError, NotFoundError, ValidationError
from desktop.common.progress import Cancel, Progress, Steps
from desktop.trust.file_store import FileStore, atomic_write, safe_file_name
from forms.validators import FieldError

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class CaseGap:
    """A closed case whose 卷宗 lacks documents: its 案号 and the missing documents' titles."""

    case_no: str
    titles: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.case_no} 缺少：{'、'.join(self.titles)}"


class ArchiveGapsError(CasedeskError):
    """Closed cases lack documents and the clerk did not choose to archive with gaps."""

    def __init__(self, year: int, gaps: Sequence[CaseGap]) -> None:
        self.missing = tuple(gaps)
        lines = "\n".join(str(g) for g in gaps)
        super().__init__(
            f"{year} 年有 {len(gaps)} 件结案案件的卷宗缺少文书，未导出归档包：\n{lines}\n"
            "请补齐后再导出，或选择缺少文书时仍归档（缺页记入清单）。"
        )


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote; `missing` are the gaps archived with it (also in the manifest)."""

    year: int
    case_count: int
    file_count: int
    missing: tuple[CaseGap, ...]


@dataclass(frozen=True, slots=True)
class ArchiveProblem:
    """One file that fails verification: its path in the archive and why (Chinese)."""

    path: str
    reason: str


def archive_number(year: int, seq: int) -> str:
    """归档号: 8 digits, the 结案年度 and a 4-digit 流水号 (20240001)."""
    return f"{year}{seq:04d}"


def _case_record(case: Case) -> dict[str, Any]:
    fields = (
        "case_no",
        "party_name",
        "party_type",
        "cause",
        "cause_category",
        "source",
        "filed_on",
        "decided_on",
        "closed_on",
        "fine_fen",
        "confiscation_fen",
        "warning",
        "order_correction",
        "suspension",
        "revocation",
        "judicial_transfer",
        "no_penalty",
        "violated_provisions",
        "penalty_basis",
        "facts",
    )
    record: dict[str, Any] = {}
    for name in fields:
        value = getattr(case, name)
        record[name] = (
            value.isoformat()
            if isinstance(value, date)
            else (str(value) if hasattr(value, "value") else value)
        )
    return record


class ArchiveService:
    """Exports the closed cases of a year with their files, and builds each 卷宗 PDF when it can."""

    def __init__(
        self, uow_factory: UowFactory, store: FileStore, case_files: CaseFileService
    ) -> None:
        self._uow_factory = uow_factory
        self._store = store
        self._case_files = case_files

    def export_year(self, year: int, out: Path, *, allow_gaps: bool = False,
                    progress: Progress | None = None,
                    cancel: Cancel | None = None) -> ExportResult:  # fmt: skip
        """Write {year}.zip: a folder per case (归档号_案号) and manifest.json with every sha256.

        A case lacking documents stops the export (ArchiveGapsError lists every such case)
        before anything is written, unless allow_gaps: then its 卷宗 has the gap pages and the
        manifest lists its missing documents. progress(done, total, message) counts the cases;
        a cancelled export writes nothing.
        """
        with self._uow_factory(readonly=True) as uow:
            cases = self._closed_cases(uow.session, year)
            if not cases:
                raise NotFoundError(f"{year} 年没有已结案的案件可归档。")
            case_nos = {c.id: c.case_no for c in cases}
            folders = self._collect(uow.session, year, cases)
        gaps: dict[int, CaseGap] = {}
        for case_id, case_no in case_nos.items():
            titles = self._case_files.plan(case_id).gaps
            if titles:
                gaps[case_id] = CaseGap(case_no, titles)
        if gaps and not allow_gaps:
            raise ArchiveGapsError(year, list(gaps.values()))
        steps = Steps(len(folders) + 1, f"{year} 年归档", progress, cancel)
        files: list[dict[str, Any]] = []
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for case_id, folder, entries in folders:
                steps.step(f"归档 {folder}")
                pdf = self._case_file_pdf(case_id, steps)
                if pdf is not None:
                    entries.insert(0, ("卷宗.pdf", pdf))
                for name, data in entries:
                    path = f"{folder}/{name}"
                    archive.writestr(path, data)
                    files.append(
                        {
                            "path": path,
                            "sha256": hashlib.sha256(data).hexdigest(),
                            "size": len(data),
                        }
                    )
            manifest = {
                "year": year,
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "cases": [
                    {
                        "case_id": cid,
                        "case_no": case_nos[cid],
                        "archive_no": archive_number(year, seq),
                        "folder": folder,
                        # documents the 卷宗 lacks (gap pages stand in for them)
                        "missing": list(gaps[cid].titles) if cid in gaps else [],
                    }
                    for seq, (cid, folder, _) in enumerate(folders, start=1)
                ],
                "files": files,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        steps.step(f"写入 {out.name}")
        atomic_write(out, buffer.getvalue())
        return ExportResult(year, len(folders), len(files), tuple(gaps.values()))

    @staticmethod
    def _closed_cases(session: Session, year: int) -> list[Case]:
        return list(
            session.scalars(
                select(Case)
                .where(Case.closed_on.is_not(None), extract("year", Case.closed_on) == year)
                .order_by(Case.closed_on, Case.id)
            )
        )

    def _collect(
        self, session: Session, year: int, cases: list[Case]
    ) -> list[tuple[int, str, list[tuple[str, bytes]]]]:
        folders = []
        for seq, case in enumerate(cases, start=1):
            folder = safe_file_name(f"{archive_number(year, seq)}_{case.case_no}")
            entries: list[tuple[str, bytes]] = [
                (
                    "案件信息.json",
                    json.dumps(_case_record(case), ensure_ascii=False, indent=2).encode(),
                )
            ]
            docs = session.scalars(
                select(Document).where(Document.case_id == case.id, Document.voided.is_(False))
            )
            for doc in docs:
                stem = "文书/" + safe_file_name(f"{doc.doc_type}_{doc.number or doc.id}")
                for digest, suffix in ((doc.file_sha256, ".docx"), (doc.pdf_sha256, ".pdf")):
                    if digest and self._store.exists(digest):
                        entries.append((stem + suffix, self._store.get(digest)))
            for att in session.scalars(select(Attachment).where(Attachment.case_id == case.id)):
                if self._store.exists(att.sha256):
                    name = f"证据/{att.id}_{safe_file_name(att.file_name)}"
                    entries.append((name, self._store.get(att.sha256)))
            folders.append((case.id, folder, entries))
        return folders

    def import_archive(self, path: Path) -> int:
        """Verify an archive, then put its files back into the file store; returns how many.

        Nothing is stored when any file fails verification (the archive is not trusted then).
        """
        problems = verify_archive(path)
        if problems:
            raise ValidationError(
                [FieldError(p.path, p.reason) for p in problems], "归档包校验未通过，未导入"
            )
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n != MANIFEST]
            for name in names:
                self._store.put(archive.read(name))
        return len(names)

    def _case_file_pdf(self, case_id: int, steps: Steps) -> bytes | None:
        # Gaps were checked (and allowed) before: build with the gap pages. The cover carries
        # the full 归档号 (its 件号 is the folder's 流水号: the same order of closed cases).
        try:
            return self._case_files.build(case_id, allow_gaps=True, cancel=steps.cancelled).pdf
        except CasedeskError:
            steps.check()  # cancelled inside the 卷宗 build: say the export was cancelled
            return None  # no converter or 封面/目录 form available: the originals still go in


def verify_archive(path: Path) -> list[ArchiveProblem]:
    """Check every file against the manifest: changed, missing and unlisted files are problems."""
    problems: list[ArchiveProblem] = []
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        return [ArchiveProblem(str(path), f"无法打开归档包：{error}")]
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError, zipfile.BadZipFile) as error:
            return [ArchiveProblem(MANIFEST, f"清单缺失或损坏：{error}")]
        names = set(archive.namelist()) - {MANIFEST}
        for entry in manifest.get("files", []):
            name = entry["path"]
            if name not in names:
                problems.append(ArchiveProblem(name, "文件缺失。"))
                continue
            names.discard(name)
            try:
                data = archive.read(name)
            except (zipfile.BadZipFile, zlib.error, OSError) as error:  # bytes changed in place
                problems.append(ArchiveProblem(name, f"文件已损坏（{error}）。"))
                continue
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                problems.append(ArchiveProblem(name, "内容与清单中的 sha256 不符（文件被修改）。"))
        problems += [ArchiveProblem(n, "不在清单中的文件。") for n in sorted(names)]
    return problems
