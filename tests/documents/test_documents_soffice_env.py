"""The LibreOffice converter runs the soffice CASEDESK_SOFFICE names, with a clean library path."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdf
import pytest

from desktop.documents.converters import ENV_SOFFICE
from desktop.documents.pdf import LibreOfficeConverter

#: A stand-in soffice: records its LD_LIBRARY_PATH, copies a real one-page PDF (sample.pdf next
#: to it; the converter verifies what it gets) for every .docx given.
FAKE_SOFFICE = """#!/bin/sh
echo "LD=${LD_LIBRARY_PATH-unset}" > "$(dirname "$0")/seen.txt"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift ;;
    *.docx) name=$(basename "$1" .docx); cp "$(dirname "$0")/sample.pdf" "$out/$name.pdf" ;;
  esac
  shift
done
"""


@pytest.fixture
def fake_soffice(tmp_path: Path) -> Path:
    folder = tmp_path / "portable-lo"
    folder.mkdir()
    program = folder / "soffice-portable"
    program.write_text(FAKE_SOFFICE)
    program.chmod(0o755)
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    with (folder / "sample.pdf").open("wb") as handle:
        writer.write(handle)
    return program


def test_converter_uses_casedesk_soffice_and_the_original_library_path(
    fake_soffice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_SOFFICE, str(fake_soffice))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/casedesk/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    docx = tmp_path / "决定书.docx"
    docx.write_bytes(b"not read by the stand-in")
    converter = LibreOfficeConverter()
    assert converter.soffice == str(fake_soffice)
    result = converter.convert([docx], tmp_path / "out")
    assert result.failed == {}
    assert result.pdfs[docx].read_bytes().startswith(b"%PDF")
    assert (fake_soffice.parent / "seen.txt").read_text().strip() == "LD=/usr/local/lib"


def test_missing_casedesk_soffice_is_not_replaced_by_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.documents.pdf import ConverterMissingError

    monkeypatch.setenv(ENV_SOFFICE, str(tmp_path / "gone" / "soffice"))
    with pytest.raises(ConverterMissingError, match="未找到 LibreOffice"):
        LibreOfficeConverter()
