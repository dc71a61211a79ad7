"""The procedure rules on typed cases and fake catalogue rows: each rule fires, says what to do,
refuses the documents it names, and keeps quiet on a lawful case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from database.models import CaseSource, CauseCategory, NoPenaltyGround, PartyType
from desktop.cases.cases import CaseInput, validate_case
from desktop.cases.legal_check import case_kinds, input_problems
from desktop.law import catalogue
from desktop.law.kinds import KIND_NAMES
from desktop.law.procedure import RULES, check_facts, facts_of, refusals
from desktop.law.procedure.adapter import (
    is_transfer_provision,
    mandatory_kinds,
    provision_authority,
)
from forms.case_penalty import KIND_ORDER, OtherKind, kind_lines, parse_confiscation
from forms.legal_bases import NO_PENALTY_GROUNDS
from forms.validators import FieldError

OFFICERS = [
    SimpleNamespace(id=1, name="张明", badge_no="ZJ33990120240001", active=True),
    SimpleNamespace(id=2, name="李华", badge_no="ZJ33990120240002", active=True),
    SimpleNamespace(id=3, name="赵强", badge_no="ZJ33990120240003", active=False),
]
#: A 卫生健康 provision as the catalogue has it today (no authority, no mandatory kinds).
OWN = SimpleNamespace(code="YLJG-04", basis_article="《医疗机构管理条例》第四十六条")
DRUGS = SimpleNamespace(code="YP-01", basis_article="《中华人民共和国药品管理法》第一百二十九条",
                        authority="药品监管")  # fmt: skip
UNLICENSED = SimpleNamespace(
    code="YLJG-01", basis_article="《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
    mandatory_kinds="责令停止执业活动、没收违法所得、罚款",
)  # fmt: skip


def _case(**changes: object) -> CaseInput:
    base = CaseInput(
        case_no="青卫医案〔2026〕1号", party_name="青溪某医疗美容诊所", party_type=PartyType.ORGANISATION,
        source=CaseSource.ROUTINE, cause_category=CauseCategory.QUALIFICATION,
        cause="超范围执业案", filed_on=date(2026, 3, 2), warning=True, fine_fen=2_000_000,
        investigation_ended_on=date(2026, 3, 20), notified_on=date(2026, 3, 23),
        decided_on=date(2026, 4, 2), officer_ids=(1, 2),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def _rules(data: CaseInput, provision: object = OWN, issued: tuple[str, ...] = ()) -> set[str]:
    return {p.rule for p in input_problems(data, OFFICERS, provision, issued)}


def test_a_lawful_decision_keeps_every_rule() -> None:
    assert _rules(_case()) == set()
    assert len({r.id for r in RULES}) == len(RULES) == 8
    for rule in RULES:
        assert rule.basis and all(b.verified and b.source for b in rule.basis), rule.id


def test_competence_refuses_the_decision_and_offers_the_transfer() -> None:
    problems = input_problems(_case(), OFFICERS, DRUGS, ())
    assert [p.rule for p in problems] == ["competence"]
    message = problems[0].message
    assert "由药品监管部门实施行政处罚" in message and "《案件移送书》" in message
    assert "第三十八条第一款" in problems[0].basis
    transferred = _case(warning=False, fine_fen=0, decided_on=None, notified_on=None,
                        transfer_organ="青溪区市场监督管理局", transferred_on=date(2026, 3, 25),
                        transfer_reason="该违法行为由药品监督管理部门实施行政处罚")  # fmt: skip
    assert _rules(transferred, DRUGS) == set()
    facts = facts_of(transferred, officers=OFFICERS[:2])
    assert [p.rule for p in refusals(facts, DRUGS, "penalty_decision")] == ["competence"]
    assert refusals(facts, DRUGS, "transfer_letter") == []
    assert refusals(facts, DRUGS, "closing_report") == []


def test_mandatory_kinds_name_what_is_missing() -> None:
    data = _case(warning=False, fine_fen=6_000_000, confiscation_fen=500_000)
    problems = input_problems(data, OFFICERS, UNLICENSED, ())
    assert [p.rule for p in problems] == ["mandatory_kinds"]
    assert "应当并处责令停止执业活动、没收违法所得、罚款" in problems[0].message
    assert "本案缺少责令停止执业活动" in problems[0].message
    assert _rules(replace(data, other_kinds="责令停止执业活动"), UNLICENSED) == set()


def test_no_penalty_case_refuses_penalty_documents_and_needs_a_ground() -> None:
    data = _case(warning=False, fine_fen=0, no_penalty=True)
    assert _rules(data) == {"no_penalty_ground"}
    grounded = replace(data, no_penalty_ground=NoPenaltyGround.NO_FAULT)
    facts = facts_of(grounded, officers=OFFICERS[:2])
    for form in ("penalty_notice", "hearing_notice", "penalty_decision"):
        refused = refusals(facts, OWN, form)
        assert [p.rule for p in refused] == ["no_penalty_documents"], form
        assert "不予行政处罚决定书" in refused[0].message
    assert refusals(facts, OWN, "no_penalty_decision") == []
    made = _rules(grounded, issued=("penalty_notice",))
    assert made == {"no_penalty_documents"}
    assert refusals(facts_of(_case(), officers=OFFICERS[:2]), OWN, "no_penalty_decision")


def test_transfer_needs_its_organ_date_and_reason() -> None:
    data = _case(warning=False, fine_fen=0, judicial_transfer=True)
    problems = input_problems(data, OFFICERS, OWN, ())
    assert [p.rule for p in problems] == ["transfer"]
    assert "没有记录移送机关、移送日期、移送理由" in problems[0].message
    done = replace(data, transfer_organ="青溪区公安分局", transferred_on=date(2026, 4, 2),
                   transfer_reason="涉嫌非法行医罪")  # fmt: skip
    assert _rules(done) == set()


def test_officers_two_active_with_badges() -> None:
    one = input_problems(_case(officer_ids=(1,)), OFFICERS, OWN, ())
    assert [p.rule for p in one] == ["officers"]
    assert "只有1名" in one[0].message and "选择至少两名" in one[0].message
    left = input_problems(_case(officer_ids=(1, 3)), OFFICERS, OWN, ())
    assert "赵强已不在职" in left[0].message
    # A closed case keeps the officers who decided it, though one has left since.
    assert _rules(_case(officer_ids=(1, 3), closed_on=date(2026, 5, 1))) == set()
    # A case not yet notified or decided needs none yet, until a decision is made.
    undecided = _case(officer_ids=(), notified_on=None, decided_on=None)
    assert _rules(undecided) == set()
    facts = facts_of(undecided, officers=[])
    assert [p.rule for p in refusals(facts, OWN, "penalty_decision")] == ["officers"]


def test_a_decision_needs_a_penalty_and_the_terms_of_its_kinds() -> None:
    empty = _case(warning=False, fine_fen=0, order_correction=True)
    problems = input_problems(empty, OFFICERS, OWN, ())
    assert [p.rule for p in problems] == ["penalty_present"]
    assert "责令改正不是行政处罚" in problems[0].message
    held = _case(other_kinds="暂扣许可证件")
    assert _rules(held) == {"kind_details"}
    assert "缺少暂扣许可证件期限" in input_problems(held, OFFICERS, OWN, ())[0].message
    assert _rules(replace(held, licence_hold_term="三个月")) == set()


def test_adapter_reads_the_catalogue_defensively() -> None:
    assert provision_authority(OWN) == "卫生健康" and not is_transfer_provision(OWN)
    assert is_transfer_provision(DRUGS) and not is_transfer_provision(None)
    assert mandatory_kinds(UNLICENSED) == ("责令停止执业活动", "没收违法所得", "罚款")
    assert mandatory_kinds(SimpleNamespace(mandatory_kinds=("罚款",))) == ("罚款",)
    assert mandatory_kinds(OWN) == ()


def test_the_catalogue_decides_competence_once_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "is_transfer_row", lambda p: p.code == "YLJG-04",
                        raising=False)  # fmt: skip
    assert is_transfer_provision(OWN) and not is_transfer_provision(DRUGS)


def test_kinds_on_a_case_in_the_vocabulary_order_and_words() -> None:
    assert KIND_ORDER == KIND_NAMES
    items = parse_confiscation("射频美容仪 1台（价值3000元）\nA型肉毒毒素注射液 3支")
    data = _case(confiscated_items=items, other_kinds="责令停止执业活动、通报批评",
                 practice_suspension_term="六个月")  # fmt: skip
    assert case_kinds(data) == {"警告", "通报批评", "罚款", "没收非法财物", "责令停止执业活动"}
    assert kind_lines(data) == [
        "警告", "通报批评", "罚款人民币贰万元整（¥20,000.00）",
        "没收非法财物（射频美容仪 1台、A型肉毒毒素注射液 3支）", "责令停止执业活动",
    ]  # fmt: skip
    assert case_kinds(_case(no_penalty=True)) == set()
    assert {k.value for k in OtherKind} < set(KIND_NAMES)
    with pytest.raises(FieldError, match="第2项“玻尿酸”应写成“名称 数量单位”"):
        parse_confiscation("射频美容仪 1台；玻尿酸")


def test_validation_of_the_new_fields() -> None:
    errors = {e.field: e.message for e in validate_case(_case(
        other_kinds="罚金", no_penalty_ground=NoPenaltyGround.MINOR,
        transferred_on=date(2026, 4, 1)))}  # fmt: skip
    assert "“罚金”不是可选的处罚种类" in errors["其他处罚种类"]
    assert errors["不予处罚情形"] == "只有不予处罚的案件才填写不予处罚情形。"
    assert errors["移送机关"] == "填写了移送日期，但没有移送机关。"
    both = {e.field for e in validate_case(_case(no_penalty=True))}
    assert "不予处罚" in both  # 警告 and 罚款 are penalties
    # 责令改正 is not a penalty: a 不予处罚 case may order correction (行政处罚法 第二十八条).
    fixed = _case(warning=False, fine_fen=0, no_penalty=True, order_correction=True)
    assert validate_case(fixed) == []


def test_every_ground_has_its_article_and_finding() -> None:
    assert set(NO_PENALTY_GROUNDS) == set(NoPenaltyGround)
    for ground, terms in NO_PENALTY_GROUNDS.items():
        article = ground.value[ground.value.index("（") + 1 : -1]
        assert terms.basis.article.startswith(article), ground
        assert (terms.basis.verified and "不予行政处罚" in terms.basis.text) or "不再给予" in (
            terms.basis.text
        )
    assert check_facts(facts_of(_case(), officers=OFFICERS[:2]), OWN) == []
