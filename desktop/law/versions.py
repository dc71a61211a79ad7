"""Effective dates and 从旧兼从轻 (行政处罚法 第三十七条): the version of a provision in force at the
act and at the decision, and whether the newer one is lighter.

Versions of one provision are linked by the catalogue's predecessor column (YLJG-01 ← YLJG-01-2020,
CR-02 ← CR-01) and by the older naming (a superseded version kept under the current code plus "-"
and the year of its text: YLJG-04-2016 is a version of YLJG-04)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from database.models import Case, LegalProvision
from desktop.law.catalogue import (
    BASE_NAMES,
    FIXED,
    FineTerms,
    PenaltyTerms,
    chosen_tier,
    in_force,
    multiple_text,
    provision_label,
)
from forms.money import fen_to_figures

#: A law's version mark in a citation: 《医疗机构管理条例》（2016年修订）, the older （2016）.
_VERSION_MARK = re.compile(r"（\d{4}(?:年[^（）]*)?）")
#: Where one cited law ends and the next begins: "；" or "、《".
_PARTS = re.compile(r"；|、(?=《)")


def _norm(text: str) -> str:
    return _VERSION_MARK.sub("", "".join(text.split()))


def _cites(catalogue: str, wording: str) -> bool:
    """Whether a catalogue citation matches the case's wording (which may omit 款/项)."""
    whole = _norm(catalogue)
    return whole.startswith(wording) or any(p.startswith(wording) for p in _PARTS.split(whole))


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
    condition = case.penalty_tier_condition or ""
    applicable = [
        p
        for p in candidates
        if (chosen := applicable_version(p, catalogue, act_day, decision_day, condition).provision)
        is not None
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


class Versioned(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def predecessor(self) -> str: ...
    @property
    def effective_from(self) -> date: ...
    @property
    def effective_to(self) -> date | None: ...


V = TypeVar("V", bound=Versioned)


def version_family(code: str) -> str:
    """The provision an older-named row is a version of: YLJG-04-2016 → YLJG-04."""
    head, _, tail = code.rpartition("-")
    return head if head and len(tail) == 4 and tail.isdigit() else code


def family_codes(code: str, rows: Iterable[Versioned]) -> set[str]:
    """The codes of every version of `code`'s provision among rows (itself included): linked by
    predecessor, or by the older "-year" naming."""
    links: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for other in (getattr(row, "predecessor", "") or "", version_family(row.code)):
            if other and other != row.code:
                links[row.code].add(other)
                links[other].add(row.code)
    found, todo = {code}, [code]
    while todo:
        for other in links[todo.pop()] - found:
            found.add(other)
            todo.append(other)
    return found


def _overlap(a: Versioned, b: Versioned) -> bool:
    a_end, b_end = a.effective_to or date.max, b.effective_to or date.max
    return a.effective_from <= b_end and b.effective_from <= a_end


def overlapping_versions(rows: Sequence[V]) -> list[tuple[V, V]]:
    """Pairs of versions of one provision whose periods overlap (earlier row first)."""
    pairs: list[tuple[V, V]] = []
    for index, row in enumerate(rows):
        family = family_codes(row.code, rows)
        pairs += [(row, later) for later in rows[index + 1 :]
                  if later.code in family and _overlap(row, later)]  # fmt: skip
    return pairs


def _fine_scale(p: FineTerms) -> tuple[str, float, float, float]:
    """(base, upper, lower, floor) of a fine: amounts in 分 for fixed fines, multiples in per
    cent (and the base's floor) for fines on 违法所得/货值金额; no 罚款 at all is ("none", 0, 0, 0)."""
    if "罚款" not in p.measures or p.max_fine_fen == 0:
        return ("none", 0, 0, 0)
    if p.fine_base == FIXED:
        upper = math.inf if p.max_fine_fen is None else p.max_fine_fen
        return (FIXED, upper, p.min_fine_fen or 0, 0)
    upper = math.inf if p.max_multiple_pct is None else p.max_multiple_pct
    return (p.fine_base, upper, p.min_multiple_pct or 0, p.base_floor_fen or 0)


def _limit(p: FineTerms, value: float) -> str:
    if value == math.inf:
        return "不设上限"
    if p.fine_base == FIXED:
        return fen_to_figures(int(value))
    return f"{BASE_NAMES.get(p.fine_base, '')}的{multiple_text(int(value))}"


def lighter_reason(new: FineTerms | None, old: FineTerms | None) -> str | None:
    """Why `new` punishes more lightly than `old`, or None when it does not or the data cannot say.

    Decided on the catalogue's fine data of the tiers compared (the case's 处罚情形 in each):
    - a tier without 罚款 is lighter than one with 罚款;
    - fines on the same base compare by their upper limit (no upper limit is the heaviest), then,
      with equal upper limits, by their lower limit (none = 0): fixed fines in 分, fines on
      违法所得/货值金额 by their multiples, then by the floor the base is raised to;
    - fines on different bases (a fixed amount against a multiple) cannot be compared: None, and
      check_penalty asks for a check by hand; so can a version whose penalty the catalogue does
      not know (no tier: 罚则待核), which is never taken for "no penalty";
    - equal ranges are not lighter (the law in force when the act occurred stays).
    """
    if new is None or old is None:
        return None
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


def comparable(new: FineTerms | None, old: FineTerms | None) -> bool:
    """Whether lighter_reason can order the two tiers by data."""
    if new is None or old is None:
        return False
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


def applicable_version(cited: T, versions: Iterable[T], act_day: date, decision_day: date,
                       condition: str = "") -> AppliedVersion[T]:  # fmt: skip
    """The version of `cited`'s provision that applies: the one in force on the act day, unless
    the one in force on the decision day is lighter (lighter_reason, comparing the tiers of the
    case's 处罚情形 `condition`). `versions` may hold the whole catalogue; only versions of
    cited's provision (family_codes) count."""
    others = [v for v in versions if v.code != cited.code]
    family = family_codes(cited.code, [cited, *others])
    rows = [cited] + [v for v in others if v.code in family]
    at_act = next((v for v in rows if in_force(v, act_day)), None)
    at_decision = next((v for v in rows if in_force(v, decision_day)), None)
    if at_act is None:
        return AppliedVersion(None, None, at_decision, None)
    if at_decision is None or at_decision.code == at_act.code:
        return AppliedVersion(at_act, at_act, at_decision, None)
    reason = lighter_reason(chosen_tier(at_decision, condition), chosen_tier(at_act, condition))
    return AppliedVersion(at_decision if reason else at_act, at_act, at_decision, reason)


def catalogue_versions(provision: PenaltyTerms) -> list[LegalProvision]:
    """The other versions of a stored provision, read through its own session."""
    if not isinstance(provision, LegalProvision):
        return []
    session = object_session(provision)
    if session is None:
        return []
    rows = list(session.scalars(select(LegalProvision).order_by(LegalProvision.id)))
    family = family_codes(provision.code, rows)
    return [p for p in rows if p.code in family]


def period_text(p: PenaltyTerms) -> str:
    until = p.effective_to.isoformat() if p.effective_to else "今"
    return f"{p.effective_from.isoformat()}至{until}"


def provision_name(p: PenaltyTerms) -> str:
    return f"{provision_label(p)}（条款编码{p.code}）"
