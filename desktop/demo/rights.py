"""The demo cases' side of the party's rights (issue 14): each 告知书 served, the 听证告知 where
the penalty reaches 听证 (行政处罚法 第六十三条), the penalty the 告知书 proposed, and no decision
before the windows (counted from the service) have ended — so the demo keeps every rule."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from desktop.cases.cases import CaseInput
from desktop.law.procedure.hearing import (
    HEARING_WORKING_DAYS,
    HearingTerms,
    WorkingDays,
    hearing_reasons,
)
from forms.case_penalty import case_kind_names


def _latest_start(decided: date, days: int, workdays: WorkingDays) -> date:
    """The latest service day whose window of `days` working days ends before `decided`."""
    start = decided - timedelta(days=1)
    while workdays(start, days) >= decided:
        start -= timedelta(days=1)
    return start


def with_rights(
    data: CaseInput, workdays: WorkingDays, rng: random.Random, today: date
) -> CaseInput:
    """The case with its 告知书 served (the same or the next day, never after the demo's today),
    the 听证告知 where due and the proposed penalty recorded; a decision inside a window moves
    the 告知 earlier."""
    if data.notified_on is None:
        return data
    kinds = case_kind_names(data)
    items = sum(i.value_fen or 0 for i in data.confiscated_items)
    individual = data.party_type.value == "个人"
    in_scope = bool(hearing_reasons(kinds, data.fine_fen, data.confiscation_fen + items,
                                    individual, HearingTerms()))  # fmt: skip
    notified = data.notified_on
    hearing_notified = data.hearing_notified_on or (notified if in_scope else None)
    served = min(notified + timedelta(days=rng.choice((0, 0, 1))), today)
    decided = data.decided_on
    if decided is not None and data.statement_on is None:
        # Both windows past (the 听证 one is the longer): a demo case may be put in 听证 scope.
        latest = _latest_start(decided, HEARING_WORKING_DAYS, workdays)
        if served > latest:
            served = latest
            notified = min(notified, served)
            hearing_notified = notified if hearing_notified else None
    ended = data.investigation_ended_on
    return replace(
        data,
        investigation_ended_on=min(ended, notified) if ended else ended,
        notified_on=notified,
        hearing_notified_on=hearing_notified,
        notice_served_on=served,
        notified_kinds=data.notified_kinds or ("、".join(kinds) if decided else ""),
        notified_fine_fen=data.notified_fine_fen or (data.fine_fen if decided else 0),
    )
