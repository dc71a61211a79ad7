"""附表2 无证医疗美容场所“回头看”排查情况信息汇总表 (seed 001)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from database.models import (
    CampaignCategory,
    Case,
    Inspection,
    Institution,
    InstitutionKind,
    PartyType,
)
from desktop.reports.sql import (
    case_kind,
    count_if,
    imposes_penalty,
    in_period,
    party_key,
    sum_if,
)
from desktop.reports.table import Column, Number, ReportTable, Row, wan

TITLE = "无证医疗美容场所“回头看”排查情况信息汇总表"
ROW_LABEL = "合计"
AGAIN = "“回头看”中发现再次开展非法医疗美容户数"
PUNISHED = "行政处罚户(人)次"
WARNINGS = "警告数"
FINES = "罚款金额(万元)"
CONFISCATED = "没收违法所得(万元)"
TRANSFERRED = "移送司法机关数(人)"
#: Organisations transferred: not in the 人 column, stated in the footnote and the 总结.
TRANSFERRED_UNITS = "移送司法机关单位数"
DETAIL_HEADERS = ("被处罚对象", "地址", "案由")
#: The seed's header over the detail columns.
DETAILS_GROUP = "具体信息"
WAN_FORMAT = "0.0000"


def columns() -> tuple[Column, ...]:
    """The six summary columns."""
    return (
        Column((AGAIN,)),
        Column((PUNISHED,)),
        Column((WARNINGS,)),
        Column((FINES,), WAN_FORMAT),
        Column((CONFISCATED,), WAN_FORMAT),
        Column((TRANSFERRED,)),
    )


def unlicensed_scope() -> ColumnElement[bool]:
    """Cases against unlicensed venues: kind 无证场所, 无证行医 cases, or found by a 回头看."""
    revisit_ids = select(Inspection.id).where(Inspection.is_revisit.is_(True))
    return or_(
        case_kind() == InstitutionKind.UNLICENSED,
        Case.campaign_category == CampaignCategory.UNLICENSED_PRACTICE,
        Case.inspection_id.in_(revisit_ids),
    )


def build(session: Session, start: date, end: date, unit: str, filled_on: date) -> ReportTable:
    """附表2 for [start, end]: decisions dated in the period against unlicensed venues."""
    decided = in_period(Case.decided_on, start, end)
    penalised = imposes_penalty()
    base = (
        select(
            count_if(penalised),
            count_if(Case.warning.is_(True)),
            sum_if(penalised, Case.fine_fen),
            sum_if(penalised, Case.confiscation_fen),
            # The header counts 人: persons transferred; an organisation transferred is
            # counted apart and named in the footnote.
            count_if(Case.judicial_transfer.is_(True) & (Case.party_type == PartyType.PERSON)),
            count_if(Case.judicial_transfer.is_(True) & (Case.party_type != PartyType.PERSON)),
        )
        .select_from(Case)
        .outerjoin(Institution, Institution.id == Case.institution_id)
        .where(decided, unlicensed_scope())
    )
    punished, warnings, fine_fen, confiscation_fen, transfers, units = session.execute(base).one()
    again = session.scalar(
        select(func.count(func.distinct(Inspection.institution_id))).where(
            Inspection.is_revisit.is_(True),
            Inspection.illegal_again.is_(True),
            in_period(Inspection.inspected_on, start, end),
        )
    )
    cells: dict[str, Number] = {
        AGAIN: int(again or 0),
        PUNISHED: int(punished),
        WARNINGS: int(warnings),
        FINES: wan(int(fine_fen)),
        CONFISCATED: wan(int(confiscation_fen)),
        TRANSFERRED: int(transfers),
    }
    footer = ((TRANSFERRED_UNITS, int(units or 0)),)
    return assemble(
        unit, start, end, filled_on, {ROW_LABEL: cells}, footer,
        punished_objects(session, start, end),
    )  # fmt: skip


def assemble(
    unit: str,
    start: date,
    end: date,
    filled_on: date,
    cells: dict[str, dict[str, Number]],
    footer: tuple[tuple[str, Number], ...] = (),
    details: tuple[dict[str, str], ...] = (),
) -> ReportTable:
    """附表2 from its figures (row 合计 by column key, a missing cell is 0) and detail rows;
    the builder and the roll-up (reports.rollup) both shape the table here. Its footer counts
    the organisations transferred (the 人 column counts persons only)."""
    units = int(dict(footer).get(TRANSFERRED_UNITS, 0))
    row = {c.key: cells.get(ROW_LABEL, {}).get(c.key, 0) for c in columns()}
    return ReportTable(
        name="annex2",
        title=f"{start.year}年{TITLE}" if start.year == end.year else TITLE,
        unit=unit,
        period_from=start,
        period_to=end,
        filled_on=filled_on,
        corner="项目",
        columns=columns(),
        rows=(Row(ROW_LABEL, row),),
        detail_headers=DETAIL_HEADERS,
        details=details,
        details_group=DETAILS_GROUP,
        footer=((TRANSFERRED_UNITS, units),),
        footer_text=footnotes(units),
    )


def footnotes(transferred_units: int) -> tuple[str, ...]:
    """What 附表2 counts (its scope) and what its 人 column leaves out."""
    notes = [
        "注：1.本表统计处罚决定日期在统计期间内、当事人为无证医疗美容场所（含无证行医专项整治案件和"
        "“回头看”复查中发现的）的案件；其他案件不在本表统计。"
    ]
    if transferred_units:
        notes.append(
            f"2.“移送司法机关数(人)”只计个人；另有{transferred_units}个单位被移送司法机关，未计入该栏。"
        )
    return tuple(notes)


def punished_objects(session: Session, start: date, end: date) -> tuple[dict[str, str], ...]:
    """One detail row per punished object (DESIGN: 被处罚对象, 地址, 案由), not per case.

    An object is a party (sql.party_key: the institution on record, else the party's type and
    name), so a venue and its operator punished as 个人 are two rows, and a venue punished in two
    cases is one row with both 案由. The database groups by (object, 案由); only those few
    grouped rows are merged here, oldest decision first.
    """
    address = func.coalesce(func.nullif(Institution.address, ""), Case.party_address)
    # the key in a subquery: PostgreSQL would not match the literals of a GROUP BY expression
    punished = (
        select(
            party_key().label("object"),
            Case.party_name.label("name"),
            address.label("address"),
            Case.cause,
            Case.decided_on,
            Case.id,
        )
        .select_from(Case)
        .outerjoin(Institution, Institution.id == Case.institution_id)
        .where(in_period(Case.decided_on, start, end), unlicensed_scope(), imposes_penalty())
        .subquery()
    )
    p = punished.c
    grouped = session.execute(
        select(p.object, func.max(p.name), func.max(p.address), p.cause)
        .group_by(p.object, p.cause)
        .order_by(func.min(p.decided_on), func.min(p.id))
    )
    objects: dict[str, dict[str, str]] = {}  # insertion order: by the object's first decision
    for object_key, name, where, cause in grouped:
        row = objects.setdefault(object_key, {"被处罚对象": name, "地址": "", "案由": ""})
        row["地址"] = row["地址"] or (where or "")
        row["案由"] = f"{row['案由']}；{cause}" if row["案由"] else cause
    return tuple(objects.values())
