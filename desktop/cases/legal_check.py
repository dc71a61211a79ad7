"""The procedure rules (desktop.law.procedure) on a case as stored or as typed in the editor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.cases.cases import CaseInput
from desktop.law.discretion import LevelTerms
from desktop.law.procedure import HearingTerms, Problem, check_facts, facts_of
from forms.review_terms import ReviewPolicy


def input_problems(
    data: CaseInput, officers: Sequence[Any], provision: Any, issued: Iterable[str] = (),
    terms: HearingTerms | None = None, *,
    policy: ReviewPolicy | None = None, levels: Sequence[LevelTerms] = (),
) -> list[Problem]:  # fmt: skip
    """The rules a case breaks as typed: `officers` are the register's rows (id, name,
    badge_no, active), `issued` the form ids of its documents, `terms` the office's 听证
    thresholds and working days (ProcedureService.terms); `policy` the office's 法制审核
    settings, `levels` the 裁量基准 of the provision and 处罚情形 typed."""
    by_id = {o.id: o for o in officers}
    chosen = [by_id[i] for i in data.officer_ids or () if i in by_id]
    facts = facts_of(data, officers=chosen, issued=issued, terms=terms, policy=policy,
                     levels=levels)  # fmt: skip
    return check_facts(facts, provision)
