"""DOCX → PDF with Microsoft Word or WPS 文字 over COM (Windows only).

COM objects belong to the thread that created them, so one worker thread owns the application
for the whole batch while the caller's thread watches the clock. Right after the dispatch the
converter records the pid(s) the suite runs in (process_tree.ComProcesses): a document that
takes longer than its timeout — Word waiting on an invisible activation or first-run dialog is
the usual case — is reported as hung and that process tree is ended, so no hidden WINWORD.EXE
is left behind for every retry. The documents not reached are reported too, so that the
fallback converts them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.common.progress import Progress
from desktop.documents.pdf import (
    DEFAULT_TIMEOUT,
    STARTUP_ALLOWANCE,
    Cancel,
    ConversionCancelledError,
    ConversionResult,
    ConverterMissingError,
    _settle,
    _staging,
)
from desktop.documents.process_tree import COM_IMAGES, ComProcesses

#: Starts a COM application by ProgID (win32com.client.DispatchEx; injectable for tests).
Dispatch = Callable[[str], Any]
#: wdExportFormatPDF / WPS's equivalent.
PDF_FORMAT = 17


def default_dispatch(name: str) -> Dispatch:
    """win32com's DispatchEx; ConverterMissingError without pywin32 (or not on Windows)."""
    try:
        import win32com.client  # (pywin32, Windows only)
    except ImportError:
        raise ConverterMissingError(f"本机不能使用 {name}：缺少 pywin32 或不是 Windows。") from None
    dispatch: Dispatch = win32com.client.DispatchEx
    return dispatch


def export_pdf(app: Any, source: Path, produced: Path, name: str) -> Path | str:
    """Open one DOCX read-only in the application, export it as PDF, close it: the PDF, or why
    it failed."""
    try:
        doc = app.Documents.Open(str(source.resolve()), ReadOnly=True)
        try:
            doc.ExportAsFixedFormat(str(produced.resolve()), PDF_FORMAT)
        finally:
            doc.Close(False)
    except Exception as error:  # COM raises pywintypes.com_error
        return f"{name} 转换失败：{error}"
    return produced


def start_suite(prog_ids: Sequence[str], dispatch: Dispatch,
                processes: ComProcesses) -> tuple[Any, tuple[int, ...]] | None:  # fmt: skip
    """The first of the suite's ProgIDs that starts, with the pids it runs in (None: none did)."""
    for prog_id in prog_ids:
        before = processes.running()
        try:
            app = dispatch(prog_id)
        except Exception:  # COM raises pywintypes.com_error
            continue
        return app, processes.started_by(app, before)
    return None


class ComConverter:
    """Word (Word.Application) or WPS (KWps.Application) over COM; Windows only."""

    PDF_FORMAT = PDF_FORMAT

    def __init__(self, name: str, prog_ids: Sequence[str], *,
                 timeout: float = DEFAULT_TIMEOUT, startup: float = STARTUP_ALLOWANCE,
                 dispatch: Dispatch | None = None,
                 processes: ComProcesses | None = None) -> None:  # fmt: skip
        self.name = name
        self._dispatch = dispatch or default_dispatch(name)
        self._prog_ids = prog_ids
        self.processes = processes or ComProcesses.for_images(COM_IMAGES.get(name, ()))
        self.timeout = timeout
        self.startup = startup

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """Open each file hidden, export as PDF, close; the application is quit at the end."""
        result = ConversionResult()
        files = list(docx_files)
        with _staging(out_dir) as staging:
            job = _ComJob(self, files, Path(staging), out_dir, result)
            worker = threading.Thread(target=job.run, name=f"casedesk-{self.name}", daemon=True)
            worker.start()
            reported = 0
            while worker.is_alive():
                worker.join(0.05)
                with job.lock:
                    if job.missing is not None:
                        raise ConverterMissingError(job.missing)
                    done = len(result.pdfs) + len(result.failed)
                    started = job.started
                    index = job.index
                while progress and reported < done:
                    reported += 1
                    progress(reported, len(files), files[reported - 1].stem + ".pdf")
                if cancel is not None and cancel():
                    job.stop = True
                    worker.join(self.timeout)
                    if worker.is_alive():
                        job.end_processes()
                    raise ConversionCancelledError("已取消 PDF 转换。")
                allowance = self.timeout + (self.startup if index == 0 else 0.0)
                if worker.is_alive() and time.monotonic() - started > allowance:
                    job.abandon(f"{self.name} 转换超时（超过 {self.timeout:.0f} 秒），已终止。")
                    break
            with job.lock:
                if job.missing is not None:
                    raise ConverterMissingError(job.missing)
                if progress:
                    for number in range(reported + 1, len(files) + 1):
                        progress(number, len(files), files[number - 1].stem + ".pdf")
        return result


