"""PDF: one LibreOffice process for a batch, Chinese text extractable; hangs killed; clear errors."""

from __future__ import annotations

import hashlib
import re
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from sqlalchemy import func, select

from database.models import Case, Document, InspectionResult
from desktop.app import AppContext
from desktop.documents import pdf
from desktop.documents.pdf import ConverterMissingError, LibreOfficeConverter
from forms.common import cn_date

DOCS = ("filing_report", "penalty_notice", "hearing_notice", "penalty_decision", "file_index")


def _text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


@pytest.mark.slow
def test_batch_converts_in_one_process_with_chinese_text(
    demo_ctx: AppContext, closed_case_id: int, add_inspection: Callable[..., int], tmp_path: Path
) -> None:
    documents = [demo_ctx.documents.generate(f, case_id=closed_case_id, out_dir=tmp_path)
                 for f in DOCS]  # fmt: skip
    inspection = add_inspection()
    documents.append(demo_ctx.documents.generate("site_record", inspection_id=inspection,
                                                 out_dir=tmp_path))  # fmt: skip
    launches: list[int] = []
    real_popen = pdf.subprocess.Popen

    def counting_popen(*args: object, **kwargs: object) -> object:
        launches.append(1)
        return real_popen(*args, **kwargs)  # type: ignore[call-overload]

    seen: list[tuple[int, int]] = []
    pdf.subprocess.Popen = counting_popen  # type: ignore[assignment]
    try:
        converted = demo_ctx.documents.convert_to_pdf(
            documents,
            tmp_path / "pdf",
            progress=lambda done, total, _name: seen.append((done, total)),
        )
    finally:
        pdf.subprocess.Popen = real_popen  # type: ignore[misc]
    assert launches == [1]
    assert all(d.pdf_path is not None for d in converted)
    assert seen[-1] == (len(documents), len(documents))
    decision = _text(converted[3].pdf_path)  # type: ignore[arg-type]
    assert "行政处罚决定书" in decision and "青溪区卫生健康委员会" in decision
    assert documents[3].number in decision and "申请行政复议" in decision
    assert "现场笔录" in _text(converted[-1].pdf_path)  # type: ignore[arg-type]
    with demo_ctx.uow_factory(readonly=True) as uow:
        for doc in converted:
            row = uow.session.get(Document, doc.id)
            assert row is not None
            assert row.pdf_sha256 == hashlib.sha256(doc.pdf_path.read_bytes()).hexdigest()  # type: ignore[union-attr]


