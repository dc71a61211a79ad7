"""The demo district's inspections: plans, a recorded 双随机 draw, inspections, “回头看”, complaints, 记分.

Runs after desktop.demo.district has stored institutions, officers and cases, in one
transaction, deterministic by seed. It adds five historical (2024) penalties on unlicensed
venues — the previous campaign that the “回头看” revisits — and a case for each venue found
practising again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import (
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    Checklist,
    CheckResult,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Institution,
    InstitutionKind,
    NumberCounter,
    Officer,
    OfficerConflict,
    PartyType,
    PlanDepartment,
    PlanKind,
)
from database.numbering import CASE_SERIES
from database.unit_of_work import UowFactory
from desktop.cases.cases import CaseInput, apply_case
from desktop.cases.from_inspection import next_case_number
from desktop.demo.cases import CRIME_REASON, POLICE, UNLICENSED_GOODS, goods_items
from desktop.demo.complaints import add_complaints, add_scores
from desktop.demo.review import with_review
from desktop.inspections.checklists import ChecklistService
from desktop.inspections.draw import record_draw
from desktop.inspections.plans import TargetFilter, target_institutions

#: Notes an officer writes for a 不合格 item, by item position (others get the generic note).
FAIL_NOTES = {
    1: "《医疗机构执业许可证》未悬挂于明显处所",
    2: "现场发现开展美容外科诊疗，登记诊疗科目无美容外科",
    3: "开展的埋线提升项目未备案",
    4: "一名医师执业地点注册在外区医疗机构",
    5: "一名护士执业注册已过有效期",
    8: "抽查病历3份，均缺少手术知情同意书",
    9: "处方未注明患者年龄",
    16: "医疗废物暂存处未上锁，无交接登记",
    17: "紫外线灯无使用登记",
}
REVISIT_AGAIN = "现场发现其再次为顾客实施注射玻尿酸等医疗美容项目，未能出示《医疗机构执业许可证》。"
REVISIT_CLEAN = "现场已改为普通生活用品店，未发现开展医疗美容活动。"


@dataclass
class _Ctx:
    session: Session
    rng: random.Random
    today: date
    checklist: Checklist
    officers: list[Officer]
    conflicts: set[tuple[int, int]]
    count: int = 0


def _officer_pair(c: _Ctx, institution_id: int) -> list[Officer]:
    eligible = [o for o in c.officers if (o.id, institution_id) not in c.conflicts]
    return c.rng.sample(eligible, 2)


def _inspection(c: _Ctx, inst: Institution, day: date, plan: InspectionPlan | None,
                officers: list[Officer], fails: int) -> Inspection:  # fmt: skip
    rng = c.rng
    start = datetime.combine(day, time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))))
    failing = set(rng.sample(range(1, 18), fails)) if fails else set()
    results = [
        InspectionResult(
            position=item.position,
            checklist_item_id=item.id,
            item_text=f"{item.label}{item.text}",
            result=CheckResult.FAIL if item.position in failing
            else CheckResult.NOT_APPLICABLE if item.department != "区卫健委"
            else CheckResult.PASS,
            note=FAIL_NOTES.get(item.position, "现场检查不符合要求") if item.position in failing else "",
        )
        for item in c.checklist.items
    ]  # fmt: skip
    notes = [r.note for r in results if r.result is CheckResult.FAIL]
    # Most results reach the platform within the 2 working days; the latest ones are pending.
    lag = rng.choice((0, 1, 1, 2, 2, 3))
    entered = day + timedelta(days=lag) if (c.today - day).days > 4 else None
    inspection = Inspection(
        plan_id=plan.id if plan else None, institution_id=inst.id, inspected_on=day,
        started_at=start, ended_at=start + timedelta(minutes=rng.randint(40, 120)),
        location=inst.address, present_person=inst.principal, present_person_title="负责人",
        findings="；".join(notes) + "。" if notes else "未发现违法违规行为。",
        # the 意见书 prints only the opinions, so they name the problems themselves
        opinions=f"经检查，你单位存在以下问题：{'；'.join(notes)}。责令立即改正，并于15日内将"
        "整改情况书面报告。" if notes else "请继续依法执业，落实医疗质量安全核心制度。",
        entered_on=entered, officers=officers, results=results,
    )  # fmt: skip
    c.session.add(inspection)
    c.count += 1
    return inspection


def _plans(c: _Ctx) -> dict[PlanKind, InspectionPlan]:
    t, year = c.today, c.today.year if c.today >= date(c.today.year, 6, 21) else c.today.year - 1
    joint = InspectionPlan(
        kind=PlanKind.DOUBLE_RANDOM, title=f"{year}年度青溪区社会办医疗美容机构联合双随机检查工作方案",
        period_start=date(year, 6, 1), period_end=date(year, 6, 20),
        lead_department="青溪区卫生健康委员会（青溪区卫生健康监督所）", checklist_id=c.checklist.id,
        target_filter=TargetFilter(all_cosmetic=True).to_json(),
        note="监管范围：青溪区社会办医疗美容机构全覆盖。联合实地检查具体时间安排另行通知。",
        departments=[
            PlanDepartment(name="青溪区卫生健康委员会", section="区卫监所—医疗卫生综合监督科",
                           responsible="王琛", contact="赵菊", phone="0599-86660001"),
            PlanDepartment(name="青溪区市场监督管理局", section="区市场局—医疗器械科",
                           responsible="朱景", contact="金超", phone="0599-86661234",
                           notified_on=date(year, 5, 26), confirmed_on=date(year, 5, 28)),
        ],
    )  # fmt: skip
    campaign = InspectionPlan(
        kind=PlanKind.CAMPAIGN, title=f"{t.year}年青溪区医疗美容行业突出问题专项整治工作方案",
        period_start=date(t.year, 3, 1), period_end=date(t.year, 10, 31),
        lead_department="青溪区卫生健康委员会", checklist_id=c.checklist.id,
        target_filter=TargetFilter(kinds=(InstitutionKind.COSMETIC_HOSPITAL,
                                          InstitutionKind.COSMETIC_OUTPATIENT,
                                          InstitutionKind.COSMETIC_CLINIC,
                                          InstitutionKind.LIFE_BEAUTY)).to_json(),
    )  # fmt: skip
    routine = InspectionPlan(
        kind=PlanKind.ROUTINE, title=f"{t.year}年度医疗机构日常监督检查计划",
        period_start=t - timedelta(days=365), period_end=t + timedelta(days=40),
        lead_department="青溪区卫生健康监督所", checklist_id=c.checklist.id,
        target_filter=TargetFilter().to_json(),
    )  # fmt: skip
    revisit = InspectionPlan(
        kind=PlanKind.REVISIT, title=f"{t.year}年无证医疗美容场所“回头看”排查工作方案",
        period_start=t - timedelta(days=40), period_end=t + timedelta(days=20),
        lead_department="青溪区卫生健康委员会",
        target_filter=TargetFilter(punished_unlicensed=True).to_json(),
        departments=[PlanDepartment(name="青溪区市场监督管理局", section="区市场局—广告监管科",
                                    responsible="周敏", contact="李婷",
                                    notified_on=t - timedelta(days=3))],
    )  # fmt: skip
    plans = {p.kind: p for p in (joint, campaign, routine, revisit)}
    c.session.add_all(plans.values())
    c.session.flush()
    return plans


def _history(c: _Ctx, venues: list[Institution]) -> None:
    """The 2024 campaign's penalties on five unlicensed venues (what “回头看” revisits)."""
    for n, venue in enumerate(venues[:5]):
        filed = date(2024, 4 + n, 8 + n)
        _venue_case(c, venue, filed, CaseSource.SPECIAL, closed=True)


