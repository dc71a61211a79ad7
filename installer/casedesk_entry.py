"""The frozen program's entry point (PyInstaller runs this file as __main__).

A windowed Windows executable has no standard output or error (`sys.stdout` is None): a message
the command line writes before the window exists (say, the data key cannot be found) would be
lost and the program would just not start. Here such output is captured, and when the program
exits with an error the clerk sees the message in a message box.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

TITLE = "卫生监督执法文书工作站"
#: Benchmarks only: when set, the wall-clock time of the main window's first paint is written
#: to this file (bench/bench_bundle_startup.py; installer/bare_window.py honours it too).
FIRST_PAINT_ENV = "CASEDESK_FIRST_PAINT_FILE"
#: MB_OK | MB_ICONERROR
_MB_ICONERROR = 0x10


def show_message_box(text: str) -> None:
    """A native error box (Windows; elsewhere a windowed program still has a terminal)."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, TITLE, _MB_ICONERROR)


def run_windowed(main: Callable[[], int], show: Callable[[str], None]) -> int:
    """Run `main`; without standard streams, capture them and show the error output on failure."""
    if sys.stdout is not None and sys.stderr is not None:
        return main()
    error_bytes = io.BytesIO()
    original = sys.stdout, sys.stderr
    sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(error_bytes, encoding="utf-8", write_through=True)
    try:
        code = main()
    except SystemExit as stop:  # argparse exits on a command-line error
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        text = error_bytes.getvalue().decode("utf-8", "replace").strip()
        sys.stdout, sys.stderr = original
    if code != 0 and text:
        show(text[-2000:])
    return code


def stamp_first_paint(path: str) -> None:
    """Make the window's QApplication record the first paint of a main window into `path`."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QMainWindow

    import desktop.ui.main as ui_main

    class _Stamp(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                target = Path(path)
                if not target.exists():
                    target.write_text(repr(time.time()), "utf-8")
            return False

    make_application = ui_main.make_application

    def make_and_watch(*args: object, **kwargs: object) -> object:
        app = make_application(*args, **kwargs)  # type: ignore[arg-type]
        app.installEventFilter(_Stamp(app))
        return app

    ui_main.make_application = make_and_watch  # type: ignore[assignment]


if __name__ == "__main__":
    # Worker processes (batch rendering) re-enter here in a frozen app; let them run their task.
    multiprocessing.freeze_support()
    if os.environ.get(FIRST_PAINT_ENV):
        stamp_first_paint(os.environ[FIRST_PAINT_ENV])
    # desktop.cli.main, not desktop.app: importing desktop.app loads every service (0.8 s) before
    # the window could paint; the CLI imports only what the command needs.
    from desktop.cli.main import run

    sys.exit(run_windowed(lambda: run(sys.argv[1:]), show_message_box))
