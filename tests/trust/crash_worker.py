"""Child process of the crash tests, killed with SIGKILL by the parent at a random moment.

python crash_worker.py documents DATA_DIR OUT_DIR   a batch of 200 行政处罚决定书 through the
                                                    document engine (number, file store, record)
python crash_worker.py import DATA_DIR LEDGER.xlsx  a 机构名录 import (one transaction)
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from database.models import Case
from desktop.app import build_context

#: The document type the batch generates (numbered in the 处罚类 series).
FORM_ID = "penalty_decision"
BATCH = 200


def main() -> None:
    """Run the requested job, announcing readiness on stdout first."""
    mode, data_dir, target = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    ctx = build_context(data_dir)
    with ctx.uow_factory(readonly=True) as uow:
        decided = list(
            uow.session.scalars(
                # open cases: a closed one is locked (its documents need a 重新打开)
                select(Case.id)
                .where(Case.decided_on.is_not(None), Case.locked.is_(False))
                .order_by(Case.id)
            )
        )
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    if mode == "documents":
        ids = (decided * (BATCH // max(1, len(decided)) + 1))[:BATCH]
        ctx.documents.generate_batch(FORM_ID, ids, target)
    else:
        ctx.ledger_import.import_institutions(target)
    ctx.close()


if __name__ == "__main__":
    main()
