"""Word/WPS kept open over COM for previews: one application for the program's life (Windows).

ComConverter dispatches the suite for every batch and quits it after, so each preview paid for
starting Word or WPS. Here one application is kept, like the warm LibreOffice (warm_office):

- COM objects belong to the thread (apartment) that created them, so one dedicated thread owns
  the application: it dispatches it on the first job, converts every job sent to it, and quits
  it when told to (the app closes).
- Each job is waited for with a timeout (plus the start allowance for the job that dispatches).
  A job past it is a hang — Word waiting on an invisible dialog is the usual case: the process
  tree recorded at the dispatch is ended (process_tree.ComProcesses), that thread and
  application are given up, and the next job starts a fresh thread and instance.
- A document that fails because the application went away (the clerk closed Word, it crashed)
  is tried once more in a fresh instance.
- The suite's pid and start time are recorded in a `casedesk-com-warm-*` temp folder with the
  owner record, so a killed program's Word is ended by the start-up check (desktop.trust
  .leftovers), as the warm LibreOffice's soffice is.

Batches keep ComConverter (one application per batch): a long batch must not hold the preview's
application, and starting costs nothing next to dozens of documents.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.common.progress import Progress
from desktop.documents.com_converter import Dispatch, default_dispatch, export_pdf, start_suite
from desktop.documents.pdf import (
    DEFAULT_TIMEOUT,
    STARTUP_ALLOWANCE,
    Cancel,
    ConversionResult,
    ConverterMissingError,
    PdfConverter,
)
from desktop.documents.process_tree import COM_IMAGES, ComProcesses
from desktop.documents.warm_converter import ENV_WARM, WARM_MAX_DOCUMENTS, convert_one_by_one
from desktop.trust.leftovers import mark_owner, note_process
from desktop.trust.processes import start_token

#: The temp folder recording one kept application (a `casedesk-com-` folder: the start-up check
#: knows it).
FOLDER_PREFIX = "casedesk-com-warm-"
#: Seconds the application may take to quit when the program closes before it is ended.
QUIT_TIMEOUT = 15.0
#: The suites' names as the clerk knows them (the start-up check's lines).
SUITE_NAMES = {"word": "Microsoft Word", "wps": "WPS Office"}


class _Job:
    """One document for the application's thread; `done` is set when it is answered."""

    def __init__(self, source: Path, target: Path) -> None:
        self.source = source
        self.target = target
        self.done = threading.Event()
        #: None: the PDF was written; else why not (Chinese).
        self.outcome: str | None = None
        #: The application went away during this job (its thread has ended).
        self.gone = False
        #: No application could be dispatched (its thread has ended).
        self.missing: str | None = None


