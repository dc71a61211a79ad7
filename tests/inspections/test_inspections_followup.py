"""“回头看” raw data for 附表2, complaints, 记分 and 信用评价."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from database.models import CaseSource, CauseCategory, ComplaintResult, PartyType, PlanKind
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.common.errors import ValidationError
from desktop.inspections.complaints import ComplaintInput
from desktop.inspections.inspections import InspectionFilter, InspectionInput
from desktop.inspections.plans import PlanInput, TargetFilter
from desktop.inspections.scoring import ScoreInput


def _venue_case(ctx: AppContext, n: int, name: str, filed: date, **extra: object) -> int:
    data = CaseInput(case_no=f"青卫医案〔{filed.year}〕{n}号", party_name=name,
                     party_type=PartyType.ORGANISATION, source=CaseSource.SPECIAL,
                     cause_category=CauseCategory.QUALIFICATION,
                     cause=f"{name}未取得《医疗机构执业许可证》擅自执业案", filed_on=filed)  # fmt: skip
    return ctx.cases.create(replace(data, **extra))  # type: ignore[arg-type]


def test_revisits_tell_who_was_found_illegal_again(ctx: AppContext, district) -> None:
    v0, v1, v2 = (f"无名美容工作室{n}" for n in range(3))
    _venue_case(ctx, 1, v0, date(2025, 4, 1), decided_on=date(2025, 5, 1), fine_fen=3_000_000)
    _venue_case(ctx, 2, v1, date(2025, 4, 2), decided_on=date(2025, 5, 2), warning=True)
    _venue_case(ctx, 3, v2, date(2025, 4, 3), decided_on=date(2025, 5, 3), no_penalty=True)
    plan_id = ctx.plans.create(PlanInput(PlanKind.REVISIT, "无证医疗美容场所“回头看”",
                                         date(2026, 9, 1), date(2026, 11, 30),
                                         target=TargetFilter(punished_unlicensed=True)))  # fmt: skip
    # 不予处罚 is not “punished before”: only v0 and v1 are on the list.
    targets = ctx.plans.targets(plan_id)
    assert [t.name for t in targets] == [v0, v1]
    found = {}
    for day, target, again in ((date(2026, 9, 10), targets[0], True),
                               (date(2026, 9, 11), targets[1], False)):  # fmt: skip
        found[target.name] = ctx.inspections.create(
            InspectionInput(institution_id=target.id, inspected_on=day, plan_id=plan_id,
                            officer_ids=tuple(district.officers[1:3]), is_revisit=True,
                            illegal_again=again, findings="现场发现再次注射玻尿酸" if again else "")
        )  # fmt: skip
    follow_up = _venue_case(ctx, 9, v0, date(2026, 9, 11), inspection_id=found[v0],
                            decided_on=date(2026, 10, 9), fine_fen=5_000_000,
                            confiscation_fen=320_000, judicial_transfer=True)  # fmt: skip
    rows = ctx.revisits.findings(date(2026, 9, 1), date(2026, 9, 30))
    assert [(r.name, r.illegal_again) for r in rows] == [(v0, True), (v1, False)]
    assert rows[0].punished_before == ("青卫医案〔2025〕1号",)
    assert rows[0].follow_up_cases == ("青卫医案〔2026〕9号",) and rows[1].follow_up_cases == ()
    assert rows[0].address == "南港镇滨江路0号"
    # The raw data another module turns into 附表2: households found again and their penalties.
    again = {r.institution_id for r in rows if r.illegal_again}
    assert len(again) == 1
    case = ctx.cases.get(follow_up)
    assert (case.fine_fen + case.confiscation_fen, case.judicial_transfer) == (5_320_000, True)
    assert ctx.revisits.findings(date(2026, 10, 1), date(2026, 10, 31)) == []
    listed = ctx.inspections.list(InspectionFilter(revisits_only=True))
    assert {r.institution_name for r in listed} == {v0, v1}


def test_revisit_needs_a_penalty_decided_before_it(ctx: AppContext, district) -> None:
    v0, v1, v2 = (f"无名美容工作室{n}" for n in range(3))
    _venue_case(ctx, 1, v0, date(2026, 8, 1), decided_on=date(2026, 9, 20), fine_fen=3_000_000)
    _venue_case(ctx, 2, v1, date(2026, 8, 2), decided_on=date(2026, 9, 1), no_penalty=True)
    revisit = InspectionInput(institution_id=district.unlicensed[0], inspected_on=date(2026, 9, 10),
                              officer_ids=tuple(district.officers[1:3]), is_revisit=True,
                              illegal_again=False)  # fmt: skip
    # v0's penalty is decided after the day, v1 had 不予处罚, v2 no case at all: nothing saved
    for venue, name in zip(district.unlicensed, (v0, v1, v2), strict=True):
        with pytest.raises(ValidationError, match=f"回头看：{name}在2026-09-10之前没有作出过"):
            ctx.inspections.create(replace(revisit, institution_id=venue))
    assert ctx.inspections.list(InspectionFilter(revisits_only=True)) == []
    # the day after v0's decision the revisit is taken
    ctx.inspections.create(replace(revisit, inspected_on=date(2026, 9, 21)))
    assert [r.name for r in ctx.revisits.findings(date(2026, 9, 1), date(2026, 9, 30))] == [v0]


def test_complaints_record_result_reply_and_satisfaction(ctx: AppContext, district) -> None:
    base = ComplaintInput(received_on=date(2026, 3, 2), content="举报无资质人员注射肉毒毒素",
                          channel="12345热线", reporter_name="王女士", reporter_contact="13800000000",
                          institution_id=district.cosmetic[3])  # fmt: skip
    complaint_id = ctx.complaints.create(base)
    case_id = _venue_case(ctx, 1, "测试03医疗美容机构", date(2026, 3, 5))
    ctx.complaints.update(complaint_id, replace(
        base, handling="现场核查属实", result=ComplaintResult.FILED, case_id=case_id,
        closed_on=date(2026, 4, 1), replied_on=date(2026, 4, 2), reporter_satisfied=True))  # fmt: skip
    (row,) = ctx.complaints.list(date(2026, 3, 1), date(2026, 3, 31))
    assert (row.target, row.result, row.case_no) == (
        "测试03医疗美容机构",
        "立案",
        "青卫医案〔2026〕1号",
    )
    assert (
        row.reporter_satisfied is True
        and ctx.complaints.get(complaint_id).reporter_name == "王女士"
    )
    for bad, field in (
        (replace(base, anonymous=True), "匿名举报不应登记"),
        (replace(base, result=ComplaintResult.FILED), "请选择所立案件"),
        (replace(base, replied_on=date(2026, 3, 1)), "答复日期"),
        (replace(base, reporter_satisfied=False), "尚未答复"),
        (replace(base, content=" "), "投诉举报内容"),
    ):
        with pytest.raises(ValidationError, match=field):
            ctx.complaints.create(bad)
    assert len(ctx.complaints.list()) == 1  # nothing half-written


def test_scores_tie_to_their_cause_and_total_per_year(ctx: AppContext, district) -> None:
    inst = district.cosmetic[4]
    case_id = _venue_case(ctx, 1, "测试04医疗美容机构", date(2025, 12, 20))
    inspection_id = ctx.inspections.create(
        InspectionInput(institution_id=inst, inspected_on=date(2026, 1, 8),
                        officer_ids=tuple(district.officers[1:3]))
    )  # fmt: skip
    ctx.scoring.record(
        ScoreInput(6, "使用非卫生技术人员", date(2025, 12, 30), inst, case_id=case_id)
    )
    ctx.scoring.record(
        ScoreInput(3, "病历书写不规范", date(2026, 1, 8), inst, inspection_id=inspection_id)
    )
    ctx.scoring.record(ScoreInput(2, "处方不规范", date(2026, 2, 8), inst, inspection_id=inspection_id,
                                  scoring_year=2025))  # fmt: skip
    (t2025,) = ctx.scoring.totals(2025)
    (t2026,) = ctx.scoring.totals(2026)
    assert (t2025.points, t2025.events, t2026.points) == (8, 2, 3)
    history = ctx.scoring.history(institution_id=inst)
    assert [(h.points, h.case_no, h.inspection_id) for h in history] == [
        (2, "", inspection_id), (3, "", inspection_id), (6, "青卫医案〔2025〕1号", None)]  # fmt: skip
    for bad, field in ((ScoreInput(3, "x", date(2026, 1, 1), inst), "记分依据"),
                       (ScoreInput(13, "x", date(2026, 1, 1), inst, case_id=case_id), "分值"),
                       (ScoreInput(3, "x", date(2026, 1, 1), case_id=case_id), "记分对象")):  # fmt: skip
        with pytest.raises(ValidationError, match=field):
            ctx.scoring.record(bad)
    ctx.scoring.evaluate(inst, 2025, "B", date(2025, 12, 15))
    ctx.scoring.evaluate(inst, 2024, "A", date(2024, 12, 15))  # an older year entered later
    (row,) = [r for r in ctx.institutions.search("测试04", limit=5)]
    assert row.credit_grade == "B"
