"""The command line, run as a real process: init, demo, list, import failures, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ledger_files import write_sheet
from test_records_import import CASE_HEADERS, case_row


def casedesk(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `casedesk --data-dir DIR ARGS…` and capture its UTF-8 output."""
    return subprocess.run(
        [sys.executable, "-c", "from desktop.app import main; raise SystemExit(main())",
         "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120,
    )  # fmt: skip


def test_init_demo_list_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert casedesk(data, "init").returncode == 0
    demo = casedesk(data, "demo", "--cases", "60", "--seed", "7")
    assert demo.returncode == 0, demo.stderr
    assert "青溪区" in demo.stdout and "案件 6" in demo.stdout
    listed = casedesk(data, "list", "cases", "--json")
    assert listed.returncode == 0
    cases = json.loads(listed.stdout)
    assert len(cases) >= 60  # plus the cases the demo opens from failed inspection items
    assert {"case_no", "party_name", "cause", "status", "filed_on", "fine_fen"} <= set(cases[0])
    assert {c["source"] for c in cases} >= {"社会举报", "随机抽查"}
    institutions = json.loads(casedesk(data, "list", "institutions", "--json").stdout)
    assert len(institutions) >= 40
    assert {i["kind"] for i in institutions} == {
        "医疗美容医院",
        "医疗美容门诊部",
        "医疗美容诊所",
        "其他医疗机构",
        "生活美容机构",
        "无证场所",
    }
    # The same seed gives the same district.
    other = tmp_path / "e"
    casedesk(other, "demo", "--cases", "60", "--seed", "7")
    assert json.loads(casedesk(other, "list", "cases", "--json").stdout) == cases
    again = casedesk(data, "demo")
    assert again.returncode == 1 and "只能载入空数据库" in again.stderr


def test_bad_ledger_leaves_database_as_it_was(tmp_path: Path) -> None:
    data = tmp_path / "d"
    casedesk(data, "demo", "--cases", "20")
    before = casedesk(data, "list", "cases", "--json").stdout
    ledger = write_sheet(tmp_path / "bad.xlsx", CASE_HEADERS,
                         [case_row("新-1"), case_row("新-2", 案件来源="网上"), case_row("新-3", 立案日期="2024-13-01")])  # fmt: skip
    result = casedesk(data, "import", "cases", str(ledger))
    assert result.returncode == 1
    assert "第3行 “案件来源”" in result.stderr and "第4行 “立案日期”" in result.stderr
    assert "Traceback" not in result.stderr
    assert casedesk(data, "list", "cases", "--json").stdout == before


def test_environment_and_usage_errors(tmp_path: Path) -> None:
    env_dir = tmp_path / "from-env"
    result = subprocess.run(
        [sys.executable, "-c", "from desktop.app import main; raise SystemExit(main())", "init"],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, "CASEDESK_DATA_DIR": str(env_dir)},
    )  # fmt: skip
    assert result.returncode == 0 and (env_dir / "casedesk.db").exists()
    usage = casedesk(tmp_path, "list", "things")
    assert usage.returncode == 2 and "命令行参数错误" in usage.stderr
    assert "不是可选值：'things'" in usage.stderr and "invalid choice" not in usage.stderr
    required = casedesk(tmp_path, "evidence", "add", "--case", "1")
    assert required.returncode == 2 and "命令行参数错误：缺少参数 files" in required.stderr
    missing = casedesk(tmp_path, "import", "cases", str(tmp_path / "无此文件.xlsx"))
    assert missing.returncode == 1 and "找不到文件" in missing.stderr
    share = casedesk(tmp_path, "--db", "sqlite:///\\\\server\\share\\casedesk.db", "init")
    assert share.returncode == 1 and "网络共享" in share.stderr and "PostgreSQL" in share.stderr


def test_deadline_command(tmp_path: Path) -> None:
    # 2026-02-10 + 7 working days: Feb 11, 12, 13, 14 (调休 Saturday), then Spring Festival
    # Feb 15–23, then Feb 24, 25, 26.
    out = casedesk(tmp_path, "deadline", "--from", "2026-02-10", "--working-days", "7", "--json")
    assert json.loads(out.stdout) == {
        "due": "2026-02-26",
        "provisional": False,
        "unknown_years": [],
    }
    provisional = casedesk(tmp_path, "deadline", "--from", "2026-12-30", "--working-days", "3")
    assert "暂定" in provisional.stdout and "2027" in provisional.stdout
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-01-04,休,元旦调休示例\n", encoding="utf-8"
    )
    assert casedesk(tmp_path, "calendar", "import", str(csv_file)).returncode == 0
    entered = casedesk(
        tmp_path, "deadline", "--from", "2026-12-30", "--working-days", "3", "--json"
    )
    # Dec 31 (Thu), then Jan 1 holiday, Jan 2–3 weekend, Jan 4 entered holiday, Jan 5, Jan 6.
    assert json.loads(entered.stdout) == {
        "due": "2027-01-06",
        "provisional": False,
        "unknown_years": [],
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("2027-02-01,假\n", encoding="utf-8")
    result = casedesk(tmp_path, "calendar", "import", str(bad))
    assert result.returncode == 1 and "第1行 类型" in result.stderr
