"""The running program holds a named mutex; the installer's check sees it (Windows modelled by a
fake kernel32, Linux by the real lock file across processes), and the NSIS script asks for the
same name, checks on install, upgrade and uninstall, and switches an upgrade in only when complete."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from desktop.app_mutex import (
    ERROR_ALREADY_EXISTS,
    ERROR_FILE_NOT_FOUND,
    EXIT_CODE_RUNNING,
    MUTEX_PREFIX,
    SYNCHRONIZE,
    AppMutex,
    is_running,
    mutex_name,
)

NSIS_SCRIPT = Path(__file__).resolve().parents[2] / "installer" / "casedesk.nsi"


class FakeKernel32:
    """Named mutexes as Microsoft documents them: CreateMutexW on an existing name opens the same
    object (last error ERROR_ALREADY_EXISTS); OpenMutexW on a missing name returns NULL (last
    error ERROR_FILE_NOT_FOUND); the object is destroyed when its last handle is closed."""

    def __init__(self) -> None:
        self.handles: dict[int, str] = {}
        self.last_error = 0
        self.opened_with: list[int] = []
        self._next = 100

    def _handle(self, name: str) -> int:
        self._next += 4
        self.handles[self._next] = name
        return self._next

    def _exists(self, name: str) -> bool:
        return name in self.handles.values()

    def CreateMutexW(self, _attributes: object, _owner: bool, name: str) -> int:  # noqa: N802
        self.last_error = ERROR_ALREADY_EXISTS if self._exists(name) else 0
        return self._handle(name)

    def OpenMutexW(self, access: int, _inherit: bool, name: str) -> int:  # noqa: N802
        self.opened_with.append(access)
        if not self._exists(name):
            self.last_error = ERROR_FILE_NOT_FOUND
            return 0
        return self._handle(name)

    def CloseHandle(self, handle: int) -> int:  # noqa: N802
        return 1 if self.handles.pop(handle, None) is not None else 0


def test_the_name_is_per_user_in_the_session_namespace() -> None:
    assert mutex_name({"USERNAME": "张三"}) == "Local\\casedesk-张三"
    assert mutex_name({}) == MUTEX_PREFIX


def test_the_installer_sees_every_running_copy_until_the_last_has_closed() -> None:
    kernel = FakeKernel32()
    name = mutex_name({"USERNAME": "clerk"})
    assert not is_running(name, kernel)
    window, command = AppMutex(name, kernel), AppMutex(name, kernel)
    assert window.acquire()
    assert command.acquire() and kernel.last_error == ERROR_ALREADY_EXISTS  # one shared object
    assert is_running(name, kernel) and kernel.opened_with[-1] == SYNCHRONIZE
    window.release()
    assert is_running(name, kernel)  # the command still runs
    command.release()
    assert not is_running(name, kernel)
    assert kernel.handles == {}  # the check closed its own handle too


HOLDER = """
import sys, time
from desktop.app_mutex import hold_app_mutex
with hold_app_mutex(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_on_linux_a_lock_file_plays_the_mutex_across_processes(tmp_path: Path) -> None:
    name = f"Local\\casedesk-test-{tmp_path.name}"
    assert not is_running(name)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, name], stdout=subprocess.PIPE,
                              cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        assert is_running(name)
        with_us = AppMutex(name)
        assert with_us.acquire()  # a second copy may run beside it
        with_us.release()
        assert is_running(name)
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 5
    while is_running(name):  # a killed program never leaves a stale mark
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_the_nsis_script_checks_the_same_mutex_on_install_upgrade_and_uninstall() -> None:
    script = NSIS_SCRIPT.read_text("utf-8")
    prefix = re.search(r'!define MUTEX_PREFIX "([^"]+)"', script)
    assert prefix is not None and prefix.group(1) == MUTEX_PREFIX
    assert f"!define EXIT_RUNNING {EXIT_CODE_RUNNING}" in script
    assert f"!define SYNCHRONIZE 0x{SYNCHRONIZE:08X}" in script
    assert "ReadEnvStr $1 USERNAME" in script  # the same USERNAME the program reads
    oninit = script[script.index("Function .onInit") :]
    assert "Call RequireClosed" in oninit[: oninit.index("FunctionEnd")]
    uninit = script[script.index("Function un.onInit") :]
    assert "Call un.RequireClosed" in uninit[: uninit.index("FunctionEnd")]
    assert "SetErrorLevel ${EXIT_RUNNING}" in script and "${Silent}" in script


def test_an_upgrade_is_written_beside_the_old_version_and_switched_in_when_complete() -> None:
    script = NSIS_SCRIPT.read_text("utf-8")
    section = script[script.index('Section "!${APP_NAME}"') :]
    section = section[: section.index("SectionEnd")]
    staged = section.index('SetOutPath "${STAGING}"')
    copied = section.index('File /r "${DIST_DIR}\\*"')
    switched = section.index("Call SwitchToNew")
    assert staged < copied < switched
    assert 'RMDir /r "$INSTDIR\\_internal"' not in section  # nothing deleted before the copy
    assert "AllowSkipFiles off" in script
