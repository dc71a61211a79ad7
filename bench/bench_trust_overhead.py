"""Benchmark: what encryption + the audit trail cost on a 5,000-row 机构名录 import.

Prints our figure (the app's wiring: encrypted phone columns, keyed hashes, audit events with
old→new values and the hash chain), the raw reference measured in the same run (the same import
through a plain session: no cipher, no audit hooks, phones as plain text), and their ratio.

    .venv/bin/python bench/bench_trust_overhead.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from common import report
from openpyxl import Workbook
from sqlalchemy.orm import sessionmaker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", "bench-passphrase-only")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from database.encrypted import use_cipher  # noqa: E402
from database.engine import make_engine, sqlite_url  # noqa: E402
from database.migrate import upgrade_to_head  # noqa: E402
from database.unit_of_work import UowFactory  # noqa: E402
from desktop.app import build_context  # noqa: E402
from desktop.ledger.service import LedgerImportService  # noqa: E402


class _PlainCipher:
    """Identity 'cipher' so the reference stores phones as they are."""

    def encrypt(self, plaintext: str) -> str:
        return plaintext

    def decrypt(self, ciphertext: str) -> str:
        return ciphertext

    def index(self, plaintext: str) -> str:
        return plaintext


def _ledger(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["机构名称", "机构类别", "联系电话", "地址", "法定代表人"])
    for i in range(rows):
        sheet.append(
            [f"基准测试诊所{i:06d}", "医疗美容诊所", f"139{i:08d}", f"青溪路{i}号", "张三"]
        )
    book.save(path)


def main() -> None:
    """Run both imports on fresh databases and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "ledger.xlsx"
        _ledger(ledger, args.rows)

        ctx = build_context(str(Path(tmp) / "ours"))
        start = time.perf_counter()
        ctx.ledger_import.import_institutions(ledger)
        ours = time.perf_counter() - start
        ctx.close()

        engine = make_engine(sqlite_url(Path(tmp) / "raw" / "raw.db"))
        upgrade_to_head(engine)
        use_cipher(engine, _PlainCipher())
        raw_service = LedgerImportService(UowFactory(sessionmaker(engine, expire_on_commit=False)))
        start = time.perf_counter()
        raw_service.import_institutions(ledger)
        raw = time.perf_counter() - start
        engine.dispose()
    print(f"rows: {args.rows}")
    # No issue sets a target for this cost: the figure is for information.
    report("import_encrypted_audited", ours, raw, unit="s", target="information only")


if __name__ == "__main__":
    main()
