"""Demo complaints (投诉举报), 记分 events and 信用评价 results for the 青溪区 district."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import (
    Case,
    CaseSource,
    CauseCategory,
    CheckResult,
    Complaint,
    ComplaintResult,
    CreditEvaluation,
    Inspection,
    Institution,
    InstitutionKind,
    ScoreEvent,
    StaffRole,
)
from desktop.inspections.complaints import CHANNELS

_CONTENTS = (
    "举报{t}由无资质人员为顾客注射肉毒毒素。",
    "反映{t}在短视频平台夸大宣传医疗美容效果。",
    "投诉本人在{t}接受重睑手术后切口感染，要求查处。",
    "举报{t}使用来源不明的玻尿酸。",
    "反映{t}收费未明码标价，术前承诺与实际不符。",
    "举报{t}护士未注册即从事注射工作。",
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙"
#: Kinds whose institutions and staff are scored (licensed medical institutions).
_SCORED = (
    InstitutionKind.COSMETIC_HOSPITAL,
    InstitutionKind.COSMETIC_OUTPATIENT,
    InstitutionKind.COSMETIC_CLINIC,
    InstitutionKind.OTHER_MEDICAL,
)


def _reporter(rng: random.Random, anonymous: bool) -> tuple[str, str]:
    if anonymous:
        return "", ""
    name = rng.choice(_SURNAMES) + rng.choice(("先生", "女士"))
    return name, f"1{rng.choice((3, 5, 8))}{rng.randint(100000000, 999999999)}"


def _complaint(rng: random.Random, received: date, target: str, today: date,
               institution_id: int | None) -> Complaint:  # fmt: skip
    anonymous = rng.random() < 0.3
    name, contact = _reporter(rng, anonymous)
    return Complaint(
        received_on=received, channel=rng.choice(CHANNELS), anonymous=anonymous,
        reporter_name=name, reporter_contact=contact,
        content=rng.choice(_CONTENTS).format(t=target), institution_id=institution_id,
        target_name=target,
    )  # fmt: skip


def _close(rng: random.Random, complaint: Complaint, closed: date | None, today: date) -> None:
    complaint.closed_on = closed if closed and closed < today else None
    if complaint.closed_on and not complaint.anonymous:
        replied = complaint.closed_on + timedelta(days=rng.randint(0, 4))
        if replied < today:
            complaint.replied_on = replied
            complaint.reporter_satisfied = rng.random() < 0.85


def add_complaints(session: Session, rng: random.Random, today: date) -> int:
    """About forty complaints: those behind the 社会举报 cases, dismissed ones, open ones."""
    added: list[Complaint] = []
    cases = session.scalars(
        select(Case).where(Case.source == CaseSource.COMPLAINT).order_by(Case.filed_on)
    ).all()
    for case in cases[:16]:
        received = (case.accepted_on or case.filed_on) - timedelta(days=rng.randint(0, 3))
        c = _complaint(rng, received, case.party_name, today, case.institution_id)
        c.handling, c.result, c.case_id = (
            "经现场核查，反映情况属实，已立案查处。",
            ComplaintResult.FILED,
            case.id,
        )
        _close(rng, c, case.decided_on, today)
        added.append(c)
    pool = list(
        session.scalars(
            select(Institution)
            .where(Institution.kind != InstitutionKind.UNLICENSED)
            .order_by(Institution.id)
        )
    )
    for n in range(24):
        inst = rng.choice(pool) if n % 6 else None
        target = inst.name if inst else "青溪区某小区内美容工作室"
        recent = n >= 20
        received = today - timedelta(days=rng.randint(5, 75) if recent else rng.randint(80, 360))
        c = _complaint(rng, received, target, today, inst.id if inst else None)
        if not recent:
            c.handling = "经现场核查，未发现举报所述违法行为，已告知处理结果。"
            c.result = ComplaintResult.NOT_FILED
            _close(rng, c, received + timedelta(days=rng.randint(5, 25)), today)
        else:
            c.handling = "已转监督科核查。"
        added.append(c)
    session.add_all(added)
    return len(added)


def add_scores(session: Session, rng: random.Random, today: date) -> int:
    """记分 for penalties and failed inspections of medical institutions; last year's 信用评价."""
    events: list[ScoreEvent] = []
    decided = session.execute(
        select(Case, Institution)
        .join(Institution, Institution.id == Case.institution_id)
        .where(
            Case.decided_on.is_not(None), Case.no_penalty.is_(False), Institution.kind.in_(_SCORED)
        )
    ).all()
    for case, inst in decided:
        assert case.decided_on is not None
        points = (
            12 if case.suspension or case.revocation else 6 if case.fine_fen >= 3_000_000 else 3
        )
        events.append(ScoreEvent(institution_id=inst.id, points=points, reason=case.cause,
                                 occurred_on=case.decided_on, scoring_year=case.decided_on.year,
                                 case_id=case.id))  # fmt: skip
        staff = [s for s in inst.staff if s.role in (StaffRole.DOCTOR, StaffRole.NURSE)]
        if case.cause_category is CauseCategory.PERSONNEL and staff:
            person = rng.choice(staff)
            events.append(ScoreEvent(staff_id=person.id, points=6, reason=case.cause,
                                     occurred_on=case.decided_on,
                                     scoring_year=case.decided_on.year, case_id=case.id))  # fmt: skip
    for inspection, inst in session.execute(
        select(Inspection, Institution)
        .join(Institution, Institution.id == Inspection.institution_id)
        .where(Institution.kind.in_(_SCORED))
    ).all():
        fails = sum(1 for r in inspection.results if r.result is CheckResult.FAIL)
        if fails >= 2:
            events.append(ScoreEvent(institution_id=inst.id, points=1 * fails,
                                     reason=f"监督检查发现{fails}项不合格",
                                     occurred_on=inspection.inspected_on,
                                     scoring_year=inspection.inspected_on.year,
                                     inspection_id=inspection.id))  # fmt: skip
    session.add_all(events)
    graded = session.scalars(select(Institution).where(Institution.credit_grade != "")).all()
    session.add_all(
        CreditEvaluation(institution_id=i.id, year=today.year - 1, grade=i.credit_grade,
                         evaluated_on=date(today.year - 1, 12, 15), note="年度依法执业信用评价")
        for i in graded
    )  # fmt: skip
    return len(events)
