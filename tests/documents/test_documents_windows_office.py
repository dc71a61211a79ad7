"""Office suites on a Windows office PC, modelled on Linux: the registry that says which suite is
installed (COM ProgIDs, LibreOffice on D:\\), the probe shared by 设置 and the converter, a hung
Word or soffice ended with its whole process tree, and a batch that goes on in a fresh profile.

Each fake behaves as the Windows part it stands for; the source of that behaviour is named."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pypdf
import pytest

from desktop.documents import converters as cc
from desktop.documents.com_converter import ComConverter
from desktop.documents.office_registry import (
    WPS_PROGIDS,
    find_com_server,
    server_program,
    soffice_from_registry,
)
from desktop.documents.pdf import LibreOfficeConverter
from desktop.documents.process_tree import ComProcesses, running_pids
from desktop.trust.processes import kill_tree

#: Word's and WPS 文字's COM registrations as they appear in HKCR: ProgID\\CLSID names the class,
#: CLSID\\{…}\\LocalServer32 the program COM starts (WPS: "wpsoffice.exe /Automation", per the
#: WPS COM walkthrough; 32-bit Office on 64-bit Windows sits under WOW6432Node).
WORD_CLSID = "{000209FF-0000-0000-C000-000000000046}"
WPS_CLSID = "{000209FF-0000-4b30-A977-D214852036FF}"
WPS_EXE = r"C:\Users\clerk\AppData\Local\Kingsoft\WPS Office\12.1.0\office6\wpsoffice.exe"
WORD_EXE = r"C:\Program Files (x86)\Microsoft Office\root\Office16\WINWORD.EXE"


class FakeRegistry:
    """The registry as winreg reads it: keys case-insensitive, "" the key's default value."""

    def __init__(self, entries: dict[tuple[str, str, str], str]) -> None:
        self._entries = {(h, k.lower(), n.lower()): v for (h, k, n), v in entries.items()}

    def value(self, hive: str, key: str, name: str = "") -> str | None:
        return self._entries.get((hive, key.lower(), name.lower()))

    def values(self, hive: str, key: str) -> dict[str, str]:
        return {n: v for (h, k, n), v in self._entries.items() if (h, k) == (hive, key.lower())}


WPS_ONLY = FakeRegistry({
    ("HKCR", r"KWPS.Application\CLSID", ""): WPS_CLSID,
    ("HKCR", rf"CLSID\{WPS_CLSID}\LocalServer32", ""): f'"{WPS_EXE}" /Automation',
})  # fmt: skip


def _on_disk(*paths: str) -> Any:
    return lambda path: path in paths


def test_the_probe_finds_wps_by_its_progid_and_program() -> None:
    server = find_com_server(WPS_PROGIDS, WPS_ONLY, exists=_on_disk(WPS_EXE))
    assert server is not None and server.progid == "KWps.Application"  # HKCR ignores case
    assert server.program == WPS_EXE
    assert find_com_server(("Word.Application",), WPS_ONLY, exists=_on_disk(WPS_EXE)) is None
    # A registration left behind by an uninstall (the program is gone) does not count.
    assert find_com_server(WPS_PROGIDS, WPS_ONLY, exists=_on_disk()) is None


def test_32_bit_word_on_64_bit_windows_is_found_under_wow6432node() -> None:
    registry = FakeRegistry({
        ("HKCR", r"Word.Application\CLSID", ""): WORD_CLSID,
        ("HKCR", rf"WOW6432Node\CLSID\{WORD_CLSID}\LocalServer32", ""): f"{WORD_EXE} /Automation",
    })  # fmt: skip
    server = find_com_server(("Word.Application",), registry, exists=_on_disk(WORD_EXE))
    assert server is not None and server.program == WORD_EXE
    assert server_program(f"{WORD_EXE} /Automation") == WORD_EXE  # unquoted, with spaces


