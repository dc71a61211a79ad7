"""卷宗, 报送材料 and 归档 builds report progress and, when cancelled, write nothing."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from test_reports_archive import FULL, FakeForms, _closed_case

from database.models import InstitutionKind as K
from desktop import paths
from desktop.app import AppContext
from desktop.casefile.archive import ArchiveService
from desktop.casefile.service import CaseFileService
from desktop.common.progress import BuildCancelledError
from desktop.reports.packet import PARTS, PacketService
from desktop.trust.file_store import FileStore

Seen = list[tuple[int, int, str]]


def _cancel_after(seen: Seen, steps: int, stop: threading.Event):  # type: ignore[no-untyped-def]
    """A progress callback that presses 取消 once `steps` steps were reported."""

    def progress(done: int, total: int, message: str) -> None:
        seen.append((done, total, message))
        if len(seen) >= steps:
            stop.set()

    return progress


def test_case_file_write_reports_each_step_and_cancel_leaves_no_file(
    ctx: AppContext, records, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    case_id = _closed_case(ctx, records, store, 1, date(2026, 3, 1), FULL)
    records.done()
    service = CaseFileService(ctx.uow_factory, store, FakeForms())
    seen: Seen = []
    out = tmp_path / "卷宗.pdf"
    result = service.write(case_id, out, progress=lambda *step: seen.append(step))
    assert [(d, t) for d, t, _ in seen] == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert seen[-1][2] == "写入 卷宗.pdf"
    assert len(PdfReader(out).pages) == result.page_count > 2
    for steps in (1, 2, 3, 4):
        stop, seen = threading.Event(), []
        target = tmp_path / f"cancelled-{steps}.pdf"
        with pytest.raises(BuildCancelledError, match="已取消生成卷宗，未写入任何文件"):
            service.write(case_id, target, progress=_cancel_after(seen, steps, stop), cancel=stop)
        assert not target.exists() and len(seen) == steps
    # A callable works as cancel too, and an already cancelled build never starts.
    with pytest.raises(BuildCancelledError):
        service.build(case_id, cancel=lambda: True)


def _blank_pdfs(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """Stands in for LibreOffice: one blank page per source (the packet logic is under test)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for source in sources:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        buffer = io.BytesIO()
        writer.write(buffer)
        target = out_dir / f"{source.stem}.pdf"
        target.write_bytes(buffer.getvalue())
        made.append(target)
    return made


def test_packet_reports_progress_and_cancel_during_conversion_writes_nothing(
    ctx: AppContext, records, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    inst = records.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    records.case(inst, filed=date(2026, 6, 1), decided_on=date(2026, 6, 10), warning=True)
    records.done()
    start, end, filled = date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31)
    seen: Seen = []
    service = PacketService(ctx.reports, paths.templates_dir(), converter=_blank_pdfs)
    result = service.write(start, end, tmp_path / "ok", filled, progress=lambda *s: seen.append(s))
    total = len(PARTS) + 2
    assert [d for d, _, _ in seen] == list(range(1, total + 1))
    assert {t for _, t, _ in seen} == {total}
    assert result.pdf_path.exists() and result.page_count == len(PARTS) + 1

    stop = threading.Event()

    def convert_then_cancel(sources: Sequence[Path], out_dir: Path) -> list[Path]:
        made = _blank_pdfs(sources, out_dir)
        stop.set()  # the clerk presses 取消 while LibreOffice works
        return made

    out_dir = tmp_path / "cancelled"
    out_dir.mkdir()
    cancelled = PacketService(ctx.reports, paths.templates_dir(), converter=convert_then_cancel)
    with pytest.raises(BuildCancelledError, match="已取消生成报送材料"):
        cancelled.write(start, end, out_dir, filled, cancel=stop)
    assert list(out_dir.iterdir()) == []


def test_archive_export_counts_cases_and_cancel_keeps_the_old_zip(
    ctx: AppContext, records, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    for no in (1, 2, 3):
        _closed_case(ctx, records, store, no, date(2026, 5, no), FULL)
    records.done()
    service = ArchiveService(
        ctx.uow_factory, store, CaseFileService(ctx.uow_factory, store, FakeForms())
    )
    out = tmp_path / "2026.zip"
    seen: Seen = []
    result = service.export_year(2026, out, progress=lambda *s: seen.append(s))
    assert result.case_count == 3
    assert [(d, t) for d, t, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert seen[0][2].startswith("归档 20260001_") and seen[-1][2] == "写入 2026.zip"
    before = out.read_bytes()
    stop, seen = threading.Event(), []
    with pytest.raises(BuildCancelledError, match="已取消2026 年归档"):
        service.export_year(2026, out, progress=_cancel_after(seen, 2, stop), cancel=stop)
    assert out.read_bytes() == before and len(seen) == 2
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["2026.zip"]
