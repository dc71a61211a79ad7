"""Word/WPS kept open over COM for previews, modelled on Linux (it cannot run here).

The fake application stands for what DispatchEx returns: the suite runs in a separate process
COM started (a real `sleep`, in its own session like a process COM launches), documents are
opened and exported as PDF (a real one-page PDF, its title naming the DOCX), and every call
into a dead application fails the way an RPC to a gone server does. Nothing here ran against
real Word or WPS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pypdf
import pytest

from desktop.documents.com_converter import ComConverter
from desktop.documents.converter_choice import FallbackConverter, choose_converter
from desktop.documents.pdf import ConverterMissingError
from desktop.documents.process_tree import ComProcesses
from desktop.documents.warm_com import FOLDER_PREFIX, WarmCom, WarmComConverter, WarmComSlot
from desktop.trust.leftovers import find_leftovers, remove_leftover
from desktop.trust.processes import is_alive, kill_tree

ROOT = Path(__file__).resolve().parents[2]


class _GoneError(Exception):
    """What pywintypes.com_error says when the server process has ended (RPC_S_SERVER_UNAVAILABLE)."""


class _Doc:
    def __init__(self, app: _App, path: str) -> None:
        self.app = app
        self.path = path

    def ExportAsFixedFormat(self, target: str, fmt: int) -> None:  # noqa: N802 (COM names)
        self.app.calls["export"] += 1
        self.app.threads.append(threading.current_thread())
        assert fmt == 17  # wdExportFormatPDF
        if "挂起" in self.path:  # Word waiting on an invisible dialog, until its process ends
            while self.app.process.poll() is None:
                time.sleep(0.02)
            raise _GoneError("RPC 服务器不可用")
        writer = pypdf.PdfWriter()
        writer.add_blank_page(595, 842)
        writer.add_metadata({"/Title": Path(self.path).stem})
        with open(target, "wb") as handle:
            writer.write(handle)

    def Close(self, _save: bool) -> None:  # noqa: N802
        self.app.alive()


class _App:
    """Word.Application as DispatchEx returns it: its suite runs in a process COM started."""

    def __init__(self, calls: Counter[str], threads: list[threading.Thread]) -> None:
        self.process = subprocess.Popen(["sleep", "60"], start_new_session=True)
        self.calls = calls
        self.threads = threads
        self.Documents = self
        self.Hwnd = 0  # Word has no window handle: its pid is found as the new process

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise _GoneError("RPC 服务器不可用")

    @property
    def Count(self) -> int:  # noqa: N802
        self.alive()
        return 0

    def Open(self, path: str, ReadOnly: bool) -> _Doc:  # noqa: N802, N803
        self.alive()
        assert ReadOnly
        self.calls["open"] += 1
        self.threads.append(threading.current_thread())
        return _Doc(self, path)

    def Quit(self) -> None:  # noqa: N802
        self.calls["quit"] += 1
        self.process.kill()
        self.process.wait()


class _Word:
    """DispatchEx and the process lookups for the fake suite (what tasklist would list)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.threads: list[threading.Thread] = []
        self.apps: list[_App] = []
        self.processes = ComProcesses(
            running=lambda: frozenset(a.process.pid for a in self.apps if a.process.poll() is None),
            window_pid=lambda _hwnd: None,
            kill=kill_tree,
        )

    def dispatch(self, prog_id: str) -> _App:
        assert prog_id == "Word.Application"
        self.calls["dispatch"] += 1
        self.threads.append(threading.current_thread())
        self.apps.append(_App(self.calls, self.threads))
        return self.apps[-1]

    def warm(self, tmp_path: Path, **kwargs: Any) -> WarmCom:
        return WarmCom("word", ["Word.Application"], dispatch=self.dispatch,
                       processes=self.processes, temp_dir=tmp_path, **kwargs)  # fmt: skip

    def end(self) -> None:
        for app in self.apps:
            if app.process.poll() is None:
                app.process.kill()
                app.process.wait()


@pytest.fixture
def word():  # type: ignore[no-untyped-def]
    fake = _Word()
    yield fake
    fake.end()


def _docx(folder: Path, name: str) -> Path:
    path = folder / f"{name}.docx"
    path.write_bytes(b"PK")  # the fake application does not read it
    return path


def _title(pdf: Path) -> str:
    meta = pypdf.PdfReader(pdf).metadata
    return str(meta.title if meta else "")


