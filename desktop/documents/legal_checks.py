"""The legal checks of a document's pre-flight: the procedure rules (desktop.law.procedure) and
whether the penalty fits its provision (desktop.law.penalties)."""

from __future__ import annotations

from desktop.law.discretion import mitigated_problems
from desktop.law.penalties import check_penalty
from desktop.law.procedure import ProcedureFacts, facts_of, refusals
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
    """The procedure facts of a form's case with the office's review policy and the 裁量基准."""
    return facts_of(
        case, issued=frozenset(getattr(source, "issued_numbers", {})),
        policy=policy_from_settings(getattr(source, "office", {})),
        levels=getattr(source, "discretion_levels", ()),
    )  # fmt: skip


def range_problems(form: FormDefinition, source: object) -> list[str]:
    """Whether the penalty fits its provision (the forms that state or impose it); whose the
    provision is and the missing mandatory kinds are the procedure rules' to say (once)."""
    case = getattr(source, "case", None)
    if form.id not in PENALTY_FORMS or case is None:
        return []
    provision = getattr(source, "provision", None)
    # 减轻 on a legal ground lies below the statutory minimum (行政处罚法 第三十二条).
    return mitigated_problems(case, check_penalty(case, provision, procedure_checked=True).problems)
