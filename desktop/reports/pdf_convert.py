"""XLSX/DOCX → PDF for the packet: the document engine's LibreOffice converter (Calc reads XLSX).

Word/WPS over COM cannot open XLSX, so the packet always uses LibreOffice, whatever converter the
office chose for documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.common.errors import CasedeskError
from desktop.documents.pdf import LibreOfficeConverter

#: Converts files to PDF; returns the PDFs in the same order (injectable for tests).
Converter = Callable[[Sequence[Path], Path], list[Path]]


def libreoffice_to_pdf(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert in one soffice run (hung files are skipped after their timeout and reported)."""
    result = LibreOfficeConverter().convert(list(sources), out_dir)
    if result.failed:
        names = "、".join(f"{p.name}（{reason}）" for p, reason in result.failed.items())
        raise CasedeskError("以下文件未能转换为 PDF：" + names)
    return [result.pdfs[s] for s in sources]
