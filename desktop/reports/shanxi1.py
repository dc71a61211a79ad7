"""山西附件1 医疗美容专项整治工作汇总表 (seed 003), by 专项整治类别, with the 投诉举报 footer."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from database.models import (
    CampaignCategory,
    Case,
    Complaint,
    Inspection,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    PartyType,
)
from desktop.reports.sql import (
    COSMETIC,
    annex1_row_of,
    count_if,
    distinct_if,
    imposes_penalty,
    in_period,
    party_key,
    sum_if,
)
from desktop.reports.table import Column, Number, ReportTable, Row, wan

TITLE = "医疗美容专项整治工作汇总表"
CORNER = "处理情况"
WAN_FORMAT = "0.0000"

#: Value columns: JSON key (header path) and the 专项整治类别 they count. The first four split
#: 案件数 into 机构/人员 by 当事人类型.
GROUPS: tuple[tuple[tuple[str, ...], CampaignCategory, bool], ...] = (
    (("非法医疗美容", "无证行医"), CampaignCategory.UNLICENSED_PRACTICE, True),
    (("非法医疗美容", "医疗机构"), CampaignCategory.MEDICAL_INSTITUTION, True),
    (("非法制售使用药品、医疗器械", "药品"), CampaignCategory.DRUGS, True),
    (("非法制售使用药品、医疗器械", "医疗器械"), CampaignCategory.DEVICES, True),
    (("违法发布医疗美容广告",), CampaignCategory.ADVERTISING, False),
    (("违规发布互联网信息",), CampaignCategory.INTERNET, False),
    (("违规开展寄递业务信息",), CampaignCategory.DELIVERY, False),
)
SPLIT = (("机构", PartyType.ORGANISATION), ("人员", PartyType.PERSON))

#: 检查对象数: the inspected kinds each column stands for (others have no inspection category).
INSPECTED_KINDS: dict[str, tuple[InstitutionKind, ...]] = {
    "非法医疗美容/无证行医": (InstitutionKind.UNLICENSED, InstitutionKind.LIFE_BEAUTY),
}

CASES = "案件数"
#: Rows after 案件数: label, how a decided case contributes, whether it is an amount in 万元.
DECISION_ROWS = (
    "责令改正数",
    "警告数",
    "责令停业整顿户数",
    "罚款户（人）次",
    "罚款金额（万元）",
    "没收违法所得（万元）",
    "吊销行政许可资质",
    "移送司法机关",
)
FOOTER_KEYS = ("投诉举报件数", "办结件数", "实施行政处罚件数", "反馈件数", "举报人满意件数")


def columns() -> tuple[Column, ...]:
    """Leaf columns: 机构/人员 under the first four groups (shown in the 案件数 row)."""
    leaves: list[Column] = []
    for path, _, split in GROUPS:
        if split:
            leaves += [Column((*path, sub), header_depth=len(path)) for sub, _ in SPLIT]
        else:
            leaves.append(Column(path))
    return tuple(leaves)


def _decision_measure(label: str, in_group: ColumnElement[bool]) -> ColumnElement[Any]:
    c = in_group
    measures: dict[str, ColumnElement[Any]] = {
        "责令改正数": count_if(c & Case.order_correction.is_(True)),
        "警告数": count_if(c & Case.warning.is_(True)),
        "责令停业整顿户数": distinct_if(c & Case.suspension.is_(True), party_key()),
        "罚款户（人）次": count_if(c & (Case.fine_fen > 0)),
        "罚款金额（万元）": sum_if(c, Case.fine_fen),
        "没收违法所得（万元）": sum_if(c, Case.confiscation_fen),
        "吊销行政许可资质": count_if(c & Case.revocation.is_(True)),
        "移送司法机关": count_if(c & Case.judicial_transfer.is_(True)),
    }
    return measures[label]


def _case_cells(session: Session, start: date, end: date) -> dict[str, dict[str, Number]]:
    filed = in_period(Case.filed_on, start, end)
    decided = in_period(Case.decided_on, start, end)
    names: list[tuple[str, str]] = []
    exprs: list[ColumnElement[Any]] = []
    for path, category, split in GROUPS:
        key = "/".join(path)
        in_cat = Case.campaign_category == category
        if split:
            for sub, party in SPLIT:
                names.append((CASES, f"{key}/{sub}"))
                exprs.append(count_if(in_cat & filed & (Case.party_type == party)))
        else:
            names.append((CASES, key))
            exprs.append(count_if(in_cat & filed))
        for label in DECISION_ROWS:
            names.append((label, key))
            exprs.append(_decision_measure(label, in_cat & decided))
    record = session.execute(
        select(*exprs).where(Case.campaign_category.is_not(None), filed | decided)
    ).one()
    cells: dict[str, dict[str, Number]] = {}
    for (label, key), value in zip(names, record, strict=True):
        number: Number = wan(int(value)) if "万元" in label else int(value)
        cells.setdefault(label, {})[key] = number
    return cells


#: The 检查对象数 the program cannot count (no inspected kind stands for them): left blank, as
#: the footnote says, never printed as 0.
UNCOUNTED_NOTE = (
    "注：药品、医疗器械、广告、互联网信息和寄递业务没有对应的检查对象类别，本程序无法统计其检查对象数，"
    "该栏留空，请按实际填写。"
)


def _inspected(session: Session, start: date, end: date) -> dict[str, Number]:
    """检查对象数 of the columns whose objects are institutions of known kinds; the others are
    absent (blank cells, UNCOUNTED_NOTE)."""
    result: dict[str, Number] = {}
    cosmetic = annex1_row_of(Institution.kind, Institution.cosmetic_filed) == COSMETIC
    kinds: dict[str, ColumnElement[bool]] = {
        key: Institution.kind.in_(values) for key, values in INSPECTED_KINDS.items()
    }
    kinds["非法医疗美容/医疗机构"] = cosmetic
    for key, condition in kinds.items():
        result[key] = int(
            session.scalar(
                select(func.count(func.distinct(Inspection.institution_id)))
                .join(Institution, Institution.id == Inspection.institution_id)
                .where(in_period(Inspection.inspected_on, start, end), condition)
            )
            or 0
        )
    return result


def _footer(session: Session, start: date, end: date) -> tuple[tuple[str, Number], ...]:
    """投诉举报: received / 办结 (closed) / 反馈 (replied) / 满意 (replied, satisfied) by their own
    dates in the period; 实施行政处罚: complaints whose case has a penalty decision in the period."""
    penalised_case = select(Case.id).where(
        in_period(Case.decided_on, start, end), imposes_penalty()
    )
    record = session.execute(
        select(
            count_if(in_period(Complaint.received_on, start, end)),
            count_if(in_period(Complaint.closed_on, start, end)),
            count_if(Complaint.case_id.in_(penalised_case)),
            count_if(in_period(Complaint.replied_on, start, end)),
            count_if(
                in_period(Complaint.replied_on, start, end) & Complaint.reporter_satisfied.is_(True)
            ),
        )
    ).one()
    active = Institution.status != InstitutionStatus.CANCELLED
    cosmetic = session.scalar(
        select(func.count(Institution.id)).where(
            active,
            annex1_row_of(Institution.kind, Institution.cosmetic_filed) == COSMETIC,
        )
    )
    graded = session.scalar(
        select(func.count(Institution.id)).where(active, Institution.credit_grade != "")
    )
    figures: list[tuple[str, Number]] = [
        (k, int(v)) for k, v in zip(FOOTER_KEYS, record, strict=True)
    ]
    figures += [
        ("医疗美容机构数", int(cosmetic or 0)),
        ("参加依法执业信用评价机构数", int(graded or 0)),
    ]
    return tuple(figures)


def _row(label: str, cells: dict[str, Number]) -> Row:
    spans = {}
    for path, _, split in GROUPS:
        if split:
            key = "/".join(path)
            spans[key] = (f"{key}/{SPLIT[0][0]}", f"{key}/{SPLIT[1][0]}")
    return Row(label, cells, spans=spans, number_format=WAN_FORMAT if "万元" in label else None)


def build(session: Session, start: date, end: date, unit: str, filled_on: date) -> ReportTable:
    """山西附件1 for [start, end]."""
    cells = _case_cells(session, start, end)
    cells["检查对象数"] = _inspected(session, start, end)
    return assemble(unit, start, end, filled_on, cells, _footer(session, start, end))


#: The rows top to bottom.
ROW_LABELS = ("检查对象数", CASES, *DECISION_ROWS)


def row_keys(label: str) -> tuple[str, ...]:
    """The cell keys of a row: 案件数 has the 机构/人员 leaves, the others one key a group."""
    if label == CASES:
        return tuple(c.key for c in columns())
    return tuple("/".join(path) for path, _, _ in GROUPS)


def footer_keys() -> tuple[str, ...]:
    """The footer's figures (JSON keys) in order."""
    return (*FOOTER_KEYS, "医疗美容机构数", "参加依法执业信用评价机构数")