def _venue_case(c: _Ctx, venue: Institution, filed: date, source: CaseSource, *,
                closed: bool, inspection: Inspection | None = None) -> Case:  # fmt: skip
    rng = c.rng
    decided = filed + timedelta(days=rng.randint(20, 40))
    decided_ok = decided < c.today - timedelta(days=3)
    transfer = decided_ok and rng.random() < 0.2
    gain = rng.randint(2000, 9000)
    data = CaseInput(
        case_no=next_case_number(c.session, filed.year), party_name=venue.name,
        party_type=PartyType.ORGANISATION, source=source,
        cause_category=CauseCategory.QUALIFICATION,
        campaign_category=CampaignCategory.UNLICENSED_PRACTICE,
        cause=f"{venue.name}未取得《医疗机构执业许可证》擅自执业案", filed_on=filed,
        party_kind=venue.kind, party_address=venue.address, town=venue.town,
        facts=f"当事人在{venue.address}未取得《医疗机构执业许可证》，擅自为顾客实施注射玻尿酸等医疗美容项目，违法所得{gain}元。",
        evidence="现场笔录、询问笔录、现场照片、收费记录",
        violated_provisions="《医疗机构管理条例》第二十三条", provision_code="YLJG-01",
        penalty_basis="《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
        fine_fen=rng.randrange(50000, 120001, 1000) * 100 if decided_ok and not transfer else 0,
        confiscation_fen=gain * 100 if decided_ok and not transfer else 0,
        order_correction=decided_ok, judicial_transfer=transfer,
        transfer_organ=POLICE if transfer else "", transferred_on=decided if transfer else None,
        transfer_reason=CRIME_REASON if transfer else "",
        suspension=decided_ok and not transfer,  # 第九十九条第一款: 责令停止执业活动
        confiscated_items=goods_items(UNLICENSED_GOODS, gain) if decided_ok and not transfer else (),
        accepted_on=filed, investigation_ended_on=filed + timedelta(days=10) if decided_ok else None,
        inquired_on=filed + timedelta(days=3) if decided_ok else None,
        deliberated_on=filed + timedelta(days=10) if decided_ok else None,
        notified_on=filed + timedelta(days=13) if decided_ok else None,
        # 责令停止执业活动 reaches 听证 (第六十三条): told with the 告知, served the same day.
        hearing_notified_on=filed + timedelta(days=13) if decided_ok and not transfer else None,
        notice_served_on=filed + timedelta(days=13) if decided_ok else None,
        decided_on=decided if decided_ok else None,
        served_on=decided + timedelta(days=1) if decided_ok else None,
        published_on=decided + timedelta(days=3) if decided_ok and not transfer else None,
        closed_on=decided + timedelta(days=30) if closed and decided_ok else None,
        handler="、".join(o.name for o in c.rng.sample(c.officers, 2)),
        inspection_id=inspection.id if inspection else None,
    )  # fmt: skip
    data = with_review(c.session, data)  # 裁量, 法制审核 and 集体讨论 (issue 14)
    case = Case()
    with c.session.no_autoflush:
        apply_case(c.session, case, data)
    case.officers = [o for o in c.officers if o.name in data.handler.split("、")]
    c.session.add(case)
    c.session.flush()
    return case


