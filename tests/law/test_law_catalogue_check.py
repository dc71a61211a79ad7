"""`provisions check`: a catalogue an office extends is checked cell by cell, each finding naming
the file, the line and the column in Chinese; the shipped catalogue passes."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_inprocess import casedesk_here

from desktop.common.errors import CasedeskError
from desktop.law.catalogue import SEED_DIR
from desktop.law.catalogue_files import (
    PROVISION_COLUMNS,
    TIER_COLUMNS,
    check_catalogue,
    read_catalogue,
)

#: Two versions of one provision of an office's own, as the office would write them.
ROWS = [
    {"code": "BJ-01", "violation": "本地测试违法行为", "cause_category": "其他", "authority": "卫生健康",
     "party": "机构", "violated_law": "医疗废物管理条例", "violated_ref": "第十四条第二款",
     "basis_law": "医疗废物管理条例", "basis_ref": "第四十七条第一项", "effective_from": "2011-01-08",
     "predecessor": "BJ-01-2003", "verified": "0"},
    {"code": "BJ-01-2003", "violation": "本地测试违法行为（旧）", "cause_category": "其他",
     "authority": "卫生健康", "party": "机构", "violated_law": "医疗废物管理条例（2003年公布）",
     "violated_ref": "第十四条", "basis_law": "医疗废物管理条例（2003年公布）",
     "basis_ref": "第四十七条", "effective_from": "2003-06-16", "effective_to": "2011-01-07",
     "verified": "0"},
]  # fmt: skip
TIERS = [
    {"code": "BJ-01", "tier": "1", "mandatory_kinds": "警告、罚款", "fine_base": "fixed",
     "min_fine_yuan": "5000", "max_fine_yuan": "10000", "range_text": "给予警告，并处5000元以上1万元以下的罚款"},
    {"code": "BJ-01", "tier": "2", "condition": "逾期不改正", "mandatory_kinds": "罚款",
     "fine_base": "fixed", "min_fine_yuan": "10000", "max_fine_yuan": "30000",
     "range_text": "逾期不改正的，处1万元以上3万元以下的罚款"},
]  # fmt: skip


def write(folder: Path, rows: list[dict[str, str]], tiers: list[dict[str, str]],
          drop: str = "") -> Path:  # fmt: skip
    """The two files in a folder (every column, '' where a row does not say; `drop` left out)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns, records in (("provisions.csv", PROVISION_COLUMNS, rows),
                                   ("provision_tiers.csv", TIER_COLUMNS, tiers)):  # fmt: skip
        fields = [c for c in columns if c != drop]
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows({c: r.get(c, "") for c in fields} for r in records)
    return folder


def findings(tmp_path: Path, rows: list[dict[str, str]] = ROWS,
             tiers: list[dict[str, str]] = TIERS, drop: str = "") -> list[str]:  # fmt: skip
    return [str(i) for i in check_catalogue(write(tmp_path / "cat", rows, tiers, drop))]


def changed(records: list[dict[str, str]], index: int, **cells: str) -> list[dict[str, str]]:
    return [{**r, **cells} if n == index else r for n, r in enumerate(records)]


def test_the_shipped_catalogue_and_a_sound_local_one_pass(tmp_path: Path) -> None:
    assert check_catalogue(SEED_DIR) == []
    assert findings(tmp_path) == []
    rows = {p.code: p for p in read_catalogue(tmp_path / "cat")}
    assert rows["BJ-01"].basis_article == "《医疗废物管理条例》第四十七条第一项"
    assert rows["BJ-01-2003"].violated_article == "《医疗废物管理条例》（2003年公布）第十四条"
    assert [t.condition for t in rows["BJ-01"].tiers] == ["", "逾期不改正"]


