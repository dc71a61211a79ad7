"""附表2 and 山西附件1 on hand-built data sets whose right answers are stated."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
from report_datasets import Records, annex2_data, shanxi_data

from database.models import CampaignCategory as G
from database.models import InstitutionKind as K
from desktop.app import AppContext

JUNE = (date(2026, 6, 1), date(2026, 6, 30))
SEPT = (date(2026, 9, 1), date(2026, 9, 30))


def test_annex2_revisit_figures(ctx: AppContext, records: Records) -> None:
    annex2_data(records)
    table = ctx.reports.compute("annex2", *JUNE, filled_on=date(2026, 7, 2))
    row = "合计"
    assert table.cell(row, "“回头看”中发现再次开展非法医疗美容户数") == 1
    assert table.cell(row, "行政处罚户(人)次") == 2
    assert table.cell(row, "警告数") == 1
    assert table.cell(row, "罚款金额(万元)") == Decimal("1.234501")
    assert table.cell(row, "没收违法所得(万元)") == Decimal("0.000099")
    assert table.cell(row, "移送司法机关数(人)") == 2
    assert [d["被处罚对象"] for d in table.details] == ["北塘无名工作室", "李某"]
    assert table.details[0]["地址"] == "北塘镇滨江路1号" and table.details[1]["地址"] == "南岗路8号"

    data = json.loads(ctx.reports.render(table, "json"))
    cells = data["rows"][0]["cells"]
    assert cells["罚款金额(万元)"] == 1.234501 and cells["没收违法所得(万元)"] == 0.000099
    assert data["details"][1] == {"被处罚对象": "李某", "地址": "南岗路8号", "案由": "非医师行医"}

    ws = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(table, "xlsx"))).active
    merged = {str(m) for m in ws.merged_cells.ranges}
    # The seed's one table: six figures, then 具体信息 (被处罚对象, 地址, 案由) beside them.
    assert [ws.cell(4, c).value for c in range(2, 8)] == [k for k in cells]
    assert "B4:B5" in merged and "G4:G5" in merged
    assert ws["H4"].value == "具体信息" and "H4:J4" in merged
    assert [ws.cell(5, c).value for c in range(8, 11)] == ["被处罚对象", "地址", "案由"]
    assert ws["A6"].value == "合计"
    assert [ws.cell(6, c).value for c in range(2, 8)] == [cells[k] for k in cells]
    # 合计 and its figures span the objects' rows: no empty grid under them.
    assert {"A6:A7", "B6:B7", "G6:G7"} <= merged
    assert ws.cell(6, 5).number_format == "0.0000"
    assert [[ws.cell(r_, c).value for c in range(8, 11)] for r_ in (6, 7)] == [
        ["北塘无名工作室", "北塘镇滨江路1号", "未取得医疗机构执业许可证擅自执业"],
        ["李某", "南岗路8号", "非医师行医"],
    ]
    # Page 2 repeats exactly the header rows (not the title or the 单位 line).
    assert ws.print_title_rows == "$4:$5"
    # The 具体信息 columns are sized to their text, not to the short headers: 地址 fits on one
    # line, the long 案由 gets the widest column (26) and wraps to two lines at most.
    width = {c: ws.column_dimensions[c].width for c in "HIJ"}
    assert width["I"] >= 2 * len("北塘镇滨江路1号") and width["J"] == 26
    assert ws.row_dimensions[6].height <= 15 * 2 + 3


def test_shanxi1_matrix_and_footer(ctx: AppContext, records) -> None:  # type: ignore[no-untyped-def]
    shanxi_data(records)
    t = ctx.reports.compute("shanxi1", *SEPT, filled_on=date(2026, 10, 8))
    unl, med, drug = (
        "非法医疗美容/无证行医",
        "非法医疗美容/医疗机构",
        "非法制售使用药品、医疗器械/药品",
    )
    expected = {
        ("检查对象数", unl): 2,
        ("检查对象数", med): 1,
        ("案件数", f"{unl}/机构"): 1,
        ("案件数", f"{unl}/人员"): 1,
        ("案件数", f"{med}/机构"): 1,
        ("案件数", f"{med}/人员"): 0,
        ("案件数", f"{drug}/机构"): 1,
        ("案件数", "违法发布医疗美容广告"): 1,
        ("案件数", "违规开展寄递业务信息"): 1,
        ("案件数", "违规发布互联网信息"): 0,
        ("责令改正数", unl): 1,
        ("责令改正数", "违规开展寄递业务信息"): 1,
        ("警告数", unl): 1,
        ("责令停业整顿户数", med): 1,
        ("罚款户（人）次", unl): 2,
        ("罚款户（人）次", med): 1,
        ("罚款金额（万元）", unl): Decimal("0.305"),
        ("罚款金额（万元）", med): Decimal("1"),
        ("罚款金额（万元）", "违法发布医疗美容广告"): Decimal("0"),
        ("没收违法所得（万元）", unl): Decimal("0.123456"),
        ("吊销行政许可资质", unl): 0,
        ("移送司法机关", unl): 1,
    }
    for (row, key), value in expected.items():
        assert t.cell(row, key) == value, (row, key)
    # What the program cannot count is blank (None), with the footnote, never 0.
    assert t.cell("检查对象数", drug) is None and t.cell("检查对象数", "违规发布互联网信息") is None
    assert any("无法统计其检查对象数" in line for line in t.footer_text)
    assert dict(t.footer) == {
        "投诉举报件数": 3,
        "办结件数": 2,
        "实施行政处罚件数": 2,
        "反馈件数": 2,
        "举报人满意件数": 1,
        "医疗美容机构数": 3,
        "参加依法执业信用评价机构数": 2,
    }
    data = json.loads(ctx.reports.render(t, "json"))
    assert data["footer"]["投诉举报件数"] == 3
    by_label = {row["label"]: row["cells"] for row in data["rows"]}
    assert by_label["罚款金额（万元）"][unl] == 0.305
    assert by_label["案件数"]["非法医疗美容/无证行医/机构"] == 1


def test_shanxi1_xlsx_layout_matches_the_seed(ctx: AppContext, records) -> None:  # type: ignore[no-untyped-def]
    shanxi_data(records)
    t = ctx.reports.compute("shanxi1", *SEPT, filled_on=date(2026, 10, 8))
    ws = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(t, "xlsx"))).active
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert ws["A4"].value == "处理情况" and "A4:A5" in merged
    assert ws["B4"].value == "非法医疗美容" and "B4:E4" in merged
    assert ws["F4"].value == "非法制售使用药品、医疗器械" and "F4:I4" in merged
    assert ws["B5"].value == "无证行医" and "B5:C5" in merged
    assert ws["J4"].value == "违法发布医疗美容广告" and "J4:J5" in merged
    assert ws["A6"].value == "检查对象数" and ws["B6"].value == 2 and "B6:C6" in merged
    # 案件数: a row of 机构/人员 labels, then the figures; the label spans both rows.
    assert ws["A7"].value == "案件数" and "A7:A8" in merged
    assert [ws.cell(7, c).value for c in range(2, 6)] == ["机构", "人员", "机构", "人员"]
    assert [ws.cell(8, c).value for c in range(2, 6)] == [1, 1, 1, 0]
    assert ws["J7"].value == 1 and "J7:J8" in merged
    fine_row = next(r for r in range(1, 30) if ws.cell(r, 1).value == "罚款金额（万元）")
    assert ws.cell(fine_row, 2).value == 0.305 and ws.cell(fine_row, 2).number_format == "0.0000"
    texts = " ".join(str(ws.cell(r, 1).value) for r in range(1, ws.max_row + 1))
    assert "投诉举报 3 件；办结 2 件；实施行政处罚 2 件；反馈 2 件；举报人满意 1 件" in texts
    assert ws.print_title_rows == "$4:$5"  # the two header rows, not the title/单位 line


def test_annex2_details_are_one_row_per_punished_object(ctx: AppContext, records: Records) -> None:
    """A venue punished in two cases is one object (both 案由); its operator punished as 个人 is
    another; a transfer without penalty, 责令改正 alone and a later decision are none."""
    u1 = records.institution("北塘无名工作室", K.UNLICENSED, address="北塘镇滨江路1号")
    u2 = records.institution("南岗无名工作室", K.UNLICENSED)  # no address on record
    u3 = records.institution("东湖无名工作室", K.UNLICENSED, address="东湖路2号")
    records.case(u1, filed=date(2026, 5, 20), decided_on=date(2026, 6, 3), fine_fen=500_000,
                 cause="未取得医疗机构执业许可证擅自执业")  # fmt: skip
    records.case("陈某", campaign=G.UNLICENSED_PRACTICE, filed=date(2026, 5, 20),
                 decided_on=date(2026, 6, 3), fine_fen=300_050, cause="非医师行医",
                 party_address="北塘镇滨江路1号")  # fmt: skip
    records.case(u2, filed=date(2026, 6, 1), decided_on=date(2026, 6, 10), fine_fen=100_000,
                 cause="未取得医疗机构执业许可证擅自执业", party_address="南岗路8号")  # fmt: skip
    records.case(u1, filed=date(2026, 6, 4), decided_on=date(2026, 6, 20), warning=True,
                 cause="使用非卫生技术人员")  # fmt: skip
    records.case("陈某", campaign=G.UNLICENSED_PRACTICE, filed=date(2026, 6, 21),
                 decided_on=JUNE[1], confiscation_fen=12_345, cause="非医师行医")  # fmt: skip
    records.case("王某", campaign=G.UNLICENSED_PRACTICE, filed=date(2026, 6, 2),
                 decided_on=date(2026, 6, 15), judicial_transfer=True, cause="非法行医")  # fmt: skip
    records.case(u3, filed=date(2026, 6, 2), decided_on=date(2026, 6, 16), order_correction=True)
    records.case(u3, filed=date(2026, 6, 2), decided_on=date(2026, 7, 1), fine_fen=700_000)
    records.done()

    table = ctx.reports.compute("annex2", *JUNE)
    assert table.cell("合计", "行政处罚户(人)次") == 5  # cases, not objects
    assert table.cell("合计", "警告数") == 1 and table.cell("合计", "移送司法机关数(人)") == 1
    assert table.cell("合计", "罚款金额(万元)") == Decimal("0.90005")
    assert table.cell("合计", "没收违法所得(万元)") == Decimal("0.012345")
    expected = [
        {"被处罚对象": "北塘无名工作室", "地址": "北塘镇滨江路1号",
         "案由": "未取得医疗机构执业许可证擅自执业；使用非卫生技术人员"},
        {"被处罚对象": "陈某", "地址": "北塘镇滨江路1号", "案由": "非医师行医"},
        {"被处罚对象": "南岗无名工作室", "地址": "南岗路8号",
         "案由": "未取得医疗机构执业许可证擅自执业"},
    ]  # fmt: skip
    assert [dict(d) for d in table.details] == expected
    assert json.loads(ctx.reports.render(table, "json"))["details"] == expected
    ws = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(table, "xlsx"))).active
    names = [ws.cell(r, 8).value for r in range(6, ws.max_row + 1)]
    assert names[:3] == ["北塘无名工作室", "陈某", "南岗无名工作室"]
    assert all(n is None for n in names[3:])  # the footnotes below span from column A


def test_shanxi1_json_and_xlsx_carry_the_same_figures(ctx: AppContext, records: Records) -> None:
    """Every JSON cell of 山西附件1 is the number in its XLSX cell (the 案件数 figures sit
    under their 机构/人员 label row; the other rows span 机构+人员 with one figure)."""
    shanxi_data(records)
    t = ctx.reports.compute("shanxi1", *SEPT, filled_on=date(2026, 10, 8))
    data = json.loads(ctx.reports.render(t, "json"))
    ws = openpyxl.load_workbook(io.BytesIO(ctx.reports.render(t, "xlsx"))).active
    leaves = [c.key for c in t.columns]

    def column_of(key: str) -> int:
        return 2 + next(i for i, k in enumerate(leaves) if k == key or k.startswith(key + "/"))

    label_rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    checked = 0
    for row in data["rows"]:
        r = label_rows[row["label"]]
        for key, value in row["cells"].items():
            split = key.count("/") == 2  # 案件数 by 机构/人员: the figure row under the labels
            cell = ws.cell(r + 1 if split else r, column_of(key))
            assert isinstance(cell.value, int | float), (row["label"], key, cell.value)
            assert cell.value == value, (row["label"], key)
            checked += 1
    # 检查对象数 (the two columns it can count; the others blank), 案件数 (split), eight rows
    assert checked == 2 + 11 + 8 * 7
    footer_text = " ".join(str(ws.cell(r, 1).value) for r in range(1, ws.max_row + 1))
    f = data["footer"]
    assert f"投诉举报 {f['投诉举报件数']} 件；办结 {f['办结件数']} 件" in footer_text
    assert f"医疗美容机构数：{f['医疗美容机构数']}" in footer_text
    assert f"参加依法执业信用评价机构数：{f['参加依法执业信用评价机构数']}" in footer_text