def _sync_case_counters(session: Session) -> None:
    """Start the 案件编号 counters after the numbers the demo cases already use (per year)."""
    used: dict[int, int] = {}
    for filed in session.scalars(select(Case.filed_on)):
        used[filed.year] = used.get(filed.year, 0) + 1
    for year, count in used.items():
        session.merge(NumberCounter(series=CASE_SERIES, year=year, last_seq=count))
    session.flush()


def load_demo_inspections(uow_factory: UowFactory, seed: int, today: date) -> int:
    """Add the inspection side of the demo district; returns the number of inspections."""
    checklist_id = ChecklistService(uow_factory).ensure_default()
    with uow_factory() as uow:
        s = uow.session
        _sync_case_counters(s)
        officers = list(s.scalars(select(Officer).order_by(Officer.id)))
        insts = list(s.scalars(select(Institution).order_by(Institution.id)))
        rng = random.Random(seed * 7 + 1)
        conflicts = [
            OfficerConflict(officer_id=officers[n].id, institution_id=insts[3 * n + 1].id,
                            reason=reason, declared_on=today - timedelta(days=200 - 30 * n))
            for n, reason in enumerate(("近亲属在该机构任职", "曾在该机构兼职", "与负责人系同学"))
        ]  # fmt: skip
        s.add_all(conflicts)
        c = _Ctx(s, rng, today, s.get_one(Checklist, checklist_id), officers,
                 {(x.officer_id, x.institution_id) for x in conflicts})  # fmt: skip
        venues = [i for i in insts if i.kind is InstitutionKind.UNLICENSED]
        _history(c, venues)
        plans = _plans(c)
        _joint_inspections(c, plans[PlanKind.DOUBLE_RANDOM], seed)
        _linked_inspections(c, plans[PlanKind.ROUTINE])
        medical = [i for i in insts if i.kind not in (InstitutionKind.UNLICENSED,)]
        _spread(c, plans[PlanKind.ROUTINE], medical, 22, today - timedelta(days=330), today)
        campaign = plans[PlanKind.CAMPAIGN]
        targets = target_institutions(s, campaign)
        _spread(c, campaign, targets, 8, campaign.period_start, min(campaign.period_end, today))
        _revisits(c, plans[PlanKind.REVISIT])
        _recent(c, plans[PlanKind.ROUTINE], medical)
        s.flush()
        add_complaints(s, rng, today)
        add_scores(s, rng, today)
        uow.commit()
        return c.count


