"""法制审核 and 集体讨论 of a case in 听证 scope (行政处罚法 第五十八条第一款第二项, 第六十三条): the
review reads the 听证 rules' scope — the office's 较大数额, the kinds always in scope, the penalty
the 告知书 proposed — or a hearing held, never a recorded 听证告知日期."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from database.models import CaseSource, CauseCategory, PartyType
from desktop.cases.cases import CaseInput
from desktop.law.procedure import facts_of
from desktop.law.procedure.hearing import terms_from
from desktop.law.procedure.review_rules import review_reasons
from forms.review_terms import ReviewPolicy, policy_from_settings

#: A ¥20,000 fine on an organisation: below its 较大数额 (¥100,000) and the review threshold.
BASE = CaseInput(
    case_no="青卫医案〔2026〕1号", party_name="青溪某医疗美容诊所", party_type=PartyType.ORGANISATION,
    source=CaseSource.ROUTINE, cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
    filed_on=date(2026, 3, 2), warning=True, fine_fen=2_000_000, notified_on=date(2026, 3, 23),
    decided_on=date(2026, 4, 2), officer_ids=(1, 2),
)  # fmt: skip


def _reasons(data: CaseInput, policy: ReviewPolicy | None = None, **settings: str) -> list[str]:
    terms = terms_from(settings)
    return review_reasons(facts_of(data, officers=[], terms=terms, policy=policy), None)


def test_out_of_scope_needs_no_review() -> None:
    assert _reasons(BASE) == []


def test_a_fine_in_scope_needs_it_without_any_hearing_date() -> None:
    person = replace(BASE, party_type=PartyType.PERSON, party_name="王某")
    assert person.hearing_notified_on is None
    assert _reasons(person) == ["案件属听证范围：较大数额罚款（对个人10000元以上）"]
    # The office's own 较大数额 decides the scope (here ¥30,000 for a person: out again).
    assert _reasons(person, **{"hearing.amount_individual": "30000"}) == []
    # … and the office may leave 听证 cases out of its review list.
    off = policy_from_settings({"review.hearing": "否"})
    assert _reasons(person, off) == []


def test_kinds_always_in_scope_and_the_penalty_the_notice_proposed() -> None:
    revoked = replace(BASE, revocation=True)
    assert _reasons(revoked)[0] == "案件属听证范围：吊销许可证件"
    # Lightened after the 告知 below the scope: the proposed ¥150,000 kept it in scope.
    lighter = replace(BASE, notified_kinds="警告、罚款", notified_fine_fen=15_000_000)
    assert _reasons(lighter) == ["案件属听证范围：较大数额罚款（对单位100000元以上）"]


def test_a_hearing_held_is_the_law_own_case() -> None:
    heard = replace(BASE, hearing_requested_on=date(2026, 3, 24), hearing_on=date(2026, 3, 30))
    assert _reasons(heard) == ["案件经过听证程序"]
