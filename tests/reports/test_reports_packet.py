"""The campaign submission packet: 总结 with the period's figures, tables, one PDF and a ZIP."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from database.models import CampaignCategory as G
from database.models import CaseSource as S
from database.models import InstitutionKind as K
from desktop.app import AppContext
from desktop.cli.main import run


@pytest.mark.slow
def test_campaign_packet_pdf_and_zip(ctx: AppContext, records, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = records
    c1 = r.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    l1 = r.institution("青溪丽人美容店", K.LIFE_BEAUTY)
    u1 = r.institution("北塘<无名>&工作室", K.UNLICENSED, address="北塘镇1号")
    r.inspect(c1, date(2026, 6, 3))
    r.inspect(u1, date(2026, 6, 4), revisit=True, again=True)
    r.case(
        c1,
        filed=date(2026, 6, 1),
        source=S.RANDOM,
        decided_on=date(2026, 6, 10),
        closed_on=date(2026, 6, 20),
        fine_fen=2_000_050,
        order_correction=True,
        is_typical=True,
        campaign=G.MEDICAL_INSTITUTION,
        violated_provisions="《医疗美容服务管理办法》第十七条",
        penalty_basis="《医疗机构管理条例实施细则》第八十条",
        facts="当事人超范围开展手术",
    )
    r.case(l1, filed=date(2026, 6, 2), decided_on=date(2026, 6, 12), warning=True)
    r.case(
        u1,
        filed=date(2026, 6, 3),
        decided_on=date(2026, 6, 13),
        fine_fen=3_000_000,
        campaign=G.UNLICENSED_PRACTICE,
        judicial_transfer=True,
    )
    r.complaint(
        date(2026, 6, 5),
        closed_on=date(2026, 6, 9),
        replied_on=date(2026, 6, 9),
        reporter_satisfied=True,
    )
    r.done()
    ctx.office.save({"region": "青溪区", "authority_name": "青溪区卫生健康委员会"})
    data_dir, db_url = str(ctx.data_dir), ctx.database_url
    ctx.close()
    out = tmp_path / "packet"
    assert (
        run(
            [
                "--data-dir",
                data_dir,
                "--db",
                db_url,
                "campaign",
                "--from",
                "2026-06-01",
                "--to",
                "2026-06-30",
                "--out",
                str(out),
                "--filled-on",
                "2026-07-01",
            ]
        )
        == 0
    )

    with zipfile.ZipFile(out / "报送材料原件.zip") as archive:
        names = archive.namelist()
        summary = docx.Document(io.BytesIO(archive.read("专项整治工作总结.docx")))
    assert names == [
        "专项整治工作总结.docx",
        "附表1 医疗美容机构监督检查工作信息汇总表.xlsx",
        "附表2 无证医疗美容场所“回头看”排查情况信息汇总表.xlsx",
        "附件1 医疗美容专项整治工作汇总表.xlsx",
        "附表3 典型案例报送.docx",
    ]
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "{{" not in text and "{%" not in text
    assert "青溪区2026年医疗美容专项整治工作总结" in text
    assert "立案查处2件，结案1件，罚没金额20,000.5元，对2家单位实施行政处罚" in text
    assert "再次开展非法医疗美容1户；行政处罚1户（人）次" in text and "罚款3万元" in text
    # 附表2's column counts 人 (its header): the unit transferred is stated apart.
    assert "移送司法机关0人、单位1个（统计口径同附表2）" in text and "受理投诉举报1件" in text
    assert "本期报送典型案例1件" in text and "2026年7月1日" in text
    # The parts seed 003 asks of a 总结, in its order (the figures fill the 开展情况 sections).
    headings = [p.text for p in summary.paragraphs if re.match(r"[一二三四五六七八九十]、", p.text)]
    assert headings[4:] == [
        "五、取得的成效",
        "六、存在的问题和困难",
        "七、下一步工作安排",
        "八、长效机制建立运转情况",
    ]

    reader = PdfReader(out / "报送材料.pdf")
    assert [o.title for o in reader.outline] == [Path(n).stem for n in names]
    whole = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "医疗美容机构监督检查工作信息汇总表" in whole and "案情概述" in whole
    assert "北塘<无名>&工作室" in whole  # escaped in DOCX/XLSX, intact in print
