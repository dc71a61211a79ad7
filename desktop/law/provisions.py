"""The legal provision catalogue (违法行为 → 违反条款 → 处罚依据 → 法定幅度) and the range check.

The catalogue ships as database/seed_data/provisions.csv and is loaded into an empty
legal_provision table at start-up. `verified` = 1 marks rows whose article mapping and range the
reference (../shared/reference/legal-and-documents.md) checked against the statute text.
Each row carries its effective dates, and a superseded version of a provision is kept under the
current code plus "-" and the year of its text (YLJG-04-2016 is the 2016 条例's version of
YLJG-04). 《中华人民共和国行政处罚法》第三十七条 (从旧兼从轻; reference §1.5, verified):
"实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、
规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。" So a case is matched to
the version in force on its 违法行为发生日期 (act_on; 立案日期 when not recorded, with a warning),
unless the version in force on its 处罚决定日期 (today while undecided) is lighter — see
applicable_version and lighter_reason.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

import database
from database.models import Case, LegalProvision
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError
from forms.money import fen_to_figures, yuan_to_fen

SEED_FILE = Path(database.__file__).resolve().parent / "seed_data" / "provisions.csv"


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One catalogue row as the UI shows it (money in 分)."""

    code: str
    violation: str
    cause_category: str
    violated_article: str
    basis_article: str
    measures: str
    min_fine_fen: int | None
    max_fine_fen: int | None
    range_text: str
    effective_from: date
    effective_to: date | None
    verified: bool
    #: FIXED, ILLEGAL_INCOME or GOODS_VALUE; multiples in per cent, None = open.
    fine_base: str = "fixed"
    min_multiple_pct: int | None = None
    max_multiple_pct: int | None = None
    base_floor_fen: int | None = None


def _row(p: LegalProvision) -> ProvisionRow:
    return ProvisionRow(p.code, p.violation, p.cause_category, p.violated_article, p.basis_article,
                        p.measures, p.min_fine_fen, p.max_fine_fen, p.range_text,
                        p.effective_from, p.effective_to, p.verified, p.fine_base,
                        p.min_multiple_pct, p.max_multiple_pct, p.base_floor_fen)  # fmt: skip


#: What a provision's fine is measured on (LegalProvision.fine_base).
FIXED = "fixed"
ILLEGAL_INCOME = "illegal_income"
GOODS_VALUE = "goods_value"
BASE_NAMES = {ILLEGAL_INCOME: "违法所得", GOODS_VALUE: "货值金额"}


def _optional_pct(text: str) -> int | None:
    """A multiple as the CSV states it ("5", "0.5") in per cent."""
    return round(float(text) * 100) if text.strip() else None


def _optional_fen(text: str) -> int | None:
    return yuan_to_fen(text) if text.strip() else None


def read_seed(text: str) -> list[LegalProvision]:
    """Parse the catalogue CSV into (unsaved) rows."""
    rows = []
    for record in csv.DictReader(io.StringIO(text)):
        rows.append(
            LegalProvision(
                code=record["code"],
                violation=record["violation"],
                cause_category=record["cause_category"],
                violated_article=record["violated_article"],
                violated_text=record["violated_text"],
                basis_article=record["basis_article"],
                basis_text=record["basis_text"],
                measures=record["measures"],
                min_fine_fen=_optional_fen(record["min_fine_yuan"]),
                max_fine_fen=_optional_fen(record["max_fine_yuan"]),
                range_text=record["range_text"],
                effective_from=date.fromisoformat(record["effective_from"]),
                effective_to=date.fromisoformat(record["effective_to"])
                if record["effective_to"]
                else None,
                verified=record["verified"] == "1",
                fine_base=record.get("fine_base") or FIXED,
                min_multiple_pct=_optional_pct(record.get("min_multiple") or ""),
                max_multiple_pct=_optional_pct(record.get("max_multiple") or ""),
                base_floor_fen=_optional_fen(record.get("base_floor_yuan") or ""),
            )
        )
    return rows


def in_force(provision: PenaltyTerms, day: date) -> bool:
    """Whether the provision applied on that day."""
    return provision.effective_from <= day and (
        provision.effective_to is None or day <= provision.effective_to
    )


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


