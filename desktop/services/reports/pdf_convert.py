"""XLSX/DOCX → PDF through LibreOffice (headless, private profile, timeout)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.services.errors import CasedeskError

#: Seconds one batch conversion may take before it is abandoned (cold start included).
TIMEOUT_S = 180
#: Where LibreOffice usually lives on Windows when it is not on PATH.
WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

#: Converts files to PDF; returns the PDFs in the same order. Injected so the document engine's
#: converter (Word/WPS/LibreOffice) can replace this one — WIRING (docs branch).
Converter = Callable[[Sequence[Path], Path], list[Path]]


def find_soffice() -> str:
    """The LibreOffice executable, or a Chinese error saying it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in WINDOWS_SOFFICE:
        if Path(candidate).is_file():
            return candidate
    raise CasedeskError("未找到 LibreOffice（soffice），无法将表格和文书转换为 PDF。请先安装。")


def libreoffice_to_pdf(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert in one soffice run with a throw-away profile (parallel runs do not collide)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="casedesk-lo-") as profile:
        command = [
            find_soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(s) for s in sources),
        ]
        try:
            subprocess.run(
                command,
                check=False,
                capture_output=True,
                timeout=TIMEOUT_S,
                env={**os.environ, "HOME": profile},
            )
        except subprocess.TimeoutExpired as error:
            raise CasedeskError(f"LibreOffice 转换 PDF 超时（{TIMEOUT_S} 秒）。") from error
    results = [out_dir / (s.stem + ".pdf") for s in sources]
    failed = [s.name for s, r in zip(sources, results, strict=True) if not r.exists()]
    if failed:
        raise CasedeskError("以下文件未能转换为 PDF：" + "、".join(failed))
    return results
