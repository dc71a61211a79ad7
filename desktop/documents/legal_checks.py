"""The legal checks of a document's pre-flight: the procedure rules (desktop.law.procedure) and
whether the penalty fits its provision (desktop.law.penalties)."""

from __future__ import annotations

from dataclasses import replace

from desktop.law.discretion import mitigated_problems
from desktop.law.notices import provision_notices
from desktop.law.penalties import check_penalty
from desktop.law.procedure import ProcedureFacts, facts_of, refusals, terms_from
from forms.case_penalty import case_kind_names
from forms.engine import FormDefinition
from forms.review_terms import policy_from_settings

#: Forms whose penalty must fit the catalogue provision (they state or impose the penalty).
PENALTY_FORMS = frozenset({"penalty_decision", "penalty_notice", "hearing_notice"})


def procedure_refusals(form: FormDefinition, source: object, *, content: bool) -> list[str]:
    """The procedure rules the case would break with this document: who may decide, what may
    be decided, by whom (content=False), or what the penalty must say (content=True, named after
    the form's empty fields)."""
    case = getattr(source, "case", None)
    if case is None:
        return []
    found = refusals(source_facts(source, case), getattr(source, "provision", None), form.id)
    return [p.message for p in found if p.content is content]


def source_facts(source: object, case: object) -> ProcedureFacts:
    """The procedure facts of a form's case with the office's 听证 terms, review policy and the
    裁量基准; the rights windows as the source counted them on the calendar
    (sources.case_deadline_details)."""
    office = getattr(source, "office", {})
    facts = facts_of(
        case, issued=frozenset(getattr(source, "issued_numbers", {})),
        terms=terms_from(office), policy=policy_from_settings(office),
        levels=getattr(source, "discretion_levels", ()),
    )  # fmt: skip
    due = getattr(source, "deadlines", {})
    rights = replace(facts.rights, statement_due=due.get("statement_due"),
                     hearing_due=due.get("hearing_due"),
                     hearing_earliest=due.get("hearing_earliest"))  # fmt: skip
    return replace(facts, rights=rights)


def range_problems(form: FormDefinition, source: object) -> list[str]:
    """Whether the penalty fits its provision (the forms that state or impose it); whose the
    provision is and the missing mandatory kinds are the procedure rules' to say (once)."""
    case = getattr(source, "case", None)
    if form.id not in PENALTY_FORMS or case is None:
        return []
    provision = getattr(source, "provision", None)
    # 减轻 on a legal ground lies below the statutory minimum (行政处罚法 第三十二条).
    return mitigated_problems(case, check_penalty(case, provision, procedure_checked=True).problems)

def source_notices(source: object) -> list[str]:
    """What the clerk should know about the case's catalogue row, for every document of a case
    (an unverified row: desktop.law.notices); never a refusal."""
    if getattr(source, "case", None) is None:
        return []
    return provision_notices(getattr(source, "provision", None))


#: The 告知书 whose penalty is recorded on the case when first issued.
NOTICE_FORMS = frozenset({"penalty_notice", "hearing_notice"})


def record_notified_penalty(form: FormDefinition, source: object) -> None:
    """Record on the case what the 告知书 proposes (kinds and fine) when it is first issued and
    nothing is recorded yet: the decision after a statement may not be heavier (行政处罚法
    第四十五条第二款, rule no_heavier)."""
    case = getattr(source, "case", None)
    if form.id not in NOTICE_FORMS or case is None or case.notified_kinds:
        return
    kinds = case_kind_names(case)
    if kinds:
        case.notified_kinds = "、".join(kinds)
        case.notified_fine_fen = case.fine_fen or 0
