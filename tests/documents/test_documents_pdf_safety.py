"""PDF conversion never takes a stale file for its result, verifies before it renames, and
names every document it could not convert (service, command line); Word/WPS selection, timeout
and fallback to LibreOffice without COM."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from database.models import Case, Document
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.progress import Progress
from desktop.documents.com_converter import ComConverter
from desktop.documents.converter_choice import FallbackConverter, choose_converter
from desktop.documents.doc_types import PdfConversionError
from desktop.documents.pdf import ConversionResult, ConverterMissingError, LibreOfficeConverter
from desktop.documents.process_tree import ComProcesses

#: A stand-in soffice: writes a one-page PDF for each input named in --convert-to's files,
#: except those whose name contains "坏" (nothing) or "空" (an empty file).
FAKE_SOFFICE = """#!{python}
import sys
from pathlib import Path
import pypdf
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
for name in args[args.index("--outdir") + 2:]:
    target = out / (Path(name).stem + ".pdf")
    if "坏" in name:
        continue
    if "空" in name:
        target.write_bytes(b"")
        continue
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    with target.open("wb") as handle:
        writer.write(handle)
"""


def _fake_soffice(folder: Path) -> Path:
    script = folder / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    return script


def _docx(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_stale_pdf_of_the_same_name_is_not_taken_for_the_result(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "坏文书.pdf"
    stale.write_bytes(b"%PDF-1.4 an old PDF from yesterday %%EOF")
    source = tmp_path / "坏文书.docx"
    source.write_bytes(b"not a docx")
    converter = LibreOfficeConverter(soffice=_fake_soffice(tmp_path), timeout=10)
    result = converter.convert([source], out)
    assert result.pdfs == {}
    assert "未能转换" in result.failed[source]
    assert stale.read_bytes() == b"%PDF-1.4 an old PDF from yesterday %%EOF"
    assert [p.name for p in out.iterdir()] == ["坏文书.pdf"]  # no staging folder left behind


def test_an_empty_pdf_is_refused_and_the_old_file_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "空文书.pdf").write_bytes(b"old")
    good, empty = tmp_path / "好文书.docx", tmp_path / "空文书.docx"
    seen: list[tuple[int, int]] = []
    result = LibreOfficeConverter(soffice=_fake_soffice(tmp_path), timeout=10).convert(
        [good, empty], out, progress=lambda d, t, _n: seen.append((d, t))
    )
    assert result.failed == {empty: "生成的 PDF 是空文件。"}
    assert result.pdfs == {good: out / "好文书.pdf"}
    assert len(pypdf.PdfReader(out / "好文书.pdf").pages) == 1
    assert (out / "空文书.pdf").read_bytes() == b"old"
    assert seen == [(1, 2), (2, 2)]


@pytest.mark.slow
def test_real_libreoffice_replaces_a_stale_pdf_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "通知.pdf").write_bytes(b"garbage from an earlier run")
    source = _docx(tmp_path / "通知.docx", "卫生监督意见书 测试文字")
    result = LibreOfficeConverter(timeout=120).convert([source], out)
    assert result.failed == {}
    text = "".join(p.extract_text() for p in pypdf.PdfReader(result.pdfs[source]).pages)
    assert "卫生监督意见书" in text.replace(" ", "")
    assert sorted(p.name for p in out.iterdir()) == ["通知.pdf"]


class _FailingFor:
    """A converter that converts nothing whose name contains `bad`, and copies a PDF otherwise."""

    name = "fake"

    def __init__(self, bad: str, reason: str = "文件已损坏。") -> None:
        self.bad, self.reason = bad, reason
        self.calls: list[list[Path]] = []

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Any = None) -> ConversionResult:  # fmt: skip
        self.calls.append(list(docx_files))
        result = ConversionResult()
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in docx_files:
            if self.bad in source.name:
                result.failed[source] = self.reason
                continue
            writer = pypdf.PdfWriter()
            writer.add_blank_page(100, 100)
            target = out_dir / (source.stem + ".pdf")
            with target.open("wb") as handle:
                writer.write(handle)
            result.pdfs[source] = target
        return result


def test_service_names_each_document_that_failed(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    notice = demo_ctx.documents.generate("penalty_notice", case_id=closed_case_id, out_dir=tmp_path)
    decision = demo_ctx.documents.generate(
        "penalty_decision", case_id=closed_case_id, out_dir=tmp_path
    )
    demo_ctx.documents._converter_factory = lambda _setting: _FailingFor("决定书")
    with pytest.raises(PdfConversionError) as caught:
        demo_ctx.documents.convert_to_pdf([notice, decision], tmp_path / "pdf")
    error = caught.value
    assert str(error) == (
        f"1 份文书未能转换为 PDF：《行政处罚决定书》{decision.number}未能转换为 PDF：文件已损坏。"
    )
    assert list(error.failures) == [decision.id]
    assert error.converted[0].pdf_path == tmp_path / "pdf" / (notice.path.stem + ".pdf")  # type: ignore[union-attr]
    assert error.converted[1].pdf_path is None
    with demo_ctx.uow_factory(readonly=True) as uow:
        assert uow.session.get(Document, notice.id).pdf_sha256  # type: ignore[union-attr]
        assert not uow.session.get(Document, decision.id).pdf_sha256  # type: ignore[union-attr]


def test_batch_reports_pdf_failures_per_case(
    demo_ctx: AppContext, staffed_case_ids: list[int], tmp_path: Path
) -> None:
    demo_ctx.documents._converter_factory = lambda _setting: _FailingFor("立案报告")
    result = demo_ctx.documents.generate_batch("立案报告", staffed_case_ids[:2], tmp_path, pdf=True)
    assert result.succeeded == 2
    assert len(result.pdf_failures) == 2
    assert all(
        m.startswith("《立案报告》") and m.endswith("文件已损坏") for m in result.pdf_failures
    )


def test_cli_prints_pdf_failures_and_exits_non_zero(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    fake = _fake_soffice(tmp_path)
    # Every 立案报告 file name gets "坏" into it: the fake soffice produces nothing for them.
    fake.write_text(fake.read_text(encoding="utf-8").replace('"坏" in name', '"立案报告" in name'),
                    encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("CASEDESK_SOFFICE", str(fake))
    data = str(demo_ctx.data_dir)
    code = run(["--data-dir", data, "doc", "filing_report", "--all-cases", "--from", "2026-01-01",
                "--to", "2026-01-31", "--pdf", "--out", str(tmp_path / "batch")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "份未能转换为 PDF" in captured.out
    assert (
        "《立案报告》" in captured.err
        and "未能转换为 PDF：LibreOffice 未能转换此文件" in captured.err
    )
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case_no = case.case_no
    code = run(["--data-dir", data, "doc", "立案报告", "--case", case_no, "--pdf",
                "--out", str(tmp_path / "one")])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "已生成立案报告：" in captured.out  # no 文号: no stray space before the colon
    assert "未能转换为 PDF" in captured.err and list((tmp_path / "one").glob("*.docx"))


# --- Word / WPS over COM, without COM ---------------------------------------------------------


class _FakeDoc:
    def __init__(self, app: _FakeApp, path: str) -> None:
        self.app, self.path = app, path

    def ExportAsFixedFormat(self, target: str, _format: int) -> None:  # noqa: N802 (COM names)
        if "挂起" in self.path:
            self.app.release.wait(30)
        if "坏" in self.path:
            raise RuntimeError("文档已损坏")
        writer = pypdf.PdfWriter()
        writer.add_blank_page(100, 100)
        with open(target, "wb") as handle:
            writer.write(handle)

    def Close(self, _save: bool) -> None:  # noqa: N802
        pass


class _FakeDocuments:
    def __init__(self, app: _FakeApp) -> None:
        self.app = app

    def Open(self, path: str, ReadOnly: bool) -> _FakeDoc:  # noqa: N802, N803
        return _FakeDoc(self.app, path)


class _FakeApp:
    def __init__(self) -> None:
        self.Documents = _FakeDocuments(self)
        self.release = threading.Event()
        self.quit = False

    def Quit(self) -> None:  # noqa: N802
        self.quit = True


def test_com_converter_exports_and_times_out_a_hung_document(tmp_path: Path) -> None:
    app = _FakeApp()
    files = [tmp_path / "甲.docx", tmp_path / "挂起.docx", tmp_path / "乙.docx"]
    converter = ComConverter("word", ["Word.Application"], timeout=0.5, startup=0.5,
                             dispatch=lambda _progid: app)  # fmt: skip
    started = time.monotonic()
    result = converter.convert(files, tmp_path / "out")
    app.release.set()
    assert time.monotonic() - started < 10
    assert result.pdfs == {files[0]: tmp_path / "out" / "甲.pdf"}
    assert "word 转换超时" in result.failed[files[1]]
    assert "前一份文书超时" in result.failed[files[2]]


def test_com_failures_fall_back_to_libreoffice(tmp_path: Path) -> None:
    app = _FakeApp()
    files = [tmp_path / "甲.docx", tmp_path / "坏.docx"]
    com = ComConverter("wps", ["KWps.Application"], dispatch=lambda _progid: app)
    fallback = _FailingFor("没有")
    result = FallbackConverter(com, fallback).convert(files, tmp_path / "out")
    assert result.failed == {}
    assert set(result.pdfs) == set(files)
    assert fallback.calls == [[files[1]]]  # only what WPS could not do
    assert app.quit


def test_com_that_cannot_start_hands_everything_to_the_fallback(tmp_path: Path) -> None:
    def no_word(_progid: str) -> object:
        raise OSError("类没有注册")

    files = [tmp_path / "甲.docx"]
    fallback = _FailingFor("甲", reason="仍然不行。")
    com = ComConverter("word", ["Word.Application"], dispatch=no_word)
    result = FallbackConverter(com, fallback).convert(files, tmp_path / "out")
    assert result.failed == {files[0]: "仍然不行。"}
    with pytest.raises(ConverterMissingError, match="未找到 word"):
        com.convert(files, tmp_path / "out")


class _ComError(Exception):
    """Stands in for pywintypes.com_error: (hresult, message, excepinfo, argerr)."""


#: What DispatchEx raises for a ProgID that is not registered: com_error(-2147221005,
#: 'Invalid class string') = CO_E_CLASSSTRING (pywin32 issues #1578, #1914; xlwings #2200).
CO_E_CLASSSTRING = -2147221005


def _fake_dispatch(registered: set[str]) -> Any:
    """DispatchEx as it behaves: a registered ProgID starts its suite, any other raises."""

    def dispatch(progid: str) -> _FakeApp:
        if progid.lower() not in {p.lower() for p in registered}:  # HKCR is case-insensitive
            raise _ComError(CO_E_CLASSSTRING, "Invalid class string", None, None)
        return _FakeApp()

    return dispatch


#: No process lookups: the fake suites run in this process.
NO_PROCESSES = ComProcesses(frozenset, lambda _hwnd: None, lambda _pid: False)


def _com_factory(registered: set[str], made: list[str]) -> Any:
    """The real ComConverter with pywin32 present: construction succeeds whatever is installed
    (it only imports win32com); the fake dispatch fails at the first conversion, as COM does."""

    def com(name: str, ids: Sequence[str], timeout: float) -> ComConverter:
        made.append(f"{name}:{ids[0]}")
        return ComConverter(name, ids, timeout=timeout, dispatch=_fake_dispatch(registered),
                            processes=NO_PROCESSES)  # fmt: skip

    return com


def _probe(registered: set[str]) -> Any:
    return lambda ids: next((i for i in ids if i in registered), None)


def test_a_wps_only_pc_converts_with_wps(tmp_path: Path) -> None:
    """The PC of issue 22: WPS registers KWps.Application, Word is absent, pywin32 is bundled."""
    made: list[str] = []
    registered = {"KWps.Application"}
    lo = _FailingFor("x")
    lo.name = "libreoffice"
    chosen = choose_converter("auto", platform="win32", com=_com_factory(registered, made),
                              libreoffice=lambda _t: lo, probe=_probe(registered))  # fmt: skip
    assert made == ["wps:KWps.Application"]  # Word is never built: its ProgID is not registered
    assert chosen.name == "wps"
    source = tmp_path / "决定书.docx"
    result = chosen.convert([source], tmp_path / "out")
    assert result.failed == {} and lo.calls == []  # WPS made the PDF, not the fallback
    assert pypdf.PdfReader(result.pdfs[source]).pages


def test_the_old_choice_by_construction_would_have_failed_on_that_pc(tmp_path: Path) -> None:
    """What the fake that raised on construction hid: a Word converter builds and then fails."""
    word = ComConverter("word", ["Word.Application"], dispatch=_fake_dispatch({"KWps.Application"}),
                        processes=NO_PROCESSES)  # fmt: skip
    with pytest.raises(ConverterMissingError, match="未找到 word"):
        word.convert([tmp_path / "甲.docx"], tmp_path / "out")


def test_converter_selection_and_fallback_order() -> None:
    made: list[str] = []
    lo = _FailingFor("x")
    lo.name = "libreoffice"

    def no_lo(_timeout: float) -> Any:
        raise ConverterMissingError("未找到 LibreOffice")

    both = {"Word.Application", "KWps.Application"}
    com = _com_factory(both, made)
    chosen = choose_converter("auto", platform="win32", com=com, libreoffice=lambda _t: lo,
                              probe=_probe(both))  # fmt: skip
    assert isinstance(chosen, FallbackConverter) and chosen.name == "word"
    assert isinstance(chosen.fallback, FallbackConverter) and chosen.fallback.name == "wps"
    assert chosen.fallback.fallback is lo and made == ["word:Word.Application", "wps:KWps.Application"]
    # The office's choice comes first, the other suites follow it.
    wps_first = choose_converter("wps", platform="win32", com=com, libreoffice=no_lo,
                                 probe=_probe(both))  # fmt: skip
    assert isinstance(wps_first, FallbackConverter)
    assert (wps_first.name, wps_first.fallback.name) == ("wps", "word")
    # Off Windows COM is never tried; LibreOffice chosen is LibreOffice first.
    assert choose_converter("word", platform="linux", com=com, libreoffice=lambda _t: lo,
                            probe=_probe(both)) is lo  # fmt: skip
    lo_first = choose_converter("libreoffice", platform="win32", com=com,
                                libreoffice=lambda _t: lo, probe=_probe(both))  # fmt: skip
    assert lo_first.name == "libreoffice"
    with pytest.raises(ConverterMissingError, match="LibreOffice"):
        choose_converter("word", platform="win32", com=com, libreoffice=no_lo,
                         probe=_probe(set()))  # fmt: skip
