"""Scenarios through the command line: 不予行政处罚 on each ground, 移送 to another authority and
to the 公安机关 — the documents allowed and refused, what they say, and the closed case's file."""

from __future__ import annotations

import pytest
from procedure_desk import Desk

from database.models import NoPenaltyGround
from desktop.app import build_context
from forms.legal_bases import NO_PENALTY_GROUNDS

CASE = "青卫医案〔2026〕21号"
PENALTY_FORMS = ("行政处罚事先告知书", "行政处罚听证告知书", "行政处罚决定书")


def _case(desk: Desk, **row: object) -> None:
    base = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
            "执法人员": "张明、李华"}  # fmt: skip
    assert desk.import_cases([{**base, **row}]).code == 0
    desk.ok("case", "set", CASE, "地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20",
            "证据=现场笔录、询问笔录、病历复印件")


def _file_missing(desk: Desk) -> tuple[str, ...]:
    ctx = build_context(str(desk.data))
    try:
        return ctx.case_files.plan(CASE).missing
    finally:
        ctx.close()


@pytest.mark.parametrize("ground", list(NoPenaltyGround), ids=lambda g: g.name)
def test_no_penalty_on_each_ground(desk: Desk, ground: NoPenaltyGround) -> None:
    person = ground in (NoPenaltyGround.MINOR, NoPenaltyGround.MENTAL)
    row: dict[str, object] = {"不予处罚": "是", "不予处罚情形": ground.value, "责令改正": "是",
                              "处罚决定日期": "2026-04-02"}  # fmt: skip
    if person:
        row.update({"当事人": "刘某", "当事人类型": "个人", "统一社会信用代码": None})
    _case(desk, **row)
    terms = NO_PENALTY_GROUNDS[ground]
    for form in PENALTY_FORMS:
        refused = desk.doc(form, CASE)
        assert refused.code == 1, form
        assert f"已决定不予行政处罚，不得制作{form}" in refused.err, form
    assert desk.doc("案件调查终结报告", CASE).code == 0
    report = desk.text("案件调查终结报告")
    assert f"鉴于{terms.finding}，依据{terms.basis.citation}的规定，建议对当事人不予行政处罚。" in report
    assert "1.不予行政处罚" not in report and "建议给予当事人如下行政处罚" not in report
    made = desk.doc("不予行政处罚决定书", CASE)
    assert made.code == 0 and "青卫医不罚〔2026〕1号" in made.out
    decision = desk.text("不予行政处罚决定书")
    assert "不予行政处罚决定书" in decision and "青卫医不罚〔2026〕1号" in decision
    assert f"依据{terms.basis.citation}的规定，本机关决定对当事人不予行政处罚。" in decision
    assert terms.order in decision and "责令当事人立即改正上述违法行为。" in decision
    assert "《中华人民共和国行政处罚法》第三十三条第三款" in decision
    assert "六十日内向青溪区人民政府申请行政复议，或者在六个月内向青溪区人民法院提起行政诉讼" in decision
    assert "罚款" not in decision and "不停止执行" not in decision
    assert ("身份证号" in decision) is person
    assert desk.doc("送达回执", CASE).code == 0
    assert "不予行政处罚决定书（青卫医不罚〔2026〕1号）" in desk.text("送达回执")
    assert desk.run("check", "--legal").code == 0


def test_a_no_penalty_case_without_its_ground_is_named(desk: Desk) -> None:
    _case(desk, 不予处罚="是", 处罚决定日期="2026-04-02")
    refused = desk.doc("不予行政处罚决定书", CASE)
    assert refused.code == 1 and "没有选择不予处罚情形" in refused.err
    legal = desk.run("check", "--legal")
    assert legal.code == 1 and "【不予处罚须有法定情形】" in legal.out


