"""Which converter makes the PDFs: the suites the PC really has, in the order 设置 names them.

Before a COM suite is chosen its ProgID is looked up in the registry (office_registry): with
pywin32 bundled, building a ComConverter always succeeds, and DispatchEx fails only at the first
conversion — choosing by construction alone picked Word on every PC, and on a WPS-only PC every
PDF failed with "未找到 word" while 设置 said WPS would be used. The chain is the order of
`converters.converter_order`: the office's choice first, then the other suites; what one cannot
convert (or cannot start at all) goes to the next. Previews go through a kept application: the
warm LibreOffice (warm_converter) or, when Word/WPS makes the PDFs, one Word/WPS kept open over
COM (warm_com).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.common.progress import Progress
from desktop.documents.converters import COM_PROGIDS, converter_order, find_soffice
from desktop.documents.office_registry import WindowsRegistry, find_com_server
from desktop.documents.pdf import (
    DEFAULT_TIMEOUT,
    Cancel,
    ConversionResult,
    ConverterMissingError,
    LibreOfficeConverter,
    PdfConverter,
)
from desktop.documents.warm_com import WarmComConverter, WarmComSource
from desktop.documents.warm_converter import WarmFirstConverter, WarmSource


class FallbackConverter:
    """A primary converter; what it cannot convert goes to the fallback (the next suite)."""

    def __init__(self, primary: PdfConverter, fallback: PdfConverter) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """Convert with the primary; retry its failures (or everything, if missing) with the fallback."""
        try:
            result = self.primary.convert(docx_files, out_dir, progress=progress, cancel=cancel)
        except ConverterMissingError:
            return self.fallback.convert(docx_files, out_dir, progress=progress, cancel=cancel)
        if not result.failed:
            return result
        retry = [f for f in docx_files if f in result.failed]
        second = self.fallback.convert(retry, out_dir, cancel=cancel)
        merged = ConversionResult(dict(result.pdfs), {})
        for source in retry:
            if source in second.pdfs:
                merged.pdfs[source] = second.pdfs[source]
            else:
                merged.failed[source] = (
                    f"{result.failed[source]}；改用 {self.fallback.name} 也未成功："
                    f"{second.failed.get(source, '未生成 PDF。')}"
                )
        return merged


#: Builds the COM converter for a suite name ("word"/"wps") and its registered ProgID.
ComFactory = Callable[[str, Sequence[str], float], PdfConverter]
#: Builds the LibreOffice converter; raises ConverterMissingError when soffice is absent.
LibreOfficeFactory = Callable[[float], PdfConverter]
#: The registered ProgID among these (None: the suite is not installed).
ComProbe = Callable[[Sequence[str]], str | None]


def _com(name: str, prog_ids: Sequence[str], timeout: float) -> PdfConverter:
    from desktop.documents.com_converter import ComConverter

    return ComConverter(name, prog_ids, timeout=timeout)


def libreoffice_at(soffice: str | None) -> LibreOfficeFactory:
    """The LibreOffice factory for the path set in 设置 (None or a missing path: look for it)."""
    configured = find_soffice(configured=soffice) if soffice else None
    return lambda limit: LibreOfficeConverter(soffice=configured, timeout=limit)


def registered_progid(prog_ids: Sequence[str]) -> str | None:
    """The first of these ProgIDs registered with an existing program (the real registry)."""
    server = find_com_server(prog_ids, WindowsRegistry())
    return server.progid if server is not None else None


def choose_converter(setting: str, *, timeout: float = DEFAULT_TIMEOUT,
                     platform: str = sys.platform, com: ComFactory = _com,
                     libreoffice: LibreOfficeFactory | None = None,
                     probe: ComProbe = registered_progid,
                     soffice: str | None = None,
                     warm: WarmSource | None = None,
                     warm_com: WarmComSource | None = None) -> PdfConverter:  # fmt: skip
    """The converter chain for the office's choice (auto/libreoffice/word/wps).

    Only suites found on this PC join the chain (Word/WPS only on Windows, each by its
    registered ProgID); `soffice` is the LibreOffice path set in 设置, if any; `warm` gives the
    warm LibreOffice previews go through (warm_converter), if any, and `warm_com` the Word/WPS
    kept open for them (warm_com), used when that suite is the one making the PDFs (the first
    found). With none found, LibreOffice's ConverterMissingError says what to install.
    """
    make_libreoffice = libreoffice or libreoffice_at(soffice)
    chain: list[PdfConverter] = []
    missing: ConverterMissingError | None = None
    for suite in converter_order(setting):
        try:
            if suite == "libreoffice":
                batch = make_libreoffice(timeout)
                chain.append(batch if warm is None else WarmFirstConverter(warm, batch))
            elif platform == "win32":
                progid = probe(COM_PROGIDS[suite])
                if progid is not None:
                    batch = com(suite, (progid,), timeout)
                    kept = warm_com(suite, (progid,), timeout) if warm_com and not chain else None
                    chain.append(batch if kept is None else WarmComConverter(kept, batch))
        except ConverterMissingError as error:
            missing = missing or error
    if not chain:
        raise missing or ConverterMissingError("未找到可将文书转换为 PDF 的办公软件。")
    converter = chain[-1]
    for earlier in reversed(chain[:-1]):
        converter = FallbackConverter(earlier, converter)
    return converter
