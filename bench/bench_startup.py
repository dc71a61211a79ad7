"""Start-up: casedesk's first paint (≤ 2× a bare PySide6 QMainWindow) and its 工作台 with data
(≤ 1.0 s and ≤ 6× the bare window, issue 18): its counts, deadlines, defects and recent cases; the
法定程序问题 count, which checks every case and follows them, is timed too (information only).

Three figures per run, each the median of several fresh interpreters, measured from launching
the interpreter: the bare QMainWindow; casedesk's window (`start_gui`, what `casedesk gui` runs
after parsing its arguments); and the same until the 工作台 shows its data. The whole `casedesk`
command (desktop.entry: argument parsing, then `gui`) is timed as well.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import report

from bench._common import median, run_child

#: Issue 18: the 工作台 with data ≤ 1.0 s from process start and ≤ 6× the bare window.
MAX_DATA_SECONDS = 1.0
MAX_DATA_RATIO = 6.0

#: Watches the first paint of any QMainWindow and the moment the 工作台 has its data.
_WATCH = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
stamps = {}
class _Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            stamps.setdefault("paint", time.time())
            if not WAIT_DATA:
                QApplication.instance().quit()
        return False
watch = _Watch()
def _data():  # the page emits `loaded` once its first pass is painted
    stamps.setdefault("data", time.time())
def _legal():  # the second pass: every case checked
    stamps["legal"] = time.time()
    QApplication.instance().quit()
def _poll():  # only until the window has made its 工作台
    for w in QApplication.topLevelWidgets():
        page = getattr(w, "pages", {}).get("dashboard")
        if page is not None:
            page.loaded.connect(_data)
            page.settled.connect(_legal)
            if page.is_loaded:
                _data()
            if page.is_settled:
                _legal()
            return
    QTimer.singleShot(POLL_MS, _poll)
"""
#: Page-made check period; short periods steal the GIL from the start.
POLL_MS = 20

BARE = (
    "WAIT_DATA = False\n" + f"POLL_MS = {POLL_MS}\n" + _WATCH + "app = QApplication([])\n"
    "w = QMainWindow(); w.resize(1360, 840)\n"
    "app.installEventFilter(watch); w.show(); app.exec()\n"
    "print(stamps['paint'])\n"
)

START_GUI = (
    "import sys\nWAIT_DATA = True\n"
    + f"POLL_MS = {POLL_MS}\n"
    + _WATCH
    + "import desktop.ui.main as m\n"
    "_orig = m.make_application\n"
    "def _patched(*a):\n"
    "    app = _orig(*a); app.installEventFilter(watch); QTimer.singleShot(5, _poll); return app\n"
    "m.make_application = _patched\n"
    "ENTRY\n"
    "print(stamps['paint'], stamps['data'], stamps['legal'])\n"
)
GUI_ONLY = START_GUI.replace("ENTRY", "m.start_gui(sys.argv[1], page='dashboard')")
FULL_CLI = START_GUI.replace(
    "ENTRY",
    # desktop.entry is what the `casedesk` console script and the frozen program start.
    "from desktop.entry import main\nmain(['--data-dir', sys.argv[1], 'gui', '--page', '工作台'])",
)

RUNS = 7


def measure(code: str, *args: str) -> list[float]:
    """Seconds from launching the interpreter to each printed stamp."""
    began = time.time()
    return [float(stamp) - began for stamp in run_child(code, *args).split()]


def main() -> None:
    """Report our figures against the bare reference (medians of fresh interpreters)."""
    import os
    import tempfile

    from bench.datasets import BENCH_PASSPHRASE
    from desktop.app import build_context
    from desktop.demo.district import DemoOptions, load_demo

    os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", BENCH_PASSPHRASE)

    with tempfile.TemporaryDirectory() as folder:
        ctx = build_context(folder)
        load_demo(ctx.uow_factory, DemoOptions(seed=1))
        ctx.close()
        measure(BARE), measure(GUI_ONLY, folder)  # warm the OS file cache
        # Interleaved, so a burst of other load on the machine hits both programs alike.
        bares: list[float] = []
        gui: list[list[float]] = []
        cli: list[list[float]] = []
        for _ in range(RUNS):
            bares.append(measure(BARE)[0])
            gui.append(measure(GUI_ONLY, folder))
            cli.append(measure(FULL_CLI, folder))
        bare = median(bares)
    paint, data = median([g[0] for g in gui]), median([g[1] for g in gui])
    legal = median([g[2] for g in gui])
    cli_paint, cli_data = median([c[0] for c in cli]), median([c[1] for c in cli])
    info = "information only"
    ok = report("startup_window_painted", paint, bare, max_ratio=2.0)
    # Issue 18: the 工作台 with its data within 1 s of process start, at most 6× a bare window.
    ok = report("startup_dashboard_with_data", data, bare, max_ratio=MAX_DATA_RATIO,
                max_ours=MAX_DATA_SECONDS) and ok  # fmt: skip
    # The 法定程序问题 count (every case through the procedure checker) fills its card after the
    # rest of the 工作台 has its data (issue 18: tables filled as they arrive).
    report("startup_dashboard_legal_count", legal, bare, target=info)
    report("startup_cli_window_painted", cli_paint, bare, target=info)
    report("startup_cli_dashboard_with_data", cli_data, bare, target=info)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
