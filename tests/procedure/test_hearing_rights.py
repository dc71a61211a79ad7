"""Scenarios through the command line: the party's rights after the 告知 — a hearing held and
its outcome in the 决定书, a 陈述申辩 late or on the last day, one accepted in part, no heavier
penalty after it, and no decision before the windows counted from the 告知书's service end."""

from __future__ import annotations

import json
from datetime import date

from lawful_case import discretion_labels, review_labels
from procedure_desk import Desk

CASE = "青卫医案〔2026〕71号"
STEPS = ("地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20", "告知日期=2026-03-23")
#: Served on Tuesday 2026-03-24: 陈述申辩 until Friday 3-27, 听证 until Tuesday 3-31.
SERVED = "告知书送达日期=2026-03-24"


def _case(desk: Desk, *pairs: str, decided: str = "2026-04-02", **row: object) -> None:
    """Import one case under YLJG-04 (警告、罚款 1万–10万) and record its steps, with the 裁量 of
    its fine and — told of the 听证 — its 法制审核 and 集体讨论 before the decision."""
    base = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
            "执法人员": "张明、李华", "处罚决定日期": decided, "警告": "是"}  # fmt: skip
    result = desk.import_cases([{**base, **row}])
    assert result.code == 0, result.err
    lawful = discretion_labels("YLJG-04", int(str(row["罚款金额(元)"])) * 100)
    if any(p.startswith("听证告知日期=") for p in pairs):
        lawful += review_labels(date.fromisoformat(decided))
    desk.ok("case", "set", CASE, *STEPS, *lawful, *pairs)


def _refused(desk: Desk, form: str, *words: str) -> str:
    result = desk.doc(form, CASE)
    assert result.code == 1, result.out
    for word in words:
        assert word in result.err, result.err
    return result.err


def _fields(desk: Desk) -> dict[str, str]:
    shown: dict[str, str] = json.loads(desk.ok("case", "show", CASE, "--json"))["fields"]
    return shown