def _choose(word: _Word, slot: WarmComSlot | None) -> Any:
    def batch(name: str, prog_ids: Any, timeout: float) -> ComConverter:
        return ComConverter(name, prog_ids, timeout=timeout, dispatch=word.dispatch,
                            processes=word.processes)  # fmt: skip

    def no_libreoffice(_timeout: float) -> Any:
        raise ConverterMissingError("未安装 LibreOffice")

    return choose_converter("word", platform="win32", com=batch, libreoffice=no_libreoffice,
                            probe=lambda ids: ids[0], warm_com=slot)  # fmt: skip


def test_two_previews_dispatch_word_once_in_one_thread(word: _Word, tmp_path: Path) -> None:
    slot = WarmComSlot(lambda: True, factory=lambda n, ids, t: word.warm(tmp_path, timeout=t))
    out = tmp_path / "out"
    try:
        for name in ("告知书", "决定书"):  # the service chooses its converter for every call
            converter = _choose(word, slot)
            assert isinstance(converter, FallbackConverter)
            assert isinstance(converter.primary, WarmComConverter)  # Word is configured: kept
            source = _docx(tmp_path, name)
            result = converter.convert([source], out)
            assert not result.failed and _title(result.pdfs[source]) == name
        assert word.calls["dispatch"] == 1 and word.calls["open"] == 2
        assert word.calls["quit"] == 0 and word.apps[0].process.poll() is None  # still open
        # COM: the dispatch and every call into the application come from one thread, not ours.
        assert len(set(word.threads)) == 1 and threading.current_thread() not in word.threads
        # A batch keeps one application per batch (quit after) and leaves the kept one alone.
        batch = [_docx(tmp_path, f"批量{n}") for n in range(5)]
        result = _choose(word, slot).convert(batch, out)
        assert len(result.pdfs) == 5 and word.calls["dispatch"] == 2 and word.calls["quit"] == 1
        assert word.apps[0].process.poll() is None
    finally:
        slot.stop()
    assert word.calls["quit"] == 2


def test_a_hung_preview_ends_the_process_tree_and_the_next_dispatches_anew(
    word: _Word, tmp_path: Path
) -> None:
    warm = word.warm(tmp_path, timeout=0.5, startup=0.5)
    try:
        hung = _docx(tmp_path, "挂起")
        reason = warm.convert(hung, tmp_path / "hung.pdf")
        assert reason is not None and "word 转换超时" in reason and "重新启动" in reason
        first = word.apps[0].process
        assert first.wait(10) == -9  # ended by the converter (kill_tree), not by the test
        assert list(tmp_path.glob(f"{FOLDER_PREFIX}*")) == []  # its record goes with it
        source = _docx(tmp_path, "决定书")
        assert warm.convert(source, tmp_path / "ok.pdf") is None
        assert _title(tmp_path / "ok.pdf") == "决定书"
        assert word.calls["dispatch"] == 2 and warm.starts == 2
        assert warm.pids == (word.apps[1].process.pid,)
    finally:
        warm.close()


def test_word_closed_by_the_clerk_is_started_again_for_the_next_preview(
    word: _Word, tmp_path: Path
) -> None:
    warm = word.warm(tmp_path)
    try:
        assert warm.convert(_docx(tmp_path, "甲"), tmp_path / "甲.pdf") is None
        word.apps[0].process.kill()  # the clerk closed the hidden Word in the task manager
        word.apps[0].process.wait()
        assert warm.convert(_docx(tmp_path, "乙"), tmp_path / "乙.pdf") is None
        assert _title(tmp_path / "乙.pdf") == "乙" and word.calls["dispatch"] == 2
    finally:
        warm.close()


def test_closing_quits_word_once_and_removes_its_record(word: _Word, tmp_path: Path) -> None:
    slot = WarmComSlot(lambda: True, factory=lambda n, ids, t: word.warm(tmp_path))
    warm = slot("word", ["Word.Application"], 60.0)
    assert warm is not None and slot("word", ["Word.Application"], 60.0) is warm
    assert warm.convert(_docx(tmp_path, "甲"), tmp_path / "甲.pdf") is None
    [record] = tmp_path.glob(f"{FOLDER_PREFIX}*")  # the pid the start-up check would end
    assert str(word.apps[0].process.pid) in (record / "casedesk-owner.json").read_text()
    slot.stop()
    slot.stop()
    warm.close()
    assert word.calls["quit"] == 1 and warm.quits == 1
    assert not record.exists() and word.apps[0].process.poll() is not None
    assert slot("word", ["Word.Application"], 60.0) is None  # closed for good
    with pytest.raises(ConverterMissingError):
        warm.convert(_docx(tmp_path, "乙"), tmp_path / "乙.pdf")  # the chain's next suite


