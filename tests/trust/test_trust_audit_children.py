"""The child rows of audited records — checklist results, the officers of an inspection and of a
case — are recorded in their parent's events, with old and new values, and keep the chain intact."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from trust_fixtures import case_input

from database.models import (
    Case,
    CheckResult,
    ConfiscatedItem,
    Inspection,
    InspectionResult,
    Institution,
    InstitutionKind,
    Officer,
)
from desktop.app import AppContext
from desktop.common.errors import ConflictError
from desktop.inspections.inspections import InspectionInput, ResultInput
from desktop.records.institutions import InstitutionInput
from desktop.trust.audit import AuditRow
from forms.case_penalty import ConfiscationLine


@pytest.fixture
def officers(ctx: AppContext) -> list[int]:
    """Three officers and an institution to inspect (the institution is id 1)."""
    with ctx.uow_factory() as uow:
        rows = [
            Officer(name=f"执法员{n}", badge_no=f"ZJ3399012026000{n}", department="监督科")
            for n in range(1, 4)
        ]
        uow.session.add_all(
            [*rows, Institution(name="青溪某诊所", kind=InstitutionKind.COSMETIC_CLINIC)]
        )
        uow.commit()
        return [o.id for o in rows]


def _inspection(officer_ids: tuple[int, ...], *results: ResultInput) -> InspectionInput:
    return InspectionInput(
        institution_id=1,
        inspected_on=date(2026, 5, 12),
        officer_ids=officer_ids,
        results=results,
    )


PASS_1 = ResultInput("1.1 持有效《医疗机构执业许可证》", CheckResult.PASS)
PASS_2 = ResultInput("1.2 医师具有执业资格", CheckResult.PASS)


def _changes(row: AuditRow) -> dict[str, list[object]]:
    return json.loads(row.changes)  # type: ignore[no-any-return]


def test_changing_a_checklist_result_is_one_event_naming_the_row(
    ctx: AppContext, officers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection_id = ctx.inspections.create(_inspection(tuple(officers[:2]), PASS_1, PASS_2))
    created = ctx.audit.history("inspection", inspection_id)
    assert [h.action for h in created] == ["新增"]
    assert _changes(created[0])["results[2]"] == [
        None,
        {"item_text": PASS_2.item_text, "result": "合格", "note": "", "checklist_item_id": None,
         "case_id": None},
    ]  # fmt: skip

    monkeypatch.setenv("CASEDESK_USER", "王书记员")
    failed = ResultInput(PASS_2.item_text, CheckResult.FAIL, "2名医师无执业证书")
    # The service rewrites the whole collection; only the row that changed is recorded.
    ctx.inspections.update(inspection_id, _inspection(tuple(officers[:2]), PASS_1, failed))
    history = ctx.audit.history("inspection", inspection_id)
    assert [h.action for h in history] == ["新增", "修改"]
    update = history[1]
    assert update.actor == "王书记员" and update.occurred_at.date() == date.today()
    changes = _changes(update)
    assert list(changes) == ["results[2]"]
    old, new = changes["results[2]"]
    assert isinstance(old, dict) and isinstance(new, dict)
    assert (old["result"], old["note"]) == ("合格", "")
    assert (new["result"], new["note"]) == ("不合格", "2名医师无执业证书")

    # Dropping a row records it as removed; saving the same values again records nothing.
    ctx.inspections.update(inspection_id, _inspection(tuple(officers[:2]), PASS_1))
    ctx.inspections.update(inspection_id, _inspection(tuple(officers[:2]), PASS_1))
    history = ctx.audit.history("inspection", inspection_id)
    assert len(history) == 3
    removed = _changes(history[2])["results[2]"]
    assert removed[1] is None and removed[0]["result"] == "不合格"  # type: ignore[index]
    assert ctx.audit.verify().ok


def test_an_in_place_result_change_is_recorded_on_the_inspection(
    ctx: AppContext, officers: list[int]
) -> None:
    inspection_id = ctx.inspections.create(_inspection(tuple(officers[:2]), PASS_1))
    result_id = ctx.inspections.get(inspection_id).results[0].id
    with ctx.uow_factory() as uow:
        uow.session.get_one(InspectionResult, result_id).note = "现场整改"
        uow.commit()
    last = ctx.audit.history("inspection", inspection_id)[-1]
    assert last.action == "修改"
    old, new = _changes(last)["results[1]"]
    assert old["note"] == "" and new["note"] == "现场整改"  # type: ignore[index]
    assert ctx.audit.verify().ok


def test_changing_the_officers_of_an_inspection_records_old_and_new_lists(
    ctx: AppContext, officers: list[int]
) -> None:
    first, second, third = officers
    inspection_id = ctx.inspections.create(_inspection((first, second), PASS_1))
    assert _changes(ctx.audit.history("inspection", inspection_id)[0])["officers"] == [
        None,
        ["执法员1（ZJ33990120260001）", "执法员2（ZJ33990120260002）"],
    ]
    ctx.inspections.update(inspection_id, _inspection((first, third), PASS_1))
    last = ctx.audit.history("inspection", inspection_id)[-1]
    assert last.action == "修改"
    assert _changes(last) == {
        "officers": [
            ["执法员1（ZJ33990120260001）", "执法员2（ZJ33990120260002）"],
            ["执法员1（ZJ33990120260001）", "执法员3（ZJ33990120260003）"],
        ]
    }
    assert ctx.audit.verify().ok


def test_deleting_an_inspection_records_its_results_and_officers(
    ctx: AppContext, officers: list[int]
) -> None:
    inspection_id = ctx.inspections.create(_inspection(tuple(officers[:2]), PASS_1, PASS_2))
    with ctx.uow_factory() as uow:
        # A fresh session: nothing of the inspection is loaded before the delete.
        uow.session.delete(uow.session.get_one(Inspection, inspection_id))
        uow.commit()
    last = ctx.audit.history("inspection", inspection_id)[-1]
    changes = _changes(last)
    assert last.action == "删除"
    assert changes["officers"][0] == ["执法员1（ZJ33990120260001）", "执法员2（ZJ33990120260002）"]
    assert changes["results[1]"][0]["item_text"] == PASS_1.item_text  # type: ignore[index]
    assert changes["results[2]"][1] is None
    assert ctx.audit.verify().ok


def test_changing_the_officers_of_a_case_is_recorded_and_refused_once_closed(
    ctx: AppContext, officers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = ctx.cases.create(case_input())
    monkeypatch.setenv("CASEDESK_USER", "李科长")
    with ctx.uow_factory() as uow:
        case = uow.session.get_one(Case, case_id)
        case.officers = [uow.session.get_one(Officer, i) for i in officers[:2]]
        uow.commit()
    with ctx.uow_factory() as uow:
        case = uow.session.get_one(Case, case_id)
        case.officers = [uow.session.get_one(Officer, officers[2])]
        uow.commit()
    history = ctx.audit.history("case", case_id)
    assert [h.action for h in history] == ["新增", "修改", "修改"]
    assert history[1].actor == "李科长"
    assert _changes(history[1]) == {
        "officers": [[], ["执法员1（ZJ33990120260001）", "执法员2（ZJ33990120260002）"]]
    }
    assert _changes(history[2]) == {
        "officers": [
            ["执法员1（ZJ33990120260001）", "执法员2（ZJ33990120260002）"],
            ["执法员3（ZJ33990120260003）"],
        ]
    }
    # A closed case is locked: its officers too need a recorded 重新打开.
    closed = replace(
        case_input(), decided_on=date(2026, 4, 1), served_on=date(2026, 4, 3),
        closed_on=date(2026, 5, 6), fine_fen=100_000,
    )  # fmt: skip
    ctx.cases.update(case_id, closed)
    with ctx.uow_factory() as uow, pytest.raises(ConflictError, match="重新打开"):
        case = uow.session.get_one(Case, case_id)
        case.officers = [uow.session.get_one(Officer, officers[0])]
        uow.commit()
    assert ctx.audit.verify().ok


def test_opening_a_case_from_a_result_records_the_link_on_the_inspection(
    ctx: AppContext, officers: list[int]
) -> None:
    failed = ResultInput("1.2 医师具有执业资格", CheckResult.FAIL, "无证行医")
    inspection_id = ctx.inspections.create(_inspection(tuple(officers[:2]), failed))
    result_id = ctx.inspections.get(inspection_id).results[0].id
    case_id = ctx.inspection_cases.open_case(inspection_id, result_id, date(2026, 5, 13))
    case_created = ctx.audit.history("case", case_id)[0]
    assert len(_changes(case_created)["officers"][1]) == 2  # type: ignore[arg-type]
    link = ctx.audit.history("inspection", inspection_id)[-1]
    old, new = _changes(link)["results[1]"]
    assert old["case_id"] is None and new["case_id"] == case_id  # type: ignore[index]
    assert ctx.audit.verify().ok


def test_changing_the_subjects_of_an_institution_is_recorded(ctx: AppContext) -> None:
    data = InstitutionInput(
        name="青溪某医院", kind=InstitutionKind.OTHER_MEDICAL, subjects=("内科", "外科")
    )
    institution_id = ctx.institutions.create(data)
    ctx.institutions.update(institution_id, replace(data, subjects=("内科", "医疗美容科")))
    history = ctx.audit.history("institution", institution_id)
    assert _changes(history[0])["subjects[外科]"] == [None, "外科"]
    assert _changes(history[1]) == {
        "subjects[外科]": ["外科", None],
        "subjects[医疗美容科]": [None, "医疗美容科"],
    }
    assert ctx.audit.verify().ok


ITEMS = (
    ConfiscationLine("玻尿酸注射液", "12", "支"),
    ConfiscationLine("射频美容仪", "1", "台", 300_000),
)


def test_confiscated_items_are_recorded_on_the_case_and_locked_with_it(ctx: AppContext) -> None:
    decided = {"fine_fen": 100_000, "decided_on": date(2026, 4, 1)}
    case_id = ctx.cases.create(case_input(**decided, confiscated_items=ITEMS))
    created = _changes(ctx.audit.history("case", case_id)[0])
    assert created["confiscated_items[1]"] == [
        None, {"name": "玻尿酸注射液", "quantity": "12", "unit": "支", "value_fen": None}
    ]  # fmt: skip
    assert created["confiscated_items[2]"][1]["value_fen"] == 300_000  # type: ignore[index]
    # One item changed: one key recorded; the same list saved again records nothing.
    fewer = (replace(ITEMS[0], quantity="10"), ITEMS[1])
    ctx.cases.update(case_id, case_input(**decided, confiscated_items=fewer))
    ctx.cases.update(case_id, case_input(**decided, confiscated_items=fewer))
    history = ctx.audit.history("case", case_id)
    assert [h.action for h in history] == ["新增", "修改"]
    assert _changes(history[1]) == {"confiscated_items[1]": [
        {"name": "玻尿酸注射液", "quantity": "12", "unit": "支", "value_fen": None},
        {"name": "玻尿酸注射液", "quantity": "10", "unit": "支", "value_fen": None},
    ]}  # fmt: skip

    closed = case_input(**decided, confiscated_items=fewer, served_on=date(2026, 4, 3),
                        closed_on=date(2026, 5, 6))  # fmt: skip
    ctx.cases.update(case_id, closed)
    assert ctx.cases.is_locked(case_id)
    # Locked: the items are the decision's; no way round the recorded 重新打开.
    with pytest.raises(ConflictError, match="重新打开"):
        ctx.cases.update(case_id, replace(closed, confiscated_items=ITEMS[:1]))
    with ctx.uow_factory() as uow, pytest.raises(ConflictError, match="重新打开"):
        uow.session.get_one(Case, case_id).confiscated_items[0].quantity = "1"
        uow.commit()
    with ctx.uow_factory() as uow, pytest.raises(ConflictError, match="重新打开"):
        uow.session.delete(uow.session.get_one(Case, case_id).confiscated_items[1])
        uow.commit()
    with ctx.uow_factory() as uow, pytest.raises(ConflictError, match="重新打开"):
        case = uow.session.get_one(Case, case_id)
        uow.session.add(
            ConfiscatedItem(case=case, position=3, name="注射器", quantity="5", unit="支")
        )
        uow.commit()
    assert len(ctx.cases.get(case_id).confiscated_items) == 2
    ctx.audit.reopen_case(case_id, "更正没收物品数量")
    ctx.cases.update(case_id, replace(closed, confiscated_items=ITEMS))
    last = ctx.audit.history("case", case_id)[-1]
    # The correction and the lock it puts back, in one event.
    assert _changes(last)["locked"] == [False, True] and last.action == "修改"
    assert set(_changes(last)) == {"confiscated_items[1]", "locked"}
    assert ctx.cases.is_locked(case_id) and ctx.audit.verify().ok
