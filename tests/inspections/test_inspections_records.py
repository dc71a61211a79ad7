"""Checklists as data, inspection records, and 立案 from a 不合格 result."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from database.models import (
    CaseSource,
    CauseCategory,
    CheckResult,
    OfficeSetting,
    PartyType,
    PlanKind,
)
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.common.errors import ConflictError, ValidationError
from desktop.inspections.inspections import InspectionInput
from desktop.inspections.plans import PlanInput, TargetFilter

#: Copied by hand from seed 000 (四、监管内容), punctuation as the seed prints it.
SEED_ITEMS = {
    ("区卫健委", 1): "检查时该机构是否正常经营中，在明显处悬挂《医疗机构执业许可证》；",
    ("区卫健委", 2): "按照核准登记的诊疗科目执业；",
    ("区卫健委", 10): "医师取得相应处方权,并有签名留样或专用签章备案;",
    ("区卫健委", 17): "医疗机构医疗器械、消毒产品等消毒隔离工作开展情况。",
    (
        "区市场监管局",
        3,
    ): "不正当竞争行为:商业混淆、商业贿赂、做虚假或者引人误解的商业宣传、商业诋毁等。",
    ("区市场监管局", 4): "价格违法违规行为：未明码标价，相关机构未执行政府指导价。",
}


def test_default_checklist_holds_seed_items_verbatim(ctx: AppContext) -> None:
    (default,) = [c for c in ctx.checklists.list() if c.is_default]
    health = [i for i in default.items if i.department == "区卫健委"]
    market = [i for i in default.items if i.department == "区市场监管局"]
    assert [i.label for i in health] == [f"（{n}）" for n in range(1, 18)]
    assert [i.label for i in market] == [f"（{n}）" for n in range(1, 5)]
    for (dept, n), text in SEED_ITEMS.items():
        assert (health if dept == "区卫健委" else market)[n - 1].text == text
    assert health[1].cause_category == "机构资质" and health[1].provision_code == "YLJG-04"
    # Installing again does not duplicate it.
    assert ctx.checklists.ensure_default() == default.id
    assert len(ctx.checklists.list()) == 1


def test_checklists_are_copied_and_edited(ctx: AppContext) -> None:
    default = ctx.checklists.list()[0]
    copy_id = ctx.checklists.copy(default.id, "生活美容机构检查清单")
    items = (
        *ctx.checklists.get(copy_id).items[:2],
        replace(default.items[0], text="是否超范围开展医疗美容项目", id=None),
    )
    ctx.checklists.update(copy_id, "生活美容机构检查清单", items)
    assert [i.text for i in ctx.checklists.get(copy_id).items][-1] == "是否超范围开展医疗美容项目"
    assert len(ctx.checklists.get(default.id).items) == 21  # the default is untouched
    with pytest.raises(ConflictError, match="已有名为"):
        ctx.checklists.copy(default.id, "生活美容机构检查清单")
    with pytest.raises(ValidationError, match="第1项 检查内容"):
        ctx.checklists.create("空清单", (replace(items[0], text=" "),))


def _failing_inspection(ctx: AppContext, district, plan_id: int | None = None) -> int:
    checklist = ctx.checklists.list()[0]
    results = list(ctx.inspections.blank_results(checklist.id))
    results[1] = replace(results[1], result=CheckResult.FAIL, note="现场发现开展美容外科手术")
    return ctx.inspections.create(
        InspectionInput(
            institution_id=district.cosmetic[5], inspected_on=date(2026, 6, 3),
            officer_ids=tuple(district.officers[1:3]), results=tuple(results), plan_id=plan_id,
            started_at=datetime(2026, 6, 3, 9, 30), ended_at=datetime(2026, 6, 3, 11, 0),
            present_person="李某", present_person_title="负责人", findings="诊疗科目无美容外科。",
            opinions="责令立即停止超范围执业。",
        )
    )  # fmt: skip


def test_inspection_is_stored_with_officers_and_results(ctx: AppContext, district) -> None:
    detail = ctx.inspections.get(_failing_inspection(ctx, district))
    assert [o.badge_no for o in detail.officers] == ["ZJ33990120260001", "ZJ33990120260002"]
    assert detail.row.failed_items == 1 and detail.data.present_person == "李某"
    assert [r.result for r in detail.results][:3] == ["合格", "不合格", "合格"]
    assert detail.results[1].item_text == "（2）按照核准登记的诊疗科目执业；"


def test_inspection_rules_name_the_field(ctx: AppContext, district) -> None:
    base = InspectionInput(institution_id=district.conflicted_institution,
                           inspected_on=date(2026, 6, 3),
                           officer_ids=(district.conflicted_officer, district.officers[1]))  # fmt: skip
    with pytest.raises(ValidationError, match="执法员0已申报"):
        ctx.inspections.create(base)
    with pytest.raises(ValidationError, match="至少需要两名"):
        ctx.inspections.create(replace(base, officer_ids=(district.officers[1],) * 2))
    with pytest.raises(ValidationError, match="回头看"):
        ctx.inspections.create(replace(base, officer_ids=tuple(district.officers[1:3]),
                                       is_revisit=True, illegal_again=True))  # fmt: skip


def test_failed_item_opens_a_case_with_its_fields_filled(ctx: AppContext, district) -> None:
    with ctx.uow_factory() as uow:
        # The catalogue seeded at start-up holds YLJG-04 (超出登记或者备案范围的诊疗科目).
        uow.session.add(OfficeSetting(key="number_padding", value="3"))
        uow.commit()
    plan_id = ctx.plans.create(PlanInput(PlanKind.DOUBLE_RANDOM, "联合检查", date(2026, 6, 1),
                                         date(2026, 6, 20), target=TargetFilter(all_cosmetic=True)))  # fmt: skip
    inspection_id = _failing_inspection(ctx, district, plan_id)
    failed = ctx.inspections.get(inspection_id).results[1]
    case_id = ctx.inspection_cases.open_case(inspection_id, failed.id, filed_on=date(2026, 6, 5))
    case = ctx.cases.get(case_id)
    assert case.case_no == "青卫医案〔2026〕001号"
    assert case.party_name == "测试05医疗美容机构" and case.town == "城关街道"
    assert case.cause == "测试05医疗美容机构超出登记的诊疗科目范围开展诊疗活动案"
    assert (case.source.value, case.cause_category.value) == ("随机抽查", "机构资质")
    assert case.violated_provisions == "《医疗机构管理条例》第二十六条"
    assert case.penalty_basis == "《医疗机构管理条例》第四十六条"
    assert case.provision_code == "YLJG-04" and case.inspection_id == inspection_id
    assert "2026年6月3日" in case.facts and "ZJ33990120260001" in case.facts
    assert (
        "（2）按照核准登记的诊疗科目执业；" in case.facts
        and "现场发现开展美容外科手术" in case.facts
    )
    assert case.accepted_on == date(2026, 6, 3) and case.handler == "执法员1、执法员2"
    assert ctx.inspections.get(inspection_id).results[1].case_id == case_id
    with pytest.raises(ConflictError, match="已立案"):
        ctx.inspection_cases.open_case(inspection_id, failed.id, filed_on=date(2026, 6, 5))
    passed = ctx.inspections.get(inspection_id).results[0]
    with pytest.raises(ConflictError, match="合格，不能据此立案"):
        ctx.inspection_cases.open_case(inspection_id, passed.id)


def test_case_numbers_skip_ones_already_used_by_imported_cases(ctx: AppContext, district) -> None:
    inspection_id = _failing_inspection(ctx, district)
    ctx.cases.create(CaseInput(case_no="青卫医案〔2026〕1号", party_name="张某",
                               party_type=PartyType.PERSON, source=CaseSource.ROUTINE,
                               cause_category=CauseCategory.OTHER, cause="张某无证行医案",
                               filed_on=date(2026, 1, 5)))  # fmt: skip
    failed = ctx.inspections.get(inspection_id).results[1]
    case_id = ctx.inspection_cases.open_case(inspection_id, failed.id, filed_on=date(2026, 6, 5))
    assert ctx.cases.get(case_id).case_no == "青卫医案〔2026〕2号"
    assert ctx.cases.get(case_id).source.value == "日常监督检查"  # no plan