class _Instance:
    """One thread owning one application, until it is quit or given up after a hang."""

    def __init__(self, owner: WarmCom) -> None:
        self.owner = owner
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.lock = threading.Lock()
        self.app: Any = None
        self.pids: tuple[int, ...] = ()
        self.folder: Path | None = None
        self.given_up = False
        #: Jobs sent (the caller's count: the first one dispatches, so it has the start allowance).
        self.sent = 0
        self.thread = threading.Thread(target=self._run, name=f"casedesk-{owner.name}-warm",
                                       daemon=True)  # fmt: skip
        self.thread.start()

    # --- the application's thread ------------------------------------------------------------

    def _run(self) -> None:
        pythoncom: Any = None
        with contextlib.suppress(ImportError):
            import pythoncom  # type: ignore[no-redef]  # (pywin32) one COM apartment per thread

            pythoncom.CoInitialize()
        try:
            while True:
                job = self.jobs.get()
                if job is None:
                    self._quit()
                    return
                self._do(job)
                job.done.set()
                if self.given_up or job.gone or job.missing:
                    return  # its application is dead or was never there: a fresh thread next
        finally:
            if pythoncom is not None:
                pythoncom.CoUninitialize()

    def _do(self, job: _Job) -> None:
        if self.app is None:
            self._start()
            if self.app is None:
                job.missing = f"未找到 {self.owner.name}，无法转换 PDF。"
                return
        outcome = export_pdf(self.app, job.source, job.target, self.owner.name)
        if isinstance(outcome, str):
            job.outcome = outcome
            job.gone = not self._responds()

    def _start(self) -> None:
        owner = self.owner
        started = start_suite(owner.prog_ids, owner.dispatch, owner.processes)
        if started is None:
            return
        app, pids = started
        with self.lock:
            self.app, self.pids = app, pids
            self.folder = self._record(pids)
            late = self.given_up  # the dispatch itself outlasted the timeout
        if late:
            self.end_processes()
            return
        with contextlib.suppress(Exception):
            app.Visible = False
            app.DisplayAlerts = 0

    def _record(self, pids: tuple[int, ...]) -> Path | None:
        """The temp folder naming this run as owner and the suite's processes with their start."""
        try:
            folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=self.owner.temp_dir))
        except OSError:
            return None  # without the record only the start-up check's cleanup is lost
        mark_owner(folder, suite=SUITE_NAMES.get(self.owner.name, self.owner.name))
        for pid in pids:
            note_process(folder, pid, start_token(pid) or "")
        return folder

    def _responds(self) -> bool:
        try:
            self.app.Documents.Count  # noqa: B018 (a call into the application)
        except Exception:  # RPC_E_DISCONNECTED / RPC_S_SERVER_UNAVAILABLE: it went away
            return False
        return True

    def _quit(self) -> None:
        if self.app is not None:
            with contextlib.suppress(Exception):
                self.app.Quit()
            self.app = None
            self.owner.quits += 1

    # --- the caller's side ---------------------------------------------------------------------

    def give_up(self) -> None:
        """The application hung or went away: end its processes and forget its record."""
        with self.lock:
            self.given_up = True
        self.end_processes()
        self._forget()

    def shut_down(self) -> None:
        """Quit the application (the program closes); end it if it does not quit in time."""
        self.jobs.put(None)
        self.thread.join(QUIT_TIMEOUT)
        if self.thread.is_alive():
            with self.lock:
                self.given_up = True
            self.end_processes()
        self._forget()

    def end_processes(self) -> None:
        with self.lock:
            pids = self.pids
        for pid in pids:
            self.owner.processes.kill(pid)

    def _forget(self) -> None:
        with self.lock:
            folder, self.folder = self.folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