def test_settings_and_the_converter_see_the_same_suites_in_the_same_order(tmp_path: Path) -> None:
    """设置 said "将使用 WPS Office" while the converter used Word: one probe, one order now."""
    program = tmp_path / "wpsoffice.exe"  # the registered program exists on this disk
    program.write_bytes(b"")
    registry = FakeRegistry({
        ("HKCR", r"KWPS.Application\CLSID", ""): WPS_CLSID,
        ("HKCR", rf"CLSID\{WPS_CLSID}\LocalServer32", ""): f'"{program}" /Automation',
    })  # fmt: skip
    report = cc.check_converters("auto", registry=registry, platform="win32")
    assert [c.id for c in report.converters] == ["word", "wps", "libreoffice"]
    assert report.preferred is not None and report.preferred.id == "wps"
    assert report.message.startswith("将使用 WPS Office 把文书转换为 PDF")
    assert report.converters[1].detail == f"COM：KWps.Application → {program}"
    chosen_first = cc.check_converters("libreoffice", registry=registry, platform="win32")
    assert [c.id for c in chosen_first.converters] == ["libreoffice", "word", "wps"]
    assert cc.converter_order("WPS ") == ("wps", "word", "libreoffice")
    assert cc.converter_order("其他") == cc.DEFAULT_ORDER


def test_libreoffice_installed_on_d_is_found_through_the_registry() -> None:
    soffice = r"D:\LibreOffice\program\soffice.exe"
    app_paths = FakeRegistry({
        ("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", ""): soffice,
    })  # fmt: skip
    assert soffice_from_registry(app_paths, exists=_on_disk(soffice)) == Path(soffice)
    # The UNO key names the program folder (ooo-dev-tools reads it the same way).
    uno = FakeRegistry(
        {("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath", ""): r"D:\LibreOffice\program"}
    )
    assert soffice_from_registry(uno, exists=_on_disk(soffice)) == Path(soffice)
    assert soffice_from_registry(uno, exists=_on_disk()) is None
    found = cc.find_soffice({}, candidates=[], which=lambda _n: None, registry=app_paths)
    assert found is None  # the file is not on this disk: a registry entry alone is not enough


def test_the_soffice_set_in_settings_is_used_when_it_exists(tmp_path: Path) -> None:
    program = tmp_path / "LibreOffice" / "soffice"
    program.parent.mkdir()
    program.write_text("")
    nowhere = FakeRegistry({})
    assert cc.find_soffice({}, candidates=[], which=lambda _n: None, configured=str(program),
                           registry=nowhere) == program  # fmt: skip
    assert cc.find_soffice({}, candidates=[], which=lambda _n: None,
                           configured=str(tmp_path / "gone"), registry=nowhere) is None  # fmt: skip


# --- ending processes --------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_kill_tree_on_windows_is_taskkill_with_the_tree_flag() -> None:
    commands: list[list[str]] = []

    def run(command: list[str]) -> tuple[int, str]:
        commands.append(command)
        return 0, ""

    assert kill_tree(4242, platform="win32", run=run)
    assert commands == [["taskkill", "/PID", "4242", "/T", "/F"]]


def test_tasklist_output_gives_the_pids_of_an_image() -> None:
    # tasklist /FO CSV /NH prints one quoted row per process, no header (Microsoft's reference).
    def run(command: list[str]) -> tuple[int, str]:
        assert command[:4] == ["tasklist", "/FO", "CSV", "/NH"]
        if command[-1] == "IMAGENAME eq WINWORD.EXE":
            return (
                0,
                '"WINWORD.EXE","4242","Console","1","98,304 K"\r\n"WINWORD.EXE","77","Console","1","1 K"\r\n',
            )
        return 0, "信息: 没有运行的任务匹配指定标准。\r\n"

    assert running_pids(["WINWORD.EXE", "wps.exe"], platform="win32", run=run) == {4242, 77}
    assert running_pids(["WINWORD.EXE"], platform="linux", run=run) == frozenset()


