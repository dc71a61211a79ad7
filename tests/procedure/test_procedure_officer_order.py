"""A case's 执法人员 keep the order the clerk gave them — in the ledger, `case set`, the service
and the editor's pick list — and the documents print them in that order."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from procedure_desk import Desk
from sqlalchemy import text

from database.models import CaseSource, CauseCategory, PartyType
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.records.officers import OfficerInput

CASE = "青卫医案〔2026〕41号"


def _officers(desk: Desk) -> list[str]:
    shown = json.loads(desk.ok("case", "show", CASE, "--json"))
    return str(shown["fields"]["执法人员"]).split("、")


def test_ledger_and_case_set_keep_the_order_and_documents_print_it(desk: Desk) -> None:
    row = {"案号": CASE, "案由": "超范围执业案", "执法人员": "王芳、张明"}
    assert desk.import_cases([row]).code == 0
    desk.ok("case", "set", CASE, "地址=青溪区城关街道人民路1号")
    assert _officers(desk) == ["王芳（ZJ33990120240003）", "张明（ZJ33990120240001）"]
    assert desk.doc("立案报告", CASE).code == 0
    assert "王芳（执法证号：ZJ33990120240003）、张明（执法证号：ZJ33990120240001）" in desk.text(
        "立案报告"
    )
    # The same officers in the other order: nothing is added or removed, only the order changes.
    desk.ok("case", "set", CASE, "执法人员=张明、王芳")
    assert _officers(desk) == ["张明（ZJ33990120240001）", "王芳（ZJ33990120240003）"]
    desk.ok("case", "set", CASE, "执法人员=李华、张明、王芳")
    assert _officers(desk) == ["李华（ZJ33990120240002）", "张明（ZJ33990120240001）",
                               "王芳（ZJ33990120240003）"]  # fmt: skip
    assert desk.doc("立案报告", CASE).code == 0
    assert ("李华（执法证号：ZJ33990120240002）、张明（执法证号：ZJ33990120240001）、"
            "王芳（执法证号：ZJ33990120240003）") in desk.text("立案报告")  # fmt: skip
    # A re-import with the column gives the ledger's order again.
    assert desk.import_cases([{**row, "执法人员": "王芳、李华"}]).code == 0
    assert _officers(desk) == ["王芳（ZJ33990120240003）", "李华（ZJ33990120240002）"]


def test_the_service_stores_the_order_in_the_link_table(ctx: AppContext) -> None:
    ids = [ctx.officers.add(OfficerInput(name, f"ZJ3399012024010{n}"))
           for n, name in enumerate(("张明", "李华", "王芳"))]  # fmt: skip
    data = CaseInput(case_no=CASE, party_name="青溪悦颜医疗美容诊所",
                     party_type=PartyType.ORGANISATION, source=CaseSource.COMPLAINT,
                     cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
                     filed_on=date(2026, 3, 5), officer_ids=(ids[2], ids[0]))  # fmt: skip
    case_id = ctx.cases.create(data)
    assert ctx.cases.get(case_id).officer_ids == (ids[2], ids[0])
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), officer_ids=(ids[0], ids[2])))
    assert ctx.cases.get(case_id).officer_ids == (ids[0], ids[2])
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), officer_ids=(ids[1], ids[2], ids[0])))
    assert ctx.cases.get(case_id).officer_ids == (ids[1], ids[2], ids[0])
    with ctx.uow_factory(readonly=True) as uow:
        stored = uow.session.execute(
            text("SELECT officer_id, position FROM case_officer WHERE case_id = :c"
                 " ORDER BY position"), {"c": case_id}
        ).all()  # fmt: skip
    assert [tuple(r) for r in stored] == [(ids[1], 0), (ids[2], 1), (ids[0], 2)]
