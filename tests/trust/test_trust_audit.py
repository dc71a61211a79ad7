"""执法全过程记录: every change is an event, the chain detects edits and deletions, closed cases lock."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text
from trust_fixtures import PHONE, case_input

from database.models import Document, InstitutionKind
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ConflictError, ValidationError
from desktop.records.institutions import InstitutionInput


def _events(ctx: AppContext) -> list[dict[str, object]]:
    with ctx.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM audit_event ORDER BY id")).mappings()
        return [dict(r) for r in rows]


def test_create_update_delete_are_recorded_with_old_and_new_values(
    ctx: AppContext, person_case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_USER", "王书记员")
    ctx.cases.update(
        person_case, case_input(fine_fen=500_000, decided_on=date(2026, 4, 1), warning=True)
    )
    ctx.institutions.create(
        InstitutionInput(name="青溪某诊所", kind=InstitutionKind.COSMETIC_CLINIC)
    )
    with ctx.uow_factory() as uow:
        doc = Document(doc_type="行政处罚决定书", case_id=person_case, number="青卫医罚〔2026〕1号")
        uow.session.add(doc)
        uow.commit()
    with ctx.uow_factory() as uow:
        uow.session.delete(uow.session.get(Document, doc.id))
        uow.commit()

    events = _events(ctx)
    kinds = [(e["entity"], e["action"]) for e in events]
    assert kinds == [
        ("case", "新增"),
        ("case", "修改"),
        ("institution", "新增"),
        ("document", "新增"),
        ("document", "删除"),
    ]
    update = json.loads(str(events[1]["changes"]))
    assert update["fine_fen"] == [0, 500_000]
    assert update["decided_on"] == [None, "2026-04-01"]
    assert update["status"] == ["立案", "作出处罚决定"] or update["status"][0] == "立案"
    assert events[1]["actor"] == "王书记员"
    created = json.loads(str(events[0]["changes"]))
    assert created["party_phone"] == [None, "（已加密）"]  # the trail does not leak personal data
    assert PHONE not in json.dumps([str(e["changes"]) for e in events], ensure_ascii=False)
    deleted = json.loads(str(events[4]["changes"]))
    assert deleted["number"] == ["青卫医罚〔2026〕1号", None]
    assert ctx.audit.verify().ok
    assert [h.action for h in ctx.audit.history("case", person_case)] == ["新增", "修改"]


def _three_changes(ctx: AppContext, case_id: int) -> None:
    for fine in (100_000, 200_000, 300_000):
        ctx.cases.update(case_id, case_input(fine_fen=fine, decided_on=date(2026, 4, 1)))


def test_an_edited_event_is_detected(ctx: AppContext, person_case: int) -> None:
    _three_changes(ctx, person_case)
    assert ctx.audit.verify().ok and ctx.audit.verify().checked == 4
    with ctx.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_event SET changes = replace(changes, '300000', '3000') WHERE id = 4")
        )
    report = ctx.audit.verify()
    assert not report.ok
    assert any("编号 4" in p and "改动" in p for p in report.problems)


def test_a_deleted_event_is_detected_in_the_middle_and_at_the_end(
    ctx: AppContext, person_case: int
) -> None:
    _three_changes(ctx, person_case)
    with ctx.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id = 2"))
    report = ctx.audit.verify()
    assert any("编号 3" in p and "删除" in p for p in report.problems)
    assert any("应有 4 条，实有 3 条" in p for p in report.problems)


def test_a_deleted_tail_and_a_recomputed_chain_are_detected(
    ctx: AppContext, person_case: int
) -> None:
    _three_changes(ctx, person_case)
    with ctx.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id = 4"))
        # An intruder also rewrites the tip; without the key the seal cannot follow.
        connection.execute(
            text(
                "UPDATE audit_head SET event_count = 3, "
                "last_hash = (SELECT hash FROM audit_event WHERE id = 3)"
            )
        )
    report = ctx.audit.verify()
    assert any("链尾" in p for p in report.problems)


def test_cli_audit_verify_reports_in_chinese(
    ctx: AppContext, person_case: int, capfd: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(ctx.data_dir)]
    if ctx.engine.dialect.name != "sqlite":
        args += ["--db", ctx.engine.url.render_as_string(hide_password=False)]
    assert run([*args, "audit", "verify"]) == 0
    assert "哈希链校验通过" in capfd.readouterr().out
    with ctx.engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET actor = '他人' WHERE id = 1"))
    assert run([*args, "audit", "verify"]) == 1
    out = capfd.readouterr()
    assert "审计记录校验失败" in out.out and "Traceback" not in out.err


def test_closed_case_is_locked_until_reopened_with_a_reason(
    ctx: AppContext, person_case: int
) -> None:
    closed = case_input(
        fine_fen=100_000,
        decided_on=date(2026, 4, 1),
        served_on=date(2026, 4, 3),
        closed_on=date(2026, 5, 6),
    )
    ctx.cases.update(person_case, closed)
    with pytest.raises(ConflictError, match="重新打开"):
        ctx.cases.update(person_case, case_input(facts="改动"))
    with pytest.raises(ValidationError, match="重新打开理由"):
        ctx.audit.reopen_case(person_case, "  ")
    ctx.audit.reopen_case(person_case, "复议决定撤销原处罚，重新调查")
    corrected = case_input(
        fine_fen=80_000,
        decided_on=date(2026, 4, 1),
        served_on=date(2026, 4, 3),
        closed_on=date(2026, 5, 6),
    )
    ctx.cases.update(person_case, corrected)
    # Saved with its 结案日期 again: locked again.
    with pytest.raises(ConflictError):
        ctx.cases.update(person_case, closed)
    history = ctx.audit.history("case", person_case)
    reopen = [h for h in history if h.action == "重新打开"]
    assert len(reopen) == 1 and reopen[0].reason == "复议决定撤销原处罚，重新调查"
    assert json.loads(reopen[0].changes)["locked"] == [True, False]
    assert ctx.audit.verify().ok


def test_cli_reopens_a_locked_case_with_a_reason_and_shows_its_history(
    ctx: AppContext, person_case: int, capfd: pytest.CaptureFixture[str]
) -> None:
    closed = case_input(
        fine_fen=100_000,
        decided_on=date(2026, 4, 1),
        served_on=date(2026, 4, 3),
        closed_on=date(2026, 5, 6),
    )
    ctx.cases.update(person_case, closed)
    args = ["--data-dir", str(ctx.data_dir)]
    if ctx.engine.dialect.name != "sqlite":
        args += ["--db", ctx.engine.url.render_as_string(hide_password=False)]
    case_no = "青卫医案〔2026〕1号"
    capfd.readouterr()
    assert run([*args, "audit", "reopen", "--case", case_no]) == 1  # no reason given
    assert run([*args, "audit", "reopen"]) == 1  # no case given
    err = capfd.readouterr().err
    assert "重新打开理由" in err and "--case" in err and "Traceback" not in err
    assert ctx.cases.is_locked(person_case)

    reason = "复议决定撤销原处罚，重新调查"
    assert run([*args, "audit", "reopen", "--case", case_no, "--reason", reason]) == 0
    assert "已重新打开" in capfd.readouterr().out
    assert not ctx.cases.is_locked(person_case)
    ctx.cases.update(person_case, case_input(facts="重新调查后的事实"))  # allowed now

    assert run([*args, "audit", "history", "--case", str(person_case)]) == 0
    out = capfd.readouterr().out
    actions = [line.split()[3] for line in out.splitlines() if not line.startswith("    ")]
    assert actions == ["新增", "修改", "重新打开", "修改"]
    assert f"理由：{reason}" in out and "重新调查后的事实" in out
    assert ctx.audit.verify().ok


def test_bulk_statements_on_audited_tables_are_refused(ctx: AppContext, person_case: int) -> None:
    from sqlalchemy import update

    from database.models import Case

    with ctx.uow_factory() as uow, pytest.raises(RuntimeError, match="bypass the audit trail"):
        uow.session.execute(update(Case).values(facts="悄悄改掉"))
    assert ctx.cases.get(person_case).facts == ""
    assert ctx.audit.verify().ok
