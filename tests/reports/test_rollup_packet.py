"""campaign --rollup (issue 20, point 5): the city's packet from the packets its districts sent."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from desktop.app import build_context
from desktop.cli.main import run
from desktop.demo.district import DemoOptions, load_demo
from desktop.reports import annex1

PERIOD = (date(2026, 1, 1), date(2026, 10, 31))
FILLED = date(2026, 11, 5)


def _district_packet(folder: Path, seed: int, unit: str) -> tuple[Path, dict[str, int]]:
    """A demo district's 报送材料原件.zip (what `campaign` writes) and its 附表1 机构数 by row."""
    ctx = build_context(str(folder / f"d{seed}"), None)
    try:
        load_demo(ctx.uow_factory, DemoOptions(seed=seed, cases=40, today=date(2026, 11, 20)))
        ctx.office.save({"region": unit, "supervision_institute": f"{unit}卫生健康监督所"})
        files = ctx.packets.originals(*PERIOD, FILLED)
        table = ctx.reports.compute("annex1", *PERIOD, FILLED)
    finally:
        ctx.close()
    sent = folder / "sent" / f"{unit}报送材料原件.zip"
    sent.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(sent, "w") as archive:
        for name, data in files:
            archive.writestr(name, data)
    counts = {label: int(table.cell(label, "机构数") or 0) for label in annex1.ROW_LABELS}
    return sent, counts


def test_campaign_rollup_builds_the_citys_packet_from_the_districts_packets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, a = _district_packet(tmp_path, 11, "青溪区")
    _, b = _district_packet(tmp_path, 22, "白沙县")
    out = tmp_path / "city"
    out.mkdir()
    data = str(tmp_path / "cityoffice")
    assert run(["--data-dir", data, "office", "set", "所在地区（报表单位）=江州市",
                "卫生监督机构名称=江州市卫生健康监督所", "汇总单位（以、分隔；留空不核对缺报）=青溪区、白沙县"]) == 0  # fmt: skip
    args = ["--data-dir", data, "campaign", "--rollup", str(tmp_path / "sent"), "--out", str(out),
            "--from", "2026-01-01", "--to", "2026-10-31", "--fill-date", "2026-11-08",
            "--accept", "结案数大于立案数=上期立案本期结案",
            "--accept", "处罚单位数大于机构数=被处罚机构已注销"]  # fmt: skip
    assert run(args) == 0, capsys.readouterr().err
    # the folder's files in name order
    assert "已汇总 白沙县、青溪区 的报送材料" in capsys.readouterr().out
    reader = PdfReader(out / "报送材料.pdf")
    assert [item.title for item in reader.outline] == [
        "专项整治工作总结",
        "附表1 医疗美容机构监督检查工作信息汇总表",
        "附表2 无证医疗美容场所“回头看”排查情况信息汇总表",
        "附件1 医疗美容专项整治工作汇总表",
        "附表3 典型案例报送",
    ]
    with zipfile.ZipFile(out / "报送材料原件.zip") as archive:
        summary = docx.Document(io.BytesIO(archive.read("专项整治工作总结.docx")))
        book = openpyxl.load_workbook(
            io.BytesIO(archive.read("附表1 医疗美容机构监督检查工作信息汇总表.xlsx"))
        )
        typical = docx.Document(io.BytesIO(archive.read("附表3 典型案例报送.docx")))
    text = "\n".join(p.text for p in summary.paragraphs)
    cosmetic = a["医疗美容机构"] + b["医疗美容机构"]
    life = a["生活美容机构"] + b["生活美容机构"]
    assert f"辖区现有医疗美容机构{cosmetic}家、生活美容机构{life}家。" in text
    assert text.startswith("江州市2026年医疗美容专项整治工作总结")
    assert book.worksheets[0]["A3"].value == "单位：江州市"
    assert book.sheetnames[1:] == ["分单位", "来源"]
    assert book["来源"]["A2"].value == "汇总单位名单 2 个，已报 2 个。"
    assert [c.value for c in book["来源"]["D"][3:5]] == ["白沙县", "青溪区"]
    paragraphs = [p.text for p in typical.paragraphs]
    assert any(p.startswith("2. 青溪区卫生健康监督所（") for p in paragraphs)
    assert any(p.startswith("1. 白沙县卫生健康监督所（") for p in paragraphs)


def test_campaign_rollup_names_a_zipped_file_by_its_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent, _ = _district_packet(tmp_path, 11, "青溪区")
    (sent.parent / "again.zip").write_bytes(sent.read_bytes())
    args = ["--data-dir", str(tmp_path / "c"), "campaign", "--rollup", str(sent.parent),
            "--out", str(tmp_path), "--from", "2026-01-01", "--to", "2026-10-31", "--unit", "江州市",
            "--accept", "结案数大于立案数=x", "--accept", "处罚单位数大于机构数=x"]  # fmt: skip
    assert run(args) == 1
    err = capsys.readouterr().err
    member = "附表1 医疗美容机构监督检查工作信息汇总表.xlsx"
    assert (
        f"{sent} › {member}：单位“青溪区”已在 {sent.parent / 'again.zip'} › {member} 中报送"
    ) in err
    assert "casedesk-rollup-" not in err
    assert not (tmp_path / "报送材料.pdf").exists()
