"""Scenarios through the command line: the 案件台账 with 执法人员, 条款编码 and 不予处罚,
`check --legal` naming a case for every rule, the demo district lawful, the office set up."""

from __future__ import annotations

import json

import pytest
from procedure_desk import Desk

from desktop.app import AppContext
from desktop.cli.main import run
from desktop.law.procedure import RULES


def test_ledger_with_officers_and_codes(desk: Desk) -> None:
    bad = desk.import_cases([
        {"案号": "青卫医案〔2026〕31号", "案由": "甲案", "执法人员": "张明、孙悟空"},
        {"案号": "青卫医案〔2026〕32号", "案由": "乙案", "执法人员": "陈静、李华"},
        {"案号": "青卫医案〔2026〕33号", "案由": "丙案", "执法人员": "张明（ZJ33990120240009）"},
        {"案号": "青卫医案〔2026〕34号", "案由": "丁案", "不予处罚": "也许"},
        {"案号": "青卫医案〔2026〕35号", "案由": "戊案", "条款编码": "XX-99"},
    ])  # fmt: skip
    assert bad.code == 1
    assert "第2行 “执法人员”：“孙悟空”：没有此姓名或执法证号的在职执法人员。" in bad.err
    assert "第3行 “执法人员”：“陈静”：有 2 名在职执法人员同名" in bad.err
    assert "第4行 “执法人员”：“张明（ZJ33990120240009）”：没有姓名为张明、执法证号为" in bad.err
    assert "第5行 “不予处罚”：“也许”应为“是”或“否”。" in bad.err
    assert "第6行 “条款编码”：条款库中没有编码为“XX-99”的条款。" in bad.err
    assert bad.err.index("第2行") < bad.err.index("第5行") < bad.err.index("第6行")
    assert "青卫医案" not in desk.ok("list", "cases")  # all or nothing
    good = desk.import_cases([
        {"案号": "青卫医案〔2026〕31号", "案由": "甲案", "执法人员": "张明、陈静（ZJ33990120240004）",
         "警告": "是", "处罚决定日期": "2026-04-02"},
        {"案号": "青卫医案〔2026〕32号", "案由": "乙案", "执法人员": "王芳、李华", "不予处罚": "是",
         "不予处罚情形": "初次违法，危害后果轻微并及时改正（第三十三条第一款）",
         "处罚决定日期": "2026-04-02"},
    ])  # fmt: skip
    assert good.code == 0, good.err
    shown = json.loads(desk.ok("case", "show", "青卫医案〔2026〕31号", "--json"))
    assert set(shown["fields"]["执法人员"].split("、")) == {"张明（ZJ33990120240001）",
                                                          "陈静（ZJ33990120240004）"}  # fmt: skip
    assert shown["fields"]["条款编码"] == "YLJG-04" and shown["problems"] == []
    other = json.loads(desk.ok("case", "show", "青卫医案〔2026〕32号", "--json"))["fields"]
    assert other["不予处罚"] == "是" and other["不予处罚情形"].startswith("初次违法")
    # A re-import without the column keeps the officers; with it, replaces them.
    assert desk.import_cases([{"案号": "青卫医案〔2026〕31号", "案由": "甲案"}]).code == 0
    assert "张明" in json.loads(desk.ok("case", "show", "青卫医案〔2026〕31号", "--json"))[
        "fields"]["执法人员"]  # fmt: skip
    assert desk.run("check", "--legal").code == 0


#: A decided 警告 and fine under YLJG-04 (¥20,000: the shipped 轻微 level); then `case set`.
FINE = {"警告": "是", "罚款金额(元)": 20000}
REASON = "裁量理由=鉴于当事人系初次违法，并已及时改正，"
REVIEW = ("法制审核日期=2026-03-30", "法制审核人员=郑海", "法制审核结论=通过",
          "法制审核意见=事实清楚，证据确凿，程序合法，裁量适当。")  # fmt: skip
