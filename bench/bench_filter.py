"""Filtering 100,000 cases per keystroke (target ≤ 100 ms), vs the raw SQLite query.

Each keystroke of a search is what the 案件 page does after the debounce: CaseService.list_ids
with the filter (off the GUI thread), then CaseTableModel.set_ids and the first screen of rows.
The reference is the same LIKE query written by hand on a raw sqlite3 connection.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import report

from bench._common import large_data_dir, median

#: What a clerk types, one keystroke at a time, and a filter-only query.
TYPED = ("青", "青溪", "青溪艺", "青溪艺星", "2025", "〔2025〕1", "无证")
#: Rows the view asks for on one screen.
SCREEN = 40


def main() -> None:
    """Print per-keystroke figures, the raw reference, and the ratio."""
    folder = large_data_dir()
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_context
    from desktop.cases.cases import CaseFilter
    from desktop.ui.models.case_table_model import CaseTableModel

    _app = QApplication.instance() or QApplication([])
    ctx = build_context(str(folder))
    model = CaseTableModel(ctx.cases.rows)
    began = time.perf_counter()
    ctx.case_search.ids(CaseFilter(search="青"), "filed_on", True)
    print(f"first search (loads the index and the ordered ids): "
          f"{(time.perf_counter() - began) * 1000:.0f} ms")  # fmt: skip
    raw = sqlite3.connect(folder / "casedesk.db")
    ours: list[float] = []
    reference: list[float] = []
    print(f"{'search':<12}{'matches':>9}{'casedesk ms':>14}{'raw SQL ms':>12}")
    for text in TYPED:
        began = time.perf_counter()
        ids = ctx.case_search.ids(CaseFilter(search=text), "filed_on", True)
        model.set_ids(ids)
        for row in range(min(SCREEN, len(ids))):
            model.data(model.index(row, 0))
        ours_ms = (time.perf_counter() - began) * 1000
        pattern = f"%{text}%"
        began = time.perf_counter()
        raw_ids = [r[0] for r in raw.execute(
            'SELECT id FROM "case" WHERE case_no LIKE ? OR party_name LIKE ? OR cause LIKE ? '
            "OR party_credit_code LIKE ? ORDER BY filed_on DESC, id DESC",
            (pattern, pattern, pattern, pattern.upper()),
        )]  # fmt: skip
        raw.execute(
            f'SELECT * FROM "case" WHERE id IN ({",".join(map(str, raw_ids[:SCREEN]))})'
        ).fetchall()
        raw_ms = (time.perf_counter() - began) * 1000
        ours.append(ours_ms)
        reference.append(raw_ms)
        print(f"{text:<12}{len(ids):>9,}{ours_ms:>14.1f}{raw_ms:>12.1f}")
    flt = CaseFilter(statuses=(), towns=("东湖街道",))
    began = time.perf_counter()
    model.set_ids(ctx.case_search.ids(flt, "fine_fen", True))
    print(f"filter 镇街 + sort by 罚款: {(time.perf_counter() - began) * 1000:.1f} ms")
    ok = report("filter_keystroke_median_100k", median(ours), median(reference), unit="ms",
                max_ours=100)  # fmt: skip
    ok &= report("filter_keystroke_worst_100k", max(ours), max(reference), unit="ms",
                 max_ours=100)  # fmt: skip
    ctx.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
