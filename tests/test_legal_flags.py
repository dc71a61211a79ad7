"""The 案件 list's and the 工作台's legal flags: a penalty outside its provision's range."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from forms.record_forms import CaseSource, CauseCategory, PartyType

#: 《医疗废物管理条例》第四十七条第一项: 警告 and 5,000–10,000 元 (its first tier).
YF_01 = CaseInput(
    case_no="青卫医案〔2026〕5号", party_name="青溪某诊所", party_type=PartyType.ORGANISATION,
    source=CaseSource.ROUTINE, cause_category=CauseCategory.OTHER, cause="医疗废物混入生活垃圾案",
    filed_on=date(2026, 3, 2), act_on=date(2026, 2, 20), provision_code="YF-03",
    penalty_basis="《医疗废物管理条例》第四十七条第一项", warning=True, fine_fen=5_500_000,
    decided_on=date(2026, 4, 1),
)  # fmt: skip


def test_an_out_of_range_fine_is_flagged_and_its_reason_shown(ctx: AppContext) -> None:
    over = ctx.cases.create(YF_01)
    fits = ctx.cases.create(replace(YF_01, case_no="青卫医案〔2026〕6号", fine_fen=800_000))
    bare = ctx.cases.create(replace(YF_01, case_no="青卫医案〔2026〕7号", provision_code="",
                                    penalty_basis=""))  # fmt: skip
    flags = ctx.legal_flags.flags([over, fits, bare])
    assert set(flags) == {over}
    flag = flags[over]
    assert flag.short == "超出幅度"
    assert any("超过《医疗废物管理条例》第四十七条第一项规定的上限" in p for p in flag.problems)
    assert [f.case_id for f in ctx.legal_flags.open_cases()] == [over]

    ctx.cases.update(over, replace(YF_01, range_override_reason="再次违法，集体讨论从重"))
    again = ctx.legal_flags.flags([over])[over]
    assert again.short == "超出幅度（已说明理由）" and again.reason == "再次违法，集体讨论从重"
    ctx.cases.update(over, replace(YF_01, closed_on=date(2026, 5, 1), served_on=date(2026, 4, 2),
                                   range_override_reason="再次违法"))  # fmt: skip
    assert ctx.legal_flags.open_cases() == []  # a closed case is no longer the 工作台's concern
    assert ctx.legal_flags.flags([]) == {}
