"""The document engine's 卷宗封面/卷内目录 forms and DOCX→PDF converter, as the case file needs them."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from desktop.casefile.entries import TocEntry
from desktop.common.errors import CasedeskError
from desktop.common.sentences import sentence
from desktop.documents.service import DocumentService
from desktop.trust.leftovers import mark_owner
from forms.archive_forms import file_statement
from forms.engine import FileItem

COVER_FORM = "file_cover"
INDEX_FORM = "file_index"
NOTE_FORM = "file_note"


def file_items(entries: Sequence[TocEntry]) -> list[FileItem]:
    """The engine's FileItem rows for the 卷内目录/封面 context."""
    return [FileItem(e.title, e.number, e.on, e.first_page, e.last_page, e.note) for e in entries]


class DocumentEngineForms:
    """CaseFileForms backed by DocumentService (templates file_cover/file_index, its converter)."""

    def __init__(self, documents: DocumentService) -> None:
        self._documents = documents

    def cover(self, case_id: int, entries: Sequence[TocEntry], archive_no: str = "") -> bytes:
        """卷宗封面 filled from the case and the item list (件数, 总页数) and the 归档号."""
        docx = self._documents.render_to_bytes(
            COVER_FORM,
            case_id=case_id,
            items=file_items(entries),
            overrides={"archive_no": archive_no} if archive_no else None,
        )
        return self.to_pdf([docx])[0]

    def index(self, case_id: int, entries: Sequence[TocEntry]) -> bytes:
        """卷内目录 with every item's page range."""
        docx = self._documents.render_to_bytes(
            INDEX_FORM, case_id=case_id, items=file_items(entries)
        )
        return self.to_pdf([docx])[0]

    def note(self, case_id: int, entries: Sequence[TocEntry], archive_no: str = "",
             missing: Sequence[str] = ()) -> bytes:  # fmt: skip
        """卷内备考表; what the file lacks (gap pages and cited evidence) is stated in it."""
        overrides: dict[str, object] = {"archive_no": archive_no} if archive_no else {}
        if missing:
            pages = entries[-1].last_page if entries else 0
            overrides["file_statement"] = file_statement(len(entries), pages, missing)
        docx = self._documents.render_to_bytes(
            NOTE_FORM, case_id=case_id, items=file_items(entries), overrides=overrides or None
        )
        return self.to_pdf([docx])[0]

    def to_pdf(self, docx_files: Sequence[bytes]) -> list[bytes]:
        """Convert with the office's chosen converter (LibreOffice, Word or WPS)."""
        if not docx_files:
            return []
        with tempfile.TemporaryDirectory(prefix="casedesk-case-file-") as tmp:
            mark_owner(Path(tmp))  # a killed run's folder is found and removed by the check
            sources = []
            for index, data in enumerate(docx_files):
                source = Path(tmp) / f"{index:04d}.docx"
                source.write_bytes(data)
                sources.append(source)
            result = self._documents.converter().convert(sources, Path(tmp) / "pdf")
            if result.failed:
                raise CasedeskError("文书转换 PDF 失败：" + sentence(*result.failed.values()))
            return [result.pdfs[s].read_bytes() for s in sources]