@dataclass(frozen=True, slots=True)
class PenaltyCheck:
    """problems refuse the decision; warnings are what could not be checked (shown, not refused)."""

    problems: tuple[str, ...]
    warnings: tuple[str, ...]


class PenaltyTerms(Protocol):
    """What the range check reads of a provision (a LegalProvision or a ProvisionRow)."""

    @property
    def code(self) -> str: ...
    @property
    def basis_article(self) -> str: ...
    @property
    def measures(self) -> str: ...
    @property
    def range_text(self) -> str: ...
    @property
    def min_fine_fen(self) -> int | None: ...
    @property
    def max_fine_fen(self) -> int | None: ...
    @property
    def fine_base(self) -> str: ...
    @property
    def min_multiple_pct(self) -> int | None: ...
    @property
    def max_multiple_pct(self) -> int | None: ...
    @property
    def base_floor_fen(self) -> int | None: ...
    @property
    def effective_from(self) -> date: ...
    @property
    def effective_to(self) -> date | None: ...


@dataclass(frozen=True, slots=True)
class PenaltyFacts:
    """A penalty as typed in the case editor, before it is saved (filed_on may be unknown)."""

    fine_fen: int = 0
    confiscation_fen: int = 0
    warning: bool = False
    suspension: bool = False
    revocation: bool = False
    no_penalty: bool = False
    filed_on: date | None = None
    penalty_basis: str = ""
    #: 违法行为发生日期 and 处罚决定日期: which version of the provision applies (从旧兼从轻).
    act_on: date | None = None
    decided_on: date | None = None


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
    return f"{BASE_NAMES.get(p.fine_base, '')}的{_times(int(value))}"


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


def _catalogue_versions(provision: PenaltyTerms) -> list[LegalProvision]:
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


def penalty_notes(facts: PenaltyFacts, provision: PenaltyTerms | None,
                  versions: Sequence[PenaltyTerms] = ()) -> list[str]:  # fmt: skip
    """Everything the editor should warn about while the clerk types: problems, then warnings.

    The same rules as the decision's pre-flight (check_penalty), so the editor never accepts
    quietly what generating the 决定书 would refuse; `versions` is the catalogue the editor holds.
    """
    if provision is None:
        return []
    result = check_penalty(facts, provision, versions)
    return [*result.problems, *result.warnings]


def penalty_problems(case: Case, provision: LegalProvision | None) -> list[str]:
    """Why a decision may not be issued (empty when the penalty fits its provision)."""
    return list(check_penalty(case, provision).problems)


def penalty_warnings(case: Case, provision: LegalProvision | None) -> list[str]:
    """What of the penalty could not be checked against its provision (missing 违法所得 …)."""
    return list(check_penalty(case, provision).warnings)


def check_penalty(case: Case | PenaltyFacts, provision: PenaltyTerms | None,
                  versions: Sequence[PenaltyTerms] | None = None,
                  today: date | None = None) -> PenaltyCheck:  # fmt: skip
    """The case's penalty against the version of its provision that applies: period, measures
    and fine range.

    `versions` holds the other versions of the provision (the whole catalogue will do); None
    reads them through a stored provision's session. The decision day is decided_on, else today.
    """
    if provision is None:
        basis = case.penalty_basis or "（未填写）"
        return PenaltyCheck(
            (f"案件没有法律条款库中的处罚依据（处罚依据：{basis}），请先在案件中选择法律条款",), ()
        )
    problems: list[str] = []
    warnings: list[str] = []
    rows = _catalogue_versions(provision) if versions is None else versions
    provision = _check_version(case, provision, rows, today or date.today(), problems, warnings)
    label = provision.basis_article
    if case.no_penalty:
        return PenaltyCheck(tuple(problems), tuple(warnings))
    measures = provision.measures
    if case.warning and "警告" not in measures:
        problems.append(f"{label}不设警告（可处：{measures or '未列明'}）")
    if case.fine_fen:
        if "罚款" not in measures or provision.max_fine_fen == 0:
            problems.append(f"{label}不设罚款，不能处罚款{fen_to_figures(case.fine_fen)}")
        else:
            _check_fine(case, provision, problems, warnings)
    if case.confiscation_fen and "没收违法所得" not in measures:
        problems.append(f"{label}不设没收违法所得")
    if case.revocation and "吊销" not in measures:
        problems.append(f"{label}不设吊销许可证")
    if case.suspension and not any(m in measures for m in ("停业整顿", "吊销", "停止执业")):
        problems.append(f"{label}不设责令停业整顿")
    return PenaltyCheck(tuple(problems), tuple(warnings))