@pytest.mark.parametrize(
    ("rows", "tiers", "expected"),
    [
        (changed(ROWS, 0, authority="卫健委"), TIERS,
         "provisions.csv 第2行 authority（实施机关）列：“卫健委”不是可选值（可选：卫生健康、中医药、"
         "疾病预防控制、药品监管、市场监管、生态环境、公安）"),
        (changed(ROWS, 0, party="单位"), TIERS, "provisions.csv 第2行 party（处罚对象）列：“单位”不是可选值"),
        (ROWS, changed(TIERS, 0, mandatory_kinds="警告、罚金"),
         "provision_tiers.csv 第2行 mandatory_kinds（必处种类）列：未知的处罚种类：罚金"),
        (ROWS, changed(TIERS, 1, condition="屡教不改"),
         "provision_tiers.csv 第3行 condition（处罚情形）列：“屡教不改”不是可选值"),
        (ROWS, changed(TIERS, 1, code="BJ-02"),
         "provision_tiers.csv 第3行 code（编码）列：编码“BJ-02”不在 provisions.csv 中"),
        (ROWS, changed(TIERS, 0, min_fine_yuan="20000"),
         "provision_tiers.csv 第2行 max_fine_yuan（罚款上限(元)）列：罚款上限 10000 元低于下限 20000 元"),
        (ROWS, changed(TIERS, 0, fine_base="illegal_income", min_fine_yuan="", max_fine_yuan="",
                       min_multiple="5", max_multiple="2"),
         "provision_tiers.csv 第2行 max_multiple（最高倍数）列：最高倍数 2 低于最低倍数 5"),
        (ROWS, changed(TIERS, 0, fine_base="none"),
         "provision_tiers.csv 第2行 fine_base（罚款基数）列：有罚款的档次须写明罚款基数"),
        (ROWS, changed(TIERS, 1, tier="3"),
         "provision_tiers.csv 第2行 tier（档次）列：BJ-01 的档次应依次为 1、2，而不是 1、3"),
        (changed(ROWS, 0, effective_from="2011-13-08"), TIERS,
         "provisions.csv 第2行 effective_from（施行日期）列：“2011-13-08”不是日期，请写成 2022-05-01 的样子"),
        (changed(ROWS, 1, effective_to="2003-06-16"), TIERS,
         "provisions.csv 第3行 effective_to（失效日期）列：失效日期 2003-06-16 不晚于施行日期 2003-06-16"),
        (changed(ROWS, 0, predecessor="BJ-00"), TIERS,
         "provisions.csv 第2行 predecessor（前一版本）列：前一版本“BJ-00”不在 provisions.csv 中"),
        (changed(ROWS, 1, effective_to="2012-12-31"), TIERS,
         "provisions.csv 第3行 effective_from（施行日期）列：与第2行（BJ-01）是同一条款的不同版本，"
         "施行期间重叠：同一天只能有一个版本施行"),
        (changed(ROWS, 1, code="BJ-01"), TIERS,
         "provisions.csv 第3行 code（编码）列：编码“BJ-01”与第2行重复"),
        (changed(ROWS, 0, basis_ref="第四十七条第一项；第八十一条"), TIERS,
         "provisions.csv 第2行 basis_ref（依据条款项）列：“；”分隔的部分数（2）与 basis_law 列的法律数（1）不一致"),
        (changed(ROWS, 0, violated_law="《医疗废物管理条例》"), TIERS,
         "provisions.csv 第2行 violated_law（违反法律）列：法律名称不加书名号"),
        (changed(ROWS, 0, verified="1"), TIERS,
         "provisions.csv 第2行 verified（已核对）列：标为已核对（1）的行须写明来源（source）和核对日期（checked）"),
    ],
)  # fmt: skip
def test_each_kind_of_error_names_file_line_and_column(
    tmp_path: Path, rows: list[dict[str, str]], tiers: list[dict[str, str]], expected: str
) -> None:
    found = findings(tmp_path, rows, tiers)
    assert any(f.startswith(expected) for f in found), found


def test_a_missing_column_is_said_once(tmp_path: Path) -> None:
    assert findings(tmp_path, drop="authority") == [
        "provisions.csv 第1行：缺少列：authority（实施机关）"
    ]
    assert findings(tmp_path, drop="range_text") == [
        "provision_tiers.csv 第1行：缺少列：range_text（处罚幅度）"
    ]


def test_a_file_that_is_missing_or_not_utf8(tmp_path: Path) -> None:
    folder = write(tmp_path / "cat", ROWS, TIERS)
    (folder / "provision_tiers.csv").unlink()
    [missing] = check_catalogue(folder)
    assert str(missing).startswith("provision_tiers.csv：找不到文件")
    (folder / "provision_tiers.csv").write_bytes("编码".encode("gb18030"))
    assert "不是 UTF-8 编码" in str(check_catalogue(folder)[0])
    with pytest.raises(CasedeskError, match="法律条款库文件有误，未载入"):
        read_catalogue(folder)


def _casedesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())",
         "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env=dict(os.environ), timeout=120,
    )  # fmt: skip


def test_the_command_checks_a_folder_and_says_so_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = _casedesk(tmp_path / "d", "provisions", "check")  # a child process once, then here
    assert shipped.returncode == 0 and "没有发现错误" in shipped.stdout
    broken = write(tmp_path / "cat", changed(ROWS, 0, authority="卫健委"),
                   changed(TIERS, 0, min_fine_yuan="20000"))  # fmt: skip
    result = casedesk_here(capsys, tmp_path / "d", "provisions", "check", str(broken))
    assert result.returncode == 1
    assert "provisions.csv 第2行 authority（实施机关）列" in result.stdout
    assert "provision_tiers.csv 第2行 max_fine_yuan" in result.stdout
    assert "条款库检查完成：2 个错误" in result.stdout
    absent = casedesk_here(capsys, tmp_path / "d", "provisions", "check", str(tmp_path / "nowhere"))
    assert absent.returncode == 1 and "找不到条款库目录" in absent.stderr
    assert "Traceback" not in result.stderr + absent.stderr + shipped.stderr
