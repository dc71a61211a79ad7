"""Scenarios through the command line: cases with a penalty — which documents each may get, and
what they say (read back with python-docx)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from lawful_case import review_labels
from procedure_desk import Desk

CASE = "青卫医案〔2026〕11号"
CAUSE = "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案"
#: What every decided scenario case has besides its penalty (the ledger has no 告知日期/地址, nor
#: the 裁量: its fines lie in the shipped 轻微 level of their provision, where it has levels).
#: The 听证告知 goes out with it (the heavier penalties reach 听证, 行政处罚法 第六十三条), so the
#: office's policy asks a 法制审核 and 集体讨论 before the decision.
STEPS = ("地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20", "告知日期=2026-03-23",
         "听证告知日期=2026-03-23", "裁量理由=鉴于当事人系初次违法，并已及时改正，", "裁量阶次=轻微",
         *review_labels(date(2026, 4, 2)))  # fmt: skip


def _decided(desk: Desk, **row: object) -> None:
    """Import one case (officers 张明、李华, decided 2026-04-02) and record its steps."""
    base = {"案号": CASE, "案由": CAUSE, "责令改正": "是", "执法人员": "张明、李华",
            "处罚决定日期": "2026-04-02"}  # fmt: skip
    assert desk.import_cases([{**base, **row}]).code == 0
    desk.ok("case", "set", CASE, *STEPS)


def test_fine_and_warning(desk: Desk) -> None:
    _decided(desk, 警告="是", **{"罚款金额(元)": 20000})
    assert "青卫医罚告〔2026〕1号" in desk.doc("行政处罚事先告知书", CASE).out
    notice = desk.text("行政处罚事先告知书")
    assert "本机关拟对你单位作出如下行政处罚：" in notice
    assert "1.警告；" in notice and "2.罚款人民币贰万元整（¥20,000.00）。" in notice
    assert "青卫医罚〔2026〕1号" in desk.doc("行政处罚决定书", CASE).out
    decision = desk.text("行政处罚决定书")
    assert "本机关决定给予当事人如下行政处罚：" in decision
    assert "罚没款自收到本决定书之日起十五日内缴至中国农业银行青溪支行" in decision
    assert "六十日内向青溪区人民政府申请行政复议" in decision
    assert "责令当事人立即改正上述违法行为。" in decision
    assert desk.run("check", "--legal").code == 0


def test_warning_only(desk: Desk) -> None:
    _decided(desk, 警告="是")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "1.警告。" in decision and "2." not in decision
    assert "罚没款" not in decision  # nothing to pay


#: 医师法 第五十九条 (YS-01, 非医师行医): a person; 没收违法所得 and 药品、医疗器械, and a fine of
#: two to ten times the 违法所得 (counted at least 1万元).
NON_DOCTOR = {"当事人": "刘某某", "当事人类型": "个人", "统一社会信用代码": None,
              "案由": "刘某某非医师行医案", "条款编码": "YS-01", "违反条款": "", "处罚依据": "",
              "违法事实": "当事人未取得医师资格，于2026年3月2日在其住所为顾客注射玻尿酸。"}  # fmt: skip


def test_confiscated_items_are_listed_in_the_decision(desk: Desk) -> None:
    _decided(desk, **NON_DOCTOR, **{"罚款金额(元)": 30000, "没收违法所得(元)": 5000,
                                    "没收非法财物": "射频美容仪 1台（价值3000元）；玻尿酸注射液 12支"})  # fmt: skip
    desk.ok("case", "set", CASE, "身份证号=110101199003077571")
    shown = desk.ok("case", "show", CASE)
    assert "没收非法财物\t射频美容仪 1台（价值3000元）；玻尿酸注射液 12支" in shown
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "依据《中华人民共和国医师法》第五十九条的规定" in decision
    assert "3.没收非法财物（射频美容仪 1台、玻尿酸注射液 12支）。" in decision
    bad = desk.run("case", "set", CASE, "没收非法财物=射频美容仪")
    assert bad.code == 1 and "第1项“射频美容仪”应写成“名称 数量单位”" in bad.err
    # Without the items the decision is still allowed: there may be nothing to confiscate
    # (行政处罚法 第二十八条第二款), so the procedure rules do not name it; the editor warns.
    desk.ok("case", "set", CASE, "没收非法财物=")
    assert json.loads(desk.ok("case", "show", CASE, "--json"))["problems"] == []
    assert desk.doc("行政处罚决定书", CASE).code == 0


def test_a_person_is_addressed_as_such(desk: Desk) -> None:
    # 医师法 第五十七条 (YS-02) punishes the doctor, a person.
    _decided(desk, 当事人="刘某某", 当事人类型="个人", 统一社会信用代码=None, 警告="是",
             **{"罚款金额(元)": 10000, "没收违法所得(元)": 2000, "条款编码": "YS-02",
                "案由": "刘某某未按照注册的执业地点执业案"})  # fmt: skip
    desk.ok("case", "set", CASE, "身份证号=110101199003077571")
    assert desk.doc("行政处罚事先告知书", CASE).code == 0
    notice = desk.text("行政处罚事先告知书")
    assert "刘某某：" in notice and "你的上述行为违反了" in notice and "你单位" not in notice
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "身份证号：110101199003077571" in decision and "统一社会信用代码" not in decision


def test_unlicensed_practice_needs_its_mandatory_kinds(desk: Desk) -> None:
    _decided(desk, **{"案由": "青溪某美容店未取得《医疗机构执业许可证》擅自执业案",
                      "条款编码": "YLJG-01", "违反条款": "《医疗机构管理条例》第二十三条第一款",
                      "处罚依据": "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
                      "罚款金额(元)": 60000, "没收违法所得(元)": 5000})  # fmt: skip
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1
    missing = "第九十九条第一款规定应当给予责令停止执业活动，案件处罚内容中没有"
    assert refused.err.count(missing) == 1  # the rule and the range check agree: said once
    assert "请在案件的处罚内容中补充" in refused.err
    desk.ok("case", "set", CASE, "其他处罚种类=责令停止执业活动",
            "没收非法财物=玻尿酸注射液 12支；一次性注射器 30支")  # fmt: skip
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    for line in ("1.罚款人民币陆万元整（¥60,000.00）；", "2.没收违法所得人民币伍仟元整（¥5,000.00）；",
                 "3.没收非法财物（玻尿酸注射液 12支、一次性注射器 30支）；", "4.责令停止执业活动。"):
        assert line in decision, line  # fmt: skip
    # The 停业 field records the same kind under this tier: ticked as well, it prints once.
    desk.ok("case", "set", CASE, "责令停业整顿=是")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    again = desk.text("行政处罚决定书")
    assert again.count("责令停止执业活动") == 1 and "责令停业整顿" not in again
    desk.ok("case", "set", CASE, "其他处罚种类=")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    assert "4.责令停止执业活动。" in desk.text("行政处罚决定书")
    assert desk.run("check", "--legal").code == 0


def test_officers_missing_refuses_the_decision(desk: Desk) -> None:
    _decided(desk, 警告="是", 执法人员="张明")
    for form in ("行政处罚事先告知书", "行政处罚决定书"):
        refused = desk.doc(form, CASE)
        assert refused.code == 1 and "执法人员只有1名在职且有执法证号的执法人员" in refused.err
    legal = desk.run("check", "--legal")
    assert legal.code == 1 and "【执法人员不得少于两人】" in legal.out
    assert "依据：《中华人民共和国行政处罚法》第四十二条第一款" in legal.out
    # An officer who has left cannot be put on a case.
    left = desk.run("case", "set", CASE, "执法人员=张明、赵强")
    assert left.code == 1 and "“赵强”：没有此姓名或执法证号的在职执法人员" in left.err
    desk.ok("case", "set", CASE, "执法人员=张明、李华")
    assert desk.doc("行政处罚决定书", CASE).code == 0


def test_complaint_case_gets_its_officers_by_case_set(desk: Desk) -> None:
    assert desk.import_cases([{"案号": CASE, "案由": CAUSE, "案件来源": "社会举报"}]).code == 0
    desk.ok("case", "set", CASE, *STEPS, "警告=是", "处罚决定日期=2026-04-02")
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1 and "只有0名" in refused.err
    ambiguous = desk.run("case", "set", CASE, "执法人员=陈静、李华")
    assert ambiguous.code == 1 and "有 2 名在职执法人员同名" in ambiguous.err
    out = desk.ok("case", "set", CASE, "执法人员=陈静（ZJ33990120240005）、李华")
    assert f"已保存案件 {CASE}：执法人员。" in out
    shown = desk.ok("case", "show", CASE).splitlines()
    officers = next(line for line in shown if line.startswith("执法人员\t"))
    assert set(officers.split("\t")[1].split("、")) == {"陈静（ZJ33990120240005）",
                                                        "李华（ZJ33990120240002）"}  # fmt: skip
    history = desk.ok("audit", "history", "--case", CASE)
    assert "陈静（ZJ33990120240005）" in history and "李华（ZJ33990120240002）" in history
    assert desk.doc("行政处罚决定书", CASE).code == 0
    assert "执法人员：陈静" not in desk.text("行政处罚决定书")  # the decision names no officers


@pytest.mark.parametrize("term", ["", "三个月"])
def test_a_kind_with_a_term_needs_it(desk: Desk, term: str) -> None:
    # 医疗废物管理条例 第四十七条: 造成传染病传播或者环境污染事故的, 暂扣或者吊销执业许可证件.
    _decided(desk, 其他处罚种类="暂扣许可证件", 处罚情形="造成危害后果", 条款编码="YF-03",
             案由="青溪悦颜医疗美容诊所将医疗废物混入生活垃圾案")  # fmt: skip
    if term:
        desk.ok("case", "set", CASE, f"暂扣许可证件期限={term}")
    result = desk.doc("行政处罚决定书", CASE)
    if not term:
        assert result.code == 1 and "缺少暂扣许可证件期限" in result.err
        return
    assert result.code == 0, result.err
    assert "1.暂扣许可证件（三个月）。" in desk.text("行政处罚决定书")