def _period(p: PenaltyTerms) -> str:
    until = p.effective_to.isoformat() if p.effective_to else "今"
    return f"{p.effective_from.isoformat()}至{until}"


def _named(p: PenaltyTerms) -> str:
    return f"{p.basis_article}（条款编码{p.code}）"


def _check_version(case: Case | PenaltyFacts, cited: T, versions: Sequence[T], today: date,
                   problems: list[str], warnings: list[str]) -> T:  # fmt: skip
    """The version of the cited provision that applies, with why; a problem when the case cites
    another one (the 决定书 would print the wrong rule)."""
    act_day, day_label = case.act_on, "违法行为发生日期"
    if act_day is None:
        act_day, day_label = case.filed_on, "立案日期"
        if act_day is None:
            warnings.append(
                f"未填写违法行为发生日期和立案日期，无法核对{cited.basis_article}的施行期间"
            )
            return cited
    decision_day = case.decided_on or today
    choice = applicable_version(cited, versions, act_day, decision_day)
    applied = choice.provision
    if case.act_on is None:
        warnings.append(
            f"未填写违法行为发生日期，按立案日期{act_day.isoformat()}适用"
            f"{(applied or cited).basis_article}；违法行为发生在立案之前的，请补填违法行为发生日期"
            f"（{ARTICLE_37}：适用违法行为发生时的规定）"
        )
    if applied is None:
        problems.append(
            f"{cited.basis_article}的施行期间为{_period(cited)}，"
            f"不适用于{day_label}{act_day.isoformat()}的行为"
        )
        return cited
    if applied.code != cited.code:
        if in_force(cited, act_day):
            why = f"依{ARTICLE_37}从旧兼从轻，应适用处罚较轻的新规定{_named(applied)}"
        else:
            why = (
                f"施行期间为{_period(cited)}，不适用于{day_label}{act_day.isoformat()}的行为，"
                f"应适用{_named(applied)}"
            )
        problems.append(f"案件所选{_named(cited)}{why}；请在案件中改选")
    old, new = choice.at_act, choice.at_decision
    decided = f"作出处罚决定时（{decision_day.isoformat()}）"
    happened = f"违法行为发生时（{act_day.isoformat()}）"
    if choice.lighter and old is not None and new is not None:
        warnings.append(
            f"{happened}施行{_named(old)}（{old.range_text}）；{decided}施行的{_named(new)}"
            f"处罚较轻（{choice.lighter}），依{ARTICLE_37}从旧兼从轻，适用新的规定"
        )
    elif old is not None and new is not None and new.code != old.code:
        if comparable(new, old):
            why = "处罚不轻于违法行为发生时的规定"
        else:
            why = "与违法行为发生时的规定罚款计算方式不同，无法按条款库数据比较轻重，请人工核对"
        warnings.append(
            f"{decided}施行的{_named(new)}{why}；依{ARTICLE_37}适用{happened}施行的{_named(old)}"
        )
    elif old is not None and new is None and old.effective_to and decision_day > old.effective_to:
        warnings.append(
            f"{_named(old)}施行至{old.effective_to.isoformat()}，条款库中没有之后的新规定；"
            f"新的规定处罚较轻或者不认为是违法的，应适用新的规定（{ARTICLE_37}），请人工核对"
        )
    return applied


