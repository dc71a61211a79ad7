"""Effective dates and 从旧兼从轻 (行政处罚法 第三十七条): the version of a provision in force at the
act and at the decision, and whether the newer one is lighter."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from database.models import Case, LegalProvision
from desktop.law.catalogue import BASE_NAMES, FIXED, PenaltyTerms, in_force, multiple_text
from forms.money import fen_to_figures


def _norm(text: str) -> str:
    return "".join(text.split()).replace("（2016）", "")


def _cites(catalogue: str, wording: str) -> bool:
    """Whether a catalogue citation matches the case's wording (which may omit 款/项)."""
    return any(part.startswith(wording) for part in _norm(catalogue).split("；"))


def find_provision(
    session: Session, case: Case, today: date | None = None
) -> LegalProvision | None:
    """The catalogue row a case cites: its provision_code, else its 处罚依据 (and 违反条款) wording.

    Wording can fit several versions (the 2016 and 2022 条例 reuse article numbers after the
    renumbering), so among the rows it fits, the version that applies to the act wins
    (applicable_version: act_on, else filed_on, and the decision day), then a row in force on the
    act day, then any.
    """
    if case.provision_code:
        return session.scalar(
            select(LegalProvision).where(LegalProvision.code == case.provision_code)
        )
    basis = _norm(case.penalty_basis)
    if not basis:
        return None
    catalogue = list(session.scalars(select(LegalProvision).order_by(LegalProvision.id)))
    candidates = [p for p in catalogue if _cites(p.basis_article, basis)]
    act_day = case.act_on or case.filed_on
    decision_day = case.decided_on or today or date.today()
    applicable = [
        p
        for p in candidates
        if (chosen := applicable_version(p, catalogue, act_day, decision_day).provision) is not None
        and chosen.code == p.code
    ]
    in_time = [p for p in candidates if in_force(p, act_day)]
    violated = _norm(case.violated_provisions)
    for group in (applicable, in_time, candidates):
        exact = [p for p in group if _cites(p.violated_article, violated)]
        if exact or group:
            return (exact or group)[0]
    return None


T = TypeVar("T", bound=PenaltyTerms)


#: The sentence the 从旧兼从轻 notes cite.
ARTICLE_37 = "《中华人民共和国行政处罚法》第三十七条"


def version_family(code: str) -> str:
    """The provision a catalogue row is a version of: YLJG-04-2016 → YLJG-04 (a superseded
    version is kept under the current code plus "-" and the year of its text)."""
    head, _, tail = code.rpartition("-")
    return head if head and len(tail) == 4 and tail.isdigit() else code


def _fine_scale(p: PenaltyTerms) -> tuple[str, float, float, float]:
    """(base, upper, lower, floor) of a fine: amounts in 分 for fixed fines, multiples in per
    cent (and the base's floor) for fines on 违法所得/货值金额; no 罚款 at all is ("none", 0, 0, 0)."""
    if "罚款" not in p.measures or p.max_fine_fen == 0:
        return ("none", 0, 0, 0)
    if p.fine_base == FIXED:
        upper = math.inf if p.max_fine_fen is None else p.max_fine_fen
        return (FIXED, upper, p.min_fine_fen or 0, 0)
    upper = math.inf if p.max_multiple_pct is None else p.max_multiple_pct
    return (p.fine_base, upper, p.min_multiple_pct or 0, p.base_floor_fen or 0)


def _limit(p: PenaltyTerms, value: float) -> str:
    if value == math.inf:
        return "不设上限"
    if p.fine_base == FIXED:
        return fen_to_figures(int(value))
    return f"{BASE_NAMES.get(p.fine_base, '')}的{multiple_text(int(value))}"


def lighter_reason(new: PenaltyTerms, old: PenaltyTerms) -> str | None:
    """Why `new` punishes more lightly than `old`, or None when it does not or the data cannot say.

    Decided on the catalogue's fine data only:
    - a version without 罚款 is lighter than one with 罚款;
    - fines on the same base compare by their upper limit (no upper limit is the heaviest), then,
      with equal upper limits, by their lower limit (none = 0): fixed fines in 分, fines on
      违法所得/货值金额 by their multiples, then by the floor the base is raised to;
    - fines on different bases (a fixed amount against a multiple) cannot be compared: None, and
      check_penalty asks for a check by hand;
    - equal ranges are not lighter (the law in force when the act occurred stays).
    """
    n, o = _fine_scale(new), _fine_scale(old)
    if n[0] == "none":
        return "新的规定不设罚款" if o[0] != "none" else None
    if o[0] == "none" or n[0] != o[0]:
        return None
    if n[1] != o[1]:
        return f"罚款上限{_limit(new, n[1])}低于{_limit(old, o[1])}" if n[1] < o[1] else None
    if n[2] != o[2]:
        return (
            f"罚款上限相同，下限{_limit(new, n[2])}低于{_limit(old, o[2])}" if n[2] < o[2] else None
        )
    if n[3] < o[3]:
        return f"{BASE_NAMES[new.fine_base]}不足{fen_to_figures(int(n[3]))}时按此计算，低于{fen_to_figures(int(o[3]))}"
    return None


def comparable(new: PenaltyTerms, old: PenaltyTerms) -> bool:
    """Whether lighter_reason can order the two versions by data."""
    n, o = _fine_scale(new)[0], _fine_scale(old)[0]
    return n == o or "none" in (n, o)


@dataclass(frozen=True, slots=True)
class AppliedVersion(Generic[T]):
    """Which version of a provision applies to an act (行政处罚法 第三十七条)."""

    #: The version that applies; None when no version was in force when the act occurred.
    provision: T | None
    at_act: T | None
    at_decision: T | None
    #: Why the version in force at the decision is lighter (it then applies); None otherwise.
    lighter: str | None


def applicable_version(cited: T, versions: Iterable[T], act_day: date,
                       decision_day: date) -> AppliedVersion[T]:  # fmt: skip
    """The version of `cited`'s provision that applies: the one in force on the act day, unless
    the one in force on the decision day is lighter (lighter_reason). `versions` may hold the
    whole catalogue; only rows of cited's version_family count."""
    family = version_family(cited.code)
    rows = [cited] + [
        v for v in versions if v.code != cited.code and version_family(v.code) == family
    ]
    at_act = next((v for v in rows if in_force(v, act_day)), None)
    at_decision = next((v for v in rows if in_force(v, decision_day)), None)
    if at_act is None:
        return AppliedVersion(None, None, at_decision, None)
    if at_decision is None or at_decision.code == at_act.code:
        return AppliedVersion(at_act, at_act, at_decision, None)
    reason = lighter_reason(at_decision, at_act)
    return AppliedVersion(at_decision if reason else at_act, at_act, at_decision, reason)


def catalogue_versions(provision: PenaltyTerms) -> list[LegalProvision]:
    """The other versions of a stored provision, read through its own session."""
    if not isinstance(provision, LegalProvision):
        return []
    session = object_session(provision)
    if session is None:
        return []
    family = version_family(provision.code)
    query = select(LegalProvision).where(LegalProvision.code.startswith(family, autoescape=True))
    return [p for p in session.scalars(query.order_by(LegalProvision.id))
            if version_family(p.code) == family]  # fmt: skip


def period_text(p: PenaltyTerms) -> str:
    until = p.effective_to.isoformat() if p.effective_to else "今"
    return f"{p.effective_from.isoformat()}至{until}"


def provision_name(p: PenaltyTerms) -> str:
    return f"{p.basis_article}（条款编码{p.code}）"