def test_a_hearing_held_and_its_outcome_in_the_decision(desk: Desk) -> None:
    _case(desk, "听证告知日期=2026-03-23", SERVED, **{"罚款金额(元)": 100000})
    assert desk.doc("行政处罚事先告知书", CASE).code == 0
    assert desk.doc("行政处罚听证告知书", CASE).code == 0
    hearing = desk.text("行政处罚听证告知书")
    assert "请自收到本告知书之日起五个工作日内（即至2026年3月31日止）向本机关提出" in hearing
    assert _fields(desk)["告知的处罚种类"] == "警告、罚款"  # recorded with the first notice
    # No request yet: no 听证 documents.
    _refused(desk, "听证通知书", "没有记录当事人的听证申请")
    # A request after the five working days is late.
    desk.ok("case", "set", CASE, "听证申请日期=2026-04-01")
    _refused(desk, "听证通知书", "已超过听证申请期限", "至2026年3月31日止")
    desk.ok("case", "set", CASE, "听证申请日期=2026-03-31")  # the last day counts
    _refused(desk, "行政处罚决定书", "要求听证，应当组织听证", "听证日期、听证地点、听证主持人、听证结论")
    _refused(desk, "听证通知书", "缺少：听证日期、听证地点、听证主持人、通知日期")
    desk.ok("case", "set", CASE, "听证日期=2026-04-10", "听证地点=青溪区卫生健康委员会听证室",
            "听证主持人=王芳")  # fmt: skip
    _refused(desk, "听证通知书", "缺少：通知日期")
    # Summoned 4-1: the seventh working day after it (清明 4-4 … 4-6) is 4-13, after the hearing.
    desk.ok("case", "set", CASE, "听证通知日期=2026-04-01")
    _refused(desk, "听证通知书", "听证通知日期（2026年4月1日）距听证日期（2026年4月10日）不足7个工作日",
             "第7个工作日为2026年4月13日", "第六十四条第二项")  # fmt: skip
    desk.ok("case", "set", CASE, "听证通知日期=2026-03-31")  # the day of the request: 4-10 is the 7th
    made = desk.ok("doc", "听证通知书", "--case", CASE, "--out", str(desk.out))
    assert "青卫医听通〔2026〕1号" in made
    summons = desk.text("听证通知书")
    assert "你单位于2026年3月31日提出的听证申请收悉" in summons
    assert "（行政处罚听证告知书青卫医听告〔2026〕1号）" in summons
    assert "一、听证时间：2026年4月10日。" in summons and "三、听证主持人：王芳。" in summons
    assert summons.count("2026年3月31日") == 2  # the request and the summons' own date
    assert desk.doc("听证笔录", CASE).code == 0
    record = desk.text("听证笔录")
    assert "听证主持人：王芳" in record and "建议给予当事人如下行政处罚：1.警告；2.罚款" in record
    _refused(desk, "听证报告", "缺少：听证结论及处理意见")
    outcome = "当事人系初次违法且已整改，建议罚款由十万元减为五万元"
    desk.ok("case", "set", CASE, f"听证结论={outcome}")
    assert desk.doc("听证报告", CASE).code == 0
    assert outcome in desk.text("听证报告")
    # The decision comes after the hearing, with the 复核 of what the party said.
    _refused(desk, "行政处罚决定书", "没有记录复核意见、复核理由")
    desk.ok("case", "set", CASE, "复核意见=部分采纳", "复核理由=当事人初次违法并已改正，酌情减轻罚款",
            "罚款金额(元)=50000", "裁量阶次=一般")  # fmt: skip
    _refused(desk, "行政处罚决定书", "早于听证日期（2026年4月10日）")
    desk.ok("case", "set", CASE, "处罚决定日期=2026-04-14")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert ("当事人于2026年3月31日要求听证，本机关于2026年4月10日在青溪区卫生健康委员会听证室举行了"
            f"听证，听证主持人为王芳。听证结论：{outcome}。") in decision  # fmt: skip
    assert ("本机关对当事人提出的事实、理由和证据进行了复核，复核意见为部分采纳，理由如下："
            "当事人初次违法并已改正，酌情减轻罚款。") in decision  # fmt: skip
    assert "2.罚款人民币伍万元整（¥50,000.00）" in decision
    assert desk.run("check", "--legal").code == 0


def test_a_late_statement_is_not_said_to_be_in_time(desk: Desk) -> None:
    _case(desk, SERVED, "陈述申辩日期=2026-03-30", "陈述申辩内容=当事人称不知道诊疗科目的限制",
          "复核意见=不采纳", "复核理由=不知法不免责", **{"罚款金额(元)": 20000})  # fmt: skip
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "在规定期限内" not in decision
    assert ("当事人于2026年3月30日提出了陈述、申辩意见（已超过陈述申辩期限，期限至2026年3月27日止）："
            "当事人称不知道诊疗科目的限制。") in decision  # fmt: skip
    assert "复核意见为不采纳，理由如下：不知法不免责。" in decision


def test_a_statement_on_the_last_day_is_in_time(desk: Desk) -> None:
    _case(desk, SERVED, "陈述申辩日期=2026-03-27", "陈述申辩内容=当事人称已停止开展该项目",
          "复核意见=采纳", "复核理由=经现场核实属实", **{"罚款金额(元)": 20000})  # fmt: skip
    assert desk.doc("行政处罚事先告知书", CASE).code == 0
    notice = desk.text("行政处罚事先告知书")
    assert "请自收到本告知书之日起三个工作日内（即至2026年3月27日止）向本机关提出" in notice
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "本机关于2026年3月24日向当事人送达了行政处罚事先告知书（青卫医罚告〔2026〕1号），" in decision
    assert ("当事人于2026年3月27日在规定期限内提出了陈述、申辩意见：当事人称已停止开展该项目。"
            "本机关对当事人提出的事实、理由和证据进行了复核，复核意见为采纳") in decision  # fmt: skip


