"""The provision catalogue as data: its vocabulary (authorities, fine bases), the rows the UI
shows (ProvisionRow with its TierRows), the citation a document prints, which rows another
authority applies (移送), and the terms every provision and tier has (the Protocols)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import database
from database.models import LegalProvision, ProvisionTier, pick_tier
from desktop.law.kinds import SEPARATOR, parse_kinds

SEED_DIR = Path(database.__file__).resolve().parent / "seed_data"
SEED_FILE = SEED_DIR / "provisions.csv"
TIERS_FILE = SEED_DIR / "provision_tiers.csv"

#: What a tier's fine is measured on (fine_base).
FIXED = "fixed"
ILLEGAL_INCOME = "illegal_income"
GOODS_VALUE = "goods_value"
#: The tier sets no 罚款.
NO_FINE = "none"
FINE_BASES = (FIXED, ILLEGAL_INCOME, GOODS_VALUE, NO_FINE)
BASE_NAMES = {ILLEGAL_INCOME: "违法所得", GOODS_VALUE: "货值金额"}

#: The bodies a catalogue row's 依据 names, at county level. 卫生健康 applies its own rows, and so
#: do 中医药 (医师法 第五十七条 "中医药主管部门") and 疾病预防控制 (the 2025 传染病防治法 and, in many
#: districts since the reform, 公共场所卫生); a row of any other body is a 移送 row.
AUTHORITIES = ("卫生健康", "中医药", "疾病预防控制", "药品监管", "市场监管", "生态环境", "公安")
OWN_AUTHORITIES = frozenset(("卫生健康", "中医药", "疾病预防控制"))
#: The department a 移送 row's case goes to, as the 移送 sentence names it.
TRANSFER_TO = {
    "药品监管": "药品监督管理部门",
    "市场监管": "市场监督管理部门",
    "生态环境": "生态环境主管部门",
    "公安": "公安机关",
}
#: "；" separates the parts of a row citing two laws (law1；law2 with ref1；ref2).
LAW_SEPARATOR = "；"


class FineTerms(Protocol):
    """What the range check reads of a tier (a ProvisionTier, a TierRow, or the first-tier
    columns of a provision)."""

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


class TierTerms(FineTerms, Protocol):
    """A tier: FineTerms with its number, condition and kinds."""

    @property
    def tier(self) -> int: ...
    @property
    def condition(self) -> str: ...
    @property
    def mandatory_kinds(self) -> str: ...
    @property
    def optional_kinds(self) -> str: ...


class PenaltyTerms(FineTerms, Protocol):
    """What the checks read of a provision (a LegalProvision or a ProvisionRow)."""

    @property
    def code(self) -> str: ...
    @property
    def basis_article(self) -> str: ...
    @property
    def violated_article(self) -> str: ...
    @property
    def effective_from(self) -> date: ...
    @property
    def effective_to(self) -> date | None: ...
    @property
    def authority(self) -> str: ...
    @property
    def party(self) -> str: ...
    @property
    def predecessor(self) -> str: ...
    @property
    def tiers(self) -> Sequence[TierTerms]: ...


@dataclass(frozen=True, slots=True)
class TierRow:
    """One tier as the UI and the CLI show it (money in 分, multiples in per cent)."""

    tier: int
    condition: str
    mandatory_kinds: str
    optional_kinds: str
    fine_base: str
    min_fine_fen: int | None
    max_fine_fen: int | None
    min_multiple_pct: int | None
    max_multiple_pct: int | None
    base_floor_fen: int | None
    range_text: str

    @property
    def measures(self) -> str:
        return SEPARATOR.join(k for k in (self.mandatory_kinds, self.optional_kinds) if k)


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One catalogue row as the UI shows it (money in 分); the fine columns are the first tier's."""

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
    #: FIXED, ILLEGAL_INCOME, GOODS_VALUE or NO_FINE; multiples in per cent, None = open.
    fine_base: str = FIXED
    min_multiple_pct: int | None = None
    max_multiple_pct: int | None = None
    base_floor_fen: int | None = None
    authority: str = "卫生健康"
    party: str = "机构"
    violated_law: str = ""
    violated_ref: str = ""
    violated_text: str = ""
    basis_law: str = ""
    basis_ref: str = ""
    basis_text: str = ""
    predecessor: str = ""
    source: str = ""
    checked: date | None = None
    note: str = ""
    shipped: bool = False
    tiers: tuple[TierRow, ...] = ()

    def tier_for(self, condition: str) -> TierRow | None:
        """The tier a 处罚情形 selects ("" = the first)."""
        return pick_tier(self.tiers, condition)

    @property
    def conditions(self) -> tuple[str, ...]:
        """The 处罚情形 the tiers name, in order (the first tier's "" left out)."""
        return tuple(t.condition for t in self.tiers if t.condition)


