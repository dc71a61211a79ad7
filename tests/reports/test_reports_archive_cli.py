"""`casedesk archive export` run as a real process: a closed case lacking documents is named with
its missing documents and stops the export, unless --allow-gaps records the gaps in the manifest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

from report_datasets import Records
from test_reports_archive import FULL, _closed_case

from desktop import paths
from desktop.app import AppContext
from desktop.trust.file_store import FileStore


def casedesk(ctx_dir: str, db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `casedesk --data-dir DIR --db URL ARGS…` and capture its UTF-8 output."""
    return subprocess.run(
        [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())",
         "--data-dir", ctx_dir, "--db", db_url, *args],
        capture_output=True, text=True, encoding="utf-8", env=dict(os.environ), timeout=600,
    )  # fmt: skip


def test_archive_export_names_the_gaps_and_needs_allow_gaps(
    ctx: AppContext, records: Records, tmp_path: Path
) -> None:
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    _closed_case(ctx, records, store, 1, date(2026, 5, 1), FULL)
    # 结案报告 and 送达回执 missing
    gap_id = _closed_case(ctx, records, store, 2, date(2026, 2, 1), FULL[:4])
    records.done()
    gap_no = ctx.cases.get(gap_id).case_no
    data_dir, db_url = str(ctx.data_dir), ctx.database_url
    ctx.close()
    out = tmp_path / "2026.zip"

    refused = casedesk(data_dir, db_url, "archive", "export", "--year", "2026", "--out", str(out))
    assert refused.returncode == 1, refused.stdout
    assert f"{gap_no} 缺少：结案报告、送达回执" in refused.stderr
    assert "有 1 件结案案件的卷宗缺少文书" in refused.stderr and "--allow-gaps" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not out.exists()  # nothing written

    done = casedesk(
        data_dir, db_url, "archive", "export", "--year", "2026", "--out", str(out), "--allow-gaps"
    )
    assert done.returncode == 0, done.stderr
    assert f"{gap_no} 缺少：结案报告、送达回执（已以缺页说明代替，记入清单）" in done.stdout
    assert "已导出 2026 年结案卷宗 2 卷" in done.stdout
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    by_no = {c["case_no"]: c for c in manifest["cases"]}
    assert by_no[gap_no]["missing"] == ["结案报告", "送达回执"]
    assert [c["missing"] for no, c in by_no.items() if no != gap_no] == [[]]
    assert casedesk(data_dir, db_url, "archive", "verify", str(out)).returncode == 0


def test_packet_lists_each_missing_document_and_the_ways_on(
    ctx: AppContext, records: Records, tmp_path: Path
) -> None:
    store = FileStore(paths.file_store_dir(ctx.data_dir))
    gap_id = _closed_case(ctx, records, store, 1, date(2026, 2, 1), FULL[:4])
    records.done()
    gap_no = ctx.cases.get(gap_id).case_no
    data_dir, db_url = str(ctx.data_dir), ctx.database_url
    ctx.close()
    out = tmp_path / "卷宗.pdf"

    refused = casedesk(data_dir, db_url, "packet", "--case", gap_no, "--out", str(out))
    assert refused.returncode == 1, refused.stdout
    # Listed before building, one line each as the issue writes them ("缺少：送达回执").
    lines = refused.stderr.splitlines()
    assert lines[:2] == ["缺少：结案报告", "缺少：送达回执"]
    assert "--fill-missing" in lines[2] and "--allow-gaps" in lines[2]
    assert "Traceback" not in refused.stderr and not out.exists()
