"""The procedure checker: who may decide and what may be decided (issue 13), as rules with their
legal basis, checked in one place for the case editor, every document's pre-flight, the command
line and the whole-database check (`casedesk check --legal`)."""

from collections.abc import Sequence

from desktop.law.discretion import LevelTerms
from desktop.law.procedure.facts import OfficerFacts, ProcedureFacts, facts_of
from desktop.law.procedure.rules import RULES, Problem, Rule, check_facts, refusals
from forms.review_terms import ReviewPolicy

__all__ = [
    "RULES",
    "OfficerFacts",
    "Problem",
    "ProcedureFacts",
    "Rule",
    "check_case",
    "check_facts",
    "facts_of",
    "refusals",
]


def check_case(
    case: object, provision: object, issued: frozenset[str] = frozenset(), *,
    policy: ReviewPolicy | None = None, levels: Sequence[LevelTerms] = (),
) -> list[Problem]:  # fmt: skip
    """Every rule a stored case (with the documents issued for it) breaks."""
    return check_facts(facts_of(case, issued=issued, policy=policy, levels=levels), provision)