def assemble(
    unit: str,
    start: date,
    end: date,
    filled_on: date,
    cells: dict[str, dict[str, Number]],
    footer: tuple[tuple[str, Number], ...] = (),
    details: tuple[dict[str, str], ...] = (),
) -> ReportTable:
    """山西附件1 from its figures by row label and key (a missing one is 0, but a 检查对象数 the
    builder cannot count stays blank — UNCOUNTED_NOTE) and its footer; the builder and the
    roll-up (reports.rollup) both shape the table here."""
    del details  # 山西附件1 has none
    given = dict(footer)
    f: dict[str, Number] = {key: given.get(key, 0) for key in footer_keys()}

    def row_cells(label: str) -> dict[str, Number]:
        figures = cells.get(label, {})
        if label == "检查对象数":
            return {key: figures[key] for key in row_keys(label) if key in figures}
        return {key: figures.get(key, 0) for key in row_keys(label)}

    rows = [_row("检查对象数", row_cells("检查对象数"))]
    rows.append(Row(CASES, row_cells(CASES), sub_header=True))
    rows += [_row(label, row_cells(label)) for label in DECISION_ROWS]
    text = (
        f"投诉举报情况：投诉举报 {f['投诉举报件数']} 件；办结 {f['办结件数']} 件；"
        f"实施行政处罚 {f['实施行政处罚件数']} 件；反馈 {f['反馈件数']} 件；"
        f"举报人满意 {f['举报人满意件数']} 件。",
        f"医疗美容机构数：{f['医疗美容机构数']}　　"
        f"参加依法执业信用评价机构数：{f['参加依法执业信用评价机构数']}",
        UNCOUNTED_NOTE,
    )
    return ReportTable(
        name="shanxi1",
        title=TITLE,
        unit=unit,
        period_from=start,
        period_to=end,
        filled_on=filled_on,
        corner=CORNER,
        columns=columns(),
        rows=tuple(rows),
        footer=tuple(f.items()),
        footer_text=text,
        note="备注：机构和人员处罚数据部分可合理缺项。",
    )
