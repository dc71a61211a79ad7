"""Scenarios through the command line: the 裁量基准 (shipped unverified defaults, the office's own
workbook), the level and circumstances a case records, 裁量理由 for every fine — which decisions
are allowed and what the documents say (read back with python-docx)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from lawful_case import DELIBERATION_OFFICE
from openpyxl import Workbook
from procedure_desk import Desk

from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from forms.record_forms import CaseSource, CauseCategory, PartyType

CASE = "青卫医案〔2026〕71号"
#: 医疗机构管理条例 第四十六条 (YLJG-04): 警告, 1万–10万元.
ROW = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
       "执法人员": "张明、李华", "警告": "是", "责令改正": "是", "处罚决定日期": "2026-04-10"}  # fmt: skip
STEPS = ("地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20", "告知日期=2026-03-23")
REASON = "裁量理由=鉴于当事人系初次违法，违法行为持续时间短"
GROUND = "主动消除或者减轻违法行为危害后果"


def _case(desk: Desk, fine: int, *pairs: str) -> None:
    assert desk.import_cases([{**ROW, "罚款金额(元)": fine}]).code == 0
    desk.ok("case", "set", CASE, *STEPS, *pairs)


def test_the_shipped_standard_is_listed_as_unverified(desk: Desk) -> None:
    listed = desk.ok("discretion", "list", "YLJG-04")
    assert "YLJG-04\t一般情形\t轻微\t¥10,000.00至¥32,000.00" in listed
    assert (
        "示例，未核对：本软件按该档法定罚款幅度四等分拟定的示例，不是已公布的行政处罚裁量基准"
        in listed
    )
    assert (
        "共 4 条裁量阶次，其中 4 条为随软件提供的示例（未核对，不是已公布的裁量基准）。" in listed
    )
    every = json.loads(desk.ok("discretion", "list", "--json"))
    assert every and not any(level["verified"] for level in every)
    # Every shipped row sits inside its tier's statutory range (never wider than the law).
    ranges = {(p["code"], t["condition"]): t for p in json.loads(desk.ok("provisions", "list",
              "--json")) for t in p["tiers"]}  # fmt: skip
    for level in every:
        tier = ranges[(level["code"], level["condition"])]
        assert level["max_fine_fen"] <= tier["max_fine_fen"], level
        assert level["min_fine_fen"] >= (tier["min_fine_fen"] or 0), level


def test_a_fine_needs_its_reason(desk: Desk) -> None:
    _case(desk, 20000, "裁量阶次=轻微")
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1
    assert "有罚款¥20,000.00，但没有填写裁量理由；请在案件的“裁量”中填写" in refused.err
    desk.ok("case", "set", CASE, REASON)
    assert desk.doc("案件调查终结报告", CASE).code == 0
    printed = "鉴于当事人系初次违法，违法行为持续时间短，"
    assert printed + "建议给予当事人如下行政处罚：" in desk.text("案件调查终结报告")
    desk.ok("office", "set", *DELIBERATION_OFFICE)  # the 合议记录 names its people and date
    desk.ok("case", "set", CASE, "合议日期=2026-04-08")
    assert desk.doc("合议记录", CASE).code == 0
    # The 2012 规范's 合议记录 (issue 15) prints the 承办人意见, the 建议 with its 裁量理由.
    assert printed + "建议给予当事人如下行政处罚：" in desk.text("合议记录")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    assert printed + "本机关决定给予当事人如下行政处罚：" in desk.text("行政处罚决定书")


def test_a_fine_outside_the_chosen_level_is_refused(desk: Desk) -> None:
    _case(desk, 40000, REASON)
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1 and "案件没有选择裁量阶次" in refused.err
    assert "轻微（¥10,000.00至¥32,000.00）、一般（¥32,000.00至¥55,000.00）" in refused.err
    desk.ok("case", "set", CASE, "裁量阶次=轻微")
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1
    assert ("罚款¥40,000.00不在所选裁量阶次“轻微”的幅度（¥10,000.00至¥32,000.00）内；"
            "罚款不得高于所选阶次的上限") in refused.err  # fmt: skip
    assert "未经核对，请导入本机关公布的裁量基准" in refused.err
    # 从轻 stays inside the level: it does not let the fine below it.
    desk.ok("case", "set", CASE, "罚款金额(元)=8000", "裁量情节=从轻", f"裁量情节依据={GROUND}")
    refused = desk.doc("行政处罚决定书", CASE)
    assert (
        refused.code == 1
        and "只有减轻处罚（行政处罚法第三十条至第三十二条的法定情形）" in refused.err
    )
    desk.ok("case", "set", CASE, "罚款金额(元)=40000", "裁量情节=", "裁量情节依据=",
            "裁量阶次=一般")  # fmt: skip
    assert desk.doc("行政处罚决定书", CASE).code == 0


def test_mitigation_with_its_ground_is_allowed(desk: Desk) -> None:
    _case(desk, 8000, REASON, "裁量阶次=轻微")
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1 and "罚款¥8,000.00低于" in refused.err  # the law's minimum too
    no_ground = desk.run("case", "set", CASE, "裁量情节=减轻")
    assert no_ground.code == 1 and "裁量情节依据：减轻处罚须写明依据的法定情形。" in no_ground.err
    wrong = desk.run("case", "set", CASE, "裁量情节=减轻", "裁量情节依据=认错态度好")
    assert wrong.code == 1 and "“认错态度好”不是减轻的法定情形" in wrong.err
    desk.ok("case", "set", CASE, "裁量情节=减轻", f"裁量情节依据={GROUND}")
    made = desk.doc("行政处罚决定书", CASE)
    assert made.code == 0, made.err
    decision = desk.text("行政处罚决定书")
    assert (f"鉴于当事人系初次违法，违法行为持续时间短，当事人有{GROUND}的情形，依据《中华人民共和国"
            "行政处罚法》第三十二条第一项的规定，依法减轻处罚，本机关决定给予当事人如下行政处罚：") in decision  # fmt: skip
    assert "2.罚款人民币捌仟元整（¥8,000.00）。" in decision
    assert desk.run("check", "--legal").code == 0


def _workbook(desk: Desk, rows: list[tuple[object, ...]], name: str) -> str:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ("条款编码", "处罚情形", "裁量阶次", "罚款下限(元)", "罚款上限(元)", "适用情形", "来源")
    )
    for row in rows:
        sheet.append(row)
    path = desk.out / name
    book.save(path)
    return str(path)


def test_the_office_workbook_replaces_the_default(desk: Desk) -> None:
    source = "青溪区卫生健康行政处罚裁量基准（2026年版）"
    bad = _workbook(desk, [
        ("YLJG-04", "", "轻微", 10000, 20000, "初次违法", source),
        ("YLJG-04", "", "特别严重", 90000, 100000, "", source),
        ("YLJG-04", "", "一般", "两万", 50000, "", source),
        ("XX-99", "", "一般", 1000, 2000, "", source),
        ("YLJG-04", "逾期不改正", "较重", 50000, 40000, "", source),
    ], "bad.xlsx")  # fmt: skip
    headless = desk.out / "headless.xlsx"
    book = Workbook()
    assert book.active is not None
    book.active.append(("条款编码", "罚款上限(元)", "备注"))
    book.save(headless)
    no_level = desk.run("discretion", "import", str(headless))
    assert no_level.code == 1 and "表头：缺少“裁量阶次”列；" in no_level.err
    assert "“备注”不是裁量基准的列" in no_level.err
    refused = desk.run("discretion", "import", bad)
    assert refused.code == 1
    assert "第3行“裁量阶次”：“特别严重”不是裁量阶次（可选：轻微、一般、较重、严重）" in refused.err
    assert "第4行“罚款下限(元)”：“两万”不是金额" in refused.err
    assert "第5行“条款编码”：法律条款库中没有编码为“XX-99”的条款" in refused.err
    assert "第6行“处罚情形”：“逾期不改正”不是YLJG-04的处罚情形" in refused.err
    assert "第6行“罚款下限(元)”：下限50000.00元高于上限40000.00元" in refused.err
    assert "本机关：" not in desk.ok("discretion", "list", "YLJG-04")  # all or nothing
    good = _workbook(desk, [
        ("YLJG-04", "", "轻微", 10000, 20000, "初次违法，及时改正", source),
        ("YLJG-04", "", "一般", 20000, 50000, "情节一般", source),
        ("YLJG-04", "", "较重", 50000, 80000, "情节较重", source),
        ("YLJG-04", "", "严重", 80000, 100000, "情节严重", source),
    ], "good.xlsx")  # fmt: skip
    assert "已导入裁量基准 4 条（条款：YLJG-04）。" in desk.ok("discretion", "import", good)
    listed = desk.ok("discretion", "list", "YLJG-04")
    assert f"YLJG-04\t一般情形\t一般\t¥20,000.00至¥50,000.00\t情节一般\t本机关：{source}" in listed
    assert "示例" not in listed
    # The office's levels are the ones checked: ¥25,000 is 一般 now, not 轻微.
    _case(desk, 25000, REASON, "裁量阶次=轻微")
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1 and "“轻微”的幅度（¥10,000.00至¥20,000.00）" in refused.err
    assert "未经核对" not in refused.err
    desk.ok("case", "set", CASE, "裁量阶次=一般")
    assert desk.doc("行政处罚决定书", CASE).code == 0


def test_a_mitigated_fine_is_not_flagged_out_of_range(ctx: AppContext) -> None:
    below = CaseInput(
        case_no="青卫医案〔2026〕81号", party_name="青溪某诊所", party_type=PartyType.ORGANISATION,
        source=CaseSource.ROUTINE, cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
        filed_on=date(2026, 3, 2), act_on=date(2026, 2, 20), provision_code="YLJG-04",
        warning=True, fine_fen=800_000, decided_on=date(2026, 4, 1),
    )  # fmt: skip
    case_id = ctx.cases.create(below)
    flag = ctx.legal_flags.flags([case_id])[case_id]
    assert any("低于" in p for p in flag.problems)  # the 案件 list's 超出幅度
    ctx.cases.update(case_id, replace(below, discretion_circumstance="减轻",
                                      discretion_ground=GROUND))  # fmt: skip
    assert ctx.legal_flags.flags([case_id]) == {}
