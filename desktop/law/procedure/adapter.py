"""What the procedure rules read of a catalogue provision, in one place.

The catalogue (desktop.law.catalogue, database/seed_data/provisions.csv) is being extended with
the authority that applies each provision and the kinds it makes mandatory; until both are
merged these functions read them defensively, so the rules and their tests stand on their own:
a provision without an `authority` is the 卫生健康 office's own, one without `mandatory_kinds`
requires none. The catalogue's own `is_transfer_row`, once it exists, decides competence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.law import catalogue

#: The authority a provision belongs to when the catalogue does not say.
DEFAULT_AUTHORITY = "卫生健康"
#: Authorities whose provisions a district 卫生健康委员会 applies itself (卫生健康行政处罚程序规定
#: 第二条 covers the 卫生健康、中医药、疾控 authorities; reference §1.1, S5).
OWN_AUTHORITIES = frozenset({"卫生健康", "中医药", "疾病预防控制"})
#: The organ of the demo district (and the editor's suggestion) for another authority's case.
TRANSFER_ORGANS = {
    "药品监管": "市场监督管理局（药品监督管理）",
    "市场监管": "市场监督管理局",
    "生态环境": "生态环境局",
    "公安": "公安局",
}


def provision_authority(provision: Any) -> str:
    """The authority that applies the provision (卫生健康 unless the catalogue names another)."""
    return str(getattr(provision, "authority", "") or DEFAULT_AUTHORITY).strip()


def is_transfer_provision(provision: Any) -> bool:
    """Whether a case under this provision belongs to another authority (移送, not decide)."""
    if provision is None:
        return False
    check = getattr(catalogue, "is_transfer_row", None)
    if callable(check):
        return bool(check(provision))
    return provision_authority(provision) not in OWN_AUTHORITIES


def mandatory_kinds(provision: Any) -> tuple[str, ...]:
    """The kinds the provision imposes together (e.g. 责令停止执业活动、没收违法所得、罚款)."""
    value = getattr(provision, "mandatory_kinds", ()) if provision is not None else ()
    if isinstance(value, str):
        value = value.split("、")
    return tuple(str(k).strip() for k in _as_iterable(value) if str(k).strip())


def _as_iterable(value: Any) -> Iterable[Any]:
    return value if isinstance(value, Iterable) else ()
