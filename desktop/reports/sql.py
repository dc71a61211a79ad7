"""SQL building blocks shared by the annex queries: periods, party identity, penalty tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)

from database.models import (
    COSMETIC_KINDS,
    Case,
    ConfiscatedItem,
    Institution,
    InstitutionKind,
    PartyType,
)

#: Row key of 附表1 for a case or an institution.
LIFE_BEAUTY = "生活美容机构"
COSMETIC = "医疗美容机构"


def in_period(column: Any, start: date, end: date) -> ColumnElement[bool]:
    """The date column lies in [start, end], both days included (NULL is never in)."""
    return and_(column >= start, column <= end)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): a conditional count in one pass."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def sum_if(condition: ColumnElement[bool], value: Any) -> ColumnElement[int]:
    """SUM(CASE WHEN condition THEN value ELSE 0 END)."""
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def distinct_if(condition: ColumnElement[bool], key: ColumnElement[Any]) -> ColumnElement[int]:
    """COUNT(DISTINCT CASE WHEN condition THEN key END): distinct parties/institutions."""
    return func.count(func.distinct(case((condition, key))))


def party_key() -> ColumnElement[str]:
    """One identity per party: the institution on record, else the party's type and name."""
    return func.coalesce(
        literal("i:") + cast(Case.institution_id, String),
        literal("p:") + type_coerce(Case.party_type, String) + literal(":") + Case.party_name,
    )


def institution_key() -> ColumnElement[str]:
    """One identity per institution party (个人 parties give NULL, so they are not counted)."""
    return case(
        (Case.institution_id.is_not(None), literal("i:") + cast(Case.institution_id, String)),
        (Case.party_type == PartyType.ORGANISATION, literal("n:") + Case.party_name),
    )


def imposes_penalty() -> ColumnElement[bool]:
    """The decision imposes a 行政处罚 (责令改正 alone is not one; nor is a bare transfer)."""
    return or_(
        Case.warning.is_(True),
        Case.fine_fen > 0,
        Case.confiscation_fen > 0,
        Case.suspension.is_(True),
        Case.revocation.is_(True),
        # The other kinds of 第九条 (通报批评, 责令关闭 …) and 没收非法财物; 不予处罚 has none.
        Case.other_kinds != "",
        Case.id.in_(select(ConfiscatedItem.case_id)),
    )


def annex1_row_of(kind: Any, filed: Any) -> ColumnElement[Any]:
    """附表1 row of a kind: 生活美容机构, 医疗美容机构 (incl. 其他医疗机构 with a filing), or NULL."""
    return case(
        (kind == InstitutionKind.LIFE_BEAUTY, literal(LIFE_BEAUTY)),
        (kind.in_(COSMETIC_KINDS), literal(COSMETIC)),
        (
            and_(kind == InstitutionKind.OTHER_MEDICAL, filed.is_(True)),
            literal(COSMETIC),
        ),
    )


def case_kind() -> ColumnElement[Any]:
    """A case's party kind: the institution's on record, else the one entered on the case."""
    return func.coalesce(Institution.kind, Case.party_kind)


def case_cosmetic_filed() -> ColumnElement[Any]:
    """Whether the case's institution has a 医疗美容 filing (False for unrecorded parties)."""
    return func.coalesce(Institution.cosmetic_filed, False)
