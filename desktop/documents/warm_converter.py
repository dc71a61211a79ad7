"""The LibreOffice converter with a warm office in front: previews through it, batches as before.

A preview (one to a few documents) goes through the running LibreOffice (warm_office); a batch
keeps the batch path (one fresh soffice for all, 134 ms per document, no gain from a warm one).
When the warm office cannot start (no LibreOffice Python with `uno` on this PC), or fails a
document, the batch path converts it instead — so a PDF is never lost to the faster path.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from desktop.common.progress import Progress
from desktop.documents.pdf import (
    Cancel,
    ConversionCancelledError,
    ConversionResult,
    PdfConverter,
    _settle,
    _staging,
)
from desktop.documents.warm_office import WarmOffice, WarmOfficeError, uno_python

#: Up to this many documents go through the warm office; more take the batch path.
WARM_MAX_DOCUMENTS = 3
#: The warm office of this PC, started on first need (None: none can run here).
WarmSource = Callable[[], WarmOffice | None]


class OneByOne(Protocol):
    """A kept office converting one document at a time (WarmOffice, warm_com.WarmCom)."""

    def convert(self, source: Path, target: Path) -> str | None: ...


def convert_one_by_one(office: OneByOne, docx_files: Sequence[Path], out_dir: Path,
                       progress: Progress | None, cancel: Cancel | None) -> ConversionResult:  # fmt: skip
    """Each document through a kept office, staged beside out_dir and verified like a batch."""
    result = ConversionResult()
    with _staging(out_dir) as staging:
        for index, source in enumerate(docx_files):
            if cancel is not None and cancel():
                raise ConversionCancelledError("已取消 PDF 转换。")
            produced = Path(staging) / f"{index}.pdf"
            reason = office.convert(source, produced)
            if reason is None:
                _settle(source, produced, out_dir, result)
            else:
                result.failed[source] = reason
            if progress:
                progress(index + 1, len(docx_files), source.stem + ".pdf")
    return result


class WarmFirstConverter:
    """PdfConverter: a few documents through the warm office, the rest through `batch`."""

    name = "libreoffice"

    def __init__(self, warm: WarmSource, batch: PdfConverter,
                 max_documents: int = WARM_MAX_DOCUMENTS) -> None:  # fmt: skip
        self.warm = warm
        self.batch = batch
        self.max_documents = max_documents
        #: How the last call converted: "warm", "batch" or "warm+batch" (self-test, benchmarks).
        self.last_mode = ""

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """Convert through the warm office when it fits; what it cannot convert, in a batch."""
        office = self.warm() if len(docx_files) <= self.max_documents else None
        if office is None:
            self.last_mode = "batch"
            return self.batch.convert(docx_files, out_dir, progress=progress, cancel=cancel)
        try:
            result = convert_one_by_one(office, docx_files, out_dir, progress, cancel)
        except WarmOfficeError:
            self.last_mode = "batch"
            return self.batch.convert(docx_files, out_dir, progress=progress, cancel=cancel)
        self.last_mode = "warm"
        if not result.failed:
            return result
        self.last_mode = "warm+batch"
        second = self.batch.convert(list(result.failed), out_dir, cancel=cancel)
        result.pdfs.update(second.pdfs)
        result.failed = {
            source: f"{reason}；逐次转换也未成功：{second.failed.get(source, '未生成 PDF。')}"
            for source, reason in result.failed.items()
            if source not in second.pdfs
        }
        return result


#: Set to 0 to switch the warm office off (previews then start a LibreOffice each, as before).
ENV_WARM = "CASEDESK_WARM_OFFICE"
WARM_READY = "预览经常驻的 LibreOffice 转换（不必每次启动 LibreOffice）。"


class WarmOfficeSlot:
    """The app's warm office: made on first need for the soffice in use, stopped with the app.

    Calling it returns the office (None when none can run here: no LibreOffice, no Python with
    `uno`, or switched off); `status` is the sentence 设置 shows about it.
    """

    def __init__(self, soffice: Callable[[], Path | None], *, enabled: bool = False) -> None:
        self._soffice = soffice
        #: Off until the window (or the self-test) enables it: a one-shot command converting one
        #: document would only wait longer for a warm office to start than for a cold convert.
        self.enabled = enabled
        self._office: WarmOffice | None = None
        self._tried: Path | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.status = ""

    def enable(self) -> None:
        """Let previews use a warm office (the window; CASEDESK_WARM_OFFICE=0 keeps it off)."""
        self.enabled = True

    def __call__(self) -> WarmOffice | None:
        if os.environ.get(ENV_WARM, "1") == "0":
            self.status = (
                "常驻 LibreOffice 已关闭（CASEDESK_WARM_OFFICE=0），预览逐次启动 LibreOffice。"
            )
            return None
        if not self.enabled:
            self.status = ""
            return None
        soffice = self._soffice()
        with self._lock:
            if self._closed:
                return None
            if self._office is not None and self._office.soffice == soffice:
                return self._office
            if soffice is None or soffice == self._tried:
                return None  # not installed, or its Python was already found unusable
            self._stop()
            python = uno_python(soffice)
            if python is None:
                self._tried = soffice
                self.status = (
                    "未找到带 UNO 的 LibreOffice Python（Linux 请安装 python3-uno），"
                    "预览改用逐次转换（每份多用 2–5 秒）。"
                )
                return None
            self._office = WarmOffice(soffice, python)
            self.status = WARM_READY
            return self._office

    def describe(self) -> str:
        """The sentence for 设置, finding LibreOffice's Python but starting nothing."""
        self()
        return self.status

    def warm_up(self) -> str:
        """Start the office now (the window, in the background a little after start); the
        sentence for 设置."""
        office = self()
        if office is not None:
            try:
                office.ensure_started()
            except WarmOfficeError as error:
                self.status = f"{error}预览改用逐次转换（每份多用 2–5 秒）。"
        return self.status

    def stop(self) -> None:
        """Stop the office for good (the app closes)."""
        with self._lock:
            self._closed = True
            self._stop()

    def _stop(self) -> None:
        office, self._office = self._office, None
        if office is not None:
            office.stop()
