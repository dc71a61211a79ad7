"""The procedure checker: who may decide and what may be decided (issue 13), as rules with their
legal basis, checked in one place for the case editor, every document's pre-flight, the command
line and the whole-database check (`casedesk check --legal`)."""

from collections.abc import Sequence

from desktop.law.discretion import LevelTerms
from desktop.law.procedure.facts import OfficerFacts, ProcedureFacts, facts_of
from desktop.law.procedure.hearing import HearingTerms, terms_from
from desktop.law.procedure.rules import RULES, Problem, Rule, check_facts, refusals
from forms.review_terms import ReviewPolicy

__all__ = [
    "RULES",
    "HearingTerms",
    "OfficerFacts",
    "Problem",
    "ProcedureFacts",
    "Rule",
    "check_case",
    "check_facts",
    "facts_of",
    "refusals",
    "terms_from",
]


def check_case(
    case: object, provision: object, issued: frozenset[str] = frozenset(),
    terms: HearingTerms | None = None, *,
    policy: ReviewPolicy | None = None, levels: Sequence[LevelTerms] = (),
) -> list[Problem]:  # fmt: skip
    """Every rule a stored case (with the documents issued for it) breaks; `terms` the office's
    听证 thresholds and working days, `policy` its 法制审核 settings, `levels` the 裁量基准."""
    facts = facts_of(case, issued=issued, terms=terms, policy=policy, levels=levels)
    return check_facts(facts, provision)