DISCUSSION = ("集体讨论日期=2026-03-31", "集体讨论主持人=周建国", "集体讨论结论=同意处罚。",
              "集体讨论参加人=周建国（主任）：同意；吴丽（副主任）：同意")  # fmt: skip
#: One case per rule: (ledger row, `case set` pairs after the import — for
#: no_penalty_documents, after its notice was issued).
ONE_PER_RULE: dict[str, tuple[dict[str, object], tuple[str, ...]]] = {
    "competence": ({"条款编码": "YP-01", "处罚依据": "《中华人民共和国药品管理法》第一百二十九条",
                    "罚款金额(元)": 100000}, ()),
    "mandatory_kinds": ({"条款编码": "YLJG-01",
                         "处罚依据": "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
                         "罚款金额(元)": 60000, "没收违法所得(元)": 5000}, (REASON,)),
    "no_penalty_documents": ({"警告": "是"}, ("警告=否", "不予处罚=是",
                             "不予处罚情形=有证据足以证明没有主观过错（第三十三条第二款）")),
    "no_penalty_ground": ({"不予处罚": "是"}, ()),
    "transfer": ({"移送司法机关": "是"}, ()),
    "officers": ({"警告": "是", "执法人员": "张明"}, ()),
    "penalty_present": ({"责令改正": "是"}, ()),
    "kind_details": ({"警告": "是", "其他处罚种类": "暂扣许可证件"}, ()),
    # The party's rights (issue 14); 地址 and the dates are set after the import.
    # The 听证告知 recorded (and a 10万元 fine) asks the 法制审核 and 集体讨论 (office policy).
    "hearing_scope": ({"警告": "是", "罚款金额(元)": 100000},
                      ("告知日期=2026-03-09", "听证告知日期=2026-03-09", *REVIEW, *DISCUSSION)),
    "hearing_notified": ({"警告": "是", "罚款金额(元)": 100000},
                         (REASON, "裁量阶次=严重", *REVIEW, *DISCUSSION)),
    "hearing_request": ({"处罚决定日期": None}, ("告知日期=2026-03-09", "听证告知日期=2026-03-09",
                                                 "听证申请日期=2026-03-20")),
    "hearing_held": ({"警告": "是"}, ("告知日期=2026-03-09", "听证申请日期=2026-03-11")),
    # A hearing held and decided without its 听证通知日期; then one summoned Thursday 3-12 to a
    # hearing on 3-20: six working days, one short. Both went through a hearing, so both were
    # reviewed and discussed (第五十八条第一款第二项).
    "hearing_summoned": ({"警告": "是"}, ("告知日期=2026-03-09", "听证申请日期=2026-03-11",
                         "听证日期=2026-03-20", "听证地点=听证室", "听证主持人=王芳",
                         "听证结论=维持", "复核意见=不采纳", "复核理由=无法定情节",
                         *REVIEW, *DISCUSSION)),
    "summons_period": ({"警告": "是"}, ("告知日期=2026-03-09", "听证申请日期=2026-03-11",
                       "听证通知日期=2026-03-12", "听证日期=2026-03-20", "听证地点=听证室",
                       "听证主持人=王芳", "听证结论=维持", "复核意见=不采纳",
                       "复核理由=无法定情节", *REVIEW, *DISCUSSION)),
    "statement_review": ({"警告": "是"}, ("告知日期=2026-03-09", "陈述申辩日期=2026-03-11")),
    "no_heavier": ({"警告": "是", "罚款金额(元)": 20000},
                   ("告知日期=2026-03-09", "陈述申辩日期=2026-03-11", "陈述申辩内容=不知情",
                    "复核意见=不采纳", "复核理由=不知法不免责", "告知的处罚种类=警告", REASON,
                    "裁量阶次=轻微")),
    "rights_windows": ({"警告": "是"}, ("告知日期=2026-03-30",)),
    "legal_review": (FINE, (REASON, "裁量阶次=轻微", "疑难复杂=是", *DISCUSSION)),
    "collective_discussion": (FINE, (REASON, "裁量阶次=轻微", "疑难复杂=是", *REVIEW)),
    "discretion_reason": (FINE, ("裁量阶次=轻微",)),
    "discretion_level": (FINE, (REASON,)),
}  # fmt: skip


