"""The procedure rules (desktop.law.procedure) on a case as stored or as typed in the editor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.cases.cases import CaseInput
from desktop.law.procedure import HearingTerms, Problem, check_facts, facts_of


def input_problems(
    data: CaseInput, officers: Sequence[Any], provision: Any, issued: Iterable[str] = (),
    terms: HearingTerms | None = None,
) -> list[Problem]:
    """The rules a case breaks as typed: `officers` are the register's rows (id, name,
    badge_no, active), `issued` the form ids of its documents, `terms` the office's 听证
    thresholds and working days (ProcedureService.terms)."""
    by_id = {o.id: o for o in officers}
    chosen = [by_id[i] for i in data.officer_ids or () if i in by_id]
    return check_facts(facts_of(data, officers=chosen, issued=issued, terms=terms), provision)
