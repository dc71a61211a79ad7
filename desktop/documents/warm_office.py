"""A warm LibreOffice for previews: one soffice kept running, documents converted through UNO.

A cold `soffice --convert-to` costs 2–5 s per preview, nearly all of it starting LibreOffice; a
running one converts a one-page 决定书 in about 0.3 s (bench/bench_preview.py). So, on first need
(or right after start, from the converter check), one soffice is started with its own profile in
a fresh `casedesk-lo-warm-*` temp folder, listening on a private named pipe (not a TCP port any
local user could reach). Conversions go through uno_worker.py, run by LibreOffice's own Python
(program/python of an official build; Debian/UOS/Kylin: python3 with python3-uno), which talks
JSON lines with us over its standard input and output.

Why our worker and not unoserver (PyPI): measured on this 2-core machine (load 8), the worker
converts the same 决定书 in 0.30–0.40 s against unoserver's 0.43–0.81 s (an XML-RPC round trip
over HTTP, a file read back), unoserver listens on TCP ports 2002/2003 (other local users, port
clashes between two clerks on one terminal), and it would have to be pip-installed into
LibreOffice's Python on every PC.

Safety: one lock per office, one soffice per profile, and every (re)start uses a fresh profile
folder (a killed soffice may leave its profile locked). Each document has a timeout; on a hang
both processes are killed, on a crash (the worker reports the office gone, or dies) both are
stopped and the document is tried once more in a fresh office. Both pids are recorded in the
folder's owner record with the profile in their command lines, so if the app is killed the
start-up check stops them (desktop.trust.leftovers). `stop()` ends them with the app.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from pathlib import Path
from typing import IO

from desktop.common.errors import CasedeskError
from desktop.documents.converters import subprocess_env
from desktop.trust.leftovers import mark_owner, note_soffice
from desktop.trust.processes import group_members, kill_tree

#: Seconds one document may take in a running office.
DOCUMENT_TIMEOUT = 60.0
#: Seconds for soffice to start and accept the worker (a first start builds the profile).
START_TIMEOUT = 60.0
#: The temp folder of one warm office (a `casedesk-lo-` folder: the start-up check knows it).
FOLDER_PREFIX = "casedesk-lo-warm-"
#: Environment variable naming LibreOffice's Python explicitly (an unusual installation).
ENV_UNO_PYTHON = "CASEDESK_UNO_PYTHON"
#: The worker script, run by LibreOffice's Python (shipped beside this module in the bundle).
WORKER = Path(__file__).with_name("uno_worker.py")


class WarmOfficeError(CasedeskError):
    """The warm LibreOffice cannot be started (the batch path is used instead)."""


def uno_python(soffice: Path, *, environ: dict[str, str] | None = None) -> str | None:
    """A Python that can `import uno` for this soffice: CASEDESK_UNO_PYTHON, the one shipped in
    LibreOffice's program folder, else (Linux packages) the system python3."""
    env = os.environ if environ is None else environ
    program = soffice.resolve().parent
    candidates = [env.get(ENV_UNO_PYTHON, ""), str(program / "python.exe"), str(program / "python")]
    if sys.platform != "win32":
        candidates += ["/usr/bin/python3"]
    for candidate in filter(None, candidates):
        if Path(candidate).is_file() and _imports_uno(candidate):
            return candidate
    return None


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], env=worker_env(), timeout=30,
                              capture_output=True, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def worker_env() -> dict[str, str]:
    """The environment for LibreOffice's Python: without our Python's own search paths."""
    env = subprocess_env()
    for name in ("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


class _Running:
    """One started soffice and its worker, in their temp folder."""

    def __init__(self, folder: Path, soffice: subprocess.Popen[bytes],
                 worker: subprocess.Popen[str]) -> None:  # fmt: skip
        self.folder = folder
        self.soffice = soffice
        self.worker = worker
        self.replies: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(worker.stdout,), daemon=True).start()

    def _read(self, stream: IO[str] | None) -> None:
        try:
            for line in stream or ():
                self.replies.put(line)
        except (OSError, ValueError):
            pass
        finally:
            self.replies.put(None)  # the worker ended

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.worker.stdin is not None:
                self.worker.stdin.close()
        for process in (self.soffice, self.worker):
            if process.poll() is None and not kill_tree(process.pid):
                with contextlib.suppress(OSError):
                    process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        # soffice.bin is a child of soffice/oosplash: wait until the killed group is gone, so
        # no half-dead office still holds the profile (or counts as left over) after stop().
        deadline = time.monotonic() + 10
        while group_members(self.soffice.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        shutil.rmtree(self.folder, ignore_errors=True)


class WarmOffice:
    """One LibreOffice kept running for conversions; thread-safe, one conversion at a time."""

    def __init__(self, soffice: Path, python: str, *, timeout: float = DOCUMENT_TIMEOUT,
                 start_timeout: float = START_TIMEOUT,
                 temp_dir: Path | None = None) -> None:  # fmt: skip
        self.soffice = soffice
        self.python = python
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.temp_dir = temp_dir
        self._lock = threading.Lock()
        self._running: _Running | None = None
        self._closed = False
        #: How many times an office was started (tests, the 设置 line).
        self.starts = 0
        atexit.register(_stop_at_exit, weakref.ref(self))

    @property
    def pids(self) -> tuple[int, int] | None:
        """(soffice pid, worker pid) of the running office, None when none runs."""
        running = self._running
        return (running.soffice.pid, running.worker.pid) if running else None

    def ensure_started(self) -> None:
        """Start the office unless it runs; raises WarmOfficeError when it cannot."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> _Running:
        if self._closed:  # a warm-up still running when the app closed must not start one
            raise WarmOfficeError("常驻 LibreOffice 已随程序关闭。")
        running = self._running
        if running is not None and running.soffice.poll() is None and running.worker.poll() is None:
            return running
        self._stop()
        self._running = self._start()
        self.starts += 1
        return self._running

    def _start(self) -> _Running:
        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=self.temp_dir))
        mark_owner(folder)
        profile = (folder / "profile").resolve().as_uri()
        pipe = f"casedesk-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        from desktop.documents.pdf import _font_env  # the batch path's font aliases, shared

        env = _font_env(subprocess_env(), folder)
        soffice = subprocess.Popen(
            [str(self.soffice), f"-env:UserInstallation={profile}", "--headless", "--invisible",
             "--nologo", "--norestore", "--nolockcheck", "--nodefault",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, start_new_session=sys.platform != "win32",
        )  # fmt: skip
        note_soffice(folder, soffice.pid, profile)
        try:
            worker = subprocess.Popen(
                [self.python, str(WORKER), pipe, profile],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, encoding="utf-8", env=worker_env(),
                start_new_session=sys.platform != "win32",
            )  # fmt: skip
        except OSError as error:
            kill_tree(soffice.pid)
            shutil.rmtree(folder, ignore_errors=True)
            raise WarmOfficeError(
                f"无法启动 LibreOffice 的 Python（{self.python}）：{error}"
            ) from None
        note_soffice(folder, worker.pid, profile)  # its command line names the profile too
        running = _Running(folder, soffice, worker)
        reply = self._reply(running, self.start_timeout)
        if reply is None or not reply.get("ready"):
            running.stop()
            raise WarmOfficeError(
                f"常驻 LibreOffice 未能在 {self.start_timeout:.0f} 秒内启动或连接（{reply or '无应答'}）。"
            )
        return running

    @staticmethod
    def _reply(running: _Running, timeout: float) -> dict[str, object] | None:
        """The worker's next reply, None on timeout or when it ended."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                line = running.replies.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if line is None:
                return {"ok": False, "office_gone": True, "error": "转换进程已退出"}
            with contextlib.suppress(ValueError):
                reply = json.loads(line)
                if isinstance(reply, dict):
                    return reply

    def convert(self, source: Path, target: Path) -> str | None:
        """Convert one DOCX into target (a PDF path); None when done, else the reason (Chinese).

        Raises WarmOfficeError when no office can be started. A crashed office is restarted and
        the document tried once more; a hung one is killed (the next call starts a fresh one).
        """
        with self._lock:
            for attempt in (1, 2):
                running = self._ensure_started()
                request = {"source": str(source.resolve()), "target": str(target.resolve())}
                try:
                    assert running.worker.stdin is not None
                    running.worker.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
                    running.worker.stdin.flush()
                except (OSError, ValueError):
                    self._stop()
                    continue
                reply = self._reply(running, self.timeout)
                if reply is None:
                    self._stop()
                    return f"转换超时（超过 {self.timeout:.0f} 秒），已终止常驻的 LibreOffice。"
                if reply.get("ok"):
                    return None
                if not reply.get("office_gone"):
                    return f"LibreOffice 未能转换此文件：{reply.get('error', '')}"
                self._stop()
                if attempt == 2:
                    return f"LibreOffice 两次意外退出：{reply.get('error', '')}"
                # The killed office leaves its lock files beside the document and the PDF; the
                # next office would take them for another user's and abort the store.
                remove_stale_locks(source, target)
        return "无法与常驻的 LibreOffice 通信。"

    def stop(self) -> None:
        """End the office and its worker and remove their folder, for good (with the app)."""
        with self._lock:
            self._closed = True
            self._stop()

    def _stop(self) -> None:
        running, self._running = self._running, None
        if running is not None:
            running.stop()


def remove_stale_locks(*paths: Path) -> None:
    """Delete LibreOffice's `.~lock.NAME#` files of these documents (our office's, now dead)."""
    for path in paths:
        with contextlib.suppress(OSError):
            (path.parent / f".~lock.{path.name}#").unlink(missing_ok=True)


def _stop_at_exit(ref: weakref.ReferenceType[WarmOffice]) -> None:
    office = ref()
    if office is not None:
        office.stop()
