"""What the procedure rules read of a catalogue provision, in one place: the catalogue's own
terms (desktop.law.catalogue, database/seed_data/provisions.csv and provision_tiers.csv).

- whose the provision is: `provision.authority`; another authority's row is a 移送 row
  (catalogue.is_transfer_row);
- what it makes mandatory: the mandatory kinds of the tier the case's 处罚情形 selects
  (catalogue.chosen_tier, the same pick as the penalty check's);
- what the case lacks of them: penalties.kind_shortfall, so the checker and the penalty check
  name a missing kind in the same words, once.
"""

from __future__ import annotations

from typing import Any

from desktop.law.catalogue import (
    PenaltyTerms,
    chosen_tier,
    is_transfer_row,
    tier_kinds,
)

#: The district organ that takes another authority's case (the editor's suggestion and the
#: demo's 移送机关); each key is one of the catalogue's AUTHORITIES (a test keeps it so).
TRANSFER_ORGANS = {
    "药品监管": "市场监督管理局（药品监督管理）",
    "市场监管": "市场监督管理局",
    "生态环境": "生态环境局",
    "公安": "公安局",
}


def provision_authority(provision: PenaltyTerms) -> str:
    """The authority that applies the provision (the catalogue's authority column)."""
    return provision.authority


def is_transfer_provision(provision: PenaltyTerms | None) -> bool:
    """Whether a case under this provision belongs to another authority (移送, not decide)."""
    return provision is not None and is_transfer_row(provision)


def mandatory_kinds(provision: PenaltyTerms | None, condition: str = "") -> tuple[str, ...]:
    """The kinds the tier a 处罚情形 selects ("" = the first) imposes together, e.g. 责令停止执业
    活动、没收违法所得、没收非法财物、罚款 (基本医疗卫生与健康促进法 第九十九条第一款)."""
    tier = chosen_tier(provision, condition) if provision is not None else None
    return tier_kinds(tier)[0] if tier is not None else ()


def transfer_organ(provision: Any, district: str) -> str:
    """The organ of the district that takes a case under another authority's provision."""
    authority = provision_authority(provision)
    return district + TRANSFER_ORGANS.get(authority, f"{authority}部门")
