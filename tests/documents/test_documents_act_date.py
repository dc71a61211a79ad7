"""从旧兼从轻 (行政处罚法 第三十七条): the version of a provision in force when the act occurred
applies, unless the version in force at the decision is lighter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from database.models import (
    Case,
    CaseSource,
    CauseCategory,
    LegalProvision,
    PartyType,
)
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.common.errors import ValidationError
from desktop.law.penalties import PenaltyFacts, penalty_notes
from desktop.law.versions import find_provision, lighter_reason
from forms.record_forms import CASE_FIELDS


def _case(ctx: AppContext, **values: object) -> int:
    base = CaseInput(
        case_no="青卫医罚〔2022〕1号", party_name="青溪悦容医疗美容门诊部",
        party_type=PartyType.ORGANISATION, source=CaseSource.ROUTINE,
        cause_category=CauseCategory.TECHNOLOGY, cause="超出登记范围开展诊疗活动案",
        filed_on=date(2022, 6, 1), decided_on=date(2022, 8, 1), warning=True,
    )  # fmt: skip
    return ctx.cases.create(replace(base, **values))  # type: ignore[arg-type]


def _lighter_successor(ctx: AppContext) -> None:
    """A made-up 2026 version of YLJG-04 with a lower ceiling (5000–50000 元)."""
    with ctx.uow_factory() as uow:
        current = uow.session.scalar(select(LegalProvision).where(LegalProvision.code == "YLJG-04"))
        assert current is not None
        current.effective_to = date(2025, 12, 31)
        uow.session.add(
            LegalProvision(
                code="YLJG-04-2026", violation=current.violation,
                cause_category=current.cause_category, violated_article=current.violated_article,
                violated_text=current.violated_text,
                basis_article="《医疗机构管理条例》（2026）第四十六条", basis_text="（测试用）",
                measures=current.measures, min_fine_fen=500_000, max_fine_fen=5_000_000,
                range_text="警告，可处5000元以上5万元以下罚款", effective_from=date(2026, 1, 1),
                effective_to=None, verified=False,
            )
        )  # fmt: skip
        uow.commit()


def test_an_act_before_the_amendment_is_punished_under_the_old_version(ctx: AppContext) -> None:
    # Filed after 2022-05-01, but the act (2022-03-10) falls under the 2016 条例: ≤ 3000 元.
    case_id = _case(ctx, provision_code="YLJG-04-2016", act_on=date(2022, 3, 10), fine_fen=300_000)
    assert ctx.provisions.check_case(case_id) == []
    [note] = ctx.provisions.check_case_warnings(case_id)
    assert "（条款编码YLJG-04）处罚不轻于违法行为发生时的规定" in note
    assert "第三十七条适用违法行为发生时（2022-03-10）施行的" in note and "YLJG-04-2016" in note
    case = ctx.cases.get(case_id)
    ctx.cases.update(case_id, replace(case, fine_fen=500_000))
    assert "罚款¥5,000.00超过" in ctx.provisions.check_case(case_id)[0]
    # Citing the 2022 version for that act is refused: the 决定书 would print the wrong rule.
    ctx.cases.update(case_id, replace(case, provision_code="YLJG-04", fine_fen=2_000_000))
    problem, fine = ctx.provisions.check_case(case_id)
    assert "不适用于违法行为发生日期2022-03-10的行为" in problem
    assert "应适用《医疗机构管理条例》（2016年修订）第四十七条" in problem and "改选" in problem
    assert "罚款¥20,000.00超过" in fine and "上限¥3,000.00" in fine  # checked against the 2016 one


def test_wording_is_matched_on_the_act_date_not_the_filing_date(ctx: AppContext) -> None:
    # 条例第四十七条 is 超范围 in 2016 and 使用非卫生技术人员 since 2022 (renumbered).
    wording = {"violated_provisions": "《医疗机构管理条例》第二十七条",
               "penalty_basis": "《医疗机构管理条例》第四十七条"}  # fmt: skip
    old_act = _case(ctx, act_on=date(2021, 11, 2), **wording)
    unknown_act = _case(ctx, case_no="青卫医罚〔2022〕2号", **wording)
    with ctx.uow_factory(readonly=True) as uow:
        found = [
            find_provision(uow.session, uow.session.get_one(Case, i))
            for i in (old_act, unknown_act)
        ]
        assert [p.code if p else None for p in found] == ["YLJG-04-2016", "YLJG-05"]


def test_a_lighter_version_at_the_decision_applies(ctx: AppContext) -> None:
    _lighter_successor(ctx)
    case_id = _case(ctx, provision_code="YLJG-04-2026", act_on=date(2025, 6, 1),
                    filed_on=date(2025, 7, 1), decided_on=date(2026, 2, 1),
                    fine_fen=4_000_000)  # fmt: skip
    assert ctx.provisions.check_case(case_id) == []
    [note] = ctx.provisions.check_case_warnings(case_id)
    assert note.startswith(
        "违法行为发生时（2025-06-01）施行《医疗机构管理条例》第四十六条（条款编码YLJG-04）"
    )
    assert "罚款上限¥50,000.00低于¥100,000.00" in note
    assert note.endswith("依《中华人民共和国行政处罚法》第三十七条从旧兼从轻，适用新的规定")
    # The fine is checked against the new, lower range.
    case = ctx.cases.get(case_id)
    ctx.cases.update(case_id, replace(case, fine_fen=6_000_000))
    assert "超过《医疗机构管理条例》（2026）第四十六条规定的上限¥50,000.00" in "".join(
        ctx.provisions.check_case(case_id)
    )
    # The old version, in force when the act occurred, no longer applies.
    ctx.cases.update(case_id, replace(case, provision_code="YLJG-04"))
    problems = ctx.provisions.check_case(case_id)
    assert any("从旧兼从轻，应适用处罚较轻的新规定" in p and "YLJG-04-2026" in p for p in problems)
    preflight = ctx.documents.preflight("penalty_decision", case_id=case_id)
    assert any("YLJG-04-2026" in p for p in preflight)
    # Decided before the new version took effect: the old one applies, the new one is not cited.
    # (第四十六条: 警告 and 没收违法所得 together with the fine.)
    ctx.cases.update(case_id, replace(case, provision_code="YLJG-04", decided_on=date(2025, 9, 1),
                                      confiscation_fen=300_000))  # fmt: skip
    assert ctx.provisions.check_case(case_id) == []
    assert ctx.provisions.check_case_warnings(case_id) == []


def test_the_editor_check_picks_the_version_from_the_catalogue(ctx: AppContext) -> None:
    _lighter_successor(ctx)
    catalogue = ctx.provisions.list()
    old = ctx.provisions.get("YLJG-04")
    facts = PenaltyFacts(fine_fen=4_000_000, warning=True, confiscation_fen=300_000,
                         filed_on=date(2025, 7, 1), act_on=date(2025, 6, 1),
                         decided_on=date(2026, 2, 1))  # fmt: skip
    notes = penalty_notes(facts, old, catalogue)
    assert any("请在案件中改选" in n for n in notes)
    assert any("从旧兼从轻，适用新的规定" in n for n in notes)
    # Without the catalogue no newer version is known, only that the chosen one ended.
    [note] = penalty_notes(facts, old)
    assert "（条款编码YLJG-04）施行至2025-12-31，条款库中没有之后的新规定" in note
    assert "请人工核对" in note


def test_missing_act_date_falls_back_to_the_filing_date_with_a_warning(ctx: AppContext) -> None:
    case_id = _case(ctx, provision_code="YLJG-04", filed_on=date(2024, 3, 1),
                    decided_on=date(2024, 4, 1), fine_fen=2_000_000,
                    confiscation_fen=300_000)  # fmt: skip
    assert ctx.provisions.check_case(case_id) == []
    assert ctx.provisions.check_case_warnings(case_id) == [
        "未填写违法行为发生日期，按立案日期2024-03-01适用《医疗机构管理条例》第四十六条；"
        "违法行为发生在立案之前的，请补填违法行为发生日期"
        "（《中华人民共和国行政处罚法》第三十七条：适用违法行为发生时的规定）"
    ]


def test_an_act_date_after_the_filing_is_refused(ctx: AppContext) -> None:
    field = next(f for f in CASE_FIELDS if f.name == "act_on")
    assert (field.label, field.kind, field.required) == ("违法行为发生日期", "date", False)
    with pytest.raises(ValidationError) as info:
        _case(ctx, act_on=date(2022, 6, 2))
    [error] = info.value.errors
    assert error.field == "违法行为发生日期"
    assert "晚于立案日期（2022-06-01）" in error.message
    case_id = _case(ctx, act_on=date(2022, 6, 1))
    assert ctx.cases.get(case_id).act_on == date(2022, 6, 1)


def test_lighter_is_decided_by_the_fine_data() -> None:
    from desktop.law.catalogue import ProvisionRow

    def row(**values: object) -> ProvisionRow:
        base = ProvisionRow("X", "", "", "", "", "罚款", None, None, "", date(2020, 1, 1), None,
                            False)  # fmt: skip
        return replace(base, **values)  # type: ignore[arg-type]

    fixed = row(min_fine_fen=1_000_000, max_fine_fen=10_000_000)
    assert lighter_reason(row(min_fine_fen=500_000, max_fine_fen=10_000_000), fixed)
    assert lighter_reason(row(min_fine_fen=0, max_fine_fen=20_000_000), fixed) is None
    assert lighter_reason(fixed, fixed) is None
    assert lighter_reason(row(measures="警告"), fixed) == "新的规定不设罚款"
    five_to_twenty = row(fine_base="illegal_income", min_multiple_pct=500, max_multiple_pct=2000)
    five_to_fifteen = replace(five_to_twenty, max_multiple_pct=1500)
    assert lighter_reason(five_to_fifteen, five_to_twenty) == (
        "罚款上限违法所得的15倍低于违法所得的20倍"
    )
    assert lighter_reason(five_to_twenty, five_to_fifteen) is None
    assert lighter_reason(fixed, five_to_twenty) is None  # different bases: not by data
