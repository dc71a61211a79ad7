"""The frozen program's entry point (PyInstaller runs this file as __main__)."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    # Worker processes (batch rendering) re-enter here in a frozen app; let them run their task.
    multiprocessing.freeze_support()
    from desktop.app import main

    sys.exit(main())
