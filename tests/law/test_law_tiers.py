"""Tiers in the check: the case's 处罚情形 selects the tier whose range and kinds alone apply; the
party the provision punishes; rows of another authority are 移送 rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from database.models import CaseSource, CauseCategory, PartyType
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.common.errors import ValidationError
from desktop.law.penalties import PenaltyFacts, case_kinds, check_penalty

WASTE = CaseInput(
    case_no="青卫医罚〔2026〕1号", party_name="青溪悦容医疗美容门诊部",
    party_type=PartyType.ORGANISATION, source=CaseSource.ROUTINE,
    cause_category=CauseCategory.OTHER, cause="将医疗废物混入生活垃圾案",
    facts="注射器、针头等损伤性医疗废物混入生活垃圾桶内。", provision_code="YF-03",
    act_on=date(2026, 3, 2), filed_on=date(2026, 3, 5), decided_on=date(2026, 4, 20),
    warning=True, fine_fen=2_000_000,
)  # fmt: skip


def test_a_first_instance_fine_above_the_first_tier_is_refused(ctx: AppContext) -> None:
    case_id = ctx.cases.create(WASTE)
    assert ctx.provisions.check_case(case_id) == [
        "罚款¥20,000.00超过《医疗废物管理条例》第四十七条第一项规定的上限¥10,000.00"
        "（责令限期改正，给予警告，并处5000元以上1万元以下的罚款）"
    ]


def test_the_same_fine_after_a_recorded_overdue_correction_is_accepted(ctx: AppContext) -> None:
    # 逾期不改正: the fine alone, 1–3万, after the 责令改正 of 2026-03-05.
    overdue = replace(WASTE, warning=False, penalty_tier_condition="逾期不改正",
                      correction_ordered_on=date(2026, 3, 5))  # fmt: skip
    case_id = ctx.cases.create(overdue)
    assert ctx.provisions.check_case(case_id) == []
    assert ctx.cases.get(case_id).penalty_tier_condition == "逾期不改正"
    # The tier's own range: 30,001 is over it, and a 警告 is not one of its kinds.
    ctx.cases.update(case_id, replace(overdue, fine_fen=3_000_100, warning=True))
    assert ctx.provisions.check_case(case_id) == [
        "《医疗废物管理条例》第四十七条第一项（逾期不改正）不设警告（可处：罚款）",
        "罚款¥30,001.00超过《医疗废物管理条例》第四十七条第一项（逾期不改正）规定的上限"
        "¥30,000.00（逾期不改正的，处1万元以上3万元以下的罚款）",
    ]


def test_overdue_needs_a_correction_order_before_the_decision(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as info:
        ctx.cases.create(replace(WASTE, warning=False, penalty_tier_condition="逾期不改正"))
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("责令改正日期", "处罚情形为“逾期不改正”，须填写责令改正日期。")
    ]
    with pytest.raises(ValidationError) as info:
        ctx.cases.create(replace(WASTE, penalty_tier_condition="逾期不改正",
                                 correction_ordered_on=date(2026, 4, 20)))  # fmt: skip
    assert info.value.errors[0].message == (
        "责令改正日期（2026-04-20）应早于处罚决定日期（2026-04-20）。"
    )
    with pytest.raises(ValidationError) as info:
        ctx.cases.create(replace(WASTE, penalty_tier_condition="屡教不改"))
    assert info.value.errors[0].field == "处罚情形" and "不是可选值" in info.value.errors[0].message
    # The editor's check (before saving) says the same.
    row = ctx.provisions.get("YF-03")
    facts = PenaltyFacts(fine_fen=2_000_000, act_on=date(2026, 3, 2), decided_on=date(2026, 4, 20),
                         penalty_tier_condition="逾期不改正")  # fmt: skip
    assert check_penalty(facts, row, []).problems == (
        "处罚情形为逾期不改正，请填写责令改正日期（《医疗废物管理条例》第四十七条第一项：先责令改正）",
    )
    late = replace(facts, correction_ordered_on=date(2026, 4, 21))
    assert "不早于处罚决定日期2026-04-20" in check_penalty(late, row, []).problems[0]


def test_a_condition_the_provision_has_not_and_a_row_that_starts_conditional(
    ctx: AppContext,
) -> None:
    row = ctx.provisions.get("YF-03")
    facts = PenaltyFacts(fine_fen=600_000, warning=True, act_on=date(2026, 3, 2),
                         decided_on=date(2026, 4, 20), penalty_tier_condition="情节严重")  # fmt: skip
    assert check_penalty(facts, row, []).problems == (
        "《医疗废物管理条例》第四十七条第一项没有处罚情形为“情节严重”的档次"
        "（可选：一般情形；逾期不改正、造成危害后果）",
    )
    # 医疗质量管理办法 第四十四条: a fine only after 逾期不改正 — there is no ordinary tier.
    quality = ctx.provisions.get("YLZL-07")
    plain = replace(facts, penalty_tier_condition="")
    assert "仅在逾期不改正时处罚" in check_penalty(plain, quality, []).problems[0]


def test_mandatory_kinds_of_the_tier_are_named_when_missing(ctx: AppContext) -> None:
    row = ctx.provisions.get("YF-03")
    facts = PenaltyFacts(fine_fen=600_000, act_on=date(2026, 3, 2), decided_on=date(2026, 4, 20))
    assert check_penalty(facts, row, []).problems == (
        "《医疗废物管理条例》第四十七条第一项规定应当给予警告，案件处罚内容中没有"
        "（责令限期改正，给予警告，并处5000元以上1万元以下的罚款）",
    )
    # 第九十九条第一款: 责令停止执业活动 with the fine; the confiscations are warned about (they
    # are due where there is something to confiscate), the fine checked on its 违法所得.
    unlicensed = ctx.provisions.get("YLJG-01")
    fined = PenaltyFacts(fine_fen=5_000_000, confiscation_fen=300_000, act_on=date(2026, 3, 2),
                         decided_on=date(2026, 4, 20))  # fmt: skip
    result = check_penalty(fined, unlicensed, [])
    assert len(result.problems) == 1 and "规定应当给予责令停止执业活动" in result.problems[0]
    assert check_penalty(replace(fined, suspension=True), unlicensed, []).problems == ()
    [goods] = check_penalty(replace(fined, suspension=True), unlicensed, []).warnings
    assert "规定没收非法财物，案件未记录" in goods


def test_case_kinds_maps_the_case_fields() -> None:
    assert case_kinds(PenaltyFacts()) == set()
    assert case_kinds(PenaltyFacts(warning=True, fine_fen=1, confiscation_fen=1,
                                   revocation=True)) == {
        "警告", "罚款", "没收违法所得", "吊销许可证件"
    }  # fmt: skip
    # One field for both: it counts as whichever the tier names.
    assert case_kinds(PenaltyFacts(suspension=True)) == {"责令停产停业", "责令停止执业活动"}


def test_the_party_the_provision_punishes(ctx: AppContext) -> None:
    # 医师法 第五十七条 punishes the doctor, not the hospital that employs him.
    doctor_row = ctx.provisions.get("YS-02")
    hospital = PenaltyFacts(warning=True, fine_fen=1_000_000, confiscation_fen=100_000,
                            act_on=date(2026, 3, 2), decided_on=date(2026, 4, 20),
                            party_type="机构")  # fmt: skip
    assert check_penalty(hospital, doctor_row, []).problems == (
        "《中华人民共和国医师法》第五十七条（条款编码YS-02）处罚的是个人，本案当事人是机构；"
        "请改选处罚机构的条款",
    )
    assert check_penalty(replace(hospital, party_type="个人"), doctor_row, []).problems == ()
    person_case = ctx.cases.create(replace(WASTE, party_type=PartyType.PERSON, party_name="张三"))
    assert "处罚的是机构，本案当事人是个人" in ctx.provisions.check_case(person_case)[0]
    # 机构或个人: either.
    unlicensed = ctx.provisions.get("YLJG-01")
    either = replace(hospital, warning=False, suspension=True, fine_fen=5_000_000)
    for party in ("机构", "个人"):
        assert check_penalty(replace(either, party_type=party), unlicensed, []).problems == ()


def test_a_row_of_another_authority_is_a_transfer_row(ctx: AppContext) -> None:
    device = replace(WASTE, provision_code="QX-01", warning=False, fine_fen=3_000_000,
                     cause="使用未依法注册的医疗器械案")  # fmt: skip
    case_id = ctx.cases.create(device)
    assert ctx.provisions.check_case(case_id) == [
        "该条款由药品监督管理部门实施，应移送药品监督管理部门处理（《医疗器械监督管理条例》"
        "第八十六条第三项（条款编码QX-01），实施机关：药品监管），不能由本机关作出处罚决定"
    ]
