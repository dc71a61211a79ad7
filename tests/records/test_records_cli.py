"""The command line: init, demo, list, import failures, exit codes. Each command family runs at
least once as a real process (`casedesk`); the rest of a test runs it in this process
(cli_inprocess), which proves the same about the command in a fraction of the time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_inprocess import casedesk_here
from ledger_files import write_sheet
from test_records_import import CASE_HEADERS, CODE_A, CODE_B, INST_HEADERS, INST_ROWS, case_row


def casedesk(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `casedesk --data-dir DIR ARGS…` and capture its UTF-8 output."""
    return subprocess.run(
        [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())",
         "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120,
    )  # fmt: skip


def test_init_demo_list_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert casedesk(data, "init").returncode == 0
    demo = casedesk(data, "demo", "--cases", "60", "--seed", "7")
    assert demo.returncode == 0, demo.stderr
    assert "青溪区" in demo.stdout
    listed = casedesk(data, "list", "cases", "--json")
    assert listed.returncode == 0
    cases = json.loads(listed.stdout)
    # 60 random cases, 4 placed in 执行 and 陈述申辩/听证, plus those inspection findings opened.
    assert len(cases) >= 64 and f"案件 {len(cases)} 件" in demo.stdout
    assert {"case_no", "party_name", "cause", "status", "filed_on", "fine_fen"} <= set(cases[0])
    assert {c["source"] for c in cases} >= {"社会举报", "随机抽查"}
    # The rest in this process: the same commands, the district made by the child above.
    institutions = json.loads(casedesk_here(capsys, data, "list", "institutions", "--json").stdout)
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
    assert casedesk_here(capsys, other, "demo", "--cases", "60", "--seed", "7").returncode == 0
    assert json.loads(casedesk_here(capsys, other, "list", "cases", "--json").stdout) == cases
    again = casedesk_here(capsys, data, "demo")
    assert again.returncode == 1 and "只能载入空数据库" in again.stderr


def test_import_then_list_field_by_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process: what import and list make of the rows (the child process: the next test).
    data = tmp_path / "d"
    institutions_file = write_sheet(tmp_path / "机构名录.xlsx", INST_HEADERS, INST_ROWS)
    imported = casedesk_here(capsys, data, "import", "institutions", str(institutions_file))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "导入完成：新增 3 条，更新 0 条。"
    listed = casedesk_here(capsys, data, "list", "institutions", "--json")
    assert listed.returncode == 0, listed.stderr
    by_name = {row.pop("name"): row for row in json.loads(listed.stdout)}
    for row in by_name.values():
        assert isinstance(row.pop("id"), int)
    assert by_name == {
        "青溪悦容医疗美容门诊部": {"credit_code": CODE_A, "kind": "医疗美容门诊部", "town": "东湖街道",
                              "status": "正常", "credit_grade": "B", "legal_representative": "王芳"},
        "青溪如玉美容美体店": {"credit_code": CODE_B, "kind": "生活美容机构", "town": "南港镇",
                           "status": "正常", "credit_grade": "", "legal_representative": "李静"},
        "北塘镇无名美容工作室": {"credit_code": "", "kind": "无证场所", "town": "北塘镇",
                            "status": "正常", "credit_grade": "", "legal_representative": ""},
    }  # fmt: skip

    cases_file = write_sheet(tmp_path / "案件台账.xlsx", CASE_HEADERS, [
        case_row("青卫医罚〔2024〕1号"),
        case_row("青卫医罚〔2024〕2号", 当事人="张三", 当事人类型="个人", 统一社会信用代码=None,
                 案件来源="社会举报", 案由分类="机构资质", 案由="未取得医疗机构执业许可证擅自执业案",
                 立案日期="2024-06-03", 处罚决定日期=None, 结案日期=None, 警告="否", 责令改正="否",
                 所在镇街="北塘镇", **{"罚款金额(元)": None, "没收违法所得(元)": None}),
    ])  # fmt: skip
    imported = casedesk_here(capsys, data, "import", "cases", str(cases_file))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "导入完成：新增 2 条，更新 0 条。"
    listed = casedesk_here(capsys, data, "list", "cases", "--json")
    assert listed.returncode == 0, listed.stderr
    cases = json.loads(listed.stdout)
    for row in cases:
        assert isinstance(row.pop("id"), int)
    assert cases == [  # newest 立案 first
        {"case_no": "青卫医罚〔2024〕2号", "party_name": "张三", "party_type": "个人",
         "cause": "未取得医疗机构执业许可证擅自执业案", "source": "社会举报", "cause_category": "机构资质",
         "status": "立案", "town": "北塘镇", "filed_on": "2024-06-03", "decided_on": None,
         "closed_on": None, "fine_fen": 0, "confiscation_fen": 0, "penalty_tier_condition": "",
         "correction_ordered_on": None},
        {"case_no": "青卫医罚〔2024〕1号", "party_name": "青溪悦容医疗美容门诊部", "party_type": "机构",
         "cause": "使用非卫生技术人员案", "source": "随机抽查", "cause_category": "人员管理",
         "status": "结案", "town": "东湖街道", "filed_on": "2024-03-01", "decided_on": "2024-04-15",
         "closed_on": "2024-05-20", "fine_fen": 2_000_050, "confiscation_fen": 123_456,
         "penalty_tier_condition": "", "correction_ordered_on": None},
    ]  # fmt: skip
    searched = json.loads(
        casedesk_here(capsys, data, "list", "cases", "--search", "张三", "--json").stdout
    )
    assert [c["case_no"] for c in searched] == ["青卫医罚〔2024〕2号"]
    # The same files again: nothing new, nothing duplicated (the closed case is left as it is).
    again = casedesk_here(capsys, data, "import", "cases", str(cases_file))
    assert again.stdout.strip() == "导入完成：新增 0 条，更新 0 条，无变化 2 条。"
    again = casedesk_here(capsys, data, "import", "institutions", str(institutions_file))
    assert again.stdout.strip() == "导入完成：新增 0 条，更新 0 条，无变化 3 条。"
    assert (
        len(json.loads(casedesk_here(capsys, data, "list", "institutions", "--json").stdout)) == 3
    )


