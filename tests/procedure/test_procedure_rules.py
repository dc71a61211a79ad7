"""The procedure rules on typed cases and fake catalogue rows: each rule fires, says what to do,
refuses the documents it names, and keeps quiet on a lawful case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from lawful_case import reviewed

from database.models import CaseSource, CauseCategory, NoPenaltyGround, PartyType
from desktop.cases.cases import CaseInput, validate_case
from desktop.cases.legal_check import input_problems
from desktop.law.catalogue import AUTHORITIES, SEED_DIR, provision_row
from desktop.law.catalogue_files import read_catalogue
from desktop.law.kinds import KIND_NAMES
from desktop.law.penalties import case_kinds, check_penalty, penalty_facts
from desktop.law.procedure import RULES, check_facts, facts_of, refusals
from desktop.law.procedure.adapter import (
    TRANSFER_ORGANS,
    is_transfer_provision,
    mandatory_kinds,
    provision_authority,
)
from forms.case_penalty import OtherKind, case_kind_names, kind_lines, parse_confiscation
from forms.legal_bases import NO_PENALTY_GROUNDS
from forms.validators import FieldError

OFFICERS = [
    SimpleNamespace(id=1, name="张明", badge_no="ZJ33990120240001", active=True),
    SimpleNamespace(id=2, name="李华", badge_no="ZJ33990120240002", active=True),
    SimpleNamespace(id=3, name="赵强", badge_no="ZJ33990120240003", active=False),
]
#: The shipped catalogue's rows, read from its files (no database).
SHIPPED = {p.code: provision_row(p) for p in read_catalogue(SEED_DIR)}
#: A 卫生健康 row (医疗机构管理条例 第四十六条: 警告、没收违法所得, 可以罚款).
OWN = SHIPPED["YLJG-04"]
#: A 药品监管 row: a 移送 row.
DRUGS = SHIPPED["YP-01"]
#: 基本医疗卫生与健康促进法 第九十九条第一款: 责令停止执业活动、没收违法所得、没收非法财物、罚款.
UNLICENSED = SHIPPED["YLJG-01"]


def _case(**changes: object) -> CaseInput:
    base = CaseInput(
        case_no="青卫医案〔2026〕1号", party_name="青溪某医疗美容诊所", party_type=PartyType.ORGANISATION,
        source=CaseSource.ROUTINE, cause_category=CauseCategory.QUALIFICATION,
        cause="超范围执业案", filed_on=date(2026, 3, 2), warning=True, fine_fen=2_000_000,
        investigation_ended_on=date(2026, 3, 20), notified_on=date(2026, 3, 23),
        decided_on=date(2026, 4, 2), officer_ids=(1, 2), discretion="鉴于当事人系初次违法，",
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def _rules(data: CaseInput, provision: object = OWN, issued: tuple[str, ...] = ()) -> set[str]:
    return {p.rule for p in input_problems(data, OFFICERS, provision, issued)}


def test_a_lawful_decision_keeps_every_rule() -> None:
    assert _rules(_case()) == set()
    assert len({r.id for r in RULES}) == len(RULES) == 21
    for rule in RULES:
        assert rule.basis and all(b.verified and b.source for b in rule.basis), rule.id


def test_competence_refuses_the_decision_and_offers_the_transfer() -> None:
    problems = input_problems(_case(), OFFICERS, DRUGS, ())
    assert [p.rule for p in problems] == ["competence"]
    message = problems[0].message
    assert "由药品监督管理部门实施行政处罚" in message and "《案件移送书》" in message
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
    message = problems[0].message
    assert message.startswith("案件青卫医案〔2026〕1号：《中华人民共和国基本医疗卫生与健康促进法》"
                              "第九十九条第一款规定应当给予责令停止执业活动，案件处罚内容中没有")  # fmt: skip
    assert message.endswith("；请在案件的处罚内容中补充")
    # Either way of recording it: the kind by name, or the 停业 field under this tier.
    # 责令停止执业活动 reaches 听证 (行政处罚法 第六十三条): the party was told of it, so the
    # office's policy asks a 法制审核 and 集体讨论 before the decision.
    told = replace(data, hearing_notified_on=date(2026, 3, 23), **reviewed(date(2026, 4, 2)))  # type: ignore[arg-type]
    assert _rules(replace(told, other_kinds="责令停止执业活动"), UNLICENSED) == set()
    assert _rules(replace(told, suspension=True), UNLICENSED) == set()
    # 没收非法财物 (missing too) is due only where there is something: the rules do not refuse
    # it, the penalty check warns (行政处罚法 第二十八条第二款) — the list above is the firm one.


def test_the_checker_and_the_penalty_check_say_a_missing_kind_once() -> None:
    data = _case(warning=False, fine_fen=6_000_000, confiscation_fen=500_000)
    facts = penalty_facts(data)
    alone = check_penalty(facts, UNLICENSED, [])
    [missing] = [p for p in alone.problems if "应当给予" in p]
    [rule] = input_problems(data, OFFICERS, UNLICENSED, ())
    assert missing in rule.message
    # Where both are shown (the editor, the pre-flight) the penalty check leaves it to the rule.
    shown = check_penalty(facts, UNLICENSED, [], procedure_checked=True)
    assert not any("应当给予" in p for p in shown.problems)
    assert [w for w in shown.warnings if "没收非法财物" in w] == [
        w for w in alone.warnings if "没收非法财物" in w
    ]
    assert len([w for w in shown.warnings if "规定没收非法财物，案件未记录" in w]) == 1
    # Items recorded: nothing left to say about the kinds.
    items = parse_confiscation("玻尿酸注射液 3支\n一次性使用无菌注射器 12支")
    whole = replace(data, suspension=True, confiscated_items=items)
    assert not any("没收" in w for w in check_penalty(penalty_facts(whole), UNLICENSED, []).warnings)
    # Another authority's row: the rule says 移送, the penalty check only when alone.
    assert check_penalty(facts, DRUGS, [], procedure_checked=True).problems == ()
    assert "应移送药品监督管理部门处理" in check_penalty(facts, DRUGS, []).problems[0]


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


def test_adapter_reads_the_catalogue() -> None:
    assert provision_authority(OWN) == "卫生健康" and not is_transfer_provision(OWN)
    assert provision_authority(DRUGS) == "药品监管"
    assert is_transfer_provision(DRUGS) and not is_transfer_provision(None)
    assert mandatory_kinds(UNLICENSED) == ("责令停止执业活动", "没收违法所得", "没收非法财物", "罚款")
    # The tier the 处罚情形 selects: 医疗废物管理条例 第四十七条 逾期不改正 — 罚款 alone.
    waste = SHIPPED["YF-03"]
    assert mandatory_kinds(waste) == ("警告", "罚款")
    assert mandatory_kinds(waste, "逾期不改正") == ("罚款",)
    assert mandatory_kinds(waste, "情节特别严重") == () and mandatory_kinds(None) == ()
    assert set(TRANSFER_ORGANS) <= set(AUTHORITIES)


def test_the_own_authorities_decide_their_rows() -> None:
    for authority in ("卫生健康", "中医药", "疾病预防控制"):
        assert not is_transfer_provision(replace(OWN, authority=authority)), authority
    for authority in ("药品监管", "市场监管", "生态环境", "公安"):
        assert is_transfer_provision(replace(OWN, authority=authority)), authority
        assert _rules(_case(), replace(OWN, authority=authority)) == {"competence"}


def test_kinds_on_a_case_in_the_vocabulary_order_and_words() -> None:
    items = parse_confiscation("射频美容仪 1台（价值3000元）\nA型肉毒毒素注射液 3支")
    data = _case(confiscated_items=items, other_kinds="责令停止执业活动、通报批评",
                 practice_suspension_term="六个月")  # fmt: skip
    assert case_kinds(data) == {"警告", "通报批评", "罚款", "没收非法财物", "责令停止执业活动"}
    # In 第九条's order (the one kind table), whatever order the clerk ticked them in.
    assert case_kind_names(data) == ("警告", "通报批评", "罚款", "没收非法财物", "责令停止执业活动")
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