def test_kill_tree_ends_a_process_group_with_its_children(tmp_path: Path) -> None:
    child_pid = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time;"
         f"c = subprocess.Popen(['sleep', '60']); open({str(child_pid)!r}, 'w').write(str(c.pid));"
         "time.sleep(60)"],
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not child_pid.exists() or not child_pid.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(child_pid.read_text())
    assert kill_tree(parent.pid)
    parent.wait(10)
    assert _wait_gone(child)  # soffice.bin goes with soffice.exe
    assert not kill_tree(parent.pid)  # already gone


# --- a hung Word/WPS is ended by the pid recorded at the dispatch -----------------------------


class _HangingDoc:
    def __init__(self, release: threading.Event) -> None:
        self.release = release

    def ExportAsFixedFormat(self, _target: str, _format: int) -> None:  # noqa: N802 (COM names)
        self.release.wait(30)  # Word waiting on an invisible activation dialog

    def Close(self, _save: bool) -> None:  # noqa: N802
        pass


class _SuiteStartedByCom:
    """The object DispatchEx returns: its suite runs in a separate process COM started."""

    def __init__(self, release: threading.Event, hwnd: int) -> None:
        self.process = subprocess.Popen(["sleep", "60"], start_new_session=True)
        self.Hwnd = hwnd  # WPS/Excel expose Application.Hwnd; 0 stands for Word (none)
        self.Documents = self
        self.release = release

    def Open(self, _path: str, ReadOnly: bool) -> _HangingDoc:  # noqa: N802, N803
        return _HangingDoc(self.release)

    def Quit(self) -> None:  # noqa: N802
        pass


@pytest.mark.parametrize("hwnd", [0x1F2E, 0], ids=["by-window", "by-new-process"])
def test_a_hung_suite_is_ended_by_its_recorded_pid_and_leaves_no_orphan(
    tmp_path: Path, hwnd: int
) -> None:
    release = threading.Event()
    started: list[_SuiteStartedByCom] = []

    def dispatch(_progid: str) -> _SuiteStartedByCom:
        started.append(_SuiteStartedByCom(release, hwnd))
        return started[-1]

    processes = ComProcesses(
        # tasklist: the suite's processes running now (those COM started for us, here)
        running=lambda: frozenset(s.process.pid for s in started if s.process.poll() is None),
        # GetWindowThreadProcessId: the window belongs to the suite's process
        window_pid=lambda handle: started[-1].process.pid if handle == hwnd and started else None,
        kill=kill_tree,
    )
    converter = ComConverter("word", ["Word.Application"], timeout=0.5, startup=0.5,
                             dispatch=dispatch, processes=processes)  # fmt: skip
    files = [tmp_path / "挂起.docx", tmp_path / "乙.docx"]
    try:
        result = converter.convert(files, tmp_path / "out")
        assert "word 转换超时" in result.failed[files[0]]
        assert "前一份文书超时" in result.failed[files[1]]
        suite = started[0].process
        assert suite.wait(10) == -9  # ended by the converter, not by the test
    finally:
        release.set()
        for s in started:
            if s.process.poll() is None:
                s.process.kill()
                s.process.wait()


# --- LibreOffice: a timed-out batch goes on in a fresh profile ---------------------------------

#: A stand-in soffice that, like soffice.exe, starts a worker child (soffice.bin) and records
#: the profile it was given; a file named 挂起 hangs it, the others become one-page PDFs.
HANGING_SOFFICE = """#!{python}
import subprocess, sys, time
from pathlib import Path
import pypdf
args = sys.argv[1:]
log = Path({log!r})
profile = next(a for a in args if a.startswith("-env:UserInstallation="))
worker = subprocess.Popen(["sleep", "60"])
with log.open("a", encoding="utf-8") as handle:
    handle.write(profile + " " + str(worker.pid) + "\\n")
out = Path(args[args.index("--outdir") + 1])
for name in args[args.index("--outdir") + 2:]:
    if "挂起" in name:
        time.sleep(60)
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    with (out / (Path(name).stem + ".pdf")).open("wb") as handle:
        writer.write(handle)
worker.kill()
"""