def test_a_hung_converter_is_killed_after_its_timeout(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n")
    fake.chmod(0o755)
    source = tmp_path / "a.docx"
    source.write_bytes(b"not really a docx")
    converter = LibreOfficeConverter(soffice=str(fake), timeout=0.5, startup=0.5)
    started = time.monotonic()
    result = converter.convert([source], tmp_path / "out")
    assert time.monotonic() - started < 10
    assert "超时" in result.failed[source]


def test_cancel_stops_the_conversion(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n")
    fake.chmod(0o755)
    stop = threading.Event()
    stop.set()
    converter = LibreOfficeConverter(soffice=str(fake))
    with pytest.raises(pdf.ConversionCancelledError):
        converter.convert([tmp_path / "a.docx"], tmp_path / "out", cancel=stop.is_set)


def test_missing_converter_gives_a_chinese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.documents.converter_choice import choose_converter

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(ConverterMissingError, match="未找到 LibreOffice"):
        choose_converter("auto")


def test_batch_generation_reports_progress_and_stops_on_cancel(
    demo_ctx: AppContext, tmp_path: Path, staffed_case_ids: list[int]
) -> None:
    ids = staffed_case_ids[:6]
    seen: list[tuple[int, int, str]] = []
    result = demo_ctx.documents.generate_batch(
        "立案报告", ids, tmp_path, progress=lambda d, t, m: seen.append((d, t, m)),
        cancel=lambda: len(seen) >= 3,
    )  # fmt: skip
    assert result.cancelled and len(result.items) == 3 and result.succeeded == 3
    assert [s[:2] for s in seen] == [(1, 6), (2, 6), (3, 6)]
    assert len(list(tmp_path.glob("立案报告_*.docx"))) == 3


def _font_names(path: Path) -> set[str]:
    """Base names of the fonts the PDF's pages use (subset prefix dropped)."""
    names: set[str] = set()
    for page in pypdf.PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.slow
def test_missing_gb_fonts_fall_back_to_a_serif_cjk_face(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    # This machine has no 仿宋_GB2312 / 方正小标宋简体 but has Noto Serif CJK and Noto Sans CJK:
    # the body and title must come out in the serif (宋/仿宋-like) face, not the sans fallback.
    match = subprocess.run(["fc-match", "-f", "%{family[0]}", "仿宋_GB2312"], capture_output=True,
                           text=True, check=True)  # fmt: skip
    assert "Serif" not in match.stdout  # fontconfig alone would not find a serif face
    document = demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id,
                                           out_dir=tmp_path)  # fmt: skip
    result = LibreOfficeConverter().convert([document.path], tmp_path / "pdf")  # type: ignore[list-item]
    fonts = _font_names(result.pdfs[document.path])  # type: ignore[index]
    cjk = {name for name in fonts if "CJK" in name}
    assert cjk and all(name.startswith("NotoSerifCJK") for name in cjk), fonts
    assert "行政处罚决定书" in _text(result.pdfs[document.path])  # type: ignore[index]


def test_font_aliases_layer_over_the_system_configuration(tmp_path: Path) -> None:
    config = pdf.fontconfig_aliases("/etc/fonts/fonts.conf & more")
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf &amp; more</include>' in config
    assert "<family>仿宋_GB2312</family><prefer><family>仿宋</family>" in config
    env = pdf._font_env({"FONTCONFIG_FILE": "/opt/fc.conf"}, tmp_path)
    written = Path(env["FONTCONFIG_FILE"]).read_text(encoding="utf-8")
    assert written.startswith("<?xml") and "/opt/fc.conf" in written
    assert "<family>方正小标宋简体</family>" in written and "Noto Serif CJK SC" in written


@pytest.mark.slow
def test_long_check_list_repeats_its_header_and_signatures_stay_together(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        counts = uow.session.execute(
            select(InspectionResult.inspection_id, func.count())
            .group_by(InspectionResult.inspection_id)
            .order_by(func.count().desc())
        ).first()
    assert counts is not None and counts[1] >= 20  # a list longer than one page
    record = demo_ctx.documents.generate("site_record", inspection_id=counts[0], out_dir=tmp_path)
    decision = demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id,
                                           out_dir=tmp_path)  # fmt: skip
    result = LibreOfficeConverter().convert([record.path, decision.path], tmp_path / "pdf")  # type: ignore[list-item]
    pages = [re.sub(r"\s+", "", p.extract_text())
             for p in pypdf.PdfReader(result.pdfs[record.path]).pages]  # type: ignore[index]  # fmt: skip
    table_pages = [p for p in pages if re.search(r"\d+（\d+）", p)]  # rows read "6（6）制定…"
    assert len(table_pages) >= 2
    assert all("序号检查项目现场所见" in p for p in table_pages)  # header on every page
    signed = [p for p in pages if "以上笔录已阅" in p]
    assert len(signed) == 1 and "被检查人签名：" in signed[0]
    # The seal line and its date are on one page (python-docx: kept with the next paragraph).
    paragraphs = docx.Document(str(decision.path)).paragraphs
    seal = next(i for i, p in enumerate(paragraphs) if p.text.endswith("（印章）"))
    assert paragraphs[seal].paragraph_format.keep_with_next
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        assert paragraphs[seal + 1].text == cn_date(case.decided_on)


@pytest.mark.slow
def test_file_index_prints_each_number_on_one_line(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    numbered = [demo_ctx.documents.generate(f, case_id=closed_case_id, out_dir=tmp_path)
                for f in ("penalty_notice", "penalty_decision")]  # fmt: skip
    index = demo_ctx.documents.generate("file_index", case_id=closed_case_id, out_dir=tmp_path)
    result = LibreOfficeConverter().convert([index.path], tmp_path / "pdf")  # type: ignore[list-item]
    page = pypdf.PdfReader(result.pdfs[index.path]).pages[0]  # type: ignore[index]
    text = page.extract_text(extraction_mode="layout")
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    for doc in numbered:
        # One table row per line: a 文号 wrapped inside its cell would be cut in two here.
        assert any(f"{doc.name}{doc.number}" in line for line in lines), (doc.number, lines)
