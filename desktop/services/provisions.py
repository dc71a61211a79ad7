"""The legal provision catalogue (违法行为 → 违反条款 → 处罚依据 → 法定幅度) and the range check.

The catalogue ships as database/seed_data/provisions.csv and is loaded into an empty
legal_provision table at start-up. `verified` = 1 marks rows whose article mapping and range the
reference (../shared/reference/legal-and-documents.md) checked against the statute text.
The law in force when the act occurred applies (行政处罚法 第三十七条), so each row carries its
effective dates and a case is matched to the row in force on its 立案日期.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import database
from database.models import Case, LegalProvision
from database.unit_of_work import UowFactory
from desktop.services.errors import NotFoundError
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


def find_provision(session: Session, case: Case) -> LegalProvision | None:
    """The catalogue row of a case: its provision_code, else its 处罚依据 (and 违反条款) wording."""
    if case.provision_code:
        return session.scalar(
            select(LegalProvision).where(LegalProvision.code == case.provision_code)
        )
    basis = _norm(case.penalty_basis)
    if not basis:
        return None
    candidates = [
        p for p in session.scalars(select(LegalProvision)) if _cites(p.basis_article, basis)
    ]
    violated = _norm(case.violated_provisions)
    in_time = [p for p in candidates if in_force(p, case.filed_on)]
    exact = [p for p in in_time if _cites(p.violated_article, violated)]
    chosen = exact or in_time or candidates
    return chosen[0] if chosen else None


@dataclass(frozen=True, slots=True)
class PenaltyCheck:
    """problems refuse the decision; warnings are what could not be checked (shown, not refused)."""

    problems: tuple[str, ...]
    warnings: tuple[str, ...]


class PenaltyTerms(Protocol):
    """What the range check reads of a provision (a LegalProvision or a ProvisionRow)."""

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


def penalty_notes(facts: PenaltyFacts, provision: PenaltyTerms | None) -> list[str]:
    """Everything the editor should warn about while the clerk types: problems, then warnings.

    The same rules as the decision's pre-flight (check_penalty), so the editor never accepts
    quietly what generating the 决定书 would refuse.
    """
    if provision is None:
        return []
    result = check_penalty(facts, provision)
    return [*result.problems, *result.warnings]


def penalty_problems(case: Case, provision: LegalProvision | None) -> list[str]:
    """Why a decision may not be issued (empty when the penalty fits its provision)."""
    return list(check_penalty(case, provision).problems)


def penalty_warnings(case: Case, provision: LegalProvision | None) -> list[str]:
    """What of the penalty could not be checked against its provision (missing 违法所得 …)."""
    return list(check_penalty(case, provision).warnings)


def check_penalty(case: Case | PenaltyFacts, provision: PenaltyTerms | None) -> PenaltyCheck:
    """The case's penalty against its catalogue provision: period, measures and fine range."""
    if provision is None:
        basis = case.penalty_basis or "（未填写）"
        return PenaltyCheck(
            (f"案件没有法律条款库中的处罚依据（处罚依据：{basis}），请先在案件中选择法律条款",), ()
        )
    problems: list[str] = []
    warnings: list[str] = []
    label = provision.basis_article
    if case.filed_on is not None and not in_force(provision, case.filed_on):
        until = provision.effective_to.isoformat() if provision.effective_to else "今"
        problems.append(
            f"{label}的施行期间为{provision.effective_from.isoformat()}至{until}，"
            f"不适用于立案日期{case.filed_on.isoformat()}的行为"
        )
    if case.no_penalty:
        return PenaltyCheck(tuple(problems), ())
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