class WarmCom:
    """One Word/WPS application kept open for previews; thread-safe, one document at a time."""

    def __init__(self, name: str, prog_ids: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT,
                 startup: float = STARTUP_ALLOWANCE, dispatch: Dispatch | None = None,
                 processes: ComProcesses | None = None,
                 temp_dir: Path | None = None) -> None:  # fmt: skip
        self.name = name
        self.prog_ids = tuple(prog_ids)
        self.dispatch = dispatch or default_dispatch(name)
        self.processes = processes or ComProcesses.for_images(COM_IMAGES.get(name, ()))
        self.timeout = timeout
        self.startup = startup
        self.temp_dir = temp_dir
        self._lock = threading.Lock()
        self._instance: _Instance | None = None
        self._closed = False
        #: Applications started (threads made) and quit, for 设置 and the tests.
        self.starts = 0
        self.quits = 0
        atexit.register(_close_at_exit, weakref.ref(self))

    @property
    def pids(self) -> tuple[int, ...] | None:
        """The kept application's processes, None when none is running."""
        instance = self._instance
        return instance.pids if instance is not None and instance.app is not None else None

    def convert(self, source: Path, target: Path) -> str | None:
        """Convert one DOCX into target (a PDF path); None when done, else the reason (Chinese).

        Raises ConverterMissingError when the suite cannot be started (the next suite converts).
        """
        with self._lock:
            for attempt in (1, 2):
                if self._closed:
                    raise ConverterMissingError(f"常驻的 {self.name} 已随程序关闭。")
                instance = self._instance or self._new_instance()
                job = _Job(source, target)
                allowance = self.timeout + (self.startup if instance.sent == 0 else 0.0)
                instance.sent += 1
                instance.jobs.put(job)
                if not job.done.wait(allowance):
                    self._drop(instance)
                    return (
                        f"{self.name} 转换超时（超过 {self.timeout:.0f} 秒），已终止；"
                        f"下一份文书将重新启动 {self.name}。"
                    )
                if job.missing is not None:
                    self._drop(instance)
                    raise ConverterMissingError(job.missing)
                if not job.gone:
                    return job.outcome
                self._drop(instance)  # it went away: end what is left of it, try a fresh one
                if attempt == 2:
                    return f"{self.name} 两次意外退出：{job.outcome}"
        return f"无法与常驻的 {self.name} 通信。"

    def _new_instance(self) -> _Instance:
        self._instance = _Instance(self)
        self.starts += 1
        return self._instance

    def _drop(self, instance: _Instance) -> None:
        instance.give_up()
        self._instance = None

    def close(self) -> None:
        """Quit the application for good (the program closes); a second call does nothing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            instance, self._instance = self._instance, None
        if instance is not None:
            instance.shut_down()


def _close_at_exit(ref: weakref.ReferenceType[WarmCom]) -> None:
    warm = ref()
    if warm is not None:
        warm.close()


class WarmComConverter:
    """PdfConverter: a preview through the kept application, batches through `batch`."""

    def __init__(self, warm: WarmCom, batch: PdfConverter,
                 max_documents: int = WARM_MAX_DOCUMENTS) -> None:  # fmt: skip
        self.warm = warm
        self.batch = batch
        self.name = warm.name
        self.max_documents = max_documents
        #: How the last call converted: "warm" or "batch".
        self.last_mode = ""

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """A few documents through the kept application; what fails is reported (the chain's
        next suite converts it: a hung Word would only hang again)."""
        if len(docx_files) > self.max_documents:
            self.last_mode = "batch"
            return self.batch.convert(docx_files, out_dir, progress=progress, cancel=cancel)
        self.last_mode = "warm"
        return convert_one_by_one(self.warm, docx_files, out_dir, progress, cancel)


#: The kept application for a suite ("word"/"wps"), its registered ProgIDs and the timeout;
#: None when previews do not keep one (a one-shot command, or switched off).
WarmComSource = Callable[[str, Sequence[str], float], WarmCom | None]
#: Builds a WarmCom (injectable for tests).
WarmComFactory = Callable[[str, Sequence[str], float], WarmCom]


def _warm_com(name: str, prog_ids: Sequence[str], timeout: float) -> WarmCom:
    return WarmCom(name, prog_ids, timeout=timeout)


class WarmComSlot:
    """The program's kept Word/WPS: made on first need for the suite in use, closed with it.

    `enabled` says whether previews may keep one (the window enables the warm converters; a
    one-shot command converts with one application per batch, as before).
    """

    def __init__(self, enabled: Callable[[], bool], *,
                 factory: WarmComFactory = _warm_com) -> None:  # fmt: skip
        self.enabled = enabled
        self._factory = factory
        self._warm: WarmCom | None = None
        self._key: tuple[str, tuple[str, ...]] | None = None
        self._lock = threading.Lock()
        self._closed = False

    def active(self) -> bool:
        """Whether previews keep a Word/WPS open (enabled and not switched off)."""
        return os.environ.get(ENV_WARM, "1") != "0" and self.enabled() and not self._closed

    def __call__(self, name: str, prog_ids: Sequence[str], timeout: float) -> WarmCom | None:
        if not self.active():
            return None
        key = (name, tuple(prog_ids))
        with self._lock:
            if self._closed:
                return None
            if self._warm is not None and self._key == key:
                return self._warm
            old, self._warm = self._warm, None
            if old is not None:
                old.close()  # 设置 now names another suite
            self._warm, self._key = self._factory(name, prog_ids, timeout), key
            return self._warm

    def stop(self) -> None:
        """Quit the kept application for good (the program closes)."""
        with self._lock:
            self._closed = True
            warm, self._warm = self._warm, None
        if warm is not None:
            warm.close()
