"""The provision catalogue as data: the shipped seed file read into rows, the terms every
provision has (PenaltyTerms), which provision a case cites, and whether a version is in force."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import database
from database.models import LegalProvision
from forms.money import yuan_to_fen

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


def provision_row(p: LegalProvision) -> ProvisionRow:
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


def multiple_text(pct: int) -> str:
    """500 → 5倍, 50 → 0.5倍."""
    return f"{pct // 100}倍" if pct % 100 == 0 else f"{pct / 100:g}倍"
