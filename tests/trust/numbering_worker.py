"""Child process of the concurrency test: N document numbers, each in its own transaction.

    python numbering_worker.py DATA_DIR DB_URL COUNT

Waits for a line on stdin after printing "ready", so that all clerks start at once; prints the
序号 it was given, one per line.
"""

from __future__ import annotations

import sys

from database.models import Document
from database.numbering import allocate_sequence
from desktop.app import build_context


def main() -> None:
    """Allocate COUNT numbers with their document records."""
    data_dir, url, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ctx = build_context(data_dir, url, upgrade=False)
    print("ready", flush=True)
    sys.stdin.readline()
    got = []
    for _ in range(count):
        with ctx.uow_factory() as uow:
            seq = allocate_sequence(uow.session, "penalty", 2026)
            uow.session.add(
                Document(doc_type="行政处罚决定书", series="penalty", year=2026, seq=seq)
            )
            uow.commit()
        got.append(seq)
    print("\n".join(map(str, got)), flush=True)
    ctx.close()


if __name__ == "__main__":
    main()
