"""The case's 裁量 and review fields as typed: a 从轻/减轻/从重 names its legal ground, the 集体讨论
participants are "姓名（职务）：意见" lines (forms.review_terms). Whether a decision may be made
without them is the procedure rules' to say (desktop.law.procedure), not the save's."""

from __future__ import annotations

from typing import Protocol

from forms.review_terms import ground_errors, parse_members
from forms.validators import FieldError


class ReviewInput(Protocol):
    """What the checks read of a CaseInput."""

    @property
    def discretion_circumstance(self) -> str: ...
    @property
    def discretion_ground(self) -> str: ...
    @property
    def discussion_members(self) -> str: ...


def review_errors(data: ReviewInput) -> list[FieldError]:
    """A circumstance without its ground (or with another's); an unreadable participant."""
    errors = ground_errors(str(data.discretion_circumstance or ""), data.discretion_ground.strip())
    try:
        parse_members(data.discussion_members)
    except FieldError as error:
        errors.append(error)
    return errors
