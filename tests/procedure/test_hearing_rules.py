"""The rights rules on typed cases: 听证 scope at each threshold and kind, the settings read,
the windows counted from the service on the real calendar, every rule's basis read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import chinese_calendar
import pytest
from lawful_case import fitting, reviewed

from database.models import CaseSource, CauseCategory, PartyType, ReviewResult
from desktop.cases.cases import CaseInput
from desktop.cases.legal_check import input_problems
from desktop.law.catalogue import SEED_DIR, provision_row
from desktop.law.catalogue_files import read_catalogue
from desktop.law.kinds import PENALTY_KINDS
from desktop.law.procedure import RULES, HearingTerms, facts_of, refusals, terms_from
from desktop.law.procedure.hearing import (
    HEARING_INDIVIDUAL_KEY,
    HEARING_ORGANISATION_KEY,
    hearing_reasons,
)
from desktop.records.office import OFFICE_KEYS

OWN = {p.code: provision_row(p) for p in read_catalogue(SEED_DIR)}["YLJG-04"]
TERMS = HearingTerms()
OFFICERS = [
    SimpleNamespace(id=1, name="张明", badge_no="ZJ33990120240001", active=True),
    SimpleNamespace(id=2, name="李华", badge_no="ZJ33990120240002", active=True),
]


def _workdays(start: date, count: int) -> date:
    """The statutory calendar as chinese-calendar ships it (the desk's calendar uses it too)."""
    day = start
    while count:
        day += timedelta(days=1)
        count -= chinese_calendar.is_workday(day)
    return day


def _case(**changes: object) -> CaseInput:
    base = CaseInput(
        case_no="青卫医案〔2026〕1号", party_name="青溪某医疗美容诊所", party_type=PartyType.ORGANISATION,
        source=CaseSource.ROUTINE, cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
        filed_on=date(2026, 3, 2), warning=True, fine_fen=2_000_000,
        investigation_ended_on=date(2026, 3, 20), notified_on=date(2026, 3, 23),
        decided_on=date(2026, 4, 2), officer_ids=(1, 2),
    )  # fmt: skip
    # What issue 14 asks besides: the fine's 裁量 (as typed: 2万元, 轻微) and, told of the 听证,
    # a 法制审核 and 集体讨论 before the decision.
    data = replace(base, **{**fitting("YLJG-04", 2_000_000), **changes})  # type: ignore[arg-type]
    if data.hearing_notified_on is not None and data.decided_on is not None:
        data = replace(data, **reviewed(data.decided_on))  # type: ignore[arg-type]
    return data


def _rules(data: CaseInput, issued: tuple[str, ...] = ()) -> set[str]:
    terms = HearingTerms(workdays=_workdays)
    return {p.rule for p in input_problems(data, OFFICERS, OWN, issued, terms)}


@pytest.mark.parametrize(
    ("individual", "fine_yuan", "expected"),
    [(True, 9_999, False), (True, 10_000, True), (False, 99_999, False), (False, 100_000, True)],
)
def test_fines_against_each_threshold(individual: bool, fine_yuan: int, expected: bool) -> None:
    reasons = hearing_reasons(("罚款",), fine_yuan * 100, 0, individual, TERMS)
    assert bool(reasons) is expected
    if expected:
        party = "个人" if individual else "单位"
        assert reasons == (f"较大数额罚款（对{party}{fine_yuan}元以上）",)


def test_confiscation_counts_the_goods_value_too() -> None:
    assert hearing_reasons(("没收违法所得",), 0, 9_999_00, True, TERMS) == ()
    reasons = hearing_reasons(("没收违法所得", "没收非法财物"), 0, 10_000_00, True, TERMS)
    assert reasons == ("没收较大数额违法所得或较大价值非法财物（对个人10000元以上）",)


def test_the_kinds_that_always_reach_a_hearing() -> None:
    always = {k.name for k in PENALTY_KINDS if hearing_reasons((k.name,), 0, 0, False, TERMS)}
    assert always == {"降低资质等级", "吊销许可证件", "责令停产停业", "责令关闭", "限制从业",
                      "责令停止执业活动", "暂停执业活动"}  # fmt: skip


def test_the_settings_are_the_offices() -> None:
    keys = {k.key: k.default for k in OFFICE_KEYS}
    assert keys[HEARING_INDIVIDUAL_KEY] == "10000" and keys[HEARING_ORGANISATION_KEY] == "100000"
    terms = terms_from({HEARING_INDIVIDUAL_KEY: "5,000", HEARING_ORGANISATION_KEY: ""})
    assert terms.threshold(True) == 500_000 and terms.threshold(False) == 10_000_000


def test_the_windows_run_from_the_service() -> None:
    # Told on Monday 3-23, served Tuesday 3-24: 陈述申辩 until Friday 3-27 inclusive.
    served = _case(notice_served_on=date(2026, 3, 24))
    facts = facts_of(served, officers=(), terms=HearingTerms(workdays=_workdays))
    assert facts.rights.statement_due == date(2026, 3, 27)
    assert facts.rights.hearing_due == date(2026, 3, 31)
    assert _rules(replace(served, decided_on=date(2026, 3, 27))) == {"rights_windows"}
    assert _rules(replace(served, decided_on=date(2026, 3, 30))) == set()
    # Without a recorded service the notice's date stands in.
    assert _rules(_case(decided_on=date(2026, 3, 26))) == {"rights_windows"}
    # A statement made closes the 陈述申辩 window early (with its 复核 recorded).
    stated = replace(served, decided_on=date(2026, 3, 26), statement_on=date(2026, 3, 25),
                     statement_summary="不知情", review_result=ReviewResult.REJECTED,
                     review_reason="理由不成立")  # fmt: skip
    assert _rules(stated) == set()
    # Windows cannot be counted without the calendar: nothing is claimed.
    assert not input_problems(replace(served, decided_on=date(2026, 3, 25)), OFFICERS, OWN, ())


def test_a_hearing_case_lightened_below_the_scope_keeps_its_notice() -> None:
    heard = _case(fine_fen=5_000_000, hearing_notified_on=date(2026, 3, 23),
                  notified_kinds="警告、罚款", notified_fine_fen=10_000_000)  # fmt: skip
    assert _rules(heard, ("hearing_notice",)) == set()
    assert _rules(replace(heard, notified_kinds=""), ("hearing_notice",)) == {"hearing_scope"}


def test_every_rights_rule_reads_its_basis() -> None:
    ids = {"hearing_scope", "hearing_notified", "hearing_request", "hearing_held",
           "hearing_summoned", "summons_period", "statement_review", "no_heavier",
           "rights_windows"}  # fmt: skip
    rules = [r for r in RULES if r.id in ids]
    assert len(rules) == len(ids)
    for rule in rules:
        assert rule.basis and all(b.verified for b in rule.basis), rule.id
        assert "《中华人民共和国行政处罚法》" in rule.basis_text


def test_a_statement_made_at_the_hearing_needs_no_date_of_its_own() -> None:
    heard = _case(fine_fen=10_000_000, hearing_notified_on=date(2026, 3, 23),
                  hearing_requested_on=date(2026, 3, 24), hearing_summoned_on=date(2026, 3, 24),
                  hearing_on=date(2026, 4, 2),
                  hearing_place="听证室", hearing_host="王芳", hearing_outcome="维持",
                  statement_summary="请求减轻", decided_on=date(2026, 4, 8))  # fmt: skip
    assert _rules(heard) == {"statement_review"}  # the 复核 is still due
    reviewed = replace(heard, review_result=ReviewResult.REJECTED, review_reason="无法定情节")
    assert _rules(reviewed) == set()


def _heard(summoned: date | None, hearing: date, **changes: object) -> CaseInput:
    """A hearing case (10万元, 听证告知 3-23, requested 3-24) summoned and heard on these days,
    reviewed and decided on 4-20."""
    return _case(fine_fen=10_000_000, hearing_notified_on=date(2026, 3, 23),
                 hearing_requested_on=date(2026, 3, 24), hearing_summoned_on=summoned,
                 hearing_on=hearing, hearing_place="听证室", hearing_host="王芳",
                 hearing_outcome="维持", statement_summary="请求减轻",
                 review_result=ReviewResult.REJECTED, review_reason="无法定情节",
                 decided_on=date(2026, 4, 20), **changes)  # fmt: skip


def _summons_message(data: CaseInput, rule: str = "summons_period") -> str:
    terms = HearingTerms(workdays=_workdays)
    found = [p for p in input_problems(data, OFFICERS, OWN, (), terms) if p.rule == rule]
    assert len(found) == 1, found
    return found[0].message


def test_the_summons_goes_out_seven_working_days_before_the_hearing() -> None:
    # Summoned Tuesday 3-24: the seventh working day after it is Thursday 4-2.
    assert _workdays(date(2026, 3, 24), 7) == date(2026, 4, 2)
    assert _rules(_heard(date(2026, 3, 24), date(2026, 4, 2))) == set()  # 7 working days
    six = _heard(date(2026, 3, 24), date(2026, 4, 1))  # 6 working days
    assert _rules(six) == {"summons_period"}
    message = _summons_message(six)
    for words in ("听证通知日期（2026年3月24日）", "听证日期（2026年4月1日）", "不足7个工作日",
                  "自通知之日起第7个工作日为2026年4月2日", "第六十四条第二项", "第八十五条"):  # fmt: skip
        assert words in message, (words, message)
    # 七日 are working days (第八十五条): a week of calendar days over a weekend is short.
    assert _rules(_heard(date(2026, 3, 24), date(2026, 3, 31))) == {"summons_period"}
    # Over the 清明 holiday (4-4 … 4-6): summoned 3-30, the seventh working day is 4-9.
    assert _workdays(date(2026, 3, 30), 7) == date(2026, 4, 9)
    assert _rules(_heard(date(2026, 3, 30), date(2026, 4, 8))) == {"summons_period"}
    assert _rules(_heard(date(2026, 3, 30), date(2026, 4, 9))) == set()


def test_a_hearing_without_a_summons_date() -> None:
    undated = _heard(None, date(2026, 4, 2))
    message = _summons_message(undated, "hearing_summoned")  # the decision needs it
    assert "记录了听证日期（2026年4月2日），但没有记录听证通知日期" in message
    assert "应当在举行听证的七日前" in message and "第六十四条第二项" in message
    # The summons is never refused by it: its own form says the missing 通知日期.
    facts = facts_of(undated, officers=OFFICERS, terms=HearingTerms(workdays=_workdays))
    assert "hearing_summoned" not in {p.rule for p in refusals(facts, OWN, "hearing_summons")}
    assert "hearing_summoned" in {p.rule for p in refusals(facts, OWN, "penalty_decision")}
    # Before the decision only the record and report name it.
    pending = replace(undated, decided_on=None, warning=False, fine_fen=0)
    assert "hearing_summoned" not in _rules(pending)
    assert "hearing_summoned" in _rules(pending, ("hearing_record",))
    # No hearing recorded, nothing to summon to.
    assert "hearing_summoned" not in _rules(replace(undated, hearing_on=None))


def test_without_the_calendar_only_a_short_week_is_claimed() -> None:
    # Calendar days are fewer than working days never: six are surely short, seven are not
    # claimed (the working days cannot be counted).
    def summons(hearing: date) -> set[str]:
        data = _heard(date(2026, 3, 24), hearing)
        return {p.rule for p in input_problems(data, OFFICERS, OWN, (), HearingTerms())}

    assert "summons_period" in summons(date(2026, 3, 30))
    assert "summons_period" not in summons(date(2026, 3, 31))
