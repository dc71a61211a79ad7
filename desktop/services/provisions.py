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


def _row(p: LegalProvision) -> ProvisionRow:
    return ProvisionRow(p.code, p.violation, p.cause_category, p.violated_article, p.basis_article,
                        p.measures, p.min_fine_fen, p.max_fine_fen, p.range_text,
                        p.effective_from, p.effective_to, p.verified)  # fmt: skip


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
            )
        )
    return rows


def in_force(provision: LegalProvision, day: date) -> bool:
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


def penalty_problems(case: Case, provision: LegalProvision | None) -> list[str]:
    """Why a decision may not be issued (empty when the penalty fits its provision)."""
    if provision is None:
        basis = case.penalty_basis or "（未填写）"
        return [f"案件没有法律条款库中的处罚依据（处罚依据：{basis}），请先在案件中选择法律条款"]
    problems: list[str] = []
    label = f"{provision.basis_article}（{provision.code}）"
    if not in_force(provision, case.filed_on):
        until = provision.effective_to.isoformat() if provision.effective_to else "今"
        problems.append(
            f"{label}的施行期间为{provision.effective_from.isoformat()}至{until}，"
            f"不适用于立案日期{case.filed_on.isoformat()}的行为"
        )
    if case.no_penalty:
        return problems
    measures = provision.measures
    if case.fine_fen:
        if "罚款" not in measures or provision.max_fine_fen == 0:
            problems.append(f"{label}不设罚款，不能处罚款{fen_to_figures(case.fine_fen)}")
        elif provision.min_fine_fen is not None and case.fine_fen < provision.min_fine_fen:
            problems.append(
                f"罚款{fen_to_figures(case.fine_fen)}低于{label}规定的下限"
                f"{fen_to_figures(provision.min_fine_fen)}（{provision.range_text}）"
            )
        elif provision.max_fine_fen is not None and case.fine_fen > provision.max_fine_fen:
            problems.append(
                f"罚款{fen_to_figures(case.fine_fen)}超过{label}规定的上限"
                f"{fen_to_figures(provision.max_fine_fen)}（{provision.range_text}）"
            )
    if case.confiscation_fen and "没收违法所得" not in measures:
        problems.append(f"{label}不设没收违法所得")
    if case.revocation and "吊销" not in measures:
        problems.append(f"{label}不设吊销许可证")
    if case.suspension and not any(m in measures for m in ("停业整顿", "吊销", "停止执业")):
        problems.append(f"{label}不设责令停业整顿")
    return problems


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