class _ComJob:
    """The worker side of ComConverter.convert (runs in its own thread)."""

    def __init__(self, owner: ComConverter, files: list[Path], staging: Path, out_dir: Path,
                 result: ConversionResult) -> None:  # fmt: skip
        self.owner = owner
        self.files = files
        self.staging = staging
        self.out_dir = out_dir
        self.result = result
        self.lock = threading.Lock()
        self.index = 0
        self.started = time.monotonic()
        self.missing: str | None = None
        self.stop = False
        self.abandoned = False
        self.app: Any = None
        #: The processes the dispatch started (recorded before any document is opened).
        self.pids: tuple[int, ...] = ()

    def run(self) -> None:
        pythoncom: Any = None
        with contextlib.suppress(ImportError):
            import pythoncom  # type: ignore[no-redef]  # (pywin32) one COM apartment per thread

            pythoncom.CoInitialize()
        try:
            self._convert_all()
        finally:
            if pythoncom is not None:
                pythoncom.CoUninitialize()

    def _start(self) -> None:
        owner = self.owner
        started = start_suite(owner._prog_ids, owner._dispatch, owner.processes)
        if started is not None:
            with self.lock:
                self.app, self.pids = started

    def _convert_all(self) -> None:
        self._start()
        if self.app is None:
            with self.lock:
                self.missing = f"未找到 {self.owner.name}，无法转换 PDF。"
            return
        try:
            self.app.Visible = False
            self.app.DisplayAlerts = 0
            for index, source in enumerate(self.files):
                with self.lock:
                    if self.abandoned or self.stop:
                        return
                    self.index, self.started = index, time.monotonic()
                outcome = self._one(source)
                with self.lock:
                    if self.abandoned:
                        return
                    if isinstance(outcome, Path):
                        _settle(source, outcome, self.out_dir, self.result)
                    else:
                        self.result.failed[source] = outcome
        finally:
            with contextlib.suppress(Exception):
                self.app.Quit()

    def _one(self, source: Path) -> Path | str:
        """The exported PDF in the staging folder, or why it failed."""
        return export_pdf(self.app, source, self.staging / (source.stem + ".pdf"), self.owner.name)

    def abandon(self, reason: str) -> None:
        """The current document hung: report it and the rest, and end the application."""
        with self.lock:
            self.abandoned = True
            for source in self.files[self.index :]:
                if source not in self.result.pdfs and source not in self.result.failed:
                    self.result.failed[source] = (
                        reason if source == self.files[self.index]
                        else f"{self.owner.name} 已因前一份文书超时而终止，未转换。"
                    )  # fmt: skip
        # Quit from another thread is refused by a hung STA; ending its process makes the
        # worker's blocked call return (with an RPC error), and its finally cleans up.
        self.end_processes()

    def end_processes(self) -> None:
        """End the recorded processes with their children (a hung suite leaves no orphan)."""
        with self.lock:
            pids = self.pids
        for pid in pids:
            self.owner.processes.kill(pid)
