"""The warm LibreOffice: one soffice for many previews, survives kill -9, leaves nothing behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pypdf
import pytest

from desktop.app import AppContext
from desktop.documents import warm_office
from desktop.documents.converters import find_soffice
from desktop.documents.pdf import LibreOfficeConverter
from desktop.documents.warm_converter import WARM_READY, WarmFirstConverter, WarmOfficeSlot
from desktop.documents.warm_office import WarmOffice, uno_python
from desktop.trust.leftovers import find_leftovers, remove_leftover
from desktop.trust.processes import command_line, group_members, is_alive

SOFFICE = find_soffice()
PYTHON = uno_python(SOFFICE) if SOFFICE else None
needs_uno = pytest.mark.skipif(PYTHON is None, reason="LibreOffice with python3-uno not installed")
ROOT = Path(__file__).resolve().parents[2]


def _decision(folder: Path, name: str = "decision") -> Path:
    """A filled 行政处罚决定书 (the shipped template, neutral values)."""
    from desktop.documents.rendering import TemplateRenderer
    from forms.registry import FORMS

    form = FORMS["penalty_decision"]
    context: dict[str, object] = {f.name: f"示例{f.label}" for f in form.fields}
    context.update(officers=[], results=[], items=[], penalty_lines=["警告"], number="1号")
    path = folder / f"{name}.docx"
    path.write_bytes(TemplateRenderer().render(ROOT / "templates" / form.template, context))
    return path


def _text(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages))


def _office_processes(soffice_pid: int) -> list[int]:
    """soffice's process group: oosplash and soffice.bin (Linux)."""
    return group_members(soffice_pid)


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    assert SOFFICE is not None and PYTHON is not None
    started = WarmOffice(SOFFICE, PYTHON, temp_dir=tmp_path)
    yield started
    started.stop()


@pytest.mark.slow
@needs_uno
def test_one_office_converts_previews_one_after_another(office: WarmOffice, tmp_path: Path) -> None:
    source = _decision(tmp_path)
    assert office.convert(source, tmp_path / "a.pdf") is None
    first = office.pids
    started = time.perf_counter()
    assert office.convert(source, tmp_path / "b.pdf") is None
    assert time.perf_counter() - started < 5.0  # no LibreOffice start in it
    assert office.pids == first and office.starts == 1
    assert "行政处罚决定书" in _text(tmp_path / "b.pdf")


@pytest.mark.slow
@needs_uno
def test_kill_9_of_soffice_mid_conversion_the_next_preview_works(
    office: WarmOffice, tmp_path: Path
) -> None:
    source = _decision(tmp_path)
    assert office.convert(source, tmp_path / "warm.pdf") is None
    assert office.pids is not None
    soffice_pid, worker_pid = office.pids
    office_bins = [
        p for p in _office_processes(soffice_pid) if "soffice" in (command_line(p) or "")
    ]
    results: list[str | None] = []
    converting = threading.Thread(
        target=lambda: results.append(office.convert(source, tmp_path / "during.pdf"))
    )
    converting.start()
    time.sleep(0.1)  # the request is in LibreOffice's hands
    for pid in office_bins:
        os.kill(pid, signal.SIGKILL)
    converting.join(120)
    # The office died under the document: it was restarted and the document converted again.
    assert results == [None] and "行政处罚决定书" in _text(tmp_path / "during.pdf")
    assert office.convert(source, tmp_path / "after.pdf") is None
    assert "行政处罚决定书" in _text(tmp_path / "after.pdf")
    assert office.starts == 2 and office.pids is not None and office.pids[0] != soffice_pid
    assert not is_alive(worker_pid)  # the old worker was stopped with its office
    new_soffice, new_worker = office.pids
    office.stop()
    assert _office_processes(new_soffice) == [] and not is_alive(new_worker)
    assert list(tmp_path.glob("casedesk-lo-warm-*")) == []


