"""Memory with 100,000 cases loaded in the window (target ≤ 400 MB RSS), vs a bare window.

The child opens the main window on the large database, shows the 案件 page, searches (which
builds the in-memory search index), scrolls through the whole list (the model keeps a bounded
number of row blocks) and reports its resident set size. The reference is a bare QMainWindow
with a QTableView, in the same kind of fresh process.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import report

from bench._common import large_data_dir, run_child

_RSS = (
    "def rss_mb():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmRSS:'):\n"
    "            return int(line.split()[1]) / 1024\n"
)

BARE = _RSS + (
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTableView\n"
    "app = QApplication([]); w = QMainWindow(); w.setCentralWidget(QTableView()); w.show()\n"
    "app.processEvents(); print(rss_mb())\n"
)

CASEDESK = _RSS + (
    "import sys\n"
    "from PySide6.QtTest import QTest\n"
    "from desktop.app import build_context\n"
    "from desktop.ui.main import build_window, make_application\n"
    "from desktop.ui.tasks import wait_for_all\n"
    "app = make_application(); ctx = build_context(sys.argv[1])\n"
    "w = build_window(ctx); w.show(); page = w.show_page('案件')\n"
    "def until(check):\n"
    "    while not check():\n"
    "        QTest.qWait(20)\n"
    "until(lambda: page.is_loaded)\n"
    "assert page.model.rowCount() >= 100_000, page.model.rowCount()\n"
    "page.filters.search.setText('青溪'); page.filters.flush()\n"
    "until(lambda: 0 < page.model.rowCount() < 100_000)\n"
    "page.filters.search.setText(''); page.filters.flush()\n"
    "until(lambda: page.model.rowCount() >= 100_000)\n"
    "bar = page.view.verticalScrollBar()\n"
    "for step in range(0, bar.maximum() + 1, max(bar.maximum() // 200, 1)):\n"
    "    bar.setValue(step); app.processEvents()\n"
    "bar.setValue(bar.maximum()); app.processEvents()\n"
    "wait_for_all(); app.processEvents()\n"
    "print(page.model.loaded_rows(), rss_mb())\n"
)


def main() -> None:
    """Print our RSS, the bare reference, and the ratio."""
    folder = large_data_dir()
    bare = float(run_child(BARE))
    loaded_rows, ours = (float(v) for v in run_child(CASEDESK, str(folder)).split())
    print(f"rows held by the case model after scrolling: {loaded_rows:.0f}")
    ok = report("memory_rss_100k_cases", ours, bare, unit="MB", max_ours=400)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
