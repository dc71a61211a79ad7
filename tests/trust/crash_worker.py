"""Child process of the crash test: a batch of documents, numbered, stored and recorded.

    python crash_worker.py DATA_DIR COUNT

Each document: allocate its 文号 → write its file into the store → record it → commit, the way
the document engine does. The parent kills this process with SIGKILL at a random moment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from database.models import Document
from database.numbering import allocate_sequence
from desktop.app import build_context
from desktop.paths import file_store_dir
from desktop.services.file_store import FileStore

SERIES = "penalty"
YEAR = 2026


def main() -> None:
    """Generate COUNT documents, announcing readiness on stdout first."""
    data_dir, count = Path(sys.argv[1]), int(sys.argv[2])
    ctx = build_context(str(data_dir))
    store = FileStore(file_store_dir(data_dir))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for index in range(count):
        with ctx.uow_factory() as uow:
            seq = allocate_sequence(uow.session, SERIES, YEAR)
            # Large enough that a kill often lands inside the write.
            body = f"行政处罚决定书 青卫医罚〔{YEAR}〕{seq}号 pid {os.getpid()} #{index}\n".encode()
            digest = store.put(body * 4000)
            uow.session.add(
                Document(
                    doc_type="行政处罚决定书",
                    series=SERIES,
                    year=YEAR,
                    seq=seq,
                    number=f"青卫医罚〔{YEAR}〕{seq}号",
                    file_name=f"{seq}.docx",
                    file_sha256=digest,
                )
            )
            uow.commit()
    ctx.close()


if __name__ == "__main__":
    main()
