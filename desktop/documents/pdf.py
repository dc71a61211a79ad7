"""DOCX → PDF converters: LibreOffice headless (batch, one process), Word and WPS over COM.

LibreOffice converts a whole batch in one soffice process with a private profile folder (two
soffice sharing the user's profile block each other). We watch the output folder: a document
that produces no PDF within its timeout is declared hung, the process group is killed and the
rest of the batch continues in a fresh process. Word/WPS are used on Windows when chosen in the
settings (pdf_converter = word / wps / auto) and fall back to LibreOffice.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop.services.converters_check import (
    WORD_PROGIDS,
    WPS_PROGIDS,
    find_soffice,
    subprocess_env,
)
from desktop.services.errors import CasedeskError

#: Seconds a single document may take once soffice is running.
DEFAULT_TIMEOUT = 60.0
#: Extra seconds for soffice to start (the first start builds its profile).
STARTUP_ALLOWANCE = 30.0
Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class ConverterMissingError(CasedeskError):
    """No PDF converter is installed."""


class ConversionCancelledError(CasedeskError):
    """The clerk cancelled the conversion."""


@dataclass
class ConversionResult:
    """PDFs made, and documents that failed with the reason."""

    pdfs: dict[Path, Path] = field(default_factory=dict)
    failed: dict[Path, str] = field(default_factory=dict)


class PdfConverter(Protocol):
    """Converts DOCX files into PDFs in out_dir."""

    name: str

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult: ...  # fmt: skip


class LibreOfficeConverter:
    """soffice --headless --convert-to pdf with a private profile, many files per process."""

    name = "libreoffice"

    def __init__(self, soffice: str | Path | None = None, timeout: float = DEFAULT_TIMEOUT,
                 profile_dir: Path | None = None,
                 startup: float = STARTUP_ALLOWANCE) -> None:  # fmt: skip
        found = soffice or find_soffice()
        if not found:
            raise ConverterMissingError(
                "未找到 LibreOffice（soffice），无法转换 PDF。请安装 LibreOffice，"
                "或在 Windows 上安装 Word/WPS 并在“单位设置 → PDF 转换程序”中选择。"
            )
        self.soffice = str(found)
        self.timeout = timeout
        self.startup = startup
        self._profile_dir = profile_dir

    def _command(self, profile: Path, out_dir: Path, files: Sequence[Path]) -> list[str]:
        return [self.soffice, f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                "--outdir", str(out_dir), *[str(f) for f in files]]  # fmt: skip

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """Convert all files; hung documents are skipped after their timeout."""
        out_dir.mkdir(parents=True, exist_ok=True)
        result = ConversionResult()
        pending = list(docx_files)
        with tempfile.TemporaryDirectory(prefix="casedesk-lo-") as scratch:
            profile = self._profile_dir or Path(scratch) / "profile"
            while pending:
                done = self._run(profile, pending, out_dir, result, progress, cancel,
                                 len(docx_files))  # fmt: skip
                pending = pending[done:]
        return result

    def _run(self, profile: Path, files: list[Path], out_dir: Path, result: ConversionResult,
             progress: Progress | None, cancel: Cancel | None, total: int) -> int:  # fmt: skip
        """One soffice process; returns how many of files it got through (done or hung)."""
        process = subprocess.Popen(
            self._command(profile, out_dir, files),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # A frozen bundle's LD_LIBRARY_PATH must not reach soffice (it would load our Qt/ICU).
            env=subprocess_env(),
            start_new_session=sys.platform != "win32",
        )
        index = 0
        deadline = time.monotonic() + self.timeout + self.startup
        try:
            while index < len(files):
                if cancel is not None and cancel():
                    _kill(process)
                    raise ConversionCancelledError("已取消 PDF 转换。")
                target = out_dir / (files[index].stem + ".pdf")
                if target.exists() and _complete(target, process, files, index):
                    result.pdfs[files[index]] = target
                    index += 1
                    deadline = time.monotonic() + self.timeout
                    if progress:
                        progress(len(result.pdfs) + len(result.failed), total, target.name)
                    continue
                following = (
                    index + 1 < len(files) and (out_dir / (files[index + 1].stem + ".pdf")).exists()
                )
                if not target.exists() and (process.poll() is not None or following):
                    # soffice ended without this PDF: the document could not be read.
                    result.failed[files[index]] = "LibreOffice 未能转换此文件（文件可能已损坏）。"
                    index += 1
                    continue
                if time.monotonic() > deadline:
                    _kill(process)
                    result.failed[files[index]] = (
                        f"转换超时（超过 {self.timeout:.0f} 秒），已终止。"
                    )
                    return index + 1
                time.sleep(0.02)
            process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
        finally:
            if process.poll() is None:
                _kill(process)
        return index


def _complete(
    target: Path, process: subprocess.Popen[bytes], files: list[Path], index: int
) -> bool:
    """soffice writes a PDF in place; it is complete once the next one starts or soffice ends."""
    if process.poll() is not None:
        return True
    if index + 1 < len(files):
        return (target.parent / (files[index + 1].stem + ".pdf")).exists() or _stable(target)
    return _stable(target)


def _stable(path: Path) -> bool:
    """A PDF whose trailer is written."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(path.stat().st_size - 1024, 0))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill soffice and its children (oosplash starts soffice.bin)."""
    try:
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


class ComConverter:
    """Word (Word.Application) or WPS (KWps.Application) over COM; Windows only."""

    #: wdExportFormatPDF / WPS's equivalent.
    PDF_FORMAT = 17

    def __init__(self, name: str, prog_ids: Sequence[str]) -> None:
        self.name = name
        try:
            import win32com.client  # noqa: F401  (pywin32, Windows only)
        except ImportError:
            raise ConverterMissingError(
                f"本机不能使用 {name}：缺少 pywin32 或不是 Windows。"
            ) from None
        self._prog_ids = prog_ids

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """Open each file hidden, export as PDF, close; the application is quit at the end."""
        import win32com.client

        app = None
        for prog_id in self._prog_ids:
            try:
                app = win32com.client.DispatchEx(prog_id)
                break
            except Exception:  # COM raises pywintypes.com_error
                continue
        if app is None:
            raise ConverterMissingError(f"未找到 {self.name}，无法转换 PDF。")
        result = ConversionResult()
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            app.Visible = False
            app.DisplayAlerts = 0
            for number, source in enumerate(docx_files, start=1):
                if cancel is not None and cancel():
                    raise ConversionCancelledError("已取消 PDF 转换。")
                target = out_dir / (source.stem + ".pdf")
                try:
                    doc = app.Documents.Open(str(source.resolve()), ReadOnly=True)
                    doc.ExportAsFixedFormat(str(target.resolve()), self.PDF_FORMAT)
                    doc.Close(False)
                    result.pdfs[source] = target
                except Exception as error:
                    result.failed[source] = f"{self.name} 转换失败：{error}"
                if progress:
                    progress(number, len(docx_files), target.name)
        finally:
            app.Quit()
        return result


def choose_converter(setting: str, *, timeout: float = DEFAULT_TIMEOUT) -> PdfConverter:
    """The converter the office chose (auto/libreoffice/word/wps), falling back to LibreOffice."""
    choice = (setting or "auto").strip().lower()
    com_choices = {"word": WORD_PROGIDS, "wps": WPS_PROGIDS}
    order = {"word": ["word"], "wps": ["wps"], "auto": ["word", "wps"]}.get(choice, [])
    if sys.platform == "win32":
        for name in order:
            try:
                return ComConverter(name, com_choices[name])
            except ConverterMissingError:
                continue
    return LibreOfficeConverter(timeout=timeout)