def test_check_legal_names_a_case_for_every_rule(desk: Desk) -> None:
    assert set(ONE_PER_RULE) == {r.id for r in RULES}
    rows = []
    for n, (rule, (row, _)) in enumerate(ONE_PER_RULE.items(), start=41):
        rows.append({"案号": f"青卫医案〔2026〕{n}号", "案由": f"{rule}案", "执法人员": "张明、李华",
                     "处罚决定日期": "2026-04-02", **row})  # fmt: skip
    assert desk.import_cases(rows).code == 0
    for n, (rule, (_, pairs)) in enumerate(ONE_PER_RULE.items(), start=41):
        if pairs and rule != "no_penalty_documents":
            desk.ok("case", "set", f"青卫医案〔2026〕{n}号", *pairs)
    case_no = "青卫医案〔2026〕43号"  # no_penalty_documents: its notice first, then 不予处罚
    desk.ok("case", "set", case_no, "地址=青溪区城关街道人民路1号", "告知日期=2026-03-23")
    assert desk.doc("行政处罚事先告知书", case_no).code == 0
    desk.ok("case", "set", case_no, *ONE_PER_RULE["no_penalty_documents"][1])
    for n, (rule, (_row, pairs)) in enumerate(ONE_PER_RULE.items(), start=41):
        if pairs and rule != "no_penalty_documents":
            desk.ok("case", "set", f"青卫医案〔2026〕{n}号", "地址=青溪区城关街道人民路1号", *pairs)
    # hearing_scope: its 听证告知书 made for 10万元, then the fine dropped (a warning alone).
    scope_case = f"青卫医案〔2026〕{41 + list(ONE_PER_RULE).index('hearing_scope')}号"
    assert desk.doc("行政处罚听证告知书", scope_case).code == 0
    desk.ok("case", "set", scope_case, "罚款金额(元)=0", "告知的处罚种类=警告", "告知的罚款金额(元)=0")
    result = desk.run("check", "--legal", "--json")
    assert result.code == 1
    found = {(p["case_no"], p["rule"]) for p in json.loads(result.out)}
    expected = {(f"青卫医案〔2026〕{n}号", rule) for n, rule in enumerate(ONE_PER_RULE, start=41)}
    assert found == expected
    text = desk.run("check", "--legal")
    assert text.code == 1 and "法定程序检查：21 件案件有 21 处问题。" in text.out
    for rule in RULES:
        assert f"【{rule.title}】（{rule.id}）" in text.out and f"依据：{rule.basis_text}" in text.out


def test_the_demo_district_is_lawful(
    demo_ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--data-dir", str(demo_ctx.data_dir), "check", "--legal"]) == 0
    assert "法定程序检查通过" in capsys.readouterr().out
    assert demo_ctx.procedure.check_all() == []
    assert dict(demo_ctx.dashboard.load().counts)["法定程序问题"] == 0


def test_office_show_and_set(desk: Desk) -> None:
    shown = {r["label"]: r["value"] for r in json.loads(desk.ok("office", "show", "--json"))}
    assert shown["机关名称"] == "青溪区卫生健康委员会"
    assert shown["不予处罚决定文号格式"] == "{简称}卫医不罚〔{年}〕{序号}号"
    bad = desk.run("office", "set", "机关名称=", "法院=某法院", "PDF 转换程序=打印机")
    assert bad.code == 1 and "法院：不是单位设置的名称" in bad.err
    bad = desk.run("office", "set", "机关名称=", "PDF 转换程序=打印机")
    assert bad.code == 1 and "机关名称：不能为空；" in bad.err and "“打印机”不是可选项" in bad.err
    out = desk.ok("office", "set", "行政诉讼管辖法院=青溪区人民法院", "review_organ=青溪区人民政府")
    assert "已保存单位设置：行政诉讼管辖法院、行政复议机关。" in out
    assert "行政复议机关\t青溪区人民政府" in desk.ok("office", "show")