def _joint_inspections(c: _Ctx, plan: InspectionPlan, seed: int) -> None:
    draw = record_draw(c.session, plan, "林晓", None, "50", seed, None, "")
    draw.drawn_at = datetime.combine(plan.period_start - timedelta(days=7), time(9, 30))
    for item in draw.items:
        inst = c.session.get_one(Institution, item.institution_id)
        pair = [
            c.session.get_one(Officer, item.officer1_id),
            c.session.get_one(Officer, item.officer2_id),
        ]
        day = plan.period_start + timedelta(days=c.rng.randint(0, 18))
        _inspection(c, inst, day, plan, pair, c.rng.choice((0, 0, 1, 2)))


def _linked_inspections(c: _Ctx, plan: InspectionPlan) -> None:
    """Inspections that found what the demo's inspection-sourced cases are about."""
    sources = (CaseSource.ROUTINE, CaseSource.RANDOM, CaseSource.SPECIAL)
    cases = c.session.scalars(
        select(Case).where(Case.source.in_(sources), Case.institution_id.is_not(None),
                           Case.inspection_id.is_(None), Case.locked.is_(False))
        .order_by(Case.filed_on)
    ).all()  # fmt: skip
    for case in cases[:: max(1, len(cases) // 12)][:12]:
        inst = c.session.get_one(Institution, case.institution_id)
        day = case.accepted_on or case.filed_on
        inspection = _inspection(c, inst, day, plan, _officer_pair(c, inst.id), 0)
        item = next((i for i in c.checklist.items if i.cause_category == case.cause_category.value),
                    c.checklist.items[0])  # fmt: skip
        result = inspection.results[item.position - 1]
        result.result, result.note = CheckResult.FAIL, case.cause.removeprefix(case.party_name)
        inspection.findings, inspection.opinions = case.facts, "责令立即改正，另案处理。"
        c.session.flush()
        result.case_id, case.inspection_id = case.id, inspection.id


def _spread(c: _Ctx, plan: InspectionPlan, pool: list[Institution], n: int,
            start: date, end: date) -> None:  # fmt: skip
    for inst in c.rng.sample(pool, min(n, len(pool))):
        day = start + timedelta(days=c.rng.randint(0, max((end - start).days - 1, 0)))
        while day.weekday() > 4:
            day -= timedelta(days=1)
        _inspection(c, inst, day, plan, _officer_pair(c, inst.id), c.rng.choice((0, 0, 0, 1)))


def _recent(c: _Ctx, plan: InspectionPlan, pool: list[Institution]) -> None:
    """Two recent inspections whose results are not yet in the platform (one of them late)."""
    for back in (1, 8):
        day = c.today - timedelta(days=back)
        while day.weekday() > 4:
            day -= timedelta(days=1)
        inst = c.rng.choice(pool)
        inspection = _inspection(c, inst, day, plan, _officer_pair(c, inst.id), 1)
        inspection.entered_on = None


def _revisits(c: _Ctx, plan: InspectionPlan) -> None:
    """Revisit every venue punished before; some are found practising again."""
    c.session.flush()
    for n, venue in enumerate(target_institutions(c.session, plan)):
        day = plan.period_start + timedelta(days=3 + 4 * n)
        if day >= c.today:
            break
        again = n % 2 == 1
        inspection = Inspection(
            plan_id=plan.id, institution_id=venue.id, inspected_on=day, location=venue.address,
            present_person=venue.principal, present_person_title="经营者",
            findings=REVISIT_AGAIN if again else REVISIT_CLEAN,
            opinions="责令立即停止执业活动，另案处理。" if again else "不得擅自开展医疗美容活动。",
            entered_on=day + timedelta(days=1) if (c.today - day).days > 4 else None,
            is_revisit=True, illegal_again=again, officers=_officer_pair(c, venue.id),
        )  # fmt: skip
        c.session.add(inspection)
        c.count += 1
        if again:
            c.session.flush()
            _venue_case(c, venue, day + timedelta(days=1), CaseSource.SPECIAL, closed=False,
                        inspection=inspection)  # fmt: skip
