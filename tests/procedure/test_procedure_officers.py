"""The case's 执法人员 through the service: 回避 and 不在职 refused on save, naming the officer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from database.models import CaseSource, CauseCategory, InstitutionKind, PartyType
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.common.errors import ValidationError
from desktop.records.institutions import InstitutionInput
from desktop.records.officers import OfficerInput


def test_officers_who_declared_a_conflict_or_left_are_refused(ctx: AppContext) -> None:
    clinic = ctx.institutions.create(InstitutionInput("青溪悦颜医疗美容诊所", InstitutionKind.COSMETIC_CLINIC))
    zhang = ctx.officers.add(OfficerInput("张明", "ZJ33990120240001"))
    li = ctx.officers.add(OfficerInput("李华", "ZJ33990120240002"))
    wang = ctx.officers.add(OfficerInput("王芳", "ZJ33990120240003"))
    ctx.officers.add_conflict(li, clinic, "配偶在该机构任职")
    data = CaseInput(case_no="青卫医案〔2026〕61号", party_name="青溪悦颜医疗美容诊所",
                     party_type=PartyType.ORGANISATION, source=CaseSource.COMPLAINT,
                     cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
                     filed_on=date(2026, 3, 5), officer_ids=(zhang, li))  # fmt: skip
    with pytest.raises(ValidationError, match="李华已申报与青溪悦颜医疗美容诊所回避，不能承办本案"):
        ctx.cases.create(data)
    assert ctx.cases.count() == 0  # nothing stored
    case_id = ctx.cases.create(replace(data, officer_ids=(zhang, wang)))
    ctx.officers.set_active(wang, False)
    # Keeping an officer who has since left is allowed; adding one is not.
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), cause="超出登记的诊疗科目范围开展诊疗活动案"))
    zhao = ctx.officers.add(OfficerInput("赵强", "ZJ33990120240006", active=False))
    with pytest.raises(ValidationError, match="赵强（ZJ33990120240006）已不在职，不能承办案件"):
        ctx.cases.update(case_id, replace(ctx.cases.get(case_id), officer_ids=(wang, zhang, zhao)))
    assert set(ctx.cases.get(case_id).officer_ids or ()) == {zhang, wang}
