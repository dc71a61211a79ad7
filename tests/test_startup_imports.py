"""Issue 18: the window's start does not import what the 工作台 does not use.

Importing every service (openpyxl, pypdf, python-docx, docxtpl, PIL, the report layouts) cost
the 工作台 0.35 s of its start; they are imported when a service is first used. A fresh
interpreter opens a real data folder as the window does, loads the 工作台's first pass, and
lists what got imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

#: Heavy packages only documents, reports, imports and previews need.
NOT_AT_START = ("openpyxl", "pypdf", "docx", "docxtpl", "PIL", "jinja2", "pypdfium2", "alembic")

_CHILD = """
import json, sys
from desktop.app import build_context
ctx = build_context(sys.argv[1], startup_check=True)
ctx.enable_warm_office()
ctx.dashboard.load(legal=False)
ctx.legal_flags.open_cases()
ctx.backups.reminders()
ctx.close()
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_opening_the_database_and_the_dashboard_import_no_document_library(
    tmp_path: Path,
) -> None:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", "from desktop.app import build_context; "
                    f"build_context({str(tmp_path)!r}).close()"], check=True, env=env)  # fmt: skip
    done = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path)], env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    imported = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "sqlalchemy" in imported  # the child did open the database
    assert not imported & set(NOT_AT_START), sorted(imported & set(NOT_AT_START))
    # With a passphrase the key comes from the key file: the keyring package is not imported.
    assert env.get("CASEDESK_KEY_PASSPHRASE") and "keyring" not in imported
