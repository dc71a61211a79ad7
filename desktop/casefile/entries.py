"""The case file (卷宗) as one PDF: 封面, 卷内目录 (page ranges known first), documents, evidence."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from desktop.common.errors import CasedeskError
from desktop.documents.pdf_pages import PageStamper, gap_page_pdf, image_to_pdf

#: File name endings read as pictures (each becomes a page); everything else must be a PDF.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp")
GAP_NOTE = "缺"
#: The last sheet of the file (DA/T 22 practice: after the 卷内文件, unnumbered).
NOTE_TITLE = "卷内备考表"


@dataclass(frozen=True, slots=True)
class CaseFileItem:
    """One item of the file: a document or an evidence attachment; source None = missing."""

    title: str
    number: str = ""
    on: date | None = None
    source: bytes | Path | None = None
    #: True when `source` holds a picture (JPEG/PNG …) rather than a PDF.
    is_image: bool = False
    note: str = ""
    #: A document stored only as DOCX: converted to PDF before building (then in `source`).
    docx_sha256: str = ""
    #: The evidence file's id (Attachment), for items that are evidence.
    attachment_id: int | None = None

    @property
    def present(self) -> bool:
        """Whether the file has this item (as PDF or image, or as a DOCX still to convert)."""
        return self.source is not None or bool(self.docx_sha256)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the 卷内目录: 序号, 题名, 文号, 日期, 页号, 备注."""

    seq: int
    title: str
    number: str
    on: date | None
    first_page: int
    last_page: int
    note: str

    @property
    def pages(self) -> str:
        """页号 as printed: “5” or “5-7”."""
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}-{self.last_page}"


#: Renders a form of the file (卷内目录, 卷宗封面) as PDF bytes from the entries with their page
#: ranges; the cover reads 卷内件数 (len) and 总页数 (the last entry's last page) from them.
EntriesRenderer = Callable[[Sequence[TocEntry]], bytes]


@dataclass(frozen=True, slots=True)
class CaseFileResult:
    """The built file and what went into it."""

    pdf: bytes
    page_count: int
    #: Pages of the 卷内目录 itself (unnumbered, like the cover and the 备考表).
    toc_pages: int
    toc: tuple[TocEntry, ...]
    missing: tuple[str, ...]
    outline: tuple[str, ...]
    #: Pages of the 卷内文件, stamped 1 … numbered_pages: the cover's 共N页.
    numbered_pages: int = 0


class MissingDocumentsError(CasedeskError):
    """Documents are missing and the clerk did not choose to build with gaps."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        super().__init__(
            "卷宗缺少文书："
            + "、".join(missing)
            + "。请补齐后再生成，或选择缺少材料时仍生成（留空页）。"
        )


def missing_titles(items: Sequence[CaseFileItem]) -> tuple[str, ...]:
    """The titles of the items with no source (shown as 缺少：… before building)."""
    return tuple(item.title for item in items if not item.present)


def _item_pdf(item: CaseFileItem) -> PdfReader:
    if item.source is None:
        data = gap_page_pdf(item.title, ("本卷宗生成时该文书尚未归档。", "补齐后请重新生成卷宗。"))
    else:
        raw = item.source if isinstance(item.source, bytes) else item.source.read_bytes()
        image = item.is_image or (
            isinstance(item.source, Path) and item.source.suffix.lower() in IMAGE_SUFFIXES
        )
        try:
            data = image_to_pdf(raw) if image else raw
        except (OSError, ValueError) as error:  # Pillow: unknown or damaged picture
            raise CasedeskError(f"卷宗材料“{item.title}”的图片无法读取：{error}") from error
    try:
        return PdfReader(io.BytesIO(data))
    except Exception as error:  # pypdf raises several types for a broken file
        raise CasedeskError(f"卷宗材料“{item.title}”不是有效的 PDF：{error}") from error


def _toc_entries(items: Sequence[CaseFileItem], counts: Sequence[int]) -> list[TocEntry]:
    # Archive practice: the 卷内文件 are numbered from 1; the cover, the 卷内目录 and the 备考表
    # carry no number and are not counted in the cover's 共N页.
    entries = []
    page = 1
    for seq, (item, count) in enumerate(zip(items, counts, strict=True), start=1):
        note = GAP_NOTE if item.source is None else item.note
        entries.append(
            TocEntry(seq, item.title, item.number, item.on, page, page + count - 1, note)
        )
        page += count
    return entries


def build_case_file(
    render_cover: EntriesRenderer,
    items: Sequence[CaseFileItem],
    render_toc: EntriesRenderer,
    *,
    allow_gaps: bool = False,
    cover_title: str = "卷宗封面",
    render_note: EntriesRenderer | None = None,
) -> CaseFileResult:
    """Assemble the file; a missing item is an error unless allow_gaps (then a marked page).

    Order: 封面, 卷内目录, the items (stamped 1 … N), 卷内备考表 (when render_note is given).
    """
    missing = missing_titles(items)
    if missing and not allow_gaps:
        raise MissingDocumentsError(missing)
    readers = [_item_pdf(item) for item in items]
    counts = [len(r.pages) for r in readers]
    entries = _toc_entries(items, counts)
    toc_reader = PdfReader(io.BytesIO(render_toc(entries)))
    cover = PdfReader(io.BytesIO(render_cover(entries)))
    note = PdfReader(io.BytesIO(render_note(entries))) if render_note else None
    writer = PdfWriter()
    outline = [cover_title, "卷内目录", *(item.title for item in items)]
    parts = [cover, toc_reader, *readers]
    if note is not None:
        outline.append(NOTE_TITLE)
        parts.append(note)
    for title, reader in zip(outline, parts, strict=True):
        writer.append(reader, outline_item=title, import_outline=False)
    first = len(cover.pages) + len(toc_reader.pages)
    numbered = sum(counts)
    stamper = PageStamper(writer)
    for index in range(first, first + numbered):
        stamper.stamp(writer.pages[index], index - first + 1)
    writer.set_page_label(0, len(cover.pages) - 1, prefix="封面")
    writer.set_page_label(len(cover.pages), first - 1, prefix="目录")
    if numbered:
        writer.set_page_label(first, first + numbered - 1, style=PageLabelStyle.DECIMAL, start=1)
    if note is not None:
        writer.set_page_label(first + numbered, len(writer.pages) - 1, prefix="备考表")
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return CaseFileResult(
        pdf=out.getvalue(),
        page_count=len(writer.pages),
        toc_pages=len(toc_reader.pages),
        toc=tuple(entries),
        missing=missing,
        outline=tuple(outline),
        numbered_pages=numbered,
    )


class CaseFileForms(Protocol):
    """What the case-file builder needs from the document engine."""

    def cover(self, case_id: int, entries: Sequence[TocEntry], archive_no: str = "") -> bytes:
        """卷宗封面 as PDF bytes; archive_no is the 归档号 once the case is archived."""
        ...

    def index(self, case_id: int, entries: Sequence[TocEntry]) -> bytes:
        """卷内目录 as PDF bytes."""
        ...

    def note(self, case_id: int, entries: Sequence[TocEntry], archive_no: str = "",
             missing: Sequence[str] = ()) -> bytes:  # fmt: skip
        """卷内备考表 as PDF bytes (本卷情况说明 from the entries and what the file lacks)."""
        ...

    def to_pdf(self, docx_files: Sequence[bytes]) -> list[bytes]:
        """DOCX bytes → PDF bytes, in order (one converter run for the batch)."""
        ...
