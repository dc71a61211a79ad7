"""What the procedure rules read of a case: a stored Case, or the editor's unsaved input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from desktop.law.penalties import PenaltyFacts, penalty_facts
from forms.case_penalty import case_kind_names, missing_details
from forms.outcomes import is_transfer, transfer_only


@dataclass(frozen=True, slots=True)
class OfficerFacts:
    """An officer on the case as the 执法人员 rule sees them."""

    name: str
    badge_no: str
    active: bool


@dataclass(frozen=True, slots=True)
class ProcedureFacts:
    """A case's outcome, steps, officers and issued documents (form ids)."""

    case_no: str
    kinds: tuple[str, ...]
    no_penalty: bool
    ground: str
    transfer: bool
    transfer_only: bool
    judicial_transfer: bool
    transfer_organ: str
    transferred_on: date | None
    transfer_reason: str
    notified: bool
    decided: bool
    closed: bool
    officers: tuple[OfficerFacts, ...]
    issued: frozenset[str]
    missing_details: tuple[str, ...]
    #: The penalty as the penalty check reads it (its tier's mandatory kinds are checked on it).
    penalty: PenaltyFacts

    def issuing(self, form_id: str) -> ProcedureFacts:
        """The facts as they will be once this document is issued (the pre-flight's view)."""
        return replace(self, issued=self.issued | {form_id})


def facts_of(
    case: Any, officers: Sequence[Any] | None = None, issued: Iterable[str] = ()
) -> ProcedureFacts:
    """The facts of a Case (officers its own) or a CaseInput (officers given as records with
    name, badge_no and active)."""
    people = case.officers if officers is None else officers
    ground = case.no_penalty_ground
    return ProcedureFacts(
        case_no=case.case_no or "（未编号案件）",
        kinds=case_kind_names(case),
        no_penalty=bool(case.no_penalty),
        ground=getattr(ground, "value", ground) or "",
        transfer=is_transfer(case),
        transfer_only=transfer_only(case),
        judicial_transfer=bool(case.judicial_transfer),
        transfer_organ=case.transfer_organ.strip(),
        transferred_on=case.transferred_on,
        transfer_reason=case.transfer_reason.strip(),
        notified=case.notified_on is not None or case.hearing_notified_on is not None,
        decided=case.decided_on is not None,
        closed=case.closed_on is not None,
        officers=tuple(OfficerFacts(o.name, o.badge_no or "", bool(o.active)) for o in people),
        issued=frozenset(issued),
        missing_details=tuple(missing_details(case)),
        penalty=penalty_facts(case),
    )