def test_a_hung_soffice_is_killed_with_its_worker_and_the_batch_goes_on_in_a_fresh_profile(
    tmp_path: Path,
) -> None:
    log = tmp_path / "runs.log"
    script = tmp_path / "soffice"
    script.write_text(HANGING_SOFFICE.format(python=sys.executable, log=str(log)), "utf-8")
    script.chmod(0o755)
    files = [tmp_path / "甲.docx", tmp_path / "挂起.docx", tmp_path / "乙.docx"]
    result = LibreOfficeConverter(soffice=script, timeout=1.5, startup=3).convert(
        files, tmp_path / "out"
    )
    assert set(result.pdfs) == {files[0], files[2]}
    assert "转换超时" in result.failed[files[1]]
    assert len(pypdf.PdfReader(result.pdfs[files[2]]).pages) == 1
    runs = [line.split() for line in log.read_text("utf-8").splitlines()]
    assert len(runs) == 2
    (first_profile, hung_worker), (second_profile, _worker) = runs
    assert first_profile != second_profile  # the killed run's profile is not reused
    assert _wait_gone(int(hung_worker))  # soffice.bin went with the killed soffice


# --- a PDF open in a viewer --------------------------------------------------------------------


def _held_open(monkeypatch: pytest.MonkeyPatch, target: Path, times: int | None) -> list[float]:
    """os.replace as Windows answers while a viewer holds `target` open: WinError 32 (sharing
    violation), which Python raises as PermissionError; `times` refusals, None = until closed."""
    import os

    real_replace = os.replace
    refused: list[float] = []

    def replace(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
        if Path(dest) == target and (times is None or len(refused) < times):
            refused.append(time.monotonic())
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
        real_replace(source, dest)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def test_a_pdf_open_in_a_viewer_fails_that_document_with_a_chinese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.documents import pdf

    monkeypatch.setattr(pdf, "move_onto", _quick(pdf.move_onto))
    out = tmp_path / "out"
    out.mkdir()
    (out / "决定书.pdf").write_bytes(b"the copy the clerk has open")
    refused = _held_open(monkeypatch, out / "决定书.pdf", None)
    script = tmp_path / "soffice"
    script.write_text(HANGING_SOFFICE.format(python=sys.executable, log=str(tmp_path / "l")))
    script.chmod(0o755)
    files = [tmp_path / "决定书.docx", tmp_path / "告知书.docx"]
    result = LibreOfficeConverter(soffice=script, timeout=10).convert(files, out)
    assert result.failed == {
        files[
            0
        ]: f"文件被占用：{out / '决定书.pdf'}，请关闭 PDF 阅读器（WPS、Adobe、福昕等）后重试。"
    }
    assert len(refused) == 6  # tried, then retried five times before giving up
    assert (out / "决定书.pdf").read_bytes() == b"the copy the clerk has open"
    assert files[1] in result.pdfs
    assert sorted(p.name for p in out.iterdir()) == ["决定书.pdf", "告知书.pdf"]  # no temp left


def test_an_antivirus_scan_that_lets_go_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.trust.file_store import move_onto

    source, target = tmp_path / "new.pdf", tmp_path / "决定书.pdf"
    source.write_bytes(b"new")
    refused = _held_open(monkeypatch, target, 2)  # the scan holds the file for two tries
    move_onto(source, target, sleep=lambda _s: None)
    assert len(refused) == 2 and target.read_bytes() == b"new" and not source.exists()


def _quick(move: Any) -> Any:
    """move_onto without the real pauses (the retry count is what is tested)."""
    return lambda source, target, **kw: move(source, target, sleep=lambda _s: None, **kw)
