"""The case file from the records (order, gaps) and the yearly archive with its manifest."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from PIL import Image
from pypdf import PdfReader, PdfWriter

from database.models import Attachment, Document
from database.models import InstitutionKind as K
from desktop import paths
from desktop.app import AppContext
from desktop.casefile.archive import ArchiveService, verify_archive
from desktop.casefile.entries import MissingDocumentsError, TocEntry
from desktop.casefile.service import CaseFileService
from desktop.cli.main import run
from desktop.common.errors import CasedeskError
from desktop.trust.file_store import FileStore


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class FakeForms:
    """Stands in for the document engine: blank 封面/目录 pages, no DOCX conversion."""

    def __init__(self) -> None:
        #: (case id, 归档号) of every cover asked for.
        self.covers: list[tuple[int, str]] = []
        #: (case id, what the file lacks) of every 备考表 asked for.
        self.notes: list[tuple[int, tuple[str, ...]]] = []

    def cover(self, case_id: int, entries: Sequence[TocEntry], archive_no: str = "") -> bytes:
        self.covers.append((case_id, archive_no))
        return _pdf(1)

    def index(self, case_id: int, entries: Sequence[TocEntry]) -> bytes:
        return _pdf(1 + len(entries) // 20)

    def note(
        self, case_id: int, entries: Sequence[TocEntry], archive_no: str = "",
        missing: Sequence[str] = (),
    ) -> bytes:  # fmt: skip
        self.notes.append((case_id, tuple(missing)))
        return _pdf(1)

    def to_pdf(self, docx_files: Sequence[bytes]) -> list[bytes]:
        raise AssertionError("every document here has its PDF")


def _closed_case(
    ctx: AppContext,
    records,
    store: FileStore,
    no: int,
    closed: date,  # type: ignore[no-untyped-def]
    doc_types: Sequence[str],
) -> int:
    inst = records.institution(f"青溪医疗美容门诊部{no}", K.COSMETIC_OUTPATIENT)
    case = records.case(
        inst,
        filed=date(2026, 1, no),
        decided_on=closed,
        closed_on=closed,
        fine_fen=100_000,
        cause="超范围开展医疗美容项目",
    )
    for i, doc_type in enumerate(doc_types):
        digest = store.put(_pdf(1 + i % 2) + f"% {no}-{doc_type}".encode())
        records.session.add(
            Document(
                doc_type=doc_type,
                number=f"青卫医〔2026〕{no}{i}号",
                case_id=case.id,
                pdf_sha256=digest,
                file_sha256=digest,
            )
        )
    photo = io.BytesIO()
    Image.new("RGB", (800, 600), (no * 20, 90, 90)).save(photo, "PNG")
    digest = store.put(photo.getvalue())
    records.session.add(
        Attachment(
            case_id=case.id,
            title="现场照片",
            file_name="现场/照片.png",
            sha256=digest,
            size=len(photo.getvalue()),
            media_type="image/png",
        )
    )
    records.session.flush()
    return case.id


FULL = (
    "立案报告",
    "案件调查终结报告",
    "行政处罚事先告知书",
    "行政处罚决定书",
    "送达回执",
    "结案报告",
)


def test_case_file_lists_missing_documents_and_builds_with_gaps(ctx: AppContext, records) -> None:  # type: ignore[no-untyped-def]
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    # Entered out of order on purpose: the file follows the archive rule, not the entry order.
    case_id = _closed_case(
        ctx,
        records,
        store,
        1,
        date(2026, 3, 1),
        ("现场笔录", "行政处罚决定书", "立案报告", "结案报告"),
    )
    records.done()
    service = CaseFileService(ctx.uow_factory, store, FakeForms())
    plan = service.plan(case_id)
    assert plan.missing == ("案件调查终结报告", "行政处罚事先告知书", "送达回执")
    # 广东 rule (reference §1.7): 结案材料, 立案材料, 调查取证 (the evidence with it), 处罚/听证.
    filed_order = [
        "结案报告",
        "立案报告",
        "现场笔录",
        "证据：现场照片",
        "案件调查终结报告",
        "行政处罚事先告知书",
        "行政处罚决定书",
        "送达回执",
    ]
    assert [i.title for i in plan.items] == filed_order
    with pytest.raises(
        MissingDocumentsError, match="缺少文书：案件调查终结报告、行政处罚事先告知书、送达回执"
    ):
        service.build(case_id)
    result = service.build(plan.case_no, allow_gaps=True)
    reader = PdfReader(io.BytesIO(result.pdf))
    assert [o.title for o in reader.outline] == [
        "卷宗封面", "卷内目录", *filed_order, "卷内备考表"
    ]  # fmt: skip
    # 封面, 卷内目录, the numbered 卷内文件, the 备考表 last (unnumbered).
    assert len(reader.pages) == 1 + 1 + (1 + 2 + 1 + 1 + 1 + 1 + 2 + 1) + 1
    assert result.numbered_pages == 1 + 2 + 1 + 1 + 1 + 1 + 2 + 1
    assert reader.page_labels[-1] == "备考表" and reader.page_labels[2] == "1"
    # Without the document engine the service says so instead of inventing a cover.
    with pytest.raises(CasedeskError, match="卷宗封面和卷内目录的文书模板尚未接入"):
        CaseFileService(ctx.uow_factory, store).build(case_id, allow_gaps=True)


def _flip_byte(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    raw = bytearray(path.read_bytes())
    name_len = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def test_archive_export_and_verify_catch_a_flipped_byte(
    ctx: AppContext, records, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    _closed_case(ctx, records, store, 1, date(2026, 5, 1), FULL)
    _closed_case(ctx, records, store, 2, date(2026, 2, 1), FULL[:-1])  # 结案报告 missing
    _closed_case(ctx, records, store, 3, date(2025, 12, 31), FULL)  # another year
    records.done()
    case_files = CaseFileService(ctx.uow_factory, store, FakeForms())
    out = tmp_path / "2026.zip"
    result = ArchiveService(ctx.uow_factory, store, case_files).export_year(
        2026, out, allow_gaps=True
    )
    assert result.case_count == 2
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
    folders = sorted({n.split("/")[0] for n in names if "/" in n})
    assert folders[0].startswith("20260001_") and folders[1].startswith("20260002_")
    assert f"{folders[0]}/卷宗.pdf" in names and f"{folders[1]}/证据/" in "".join(names)
    assert len(manifest["files"]) == len(names) - 1 == result.file_count
    assert verify_archive(out) == []
    assert run(["archive", "verify", str(out)]) == 0

    changed = tmp_path / "changed.zip"
    changed.write_bytes(out.read_bytes())
    victim = f"{folders[1]}/卷宗.pdf"
    _flip_byte(changed, victim)
    problems = verify_archive(changed)
    assert [p.path for p in problems] == [victim]
    assert run(["archive", "verify", str(changed)]) == 1

    # A member rewritten with other content (valid ZIP, wrong sha256) and one removed.
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(edited, "w") as dst:
        for info in src.infolist():
            if info.filename == f"{folders[0]}/案件信息.json":
                dst.writestr(info.filename, src.read(info.filename).replace(b"100000", b"100"))
            elif info.filename != victim:
                dst.writestr(info.filename, src.read(info.filename))
    service = ArchiveService(ctx.uow_factory, store, case_files)
    with pytest.raises(CasedeskError, match="归档包校验未通过"):
        service.import_archive(changed)
    # Restorable: a fresh file store gets every file back, content-addressed.
    fresh = FileStore(tmp_path / "restored")
    assert ArchiveService(ctx.uow_factory, fresh, case_files).import_archive(out) == len(
        manifest["files"]
    )
    assert all(fresh.exists(f["sha256"]) for f in manifest["files"])
    reasons = {p.path: p.reason for p in verify_archive(edited)}
    assert reasons == {
        f"{folders[0]}/案件信息.json": "内容与清单中的 sha256 不符（文件被修改）。",
        victim: "文件缺失。",
    }


def test_archived_case_file_cover_carries_the_archive_number(
    ctx: AppContext, records, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    later = _closed_case(ctx, records, store, 1, date(2026, 5, 1), FULL)
    earlier = _closed_case(ctx, records, store, 2, date(2026, 2, 1), FULL)
    records.done()
    ctx.office.save({"archive.fonds_no": "Q031"})
    forms = FakeForms()
    archive = ArchiveService(ctx.uow_factory, store, CaseFileService(ctx.uow_factory, store, forms))
    archive.export_year(2026, tmp_path / "2026.zip")
    # 归档号 = 全宗号-年度-保管期限-件号, 件号 the 结案流水 (reference §1.7): the earlier is 0001.
    assert forms.covers == [(earlier, "Q031-2026-D30-0001"), (later, "Q031-2026-D30-0002")]
    with zipfile.ZipFile(tmp_path / "2026.zip") as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert [(c["archive_no"], c["folder"][:9]) for c in manifest["cases"]] == [
        ("20260001", "20260001_"),
        ("20260002", "20260002_"),
    ]
    # A 卷宗 printed outside the export carries the same number (same order of closed cases),
    # and the 保管期限 set in 设置.
    ctx.office.save({"archive.retention": "永久"})
    CaseFileService(ctx.uow_factory, store, forms).build(later)
    assert forms.covers[-1] == (later, "Q031-2026-Y-0002")

    # The real 卷宗封面 template prints the number in its 归档号 row.
    ctx.office.save(
        {"authority_name": "青溪区卫生健康委员会", "supervision_institute": "青溪区卫生健康监督所"}
    )
    docx = ctx.documents.render_to_bytes(
        "file_cover", case_id=earlier, items=[], overrides={"archive_no": "Q031-2026-Y-0001"}
    )
    cells = [c.text for t in DocxDocument(io.BytesIO(docx)).tables for c in t._cells]
    assert cells[cells.index("归档号") + 1] == "Q031-2026-Y-0001"
    assert cells[cells.index("保管期限") + 1] == "永久"