def tier_row(t: ProvisionTier | TierRow) -> TierRow:
    return TierRow(t.tier, t.condition, t.mandatory_kinds, t.optional_kinds, t.fine_base,
                   t.min_fine_fen, t.max_fine_fen, t.min_multiple_pct, t.max_multiple_pct,
                   t.base_floor_fen, t.range_text)  # fmt: skip


def provision_row(p: LegalProvision) -> ProvisionRow:
    return ProvisionRow(p.code, p.violation, p.cause_category, p.violated_article, p.basis_article,
                        p.measures, p.min_fine_fen, p.max_fine_fen, p.range_text,
                        p.effective_from, p.effective_to, p.verified, p.fine_base,
                        p.min_multiple_pct, p.max_multiple_pct, p.base_floor_fen, p.authority,
                        p.party, p.violated_law, p.violated_ref, p.violated_text, p.basis_law,
                        p.basis_ref, p.basis_text, p.predecessor, p.source, p.checked, p.note,
                        p.shipped, tuple(tier_row(t) for t in p.tiers))  # fmt: skip


#: A law name that carries its version: 医疗机构管理条例（2016年修订）.
_VERSIONED = re.compile(r"(?P<name>.+?)（(?P<version>\d{4}年[^（）]*)）")


def book_title(law: str) -> str:
    """A law's name as printed: 《医疗废物管理条例》, the version after the title:
    《医疗机构管理条例》（2016年修订）."""
    law = law.strip().strip("《》")
    found = _VERSIONED.fullmatch(law)
    if found:
        return f"《{found['name']}》（{found['version']}）"
    return f"《{law}》" if law else ""


def citation(law: str, ref: str) -> str:
    """The citation of law and 条款项 as a decision prints it: "《医疗废物管理条例》第十四条第二款";
    a row citing two laws joins them with "、"."""
    laws = [part.strip() for part in law.split(LAW_SEPARATOR)]
    refs = [part.strip() for part in ref.split(LAW_SEPARATOR)] if ref.strip() else []
    if refs and len(refs) != len(laws):  # the catalogue check refuses this; print it whole
        return f"{book_title(laws[0])}{ref}"
    refs += [""] * (len(laws) - len(refs))
    return "、".join(book_title(name) + part for name, part in zip(laws, refs, strict=True) if name)


def is_transfer_row(provision: PenaltyTerms) -> bool:
    """Whether another authority applies the row's 依据 (the case is 移送, not decided here)."""
    return provision.authority not in OWN_AUTHORITIES


def transfer_department(provision: PenaltyTerms) -> str:
    """The department a 移送 row's case goes to (its authority's full name)."""
    return TRANSFER_TO.get(provision.authority, f"{provision.authority}部门")


def tier_kinds(tier: TierTerms) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(mandatory, optional) kinds of a tier (kinds outside the vocabulary are left out: the
    catalogue check names them)."""

    def known(text: str) -> tuple[str, ...]:
        try:
            return parse_kinds(text)
        except ValueError:
            return ()

    return known(tier.mandatory_kinds), known(tier.optional_kinds)


def in_force(provision: PenaltyTerms | ProvisionRow, day: date) -> bool:
    """Whether the provision applied on that day."""
    return provision.effective_from <= day and (
        provision.effective_to is None or day <= provision.effective_to
    )


def multiple_text(pct: int) -> str:
    """500 → 5倍, 50 → 0.5倍."""
    return f"{pct // 100}倍" if pct % 100 == 0 else f"{pct / 100:g}倍"


def provision_label(p: PenaltyTerms) -> str:
    """What names a provision in a message: its 处罚依据, else its 违反条款."""
    return p.basis_article or p.violated_article or p.code


def provision_tiers(p: PenaltyTerms) -> Sequence[TierTerms]:
    """A provision's tiers. A row written before tiers existed (no tier, but measures) counts as
    one ordinary tier of its own columns, its measures all optional; no tier and no measures is a
    row without a known penalty (未设罚则 or 罚则待核)."""
    tiers = getattr(p, "tiers", ())
    if tiers or not p.measures:
        return tuple(tiers)
    return (TierRow(1, "", "", p.measures, p.fine_base, p.min_fine_fen, p.max_fine_fen,
                    p.min_multiple_pct, p.max_multiple_pct, p.base_floor_fen, p.range_text),)  # fmt: skip


def chosen_tier(p: PenaltyTerms, condition: str) -> TierTerms | None:
    """The tier a case's 处罚情形 selects ("" = the first), None when there is none such."""
    return pick_tier(provision_tiers(p), condition)