def test_another_authoritys_case_is_transferred_and_closed(desk: Desk) -> None:
    _case(desk, **{"案由": "青溪悦颜医疗美容诊所从无资质的个人购进药品案", "条款编码": "YP-01",
                   "违反条款": "《中华人民共和国药品管理法》第五十五条", "案由分类": "药品和医疗器械",
                   "处罚依据": "《中华人民共和国药品管理法》第一百二十九条",
                   "罚款金额(元)": 100000, "处罚决定日期": "2026-04-02"})  # fmt: skip
    for form in (*PENALTY_FORMS, "案件调查终结报告"):
        refused = desk.doc(form, CASE)
        assert refused.code == 1, form
        assert "由药品监督管理部门实施行政处罚，本机关不是该处罚的实施主体" in refused.err, form
        assert "生成《案件移送书》将案件移送药品监督管理部门" in refused.err, form
    legal = desk.run("check", "--legal", "--json")
    assert legal.code == 1 and '"rule": "competence"' in legal.out
    desk.ok("case", "set", CASE, "罚款金额(元)=0", "处罚决定日期=", "移送机关=青溪区市场监督管理局",
            "移送日期=2026-03-25", "移送理由=该违法行为依法由药品监督管理部门实施行政处罚，不属于本机关管辖")  # fmt: skip
    assert desk.run("check", "--legal").code == 0
    made = desk.doc("案件移送书", CASE)
    assert made.code == 0 and "青卫医移〔2026〕1号" in made.out
    letter = desk.text("案件移送书")
    assert "案件移送书" in letter and "青溪区市场监督管理局：" in letter
    assert "涉嫌违反《中华人民共和国药品管理法》第五十五条的规定一案" in letter
    # Whose the provision is, from the catalogue, then the clerk's reason.
    assert ("依照《中华人民共和国药品管理法》第一百二十九条的规定，该违法行为由药品监督管理部门实施行政处罚。"
            "鉴于该违法行为依法由药品监督管理部门实施行政处罚，不属于本机关管辖，现将该案移送你单位依法处理。"
            ) in letter  # fmt: skip
    assert "回　执" in letter and desk.doc("行政处罚决定书", CASE).code == 1
    assert desk.doc("案件调查终结报告", CASE).code == 0
    assert "建议将本案移送青溪区市场监督管理局处理。" in desk.text("案件调查终结报告")
    assert desk.doc("立案报告", CASE).code == 0  # before 结案: a closed case is locked
    desk.ok("case", "set", CASE, "结案日期=2026-04-10")
    assert desk.doc("结案报告", CASE).code == 0  # an archive document: made after 结案
    closing = desk.text("结案报告")
    assert "处理结果\n移送青溪区市场监督管理局处理" in closing
    assert "案件已于2026年3月25日以青卫医移〔2026〕1号移送青溪区市场监督管理局。" in closing
    assert "结案理由\n移送有管辖权的行政机关" in closing
    assert _file_missing(desk) == ()  # no 决定书, 告知书 or 送达回执 is missing


def test_a_crime_goes_to_the_police(desk: Desk) -> None:
    _case(desk, **{"移送司法机关": "是", "处罚决定日期": "2026-04-02"})
    refused = desk.doc("案件移送书", CASE)
    assert refused.code == 1 and "已决定移送，但没有记录移送机关、移送日期、移送理由" in refused.err
    desk.ok("case", "set", CASE, "移送机关=青溪区公安分局", "移送日期=2026-04-02",
            "移送理由=当事人非法行医，情节严重，涉嫌构成非法行医罪")  # fmt: skip
    assert desk.doc("案件移送书", CASE).code == 0
    letter = desk.text("案件移送书")
    assert "涉嫌犯罪案件移送书" in letter and "青溪区公安分局：" in letter
    assert ("依据《中华人民共和国行政处罚法》第二十七条第一款、《行政执法机关移送涉嫌犯罪案件的规定》"
            "第三条第一款的规定，现将该案移送你单位依法处理。") in letter  # fmt: skip
    assert "1.涉嫌犯罪案件情况的调查报告" in letter and "2.涉案物品清单" in letter
    assert desk.doc("行政处罚决定书", CASE).code == 1  # nothing to decide: no 处罚内容
    desk.ok("case", "set", CASE, "结案日期=2026-04-20")
    assert desk.doc("结案报告", CASE).code == 0
    assert "结案理由\n移送司法机关" in desk.text("结案报告")
