"""附表1 on a hand-built district whose right answer is stated cell by cell."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from database.models import CaseSource as S
from database.models import CauseCategory as C
from database.models import InstitutionKind as K
from database.models import InstitutionStatus
from desktop.app import AppContext
from desktop.services.reports.table import ReportTable

START, END = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def annex1_table(ctx: AppContext, records) -> ReportTable:  # type: ignore[no-untyped-def]
    r = records
    l1 = r.institution("青溪丽人美容店", K.LIFE_BEAUTY)
    r.institution("青溪已注销美容店", K.LIFE_BEAUTY, status=InstitutionStatus.CANCELLED)
    c1 = r.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    c2 = r.institution(
        "青溪雅美医疗美容诊所", K.COSMETIC_CLINIC, status=InstitutionStatus.SUSPENDED
    )
    o1 = r.institution("青溪仁和医院", K.OTHER_MEDICAL, cosmetic_filed=True)
    o2 = r.institution("青溪社区卫生服务中心", K.OTHER_MEDICAL)
    u1 = r.institution("北塘无名工作室", K.UNLICENSED)
    c3 = r.institution("青溪医疗美容医院", K.COSMETIC_HOSPITAL)
    r.inspect(l1, date(2026, 3, 10))
    r.inspect(c1, date(2026, 3, 31))
    r.inspect(c1, date(2026, 3, 15))
    r.inspect(c3, date(2026, 2, 28))  # before the period
    r.inspect(o2, date(2026, 3, 12))  # not a 医疗美容 institution
    # K1: 随机抽查 counts under 日常监督检查; filed on the first day, closed on the last; 分 amounts.
    r.case(
        c1,
        filed=START,
        source=S.RANDOM,
        cause_category=C.PERSONNEL,
        decided_on=date(2026, 3, 20),
        closed_on=END,
        warning=True,
        fine_fen=1_234_567,
        confiscation_fen=50,
    )
    # K2: 责令改正 alone is no penalty; filed before the period.
    r.case(
        o1,
        filed=date(2026, 2, 28),
        source=S.COMPLAINT,
        cause_category=C.QUALIFICATION,
        decided_on=date(2026, 3, 5),
        order_correction=True,
    )
    # K3: 专项检查 filed on the last day, decided after the period: its amount does not count.
    r.case(
        c2,
        filed=END,
        source=S.SPECIAL,
        cause_category=C.TECHNOLOGY,
        decided_on=date(2026, 4, 1),
        fine_fen=100_000,
    )
    # K4: transfer to the judiciary without penalty, closed in the period.
    r.case(
        c3,
        filed=date(2026, 1, 10),
        source=S.SUPERIOR,
        cause_category=C.DRUGS,
        decided_on=date(2026, 3, 10),
        closed_on=date(2026, 3, 15),
        judicial_transfer=True,
    )
    # K5: decided but not closed.
    r.case(
        l1,
        filed=date(2026, 3, 2),
        source=S.ROUTINE,
        cause_category=C.QUALIFICATION,
        decided_on=date(2026, 3, 25),
        fine_fen=50_000,
    )
    # K6: a 个人 party of a 生活美容 venue: counts in the row, not as a 单位.
    r.case(
        "张某",
        party_kind=K.LIFE_BEAUTY,
        filed=date(2026, 3, 15),
        source=S.COMPLAINT,
        cause_category=C.OTHER,
        decided_on=date(2026, 3, 16),
        fine_fen=20_000,
        confiscation_fen=1,
    )
    # K7: an unlicensed venue is in neither row.
    r.case(
        u1, filed=date(2026, 3, 3), source=S.COMPLAINT, decided_on=date(2026, 3, 4), fine_fen=9_900
    )
    # K8: 其他部门移送 has no source column but counts under its 案由.
    r.case(
        c1,
        filed=date(2026, 3, 10),
        source=S.TRANSFER,
        cause_category=C.QUALITY,
        decided_on=date(2026, 3, 11),
        warning=True,
    )
    # K9: revocation decided on the last day; closed after the period.
    r.case(
        c2,
        filed=date(2026, 1, 5),
        source=S.SUPERIOR,
        cause_category=C.TECHNOLOGY,
        decided_on=END,
        closed_on=date(2026, 4, 2),
        revocation=True,
    )
    r.done()
    return ctx.reports.compute("annex1", START, END, filled_on=date(2026, 4, 3))


EXPECTED = {
    "医疗美容机构": {
        "机构数": 4,
        "检查单位数": 1,
        "行政处罚单位数": 2,
        "案件来源/上级交办/立案数": 0,
        "案件来源/上级交办/结案数": 1,
        "案件来源/上级交办/罚没金额(元)": Decimal("0"),
        "案件来源/社会举报/立案数": 0,
        "案件来源/社会举报/结案数": 0,
        "案件来源/社会举报/罚没金额(元)": Decimal("0"),
        "案件来源/日常监督检查/立案数": 2,
        "案件来源/日常监督检查/结案数": 1,
        "案件来源/日常监督检查/罚没金额(元)": Decimal("12346.17"),
        "案由分类/违反机构资质管理相关规定/立案数": 0,
        "案由分类/违反人员管理相关规定/立案数": 1,
        "案由分类/违反人员管理相关规定/结案数": 1,
        "案由分类/违反人员管理相关规定/罚没金额(元)": Decimal("12346.17"),
        "案由分类/违反医疗技术管理相关规定/立案数": 1,
        "案由分类/违反医疗技术管理相关规定/结案数": 0,
        "案由分类/违反医疗技术管理相关规定/罚没金额(元)": Decimal("0"),
        "案由分类/违反医疗质量、医疗文书管理相关规定/立案数": 1,
        "案由分类/违反药品、医疗器械管理相关规定/立案数": 0,
        "案由分类/违反药品、医疗器械管理相关规定/结案数": 1,
        "案由分类/其他违法违规行为/立案数": 0,
    },
    "生活美容机构": {
        "机构数": 1,
        "检查单位数": 1,
        "行政处罚单位数": 1,
        "案件来源/社会举报/立案数": 1,
        "案件来源/社会举报/罚没金额(元)": Decimal("200.01"),
        "案件来源/日常监督检查/立案数": 1,
        "案件来源/日常监督检查/结案数": 0,
        "案件来源/日常监督检查/罚没金额(元)": Decimal("500"),
        "案由分类/违反机构资质管理相关规定/立案数": 1,
        "案由分类/违反机构资质管理相关规定/罚没金额(元)": Decimal("500"),
        "案由分类/其他违法违规行为/立案数": 1,
        "案由分类/其他违法违规行为/罚没金额(元)": Decimal("200.01"),
        "案由分类/违反人员管理相关规定/立案数": 0,
    },
}


def test_annex1_counts_follow_the_design_rules(annex1_table: ReportTable) -> None:
    for row, cells in EXPECTED.items():
        for key, value in cells.items():
            assert annex1_table.cell(row, key) == value, (row, key)


def test_annex1_json_has_the_design_shape_and_exact_amounts(
    ctx: AppContext, annex1_table: ReportTable
) -> None:
    data = json.loads(ctx.reports.render(annex1_table, "json"))
    assert data["from"] == "2026-03-01" and data["to"] == "2026-03-31"
    assert [r["label"] for r in data["rows"]] == ["生活美容机构", "医疗美容机构"]
    cosmetic = data["rows"][1]["cells"]
    assert cosmetic["案件来源/社会举报/立案数"] == 0
    assert cosmetic["案件来源/日常监督检查/罚没金额(元)"] == 12346.17
    assert len(cosmetic) == 3 + 9 * 3


def test_annex1_xlsx_reads_back_with_merged_headers_and_numbers(
    ctx: AppContext, annex1_table: ReportTable
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(annex1_table, "xlsx")))
    ws = wb.active
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert ws["B2"].value is None and ws["A2"].value == "2026年医疗美容机构监督检查工作信息汇总表"
    assert "A4:A6" in merged  # corner over the three header rows
    assert "B4:B6" in merged and ws["B4"].value == "机构数"
    assert "E4:M4" in merged and ws["E4"].value == "案件来源"
    assert "N4:AE4" in merged and ws["N4"].value == "案由分类"
    assert "K5:M5" in merged and ws["K5"].value == "日常监督检查"
    assert [ws.cell(6, c).value for c in (5, 6, 7)] == ["立案数", "结案数", "罚没金额(元)"]
    assert ws["A3"].value == "单位：" and ws["P3"].value == "填表日期：2026年4月3日"
    assert ws.print_title_rows == "$4:$6"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    # Same figures as the JSON, as numbers, column by column.
    data = json.loads(ctx.reports.render(annex1_table, "json"))
    headers = [c.key for c in annex1_table.columns]
    for offset, row in enumerate(data["rows"]):
        assert ws.cell(7 + offset, 1).value == row["label"]
        for i, key in enumerate(headers):
            cell = ws.cell(7 + offset, 2 + i)
            assert isinstance(cell.value, int | float), (row["label"], key, cell.value)
            assert cell.value == row["cells"][key]
    assert ws.cell(8, 11 + 2).number_format == "#,##0.00"