@pytest.mark.slow
@needs_uno
def test_a_hung_conversion_is_killed_after_its_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hanging = tmp_path / "hanging_worker.py"
    hanging.write_text('import sys, time\nprint(\'{"ready": true}\', flush=True)\n'
                       "sys.stdin.readline()\ntime.sleep(600)\n")  # fmt: skip
    monkeypatch.setattr(warm_office, "WORKER", hanging)
    assert SOFFICE is not None
    office = WarmOffice(SOFFICE, sys.executable, timeout=2.0, temp_dir=tmp_path)
    try:
        office.ensure_started()
        assert office.pids is not None
        soffice_pid, worker_pid = office.pids
        reason = office.convert(_decision(tmp_path), tmp_path / "x.pdf")
        assert reason is not None and "超时" in reason
        assert office.pids is None  # both killed; the next call starts a fresh office
        assert _office_processes(soffice_pid) == [] and not is_alive(worker_pid)
    finally:
        office.stop()


@pytest.mark.slow
@needs_uno
def test_no_process_is_left_when_the_program_exits_without_stopping(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        from pathlib import Path
        from desktop.documents.warm_office import WarmOffice
        office = WarmOffice(Path({str(SOFFICE)!r}), {PYTHON!r}, temp_dir=Path({str(tmp_path)!r}))
        office.ensure_started()
        print(*office.pids, flush=True)
    """)  # the interpreter exits here: atexit stops the office
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=180, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          check=True)  # fmt: skip
    soffice_pid, worker_pid = (int(p) for p in done.stdout.split())
    assert _office_processes(soffice_pid) == [] and not is_alive(worker_pid)
    assert list(tmp_path.glob("casedesk-lo-warm-*")) == []


@pytest.mark.slow
@needs_uno
def test_a_killed_programs_warm_office_is_stopped_by_the_startup_check(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from desktop.documents.warm_office import WarmOffice
        office = WarmOffice(Path({str(SOFFICE)!r}), {PYTHON!r}, temp_dir=Path({str(tmp_path)!r}))
        office.ensure_started()
        print(*office.pids, flush=True)
        os._exit(0)  # killed: no atexit, no stop()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=180, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          check=True)  # fmt: skip
    soffice_pid, worker_pid = (int(p) for p in done.stdout.split())
    try:
        # The worker ends by itself (its standard input closed with us); the office runs on.
        assert _office_processes(soffice_pid)
        leftovers = find_leftovers(temp_dir=tmp_path, min_age=0)
        assert len(leftovers) == 1 and leftovers[0].path.name.startswith("casedesk-lo-warm-")
        assert soffice_pid in leftovers[0].soffice or any(
            p in leftovers[0].soffice for p in _office_processes(soffice_pid)
        )
        remove_leftover(leftovers[0])
        time.sleep(0.5)
        assert _office_processes(soffice_pid) == [] and not is_alive(worker_pid)
    finally:
        for pid in [*_office_processes(soffice_pid), worker_pid]:
            if is_alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_without_a_uno_python_previews_take_the_batch_path_and_settings_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if SOFFICE is None:
        pytest.skip("LibreOffice not installed")
    monkeypatch.setattr("desktop.documents.warm_converter.uno_python", lambda _soffice: None)
    slot = WarmOfficeSlot(lambda: SOFFICE, enabled=True)
    assert "python3-uno" in slot.warm_up() and "逐次" in slot.status
    converter = WarmFirstConverter(slot, LibreOfficeConverter(SOFFICE))
    source = _decision(tmp_path)
    result = converter.convert([source], tmp_path / "out")
    assert converter.last_mode == "batch" and "行政处罚决定书" in _text(result.pdfs[source])


@pytest.mark.slow
@needs_uno
def test_the_document_service_previews_through_the_warm_office_and_stops_it_on_close(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    documents = demo_ctx.documents
    assert documents.warm() is None  # a command converts cold: a warm office would not pay off
    documents.warm.enable()  # what the window does
    assert "常驻" in documents.check_converters().message  # 设置 says previews will use it
    office = documents.warm()
    assert office is not None and office.pids is None  # the check itself starts nothing
    assert documents.warm.warm_up() == WARM_READY  # the window starts it a little after start
    assert office is not None and office.pids is not None
    soffice_pid = office.pids[0]
    doc = documents.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path, pdf=True)
    assert doc.pdf_path is not None and "行政处罚决定书" in _text(doc.pdf_path)
    assert office.starts == 1 and office.pids[0] == soffice_pid  # the same office converted it
    demo_ctx.close()  # what the window does on exit (idempotent: the fixture closes it again)
    assert _office_processes(soffice_pid) == []
