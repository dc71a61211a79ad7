"""What the procedure rules read of a case: a stored Case, or the editor's unsaved input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from desktop.law.discretion import LevelTerms
from desktop.law.penalties import PenaltyFacts, penalty_facts
from desktop.law.procedure.hearing import (
    HEARING_WORKING_DAYS,
    STATEMENT_WORKING_DAYS,
    SUMMONS_WORKING_DAYS,
    HearingTerms,
    hearing_reasons,
    window_due,
    window_start,
)
from forms.case_penalty import case_kind_names, missing_details
from forms.outcomes import is_transfer, transfer_only
from forms.review_terms import ReviewPolicy, parse_members


@dataclass(frozen=True, slots=True)
class OfficerFacts:
    """An officer on the case as the 执法人员 rule sees them."""

    name: str
    badge_no: str
    active: bool


@dataclass(frozen=True, slots=True)
class RightsFacts:
    """The party's rights after the 告知: 听证 scope, the windows, the statement, the hearing."""

    #: Why the penalty reaches 听证 (第六十三条); () = it does not.
    hearing_reasons: tuple[str, ...] = ()
    #: Why the penalty the 告知书 proposed reached 听证 (the decision may be lighter after it).
    notified_reasons: tuple[str, ...] = ()
    #: The office's 较大数额 for this party type (分), named in messages.
    hearing_threshold_fen: int = 0
    hearing_notified: bool = False
    notice_served_on: date | None = None
    #: The last days (inclusive) of the windows, counted from the service; None = not counted.
    statement_due: date | None = None
    hearing_due: date | None = None
    statement_on: date | None = None
    statement_summary: str = ""
    review_result: str = ""
    review_reason: str = ""
    hearing_requested_on: date | None = None
    hearing_summoned_on: date | None = None
    #: The earliest lawful hearing day: seven working days after the summons (None = not
    #: counted, no calendar or no summons).
    hearing_earliest: date | None = None
    hearing_on: date | None = None
    hearing_place: str = ""
    hearing_host: str = ""
    hearing_outcome: str = ""
    decided_on: date | None = None
    fine_fen: int = 0
    #: The penalty the 告知书 proposed (kinds () = not recorded).
    notified_kinds: tuple[str, ...] = ()
    notified_fine_fen: int = 0


