"""Scenarios through the command line: which penalties reach 听证 (行政处罚法 第六十三条) — the
较大数额 thresholds per party type (office settings), 吊销, 停业 — and what the 告知书 offer."""

from __future__ import annotations

import json
from datetime import date

import pytest
from lawful_case import discretion_labels, review_labels
from procedure_desk import Desk

CASE = "青卫医案〔2026〕61号"
#: Every scenario case: 地址, 调查终结, 告知 on Monday 2026-03-23 (windows end 3-26 and 3-30).
STEPS = ("地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20", "告知日期=2026-03-23")
#: 医师法 第五十九条 (YS-01): a person, fined 2–10 times the 违法所得 (at least 1万元 counted).
PERSON = {"当事人": "刘某某", "当事人类型": "个人", "统一社会信用代码": None,
          "案由": "刘某某非医师行医案", "条款编码": "YS-01", "违反条款": "", "处罚依据": "",
          "违法事实": "当事人未取得医师资格，于2026年3月2日在其住所为顾客注射玻尿酸。",
          "没收违法所得(元)": 3000, "没收非法财物": "玻尿酸注射液 12支"}  # fmt: skip
OUT_OF_SCOPE = "不属于听证范围"
NOT_NOTIFIED = "但没有告知当事人要求听证的权利"


def _case(desk: Desk, *pairs: str, **row: object) -> None:
    """Import one case (YLJG-04 unless the row says otherwise, decided 2026-04-02)."""
    base = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
            "执法人员": "张明、李华", "处罚决定日期": "2026-04-02", "责令改正": "是"}  # fmt: skip
    result = desk.import_cases([{**base, **row}])
    assert result.code == 0, result.err
    fine_fen = int(str(row.get("罚款金额(元)", 0))) * 100
    lawful = discretion_labels(str(row.get("条款编码", "YLJG-04")), fine_fen,
                               str(row.get("处罚情形", ""))) if fine_fen else ()  # fmt: skip
    desk.ok("case", "set", CASE, *STEPS, *lawful, *pairs)


def _out_of_scope(desk: Desk) -> None:
    """No 听证告知书; the 事先告知书 offers 陈述申辩 only; the decision needs no 听证."""
    refused = desk.doc("行政处罚听证告知书", CASE)
    assert refused.code == 1 and OUT_OF_SCOPE in refused.err, refused.err
    assert desk.doc("行政处罚事先告知书", CASE).code == 0
    notice = desk.text("行政处罚事先告知书")
    assert "有权进行陈述和申辩" in notice and "听证" not in notice
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "当事人在规定期限内未提出陈述、申辩意见。" in decision and "听证" not in decision
    assert desk.run("check", "--legal").code == 0


def _in_scope(desk: Desk, reason: str) -> None:
    """The decision waits for the 听证告知; the 听证告知书 offers the hearing."""
    refused = desk.doc("行政处罚决定书", CASE)
    assert refused.code == 1 and NOT_NOTIFIED in refused.err and reason in refused.err, refused.err
    legal = desk.run("check", "--legal")
    assert legal.code == 1 and "【听证范围内的处罚须告知听证权利】" in legal.out
    assert desk.doc("行政处罚事先告知书", CASE).code == 0
    assert "青卫医听告〔2026〕1号" in desk.ok("doc", "行政处罚听证告知书", "--case", CASE, "--out",
                                        str(desk.out))  # fmt: skip
    hearing = desk.text("行政处罚听证告知书")
    assert "有要求举行听证的权利" in hearing
    assert "请自收到本告知书之日起五个工作日内向本机关提出" in hearing  # no service date yet
    # A case with a 听证告知 needs 法制审核 and 集体讨论 (the office's default policy).
    desk.ok("case", "set", CASE, "听证告知日期=2026-03-23", "告知书送达日期=2026-03-23",
            *review_labels(date(2026, 4, 2)))
    assert desk.doc("行政处罚决定书", CASE).code == 0
    decision = desk.text("行政处罚决定书")
    assert "和行政处罚听证告知书（青卫医听告〔2026〕1号）" in decision
    assert "当事人在规定期限内未要求听证。当事人在规定期限内未提出陈述、申辩意见。" in decision
    assert desk.run("check", "--legal").code == 0


def test_a_unit_below_the_threshold_gets_no_hearing(desk: Desk) -> None:
    _case(desk, 警告="是", **{"罚款金额(元)": 99999})
    _out_of_scope(desk)


def test_a_unit_at_the_threshold_is_offered_a_hearing(desk: Desk) -> None:
    _case(desk, 警告="是", **{"罚款金额(元)": 100000})
    _in_scope(desk, "较大数额罚款（对单位100000元以上）")


def test_a_warning_alone_gets_no_hearing(desk: Desk) -> None:
    """The issue's 青卫医听告〔2025〕1号 for "1.警告" only."""
    _case(desk, 警告="是")
    _out_of_scope(desk)


@pytest.mark.parametrize(("fine", "in_scope"), [(49999, False), (50000, True)])
def test_a_person_against_the_office_threshold(desk: Desk, fine: int, in_scope: bool) -> None:
    shown = {r["label"]: r["value"] for r in json.loads(desk.ok("office", "show", "--json"))}
    assert shown["听证“较大数额”：对个人（元，默认值未核对，按本省规定）"] == "10000"
    bad = desk.run("office", "set", "听证“较大数额”：对个人（元，默认值未核对，按本省规定）=五万")
    assert bad.code == 1 and "“五万”应为元数" in bad.err
    desk.ok("office", "set", "听证“较大数额”：对个人（元，默认值未核对，按本省规定）=50000")
    _case(desk, "身份证号=110101199003077571", **PERSON, **{"罚款金额(元)": fine})
    if in_scope:
        _in_scope(desk, "较大数额罚款（对个人50000元以上）")
    else:
        _out_of_scope(desk)


def test_a_person_above_the_default_threshold(desk: Desk) -> None:
    _case(desk, "身份证号=110101199003077571", **PERSON, **{"罚款金额(元)": 20000})
    _in_scope(desk, "较大数额罚款（对个人10000元以上）")


def test_revocation_is_always_in_scope(desk: Desk) -> None:
    _case(desk, 吊销许可="是", 处罚情形="情节严重")
    _in_scope(desk, "吊销许可证件")


def test_stopping_the_business_is_always_in_scope(desk: Desk) -> None:
    _case(desk, 责令停业整顿="是", 处罚情形="情节严重")
    _in_scope(desk, "责令停产停业")
