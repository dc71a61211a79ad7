"""典型案例 one level up (issue 20, point 4): the units' documents in one DOCX with a 目录 by unit,
each unit's 案件材料报送目录 kept; refusals with the file and reason."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import docx
import pytest

from desktop.cli.main import run
from desktop.reports import typical
from desktop.reports.table import ReportTable

START, END = date(2026, 1, 1), date(2026, 10, 31)


def _case(n: int, name: str) -> dict[str, str]:
    return {
        "序号": str(n),
        "机构名称": name,
        "处罚时间": "2026年5月6日",
        "违法事实": "超范围开展二级手术项目",
        "违反法律及处罚依据": "违反了《医疗美容服务管理办法》第十七条",
        "行政处罚具体内容": "罚款：20000元",
        "案件名称": f"{name}超范围开展二级手术项目案",
        typical.SUMMARY: f"{name}在诊室开展隆胸手术，超出备案范围。",
    }


def _casedesk_docx(path: Path, unit: str, names: list[str]) -> Path:
    details = tuple(_case(n, name) for n, name in enumerate(names, start=1))
    table = ReportTable(
        name="typical", title=f"2026年{typical.TITLE}", unit=unit, period_from=START,
        period_to=END, filled_on=END, corner="序号", columns=(), rows=(),
        detail_headers=typical.HEADERS, details=details,
    )  # fmt: skip
    path.write_bytes(typical.render_docx(table))
    return path


def _seed_template(path: Path, unit: str = "石门县", table: bool = True) -> Path:
    """The seed's 附表3 typed by hand: its heading, its table (具体内容), its 案件概述."""
    document = docx.Document()
    document.add_paragraph("2026年江州市医疗美容专项整治典型案例报送模板")
    document.add_paragraph(f"一、（{unit}）案件材料报送目录")
    if table:
        grid = document.add_table(rows=2, cols=6)
        headers = ("序号", "机构名称", "处罚时间", "违法事实", "违反法律及处罚依据", "具体内容")
        row = ("1", "石门县丽人医疗美容诊所", "2026年7月1日", "使用非卫生技术人员", "《医疗机构管理条例》第二十七条", "罚款5000元")  # fmt: skip
        for i, (h, v) in enumerate(zip(headers, row, strict=True)):
            grid.rows[0].cells[i].text = h
            grid.rows[1].cells[i].text = v
    document.add_paragraph("二、案件概述")
    document.add_paragraph("1.石门县丽人医疗美容诊所使用非卫生技术人员从事医疗卫生技术工作。")
    document.save(path)
    return path


def _cli(tmp_path: Path, *args: str) -> int:
    base = ["--data-dir", str(tmp_path / "city"), "rollup", "typical", "--from", "2026-01-01"]
    return run([*base, "--to", "2026-10-31", "--unit", "江州市", *args])


def test_typical_cases_of_three_units_in_one_document_with_a_catalogue_by_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _casedesk_docx(tmp_path / "a.docx", "青溪区卫生健康监督所", ["青溪美莱", "青溪丽都"])
    b = _casedesk_docx(tmp_path / "b.docx", "白沙县卫生健康监督所", ["白沙华美"])
    c = _seed_template(tmp_path / "c.docx")
    out = tmp_path / "typical.docx"
    assert _cli(tmp_path, str(a), str(b), str(c), "--out", str(out)) == 0
    assert "已汇总 3 个单位的典型案例 4 件" in capsys.readouterr().out
    document = docx.Document(out)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == f"江州市{typical.TITLE}（汇总）"
    assert "统计期间：2026-01-01 至 2026-10-31" in paragraphs
    assert "1. 青溪区卫生健康监督所（2 件）：青溪美莱、青溪丽都" in paragraphs
    assert "3. 石门县（1 件）：石门县丽人医疗美容诊所" in paragraphs
    assert "共 3 个单位，4 件。" in paragraphs
    # each unit's catalogue kept row by row, its 案情概述 after it, in the units' order
    sent = [docx.Document(p).tables[0] for p in (a, b, c)]
    tables = document.tables
    assert len(tables) == 4
    for kept, original in zip(tables, sent, strict=False):
        assert [[x.text for x in r.cells] for r in kept.rows] == [
            [x.text for x in r.cells] for r in original.rows
        ]
    order = [paragraphs.index(t) for t in ("2. 白沙县卫生健康监督所", "3. 石门县")]
    assert order == sorted(order)
    assert "青溪丽都在诊室开展隆胸手术，超出备案范围。" in paragraphs
    assert "1.石门县丽人医疗美容诊所使用非卫生技术人员从事医疗卫生技术工作。" in paragraphs
    sources = [[x.text for x in r.cells] for r in tables[3].rows]
    assert sources[0] == ["文件", "SHA-256", "单位", "案件数"]
    assert sources[3] == ["c.docx", hashlib.sha256(c.read_bytes()).hexdigest(), "石门县", "1"]


def test_typical_refusals_name_the_file_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _casedesk_docx(tmp_path / "a.docx", "青溪区", ["青溪美莱"])
    twice = _casedesk_docx(tmp_path / "twice.docx", "青溪区", ["青溪丽都"])
    placeholder = _seed_template(tmp_path / "blank.docx", unit="XX镇")
    no_table = _seed_template(tmp_path / "notable.docx", table=False)
    (tmp_path / "bad.docx").write_text("x", encoding="utf-8")
    files = [a, twice, placeholder, no_table, tmp_path / "bad.docx"]
    out = tmp_path / "typical.docx"
    assert _cli(tmp_path, *map(str, files), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "错误：未汇总，4 个问题：" in err
    assert f"{twice}：单位“青溪区”已在 {a} 中报送。" in err
    assert f"{placeholder}：“一、…案件材料报送目录”标题中未写明单位。" in err
    assert f"{no_table}：没有案件材料报送目录表（表头：序号、机构名称" in err
    assert f"{tmp_path / 'bad.docx'}：不是可读取的 DOCX 文件" in err
    assert not out.exists()
    assert _cli(tmp_path, str(a), "--out", str(tmp_path / "x.xlsx")) == 1
    assert "--out：输出文件应以 .docx 结尾。" in capsys.readouterr().err
