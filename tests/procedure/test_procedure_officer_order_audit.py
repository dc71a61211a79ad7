"""A change of the 执法人员's order alone — what the documents print, the 主办 officer first — is
an audit entry naming both orders (service, `case set`, the ledger), and the record seal covers
the order: a position changed in SQL is named by `audit verify`, while seals written before the
order was sealed (the sorted list only) still verify, and the first start after the upgrade
seals the order of each case that still matches its old seal."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from procedure_desk import Desk
from sqlalchemy import select, text

from database.models import Case, CaseSource, CauseCategory, PartyType, RecordSeal
from desktop.app import AppContext, build_context
from desktop.cases.cases import CaseInput
from desktop.cli.main import run
from desktop.common.errors import ConflictError
from desktop.records.officers import OfficerInput
from desktop.trust import audit, record_seal
from desktop.trust.record_check import ACTION_ORDER

CASE = "青卫医案〔2026〕43号"
ZHANG, LI, WANG = "张明（ZJ33990120240001）", "李华（ZJ33990120240002）", "王芳（ZJ33990120240003）"


def _case_input(officer_ids: tuple[int, ...], case_no: str = CASE) -> CaseInput:
    return CaseInput(case_no=case_no, party_name="青溪悦颜医疗美容诊所",
                     party_type=PartyType.ORGANISATION, source=CaseSource.COMPLAINT,
                     cause_category=CauseCategory.QUALIFICATION, cause="超范围执业案",
                     filed_on=date(2026, 3, 5), officer_ids=officer_ids)  # fmt: skip


def _officers(ctx: AppContext) -> list[int]:
    """张明, 李华, 王芳 in the register (ids ascending in that order)."""
    return [ctx.officers.add(OfficerInput(name, f"ZJ3399012024000{n}"))
            for n, name in enumerate(("张明", "李华", "王芳"), start=1)]  # fmt: skip


def _changes(ctx: AppContext, case_id: int) -> list[dict[str, object]]:
    return [json.loads(row.changes) for row in ctx.audit.history("case", case_id)]


def _case_id(desk: Desk) -> int:
    context = build_context(str(desk.data))
    try:
        return context.cases.resolve(CASE)
    finally:
        context.close()


def test_a_swap_through_the_service_is_one_entry_naming_both_orders(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    zhang, _li, wang = _officers(ctx)
    case_id = ctx.cases.create(_case_input((wang, zhang)))
    assert _changes(ctx, case_id)[0]["officers"] == [None, [WANG, ZHANG]]  # in printed order
    monkeypatch.setenv("CASEDESK_USER", "李科长")
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), officer_ids=(zhang, wang)))
    history = ctx.audit.history("case", case_id)
    assert len(history) == 2 and history[1].action == "修改" and history[1].actor == "李科长"
    assert json.loads(history[1].changes) == {"officers": [[WANG, ZHANG], [ZHANG, WANG]]}
    # Saving the same order again records nothing.
    ctx.cases.update(case_id, ctx.cases.get(case_id))
    assert len(ctx.audit.history("case", case_id)) == 2
    assert ctx.audit.verify().ok


def test_a_locked_case_refuses_a_new_order_without_reopening(ctx: AppContext) -> None:
    zhang, _li, wang = _officers(ctx)
    closed = replace(_case_input((wang, zhang)), decided_on=date(2026, 4, 1),
                     served_on=date(2026, 4, 3), closed_on=date(2026, 5, 6))  # fmt: skip
    case_id = ctx.cases.create(closed)
    with pytest.raises(ConflictError, match="重新打开"):
        ctx.cases.update(case_id, replace(ctx.cases.get(case_id), officer_ids=(zhang, wang)))
    assert ctx.cases.get(case_id).officer_ids == (wang, zhang)


def test_case_set_and_the_ledger_record_an_order_only_change(desk: Desk) -> None:
    row = {"案号": CASE, "案由": "超范围执业案", "执法人员": "王芳、张明"}
    assert desk.import_cases([row]).code == 0
    desk.ok("case", "set", CASE, "执法人员=张明、王芳")
    assert desk.import_cases([row], name="台账2.xlsx").code == 0  # the ledger's order again
    context = build_context(str(desk.data))
    try:
        case_id = context.cases.resolve(CASE)
        officer_changes = [c["officers"] for c in _changes(context, case_id) if "officers" in c]
    finally:
        context.close()
    assert officer_changes == [[None, [WANG, ZHANG]], [[WANG, ZHANG], [ZHANG, WANG]],
                               [[ZHANG, WANG], [WANG, ZHANG]]]  # fmt: skip
    shown = desk.ok("audit", "history", "--case", CASE)
    assert f'"officers": [["{WANG}", "{ZHANG}"], ["{ZHANG}", "{WANG}"]]' in shown
    assert "条记录与最后一次审计记录一致" in desk.ok("audit", "verify")


def test_an_order_changed_in_sql_is_named_by_audit_verify(desk: Desk) -> None:
    assert desk.import_cases([{"案号": CASE, "案由": "超范围执业案",
                               "执法人员": "王芳、张明"}]).code == 0  # fmt: skip
    desk.ok("audit", "verify")
    case_id = _case_id(desk)
    context = build_context(str(desk.data))
    try:
        with context.engine.begin() as connection:  # the same two officers, 张明 now first
            connection.execute(
                text("UPDATE case_officer SET position = 1 - position WHERE case_id = :c"),
                {"c": case_id},
            )
    finally:
        context.close()
    assert json.loads(desk.ok("case", "show", CASE, "--json"))["fields"]["执法人员"] == (
        f"{ZHANG}、{WANG}"
    )
    verified = desk.run("audit", "verify")
    assert verified.code == 1
    [line] = [line for line in verified.out.splitlines() if CASE in line]
    assert "在程序之外被改动：执法人员顺序与最后一次审计记录" in line


def _old_program_case(ctx: AppContext, monkeypatch: pytest.MonkeyPatch,
                      officer_ids: tuple[int, ...], case_no: str = CASE) -> int:  # fmt: skip
    """A case saved by the program before this change: its events list the officers sorted, its
    seal keeps only the sorted list."""
    with monkeypatch.context() as old_program:
        old_program.setattr(audit, "ORDERED_MEMBERS", {})
        old_program.setattr(record_seal, "ORDERED_MEMBERS", {})
        case_id = ctx.cases.create(_case_input(officer_ids, case_no))
    assert "officer_order" not in _seal(ctx, case_id)
    return case_id


def _seal(ctx: AppContext, case_id: int) -> dict[str, str]:
    with ctx.uow_factory(readonly=True) as uow:
        query = select(RecordSeal.fields).where(
            RecordSeal.entity == "case", RecordSeal.entity_id == case_id
        )
        return dict(json.loads(uow.session.scalars(query).one()))


def _swap_in_sql(ctx: AppContext, case_id: int) -> None:
    with ctx.engine.begin() as connection:
        connection.execute(text("UPDATE case_officer SET position = 1 - position"
                                " WHERE case_id = :c"), {"c": case_id})  # fmt: skip


def test_a_seal_written_before_orders_were_sealed_still_verifies(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    zhang, li, wang = _officers(ctx)
    case_id = _old_program_case(ctx, monkeypatch, (wang, zhang))
    assert ctx.cases.get(case_id).officer_ids == (wang, zhang)  # not the sorted order
    report = ctx.audit.verify()
    assert report.ok, report.problems
    # The sorted list is still checked against such a seal: a member added in SQL is named.
    with ctx.engine.begin() as connection:
        connection.execute(text("INSERT INTO case_officer (case_id, officer_id, position)"
                                " VALUES (:c, :o, 2)"), {"c": case_id, "o": li})  # fmt: skip
    assert any("执法人员与最后一次审计记录" in p for p in ctx.audit.verify().problems)
    with ctx.engine.begin() as connection:
        connection.execute(text("DELETE FROM case_officer WHERE officer_id = :o"), {"o": li})
    assert ctx.audit.verify().ok
    # The case's next save seals its order too; from then on a swap in SQL is named.
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), cause="超范围开展诊疗活动案"))
    assert "officer_order" in _seal(ctx, case_id)
    _swap_in_sql(ctx, case_id)
    with ctx.uow_factory(readonly=True) as uow:
        assert [o.id for o in uow.session.get_one(Case, case_id).officers] == [zhang, wang]
    problems = ctx.audit.verify().problems
    assert len(problems) == 1 and "执法人员顺序" in problems[0] and CASE in problems[0]


def test_the_first_start_after_the_upgrade_seals_the_order_of_matching_cases(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    zhang, li, wang = _officers(ctx)
    case_id = _old_program_case(ctx, monkeypatch, (wang, zhang))
    other = _old_program_case(ctx, monkeypatch, (li, zhang), "青卫医案〔2026〕44号")
    with ctx.engine.begin() as connection:  # changed outside the program before the upgrade
        connection.execute(text("UPDATE \"case\" SET facts = '篡改' WHERE id = :c"), {"c": other})
    events = len(ctx.audit.history("case", case_id))
    # The next start (any command) seals the order of the case that still matches its seal.
    assert run(["--data-dir", str(ctx.data_dir), "check"]) == 0
    assert "启动检查通过" in capsys.readouterr().out
    history = ctx.audit.history("case", case_id)
    assert len(history) == events + 1 and history[-1].action == ACTION_ORDER
    assert "officer_order" in _seal(ctx, case_id)
    # The tampered one keeps its old seal (sealing it would hide the change) and is named.
    assert [h.action for h in ctx.audit.history("case", other)] == ["新增"]
    assert "officer_order" not in _seal(ctx, other)
    assert run(["--data-dir", str(ctx.data_dir), "audit", "verify"]) == 1
    [line] = [line for line in capsys.readouterr().out.splitlines() if "在程序之外" in line]
    assert f"编号 {other}" in line and "违法事实" in line
    # Only once: a second start seals nothing more.
    assert run(["--data-dir", str(ctx.data_dir), "check"]) == 0
    assert len(ctx.audit.history("case", case_id)) == events + 1
    # From now on a swap in SQL of the first case is named.
    _swap_in_sql(ctx, case_id)
    problems = ctx.audit.verify().problems
    assert any(f"编号 {case_id}" in p and "执法人员顺序" in p for p in problems)