def test_bad_ledger_leaves_database_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    assert casedesk_here(capsys, data, "demo", "--cases", "20").returncode == 0
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
        [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())", "init"],
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


def test_a_wrong_database_url_is_a_chinese_message(tmp_path: Path) -> None:
    # --db and CASEDESK_DB are typed by hand: a typo names the address, never a traceback.
    typo = casedesk(tmp_path, "init", env={"CASEDESK_DB": "casedesk.db"})
    assert typo.returncode == 1 and "Traceback" not in typo.stderr
    assert "数据库地址“casedesk.db”无法识别" in typo.stderr and "CASEDESK_DB" in typo.stderr
    unknown = casedesk(tmp_path, "--db", "sqlserver://clerk:secret@host/db", "list", "cases")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert "不支持数据库地址" in unknown.stderr and "postgresql+psycopg://" in unknown.stderr
    assert "secret" not in unknown.stderr
    assert not (tmp_path / "casedesk.db").exists()


def test_deadline_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-02-10 + 7 working days: Feb 11, 12, 13, 14 (调休 Saturday), then Spring Festival
    # Feb 15–23, then Feb 24, 25, 26.
    out = casedesk(tmp_path, "deadline", "--from", "2026-02-10", "--working-days", "7", "--json")
    assert json.loads(out.stdout) == {
        "due": "2026-02-26",
        "provisional": False,
        "unknown_years": [],
    }
    provisional = casedesk_here(
        capsys, tmp_path, "deadline", "--from", "2026-12-30", "--working-days", "3"
    )
    assert "暂定" in provisional.stdout and "2027" in provisional.stdout
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text(
        "# 完整: 2027\n日期,类型,名称\n2027-01-01,休,元旦\n2027-01-04,休,元旦调休示例\n",
        encoding="utf-8",
    )
    assert casedesk_here(capsys, tmp_path, "calendar", "import", str(csv_file)).returncode == 0
    entered = casedesk_here(
        capsys, tmp_path, "deadline", "--from", "2026-12-30", "--working-days", "3", "--json"
    )
    # Dec 31 (Thu), then Jan 1 holiday, Jan 2–3 weekend, Jan 4 entered holiday, Jan 5, Jan 6.
    assert json.loads(entered.stdout) == {
        "due": "2027-01-06",
        "provisional": False,
        "unknown_years": [],
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("2027-02-01,假\n", encoding="utf-8")
    result = casedesk(tmp_path, "calendar", "import", str(bad))  # the calendar family's child
    assert result.returncode == 1 and "第1行 类型" in result.stderr