def test_a_command_or_the_switch_keeps_no_word_open(
    word: _Word, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enabled = [False]
    slot = WarmComSlot(lambda: enabled[0], factory=lambda n, ids, t: word.warm(tmp_path))
    converter = _choose(word, slot)  # a one-shot command: the window never enabled it
    assert isinstance(converter.primary, ComConverter)
    enabled[0] = True
    monkeypatch.setenv("CASEDESK_WARM_OFFICE", "0")
    assert isinstance(_choose(word, slot).primary, ComConverter)
    monkeypatch.delenv("CASEDESK_WARM_OFFICE")
    assert isinstance(_choose(word, slot).primary, WarmComConverter)
    slot.stop()


def test_a_killed_programs_word_is_ended_by_the_startup_check(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import os, subprocess
        from pathlib import Path
        import pypdf
        from desktop.documents.process_tree import ComProcesses
        from desktop.documents.warm_com import WarmCom
        from desktop.trust.processes import kill_tree

        class App:
            def __init__(self):
                self.process = subprocess.Popen(["sleep", "60"], start_new_session=True,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                self.Documents = self
            def Open(self, path, ReadOnly):
                return self
            def ExportAsFixedFormat(self, target, fmt):
                writer = pypdf.PdfWriter()
                writer.add_blank_page(595, 842)
                writer.write(target)
            def Close(self, save):
                pass

        apps = []
        def dispatch(prog_id):
            apps.append(App())
            return apps[-1]

        processes = ComProcesses(lambda: frozenset(a.process.pid for a in apps),
                                 lambda hwnd: None, kill_tree)
        warm = WarmCom("word", ["Word.Application"], dispatch=dispatch, processes=processes,
                       temp_dir=Path({str(tmp_path)!r}))
        assert warm.convert(Path("甲.docx"), Path({str(tmp_path / "甲.pdf")!r})) is None
        print(apps[0].process.pid, flush=True)
        os._exit(0)  # killed: no atexit, no close()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          check=True)  # fmt: skip
    suite = int(done.stdout.split()[0])
    try:
        assert is_alive(suite)  # Word outlives the killed program
        [leftover] = find_leftovers(temp_dir=tmp_path, min_age=0)
        assert leftover.path.name.startswith(FOLDER_PREFIX) and leftover.soffice == (suite,)
        assert f"启动的 Microsoft Word 仍在运行：进程 {suite}" in "\n".join(leftover.lines())
        notes = remove_leftover(leftover)
        assert f"已停止为已结束的运行启动的 Microsoft Word（进程 {suite}）" in notes
        deadline = time.monotonic() + 10
        while is_alive(suite) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not is_alive(suite) and not leftover.path.exists()
    finally:
        if is_alive(suite):
            kill_tree(suite)


def test_a_recorded_pid_now_another_process_is_left_alone(tmp_path: Path) -> None:
    """A reused pid: same number, another start time — not ours to end."""
    from desktop.trust.leftovers import mark_owner, note_process

    other = subprocess.Popen(["sleep", "60"], start_new_session=True)
    folder = tmp_path / f"{FOLDER_PREFIX}old"
    folder.mkdir()
    try:
        mark_owner(folder, suite="Microsoft Word")
        note_process(folder, other.pid, "12345")  # the recorded Word started at another time
        record = (folder / "casedesk-owner.json").read_text()
        ended = record.replace(f'"pid": {os.getpid()}', '"pid": 999999999')  # its run has ended
        (folder / "casedesk-owner.json").write_text(ended)
        [leftover] = find_leftovers(temp_dir=tmp_path, min_age=0)
        assert leftover.soffice == ()
        remove_leftover(leftover)
        assert other.poll() is None and not folder.exists()
    finally:
        other.kill()
        other.wait()


def test_the_document_service_keeps_word_only_for_the_window_and_quits_it_on_close(
    demo_ctx: Any, word: _Word, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = demo_ctx.documents
    monkeypatch.setattr(documents.warm_com, "_factory", lambda n, ids, t: word.warm(tmp_path))
    assert documents.warm_com("word", ["Word.Application"], 60.0) is None  # a command: not kept
    documents.warm.enable()  # what the window does (the warm LibreOffice and Word together)
    warm = documents.warm_com("word", ["Word.Application"], 60.0)
    assert warm is not None
    assert warm.convert(_docx(tmp_path, "甲"), tmp_path / "甲.pdf") is None
    demo_ctx.close()  # what the window does on exit (the fixture closes it again)
    assert word.calls["quit"] == 1 and word.apps[0].process.poll() is not None
