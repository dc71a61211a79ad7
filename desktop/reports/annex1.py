"""附表1 医疗美容机构监督检查工作信息汇总表 (seed 001), computed with SQL aggregates."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from database.models import (
    Case,
    CaseSource,
    CauseCategory,
    Inspection,
    Institution,
    InstitutionStatus,
)
from desktop.reports.sql import (
    COSMETIC,
    LIFE_BEAUTY,
    annex1_row_of,
    case_cosmetic_filed,
    case_kind,
    count_if,
    distinct_if,
    imposes_penalty,
    in_period,
    institution_key,
    sum_if,
)
from desktop.reports.table import Column, Number, ReportTable, Row, yuan

TITLE = "医疗美容机构监督检查工作信息汇总表"
ROW_LABELS = (LIFE_BEAUTY, COSMETIC)

#: 案件来源 columns; 日常监督检查 also counts 随机抽查 and 专项检查 (DESIGN.md). The seed has the
#: first three only; 其他部门移送 is added so that every case has its source column and the
#: 来源 columns add up to the 案由 columns (the footnote says so).
SOURCE_GROUPS: tuple[tuple[str, tuple[CaseSource, ...]], ...] = (
    ("上级交办", (CaseSource.SUPERIOR,)),
    ("社会举报", (CaseSource.COMPLAINT,)),
    ("日常监督检查", (CaseSource.ROUTINE, CaseSource.RANDOM, CaseSource.SPECIAL)),
    ("其他部门移送", (CaseSource.TRANSFER,)),
)
#: What 附表1 counts, printed under it (the 总结 quotes the same figures).
FOOTNOTES = (
    "注：1.本表按当事人的机构类别统计生活美容机构和医疗美容机构（含有医疗美容备案的其他医疗机构）的案件；"
    "其他类别机构和未登记类别的个人的案件不在本表统计，故与案件登记簿的立案总数不同。",
    "2.立案数按立案日期、结案数按结案日期、罚没金额按处罚决定日期计入统计期间；"
    "“案件来源”较样表增加“其他部门移送”一栏，各来源合计等于各案由合计。",
)

#: 案由分类 columns in the seed's wording.
CAUSE_GROUPS: tuple[tuple[str, CauseCategory], ...] = (
    ("违反机构资质管理相关规定", CauseCategory.QUALIFICATION),
    ("违反人员管理相关规定", CauseCategory.PERSONNEL),
    ("违反医疗技术管理相关规定", CauseCategory.TECHNOLOGY),
    ("违反医疗质量、医疗文书管理相关规定", CauseCategory.QUALITY),
    ("违反药品、医疗器械管理相关规定", CauseCategory.DRUGS),
    ("其他违法违规行为", CauseCategory.OTHER),
)

FILED, CLOSED, AMOUNT = "立案数", "结案数", "罚没金额(元)"
MONEY_FORMAT = "#,##0.00"


def columns() -> tuple[Column, ...]:
    """The leaf columns, left to right."""
    leaves = [Column(("机构数",)), Column(("检查单位数",)), Column(("行政处罚单位数",))]
    groups = [("案件来源", g) for g, _ in SOURCE_GROUPS] + [
        ("案由分类", g) for g, _ in CAUSE_GROUPS
    ]
    for top, group in groups:
        leaves.append(Column((top, group, FILED)))
        leaves.append(Column((top, group, CLOSED)))
        leaves.append(Column((top, group, AMOUNT), MONEY_FORMAT))
    return tuple(leaves)


def _group_measures(
    top: str, group: str, condition: ColumnElement[bool], start: date, end: date
) -> list[tuple[str, ColumnElement[Any]]]:
    decided = in_period(Case.decided_on, start, end)
    return [
        (f"{top}/{group}/{FILED}", count_if(condition & in_period(Case.filed_on, start, end))),
        (f"{top}/{group}/{CLOSED}", count_if(condition & in_period(Case.closed_on, start, end))),
        (
            f"{top}/{group}/{AMOUNT}",
            sum_if(condition & decided, Case.fine_fen + Case.confiscation_fen),
        ),
    ]


def _case_figures(session: Session, start: date, end: date) -> dict[str, dict[str, int]]:
    row = annex1_row_of(case_kind(), case_cosmetic_filed()).label("row")
    measures: list[tuple[str, ColumnElement[Any]]] = [
        (
            "行政处罚单位数",
            distinct_if(
                in_period(Case.decided_on, start, end) & imposes_penalty(), institution_key()
            ),
        )
    ]
    for group, sources in SOURCE_GROUPS:
        measures += _group_measures("案件来源", group, Case.source.in_(sources), start, end)
    for group, category in CAUSE_GROUPS:
        measures += _group_measures("案由分类", group, Case.cause_category == category, start, end)
    statement = (
        select(row, *(m.label(f"m{i}") for i, (_, m) in enumerate(measures)))
        .select_from(Case)
        .outerjoin(Institution, Institution.id == Case.institution_id)
        .where(
            in_period(Case.filed_on, start, end)
            | in_period(Case.closed_on, start, end)
            | in_period(Case.decided_on, start, end)
        )
        .group_by(row)
    )
    result: dict[str, dict[str, int]] = {}
    for record in session.execute(statement):
        if record[0] is None:
            continue
        result[record[0]] = {key: int(record[i + 1]) for i, (key, _) in enumerate(measures)}
    return result


def _institution_counts(session: Session, start: date, end: date) -> dict[str, dict[str, int]]:
    row = annex1_row_of(Institution.kind, Institution.cosmetic_filed).label("row")
    on_record = session.execute(
        select(row, func.count())
        .where(Institution.status != InstitutionStatus.CANCELLED)
        .group_by(row)
    )
    inspected = session.execute(
        select(row, func.count(func.distinct(Inspection.institution_id)))
        .select_from(Inspection)
        .join(Institution, Institution.id == Inspection.institution_id)
        .where(in_period(Inspection.inspected_on, start, end))
        .group_by(row)
    )
    counts: dict[str, dict[str, int]] = {label: {} for label in ROW_LABELS}
    for label, n in on_record:
        if label is not None:
            counts[label]["机构数"] = int(n)
    for label, n in inspected:
        if label is not None:
            counts[label]["检查单位数"] = int(n)
    return counts


def build(session: Session, start: date, end: date, unit: str, filled_on: date) -> ReportTable:
    """附表1 for the period [start, end]."""
    cases = _case_figures(session, start, end)
    institutions = _institution_counts(session, start, end)
    cells: dict[str, dict[str, Number]] = {}
    for label in ROW_LABELS:
        raw = {**cases.get(label, {}), **institutions[label]}
        cells[label] = {
            c.key: (yuan(raw.get(c.key, 0)) if c.path[-1] == AMOUNT else raw.get(c.key, 0))
            for c in columns()
        }
    return assemble(unit, start, end, filled_on, cells)


def assemble(
    unit: str,
    start: date,
    end: date,
    filled_on: date,
    cells: dict[str, dict[str, Number]],
    footer: tuple[tuple[str, Number], ...] = (),
    details: tuple[dict[str, str], ...] = (),
) -> ReportTable:
    """附表1 from its figures by row label and column key (a missing cell is 0); the builder
    and the roll-up (reports.rollup) both shape the table here."""
    del footer, details  # 附表1 has neither
    leaves = columns()
    rows = tuple(
        Row(label, {c.key: cells.get(label, {}).get(c.key, 0) for c in leaves})
        for label in ROW_LABELS
    )
    return ReportTable(
        name="annex1",
        title=f"{start.year}年{TITLE}" if start.year == end.year else TITLE,
        unit=unit,
        period_from=start,
        period_to=end,
        filled_on=filled_on,
        corner="机构类别",
        columns=leaves,
        rows=tuple(rows),
        footer_text=FOOTNOTES,
        # Printed on three A4 landscape pages, the label column and the titles repeated: 机构
        # and 案件来源; the first three 案由; the last three (docs/reports.md says why: two
        # pages or A3 print the 31 columns below 8 pt).
        page_breaks=(3 + 3 * len(SOURCE_GROUPS), 3 + 3 * len(SOURCE_GROUPS) + 9),
    )
