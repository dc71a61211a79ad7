"""The 裁量基准 (行政处罚法 第三十四条: 行政机关可以依法制定行政处罚裁量基准): per provision and
处罚情形, the levels 轻微/一般/较重/严重 with their fine range and typical circumstances.

The shipped defaults are database/seed_data/discretion_standards.csv — every one unverified: the
fixed-amount tiers of the catalogue split in four equal parts, NOT a published standard (each row
says so in its source). An office imports its own (`casedesk discretion import F.xlsx`,
desktop.law.discretion_workbook); its rows for a provision and 处罚情形 replace the shipped ones.
docs/discretion.md describes the columns.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import DiscretionStandard
from database.unit_of_work import UowFactory
from desktop.law.catalogue import SEED_DIR
from forms.money import fen_to_figures
from forms.review_terms import Circumstance, Level, ground_article

SHIPPED_FILE = SEED_DIR / "discretion_standards.csv"
_ORDER = [level.value for level in Level]


@dataclass(frozen=True, slots=True)
class LevelTerms:
    """One level of a 裁量基准: its fine range (分; None = no limit that side) and when it applies."""

    code: str
    condition: str
    level: str
    min_fine_fen: int | None
    max_fine_fen: int | None
    circumstances: str
    verified: bool
    source: str
    #: The office's own row (imported), not the shipped default.
    own: bool = False

    @property
    def range_text(self) -> str:
        """1万元至3.2万元 as 10,000.00元至32,000.00元 (a missing side: 以下 / 以上)."""
        low, high = self.min_fine_fen, self.max_fine_fen
        if low and high is not None:
            return f"{fen_to_figures(low)}至{fen_to_figures(high)}"
        if high is not None:
            return f"{fen_to_figures(high)}以下"
        return f"{fen_to_figures(low or 0)}以上"

    def fits(self, fine_fen: int) -> bool:
        """Whether a fine lies in the level's range (both ends included)."""
        low, high = self.min_fine_fen or 0, self.max_fine_fen
        return fine_fen >= low and (high is None or fine_fen <= high)


def _fen(text: str) -> int | None:
    return int(text) * 100 if text.strip() else None


@cache
def _shipped(path: Path) -> tuple[LevelTerms, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(_shipped_row(row) for row in csv.DictReader(handle))


def _shipped_row(row: dict[str, str]) -> LevelTerms:
    return LevelTerms(row["code"], row["condition"], row["level"], _fen(row["min_fine_yuan"]),
                      _fen(row["max_fine_yuan"]), row["circumstances"], row["verified"] == "1",
                      row["source"])  # fmt: skip


def shipped_levels(path: Path = SHIPPED_FILE) -> tuple[LevelTerms, ...]:
    """Every shipped default level (read once)."""
    return _shipped(path)


def _own(row: DiscretionStandard) -> LevelTerms:
    return LevelTerms(row.provision_code, row.condition, row.level, row.min_fine_fen,
                      row.max_fine_fen, row.circumstances, row.verified, row.source, own=True)  # fmt: skip


def _ordered(levels: Sequence[LevelTerms]) -> tuple[LevelTerms, ...]:
    return tuple(sorted(levels, key=lambda t: (t.code, t.condition, _ORDER.index(t.level))))


def levels_for(session: Session, code: str, condition: str = "") -> tuple[LevelTerms, ...]:
    """The levels for a provision and 处罚情形: the office's own when it imported some, else
    the shipped defaults; () when there is no 裁量基准 for it."""
    if not code:
        return ()
    own = session.scalars(
        select(DiscretionStandard).where(
            DiscretionStandard.provision_code == code, DiscretionStandard.condition == condition
        )
    ).all()
    if own:
        return _ordered([_own(r) for r in own])
    return tuple(t for t in shipped_levels() if t.code == code and t.condition == condition)


class DiscretionService:
    """The 裁量基准 in force: list it, look a provision's levels up."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def levels(self, code: str, condition: str = "") -> tuple[LevelTerms, ...]:
        """The levels of one provision and 处罚情形 (the case editor's check)."""
        with self._uow_factory(readonly=True) as uow:
            return levels_for(uow.session, code, condition)

    def list(self, code: str = "") -> list[LevelTerms]:
        """Every level in force (or those of one provision), the office's rows replacing the
        shipped ones of the same provision and 处罚情形."""
        with self._uow_factory(readonly=True) as uow:
            own = [_own(r) for r in uow.session.scalars(select(DiscretionStandard))]
        replaced = {(t.code, t.condition) for t in own}
        shipped = [t for t in shipped_levels() if (t.code, t.condition) not in replaced]
        every = _ordered([*own, *shipped])
        return [t for t in every if not code or t.code == code]


def is_mitigated(case: object) -> bool:
    """减轻 on a legal ground (行政处罚法 第三十条至第三十二条): the fine may lie below the level and
    below the statutory minimum."""
    circumstance = str(getattr(case, "discretion_circumstance", "") or "")
    ground = str(getattr(case, "discretion_ground", "") or "").strip()
    return circumstance == Circumstance.MITIGATED and bool(ground_article(circumstance, ground))


def mitigated_problems(case: object, problems: Sequence[str]) -> list[str]:
    """The range check's problems of a case, without its lower-limit ones ("罚款…低于…下限")
    when the case is 减轻 on a legal ground: 减轻处罚 lies below the statutory minimum by
    definition (第三十二条)."""
    if not is_mitigated(case):
        return list(problems)
    return [p for p in problems if not ("低于" in p and "下限" in p)]