def _check_fine(case: Case | PenaltyFacts, provision: PenaltyTerms, problems: list[str],
                warnings: list[str]) -> None:  # fmt: skip
    """The fine against the fixed limits, then against the multiples of its base when known."""
    label, fine, stated = provision.basis_article, case.fine_fen, provision.range_text
    if provision.min_fine_fen is not None and fine < provision.min_fine_fen:
        problems.append(
            f"罚款{fen_to_figures(fine)}低于{label}规定的下限"
            f"{fen_to_figures(provision.min_fine_fen)}（{stated}）"
        )
        return
    if provision.max_fine_fen is not None and fine > provision.max_fine_fen:
        problems.append(
            f"罚款{fen_to_figures(fine)}超过{label}规定的上限"
            f"{fen_to_figures(provision.max_fine_fen)}（{stated}）"
        )
        return
    base_name = BASE_NAMES.get(provision.fine_base)
    if base_name is None:
        if provision.min_fine_fen is None and provision.max_fine_fen is None:
            warnings.append(f"法律条款库未录入{label}的罚款数额（{stated}），请人工核对罚款")
        return
    # The Case records 没收违法所得 (the 违法所得 confiscated in full), but no 货值金额.
    base = case.confiscation_fen if provision.fine_base == ILLEGAL_INCOME else 0
    if not base:
        where = (
            "案件未记录违法所得（没收违法所得为0）"
            if provision.fine_base == ILLEGAL_INCOME
            else "案件记录中没有货值金额"
        )
        warnings.append(
            f"{label}的罚款以{base_name}的倍数计（{stated}），{where}，"
            f"无法核对罚款{fen_to_figures(fine)}是否在法定幅度内，请人工核对"
        )
        return
    floor = provision.base_floor_fen or 0
    counted = max(base, floor)
    how = f"{base_name}{fen_to_figures(base)}"
    if counted > base:
        how += f"不足{fen_to_figures(floor)}，按{fen_to_figures(floor)}计算"
    low_pct, high_pct = provision.min_multiple_pct, provision.max_multiple_pct
    if low_pct is not None and fine * 100 < counted * low_pct:
        problems.append(
            f"罚款{fen_to_figures(fine)}低于{label}规定的下限"
            f"{fen_to_figures(_ceil_div(counted * low_pct, 100))}"
            f"（{how}的{_times(low_pct)}；{stated}）"
        )
    elif high_pct is not None and fine * 100 > counted * high_pct:
        problems.append(
            f"罚款{fen_to_figures(fine)}超过{label}规定的上限"
            f"{fen_to_figures(counted * high_pct // 100)}"
            f"（{how}的{_times(high_pct)}；{stated}）"
        )


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _times(pct: int) -> str:
    """500 → 5倍, 50 → 0.5倍."""
    return f"{pct // 100}倍" if pct % 100 == 0 else f"{pct / 100:g}倍"


class ProvisionService:
    """Read the catalogue; load the shipped rows into an empty table."""

    def __init__(self, uow_factory: UowFactory, seed_file: Path = SEED_FILE) -> None:
        self._uow_factory = uow_factory
        self._seed_file = seed_file

    def ensure_seeded(self) -> int:
        """Load the shipped catalogue when the table is empty; returns the rows added."""
        with self._uow_factory(readonly=True) as uow:
            if uow.session.scalar(select(func.count(LegalProvision.id))):
                return 0
        rows = read_seed(self._seed_file.read_text(encoding="utf-8"))
        with self._uow_factory() as uow:
            if uow.session.scalar(select(func.count(LegalProvision.id))):
                return 0  # another process seeded it meanwhile
            uow.session.add_all(rows)
            uow.commit()
        return len(rows)

    def list(self) -> list[ProvisionRow]:
        """Every provision, by code."""
        with self._uow_factory(readonly=True) as uow:
            rows = uow.session.scalars(select(LegalProvision).order_by(LegalProvision.code))
            return [_row(p) for p in rows]

    def get(self, code: str) -> ProvisionRow:
        """One provision by code."""
        with self._uow_factory(readonly=True) as uow:
            found = uow.session.scalar(select(LegalProvision).where(LegalProvision.code == code))
            if found is None:
                raise NotFoundError(f"法律条款库中没有编号为“{code}”的条款。")
            return _row(found)

    def check_case(self, case_id: int) -> Sequence[str]:
        """Reasons the case's penalty does not fit its provision (empty when it does)."""
        with self._uow_factory(readonly=True) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"找不到案件（编号 {case_id}）。")
            return penalty_problems(case, find_provision(uow.session, case))

    def check_case_warnings(self, case_id: int) -> Sequence[str]:
        """What of the case's penalty could not be checked (e.g. 违法所得 not recorded)."""
        with self._uow_factory(readonly=True) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"找不到案件（编号 {case_id}）。")
            return penalty_warnings(case, find_provision(uow.session, case))