def rights_facts(case: Any, kinds: tuple[str, ...], terms: HearingTerms) -> RightsFacts:
    """The rights facts of a Case or a CaseInput, windows counted by `terms.workdays`."""
    party = case.party_type
    individual = getattr(party, "value", party) == "个人"
    items = sum(i.value_fen or 0 for i in case.confiscated_items or ())
    served = case.notice_served_on
    start = window_start(served, case.notified_on)
    hearing_start = window_start(served, case.hearing_notified_on or case.notified_on)
    review = case.review_result
    notified = tuple(k.strip() for k in (case.notified_kinds or "").split("、"))
    notified = tuple(k for k in notified if k)
    notified_fine = case.notified_fine_fen or 0
    confiscated = (case.confiscation_fen or 0) + items
    return RightsFacts(
        hearing_reasons=hearing_reasons(kinds, case.fine_fen or 0, confiscated, individual, terms),
        notified_reasons=hearing_reasons(notified, notified_fine, confiscated, individual, terms),
        hearing_threshold_fen=terms.threshold(individual),
        hearing_notified=case.hearing_notified_on is not None,
        notice_served_on=served,
        statement_due=window_due(start, STATEMENT_WORKING_DAYS, terms.workdays),
        hearing_due=window_due(hearing_start, HEARING_WORKING_DAYS, terms.workdays),
        statement_on=case.statement_on,
        statement_summary=(case.statement_summary or "").strip(),
        review_result=str(getattr(review, "value", review) or ""),
        review_reason=(case.review_reason or "").strip(),
        hearing_requested_on=case.hearing_requested_on,
        hearing_summoned_on=case.hearing_summoned_on,
        hearing_earliest=window_due(case.hearing_summoned_on, SUMMONS_WORKING_DAYS, terms.workdays),
        hearing_on=case.hearing_on,
        hearing_place=(case.hearing_place or "").strip(),
        hearing_host=(case.hearing_host or "").strip(),
        hearing_outcome=(case.hearing_outcome or "").strip(),
        decided_on=case.decided_on,
        fine_fen=case.fine_fen or 0,
        notified_kinds=notified,
        notified_fine_fen=notified_fine,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """法制审核 and 集体讨论 as recorded on the case, and what makes them needed (the 听证 scope
    that does is the rights facts')."""

    complex_case: bool = False
    legal_review_on: date | None = None
    legal_reviewer: str = ""
    legal_review_result: str = ""
    legal_review_opinion: str = ""
    discussion_on: date | None = None
    discussion_host: str = ""
    #: How many participants the 集体讨论 lists (an unreadable list counts 0).
    discussion_members: int = 0
    discussion_conclusion: str = ""


@dataclass(frozen=True, slots=True)
class DiscretionFacts:
    """裁量 as recorded: the reason, the 裁量基准 level, 从轻/减轻/从重 and its ground."""

    reason: str = ""
    level: str = ""
    circumstance: str = ""
    ground: str = ""


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
    rights: RightsFacts = field(default_factory=lambda: RightsFacts())
    review: ReviewFacts = field(default_factory=ReviewFacts)
    discretion: DiscretionFacts = field(default_factory=DiscretionFacts)
    #: The office's settings of which cases need 法制审核 and 集体讨论.
    policy: ReviewPolicy = field(default_factory=ReviewPolicy)
    #: The 裁量基准 levels of the case's provision and 处罚情形 (() = none).
    levels: tuple[LevelTerms, ...] = ()

    def issuing(self, form_id: str) -> ProcedureFacts:
        """The facts as they will be once this document is issued (the pre-flight's view)."""
        return replace(self, issued=self.issued | {form_id})


def _member_count(text: str) -> int:
    try:
        return len(parse_members(text))
    except ValueError:
        return 0


def review_facts(case: Any) -> ReviewFacts:
    """The case's 法制审核 and 集体讨论 fields."""
    return ReviewFacts(
        complex_case=bool(case.complex_case),
        legal_review_on=case.legal_review_on,
        legal_reviewer=case.legal_reviewer.strip(),
        legal_review_result=str(case.legal_review_result or ""),
        legal_review_opinion=case.legal_review_opinion.strip(),
        discussion_on=case.discussion_on,
        discussion_host=case.discussion_host.strip(),
        discussion_members=_member_count(case.discussion_members),
        discussion_conclusion=case.discussion_conclusion.strip(),
    )


def facts_of(
    case: Any, officers: Sequence[Any] | None = None, issued: Iterable[str] = (),
    terms: HearingTerms | None = None, *,
    policy: ReviewPolicy | None = None, levels: Sequence[LevelTerms] = (),
) -> ProcedureFacts:  # fmt: skip
    """The facts of a Case (officers its own) or a CaseInput (officers given as records with
    name, badge_no and active); `terms` the office's 听证 thresholds and working days (the
    defaults, windows not counted, when None); the office's review policy and the provision's
    裁量基准 levels are the caller's (they live in the database)."""
    people = case.officers if officers is None else officers
    ground = case.no_penalty_ground
    kinds = case_kind_names(case)
    issued = frozenset(issued)
    return ProcedureFacts(
        case_no=case.case_no or "（未编号案件）",
        kinds=kinds,
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
        issued=issued,
        missing_details=tuple(missing_details(case)),
        penalty=penalty_facts(case),
        rights=rights_facts(case, kinds, terms or HearingTerms()),
        review=review_facts(case),
        discretion=DiscretionFacts(
            case.discretion.strip(),
            str(case.discretion_level or ""),
            str(case.discretion_circumstance or ""),
            case.discretion_ground.strip(),
        ),
        policy=policy or ReviewPolicy(),
        levels=tuple(levels),
    )