def test_a_statement_accepted_in_part_and_never_a_heavier_penalty(desk: Desk) -> None:
    _case(desk, SERVED, **{"罚款金额(元)": 80000})
    assert desk.doc("行政处罚事先告知书", CASE).code == 0
    assert _fields(desk)["告知的罚款金额(元)"] == "80000.00"
    desk.ok("case", "set", CASE, "陈述申辩日期=2026-03-26", "陈述申辩内容=当事人称仅实施一例且已退费")
    _refused(desk, "行政处罚决定书", "没有记录复核意见、复核理由")
    desk.ok("case", "set", CASE, "复核意见=部分采纳", "复核理由=仅实施一例属实，退费不影响违法事实的认定")
    desk.ok("case", "set", CASE, "罚款金额(元)=90000")
    _refused(desk, "行政处罚决定书", "罚款由告知的80000.00元增至90000.00元", "不得因当事人陈述、申辩而给予更重的处罚")
    desk.ok("case", "set", CASE, "罚款金额(元)=80000", "其他处罚种类=通报批评")
    _refused(desk, "行政处罚决定书", "增加了通报批评")
    legal = desk.run("check", "--legal")
    assert legal.code == 1 and "【不得因陈述申辩加重处罚】" in legal.out
    desk.ok("case", "set", CASE, "罚款金额(元)=50000", "其他处罚种类=", "裁量阶次=一般")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert ("当事人于2026年3月26日在规定期限内提出了陈述、申辩意见：当事人称仅实施一例且已退费。"
            "本机关对当事人提出的事实、理由和证据进行了复核，复核意见为部分采纳，理由如下："
            "仅实施一例属实，退费不影响违法事实的认定。") in decision  # fmt: skip
    assert desk.run("check", "--legal").code == 0


def test_a_decision_before_the_window_ended_is_refused(desk: Desk) -> None:
    # Served Monday 3-30: 陈述申辩 until Thursday 4-2 (the last day inclusive).
    _case(desk, "告知书送达日期=2026-03-30", **{"罚款金额(元)": 20000})
    _refused(desk, "行政处罚决定书", "处罚决定日期（2026年4月2日）在陈述申辩期限内",
             "自告知书送达之日起3个工作日，至2026年4月2日止")  # fmt: skip
    legal = desk.run("check", "--legal")
    assert legal.code == 1 and "【陈述申辩和听证期限届满前不得作出决定】" in legal.out
    desk.ok("case", "set", CASE, "处罚决定日期=2026-04-03")
    assert desk.doc("行政处罚决定书", CASE).code == 0
    assert desk.run("check", "--legal").code == 0


def test_the_hearing_window_runs_over_the_qingming_holiday(desk: Desk) -> None:
    # In 听证 scope, served Monday 3-30: five working days skip 清明 (4-4 … 4-6) to Tuesday 4-7.
    _case(desk, "听证告知日期=2026-03-23", "告知书送达日期=2026-03-30", decided="2026-04-07",
          **{"罚款金额(元)": 100000})  # fmt: skip
    assert desk.doc("行政处罚听证告知书", CASE).code == 0
    _refused(desk, "行政处罚决定书", "在听证申请期限内", "至2026年4月7日止")
    desk.ok("case", "set", CASE, "处罚决定日期=2026-04-08")
    assert desk.doc("行政处罚决定书", CASE).code == 0


def test_the_service_comes_after_the_notice(desk: Desk) -> None:
    _case(desk, **{"罚款金额(元)": 20000})
    bad = desk.run("case", "set", CASE, "告知书送达日期=2026-03-20")
    assert bad.code == 1 and "告知书送达日期（2026-03-20）早于告知日期（2026-03-23）" in bad.err
