"""The frozen program's entry point (PyInstaller runs this file as __main__).

A windowed Windows executable has no standard output or error (`sys.stdout` is None): a message
the command line writes before the window exists (say, the data key cannot be found) would be
lost and the program would just not start. Here such output is captured, and when the program
exits with an error the clerk sees the message in a message box.
"""

from __future__ import annotations

import io
import multiprocessing
import sys
from collections.abc import Callable

TITLE = "卫生监督执法文书工作站"
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


if __name__ == "__main__":
    # Worker processes (batch rendering) re-enter here in a frozen app; let them run their task.
    multiprocessing.freeze_support()
    from desktop.app import main as casedesk_main

    sys.exit(run_windowed(casedesk_main, show_message_box))
