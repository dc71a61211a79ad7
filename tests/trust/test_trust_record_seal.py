"""Issue 16, finding 3: records sealed in the audit chain, and the chain anchored outside the
database. A direct SQL edit of a record, a record added or deleted behind the program's back, and
a database rolled back to an older chain (newest event deleted, an older head row copied back) are
each named by `audit verify` (and the rollback by the start-up check)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import insert, select, text
from trust_fixtures import case_input

from database.models import Case, Document, Institution, InstitutionKind
from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.trust.audit_anchor import ANCHOR_FILE, read_anchor
from desktop.trust.audit_chain import PendingEvent, append_events
from desktop.trust.record_check import ACTION_BASELINE
from forms.case_penalty import ConfiscationLine


def _args(ctx: AppContext) -> list[str]:
    args = ["--data-dir", str(ctx.data_dir)]
    if ctx.engine.dialect.name != "sqlite":
        args += ["--db", ctx.engine.url.render_as_string(hide_password=False)]
    return args


def _case_no(ctx: AppContext, case_id: int) -> str:
    with ctx.uow_factory(readonly=True) as uow:
        return uow.session.get_one(Case, case_id).case_no


def test_a_direct_sql_edit_of_a_case_is_named_with_its_fields(
    demo_ctx: AppContext, capfd: pytest.CaptureFixture[str]
) -> None:
    assert run([*_args(demo_ctx), "audit", "verify"]) == 0
    assert "条记录与最后一次审计记录一致" in capfd.readouterr().out
    case_no = _case_no(demo_ctx, 165)
    with demo_ctx.engine.begin() as connection:
        connection.execute(text("""update "case" set fine_fen=99900, facts='篡改' where id=165"""))

    assert run([*_args(demo_ctx), "audit", "verify"]) == 1
    out = capfd.readouterr().out
    line = next(line for line in out.splitlines() if case_no in line)
    assert "编号 165" in line and "在程序之外被改动" in line
    assert "违法事实" in line and "罚款金额" in line
    assert "案由" not in line  # only the fields that differ
    assert sum("在程序之外" in line for line in out.splitlines()) == 1


def test_the_newest_event_deleted_and_an_older_head_copied_back_is_detected(
    demo_ctx: AppContext, tmp_path: object
) -> None:
    ctx = demo_ctx
    with ctx.engine.connect() as connection:
        older_head = connection.execute(text("SELECT * FROM audit_head")).mappings().one()
    with ctx.uow_factory(readonly=True) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.locked.is_(False))).first()
    assert case_id is not None
    case_no = _case_no(ctx, case_id)
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), facts="程序内修改的事实"))
    assert ctx.audit.verify().ok
    with ctx.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
        )
        connection.execute(
            text("UPDATE audit_head SET event_count = :c, last_hash = :h, seal = :s"),
            {"c": older_head["event_count"], "h": older_head["last_hash"], "s": older_head["seal"]},
        )
    report = ctx.audit.verify()
    assert not report.ok
    problems = "\n".join(report.problems)
    assert "审计记录比上次记录的少 1 条" in problems and ANCHOR_FILE in problems
    # The case no longer matches what its (now newest) event sealed.
    assert f"{case_no}（编号 {case_id}）：现在的内容来自一次在审计记录中找不到的修改" in problems
    # The start-up check sees the rollback too.
    report = ctx.startup_check.check()
    assert not report.clean
    assert any("审计记录比上次记录的少 1 条" in line for line in report.lines())


def test_a_database_file_replaced_by_an_older_copy_fails_the_start_up_check(
    ctx: AppContext, person_case: int, tmp_path: object, capfd: pytest.CaptureFixture[str]
) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("a database file copied back is the SQLite mode's")
    database = ctx.data_dir / "casedesk.db"
    older = ctx.data_dir.parent / "older.db"
    ctx.engine.dispose()
    shutil.copy(database, older)
    for fine in (100_000, 200_000):
        ctx.cases.update(person_case, case_input(fine_fen=fine, decided_on=date(2026, 4, 1)))
    anchor = read_anchor(ctx.data_dir, ctx.cipher.key_id)
    assert anchor is not None and anchor.count == 3
    ctx.engine.dispose()
    for suffix in ("-wal", "-shm"):
        (ctx.data_dir / f"casedesk.db{suffix}").unlink(missing_ok=True)
    shutil.copy(older, database)
    assert run([*_args(ctx), "check"]) == 1
    assert "审计记录比上次记录的少 2 条" in capfd.readouterr().out
    assert run([*_args(ctx), "audit", "verify"]) == 1
    assert "可能被回滚" in capfd.readouterr().out


def test_records_added_deleted_or_changed_behind_the_program_are_named(
    ctx: AppContext, person_case: int, staffed_institution: tuple[int, int]
) -> None:
    institution_id, staff_id = staffed_institution
    with ctx.engine.begin() as connection:
        connection.execute(
            insert(Institution).values(name="凭空出现的诊所", kind=InstitutionKind.UNLICENSED)
        )
        connection.execute(text("DELETE FROM staff WHERE id = :id"), {"id": staff_id})
        # A valid ciphertext of another value, under the right key: decrypts, but is not the one.
        other = ctx.cipher.encrypt("13000000000")
        connection.execute(
            text('UPDATE "case" SET party_phone = :p WHERE id = :id'),
            {"p": other, "id": person_case},
        )
        connection.execute(
            text("UPDATE institution SET phone = 'enc1:AAAA' WHERE id = :id"),
            {"id": institution_id},
        )
    problems = "\n".join(ctx.audit.verify().problems)
    assert "机构 凭空出现的诊所" in problems and "是在程序之外新增的" in problems
    assert "人员 李四" in problems and "在程序之外被删除" in problems
    assert "案件 青卫医案〔2026〕1号（编号 1）在程序之外被改动：联系电话" in problems
    assert "机构 青溪某医疗美容诊所" in problems and "联系电话" in problems


def test_a_child_row_and_a_member_changed_in_sql_name_the_parent(ctx: AppContext) -> None:
    from database.models import CheckResult, Officer
    from desktop.inspections.inspections import InspectionInput, ResultInput

    with ctx.uow_factory() as uow:
        officers = [Officer(name=f"执法员{n}", badge_no=f"ZJ33990120260010{n}") for n in (1, 2, 3)]
        institution = Institution(name="青溪某诊所", kind=InstitutionKind.COSMETIC_CLINIC)
        uow.session.add_all([*officers, institution])
        uow.commit()
    inspection_id = ctx.inspections.create(
        InspectionInput(
            institution_id=institution.id,
            inspected_on=date(2026, 5, 12),
            officer_ids=(officers[0].id, officers[1].id),
            results=(ResultInput("1.1 持有效许可证", CheckResult.FAIL, "无证"),),
        )
    )
    with ctx.engine.begin() as connection:
        connection.execute(text("UPDATE inspection_result SET result = '合格', note = ''"))
        connection.execute(
            text("UPDATE inspection_officer SET officer_id = :o WHERE officer_id = :old"),
            {"o": officers[2].id, "old": officers[1].id},
        )
    problems = "\n".join(ctx.audit.verify().problems)
    assert f"检查记录 2026-05-12（编号 {inspection_id}）在程序之外被改动" in problems
    assert "检查结果第 1 项" in problems and "执法人员" in problems


def test_a_confiscated_item_changed_in_sql_names_the_case(ctx: AppContext) -> None:
    items = (ConfiscationLine("玻尿酸注射液", "12", "支"), ConfiscationLine("射频美容仪", "1", "台"))
    case_id = ctx.cases.create(
        case_input(fine_fen=100_000, decided_on=date(2026, 4, 1), confiscated_items=items)
    )
    assert ctx.audit.verify().problems == ()
    with ctx.engine.begin() as connection:
        connection.execute(text("UPDATE case_confiscated_item SET quantity = '2' WHERE position = 1"))
        connection.execute(text("DELETE FROM case_confiscated_item WHERE position = 2"))
    problems = "\n".join(ctx.audit.verify().problems)
    assert f"（编号 {case_id}）在程序之外被改动" in problems
    assert "没收非法财物第 1 项" in problems and "没收非法财物第 2 项" in problems


def test_an_altered_seal_row_is_reported_without_hiding_the_record(
    ctx: AppContext, person_case: int
) -> None:
    with ctx.engine.begin() as connection:
        connection.execute(
            text("UPDATE record_seal SET fields = '{}' WHERE entity = 'case' AND entity_id = :id"),
            {"id": person_case},
        )
    problems = ctx.audit.verify().problems
    assert any("封存的字段记录" in p and "记录本身与审计记录一致" in p for p in problems)
    with ctx.engine.begin() as connection:
        connection.execute(text("""UPDATE "case" SET cause = '改过的案由'"""))
    problems = ctx.audit.verify().problems
    assert any("无法确定是哪些字段" in p for p in problems)


def test_changes_through_the_program_keep_every_record_matching(
    demo_ctx: AppContext, tmp_path: object
) -> None:
    """No false alarms: documents generated and voided, a case changed, a checklist rewritten
    (the database nulls its items' references in past results), staff removed."""
    ctx = demo_ctx
    with ctx.uow_factory(readonly=True) as uow:
        decided = uow.session.scalars(
            select(Case.id).where(Case.decided_on.is_not(None), Case.locked.is_(False))
        ).first()
    assert decided is not None
    doc = ctx.documents.generate("penalty_decision", case_id=decided)
    ctx.documents.void(doc.id, "打印错误")
    ctx.documents.generate("penalty_decision", case_id=decided)
    checklist = ctx.checklists.copy(ctx.checklists.ensure_default(), "副本清单")
    ctx.checklists.remove_item(checklist, 1)
    report = ctx.audit.verify()
    assert report.ok, report.problems
    assert report.records > 400


def _old_style_database(ctx: AppContext) -> None:
    """What migration 0006 leaves of a database written by an older version: records and events
    without state hashes, and no record seals."""
    with ctx.engine.begin() as connection:
        for number in (1, 2):
            result = connection.execute(
                insert(Case).values(
                    case_no=f"青卫医案〔2025〕{number}号", party_name="旧案当事人",
                    party_type="个人", source="社会举报", cause_category="机构资质",
                    cause="旧版本登记的案件", filed_on=date(2025, 3, number), facts="旧的事实",
                )
            )  # fmt: skip
            case_id = int(result.inserted_primary_key[0])
            append_events(
                connection,
                ctx.cipher,
                "旧版本",
                [PendingEvent("case", case_id, "新增", {"case_no": [None, "旧"]})],
            )
        connection.execute(
            insert(Document).values(doc_type="penalty_decision", number="青卫医罚〔2025〕1号")
        )


def test_an_existing_database_is_sealed_once_at_the_first_start_after_the_upgrade(
    ctx: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    _old_style_database(ctx)
    assert not ctx.audit.verify().ok  # records exist, none sealed yet
    url = ctx.engine.url.render_as_string(hide_password=False)
    db = None if url.startswith("sqlite") else url
    with caplog.at_level("WARNING", logger="casedesk.app"):
        upgraded = build_context(str(ctx.data_dir), db, startup_check=True)
    try:
        assert "已为 3 条原有记录建立审计封存" in caplog.text
        assert upgraded.startup_report is not None
        notes = upgraded.startup_report.notes()
        assert "启动检查：已为 3 条原有记录做“基线封存”（升级后首次启动）。" in notes
        baseline = [h for h in upgraded.audit.history("case", 1) if h.action == ACTION_BASELINE]
        assert len(baseline) == 1 and "升级后首次启动" in baseline[0].reason
        report = upgraded.audit.verify()
        assert report.ok and report.records == 3, report.problems
        # Once only: the next start seals nothing, and a record added in SQL is not sealed.
        with upgraded.engine.begin() as connection:
            connection.execute(
                insert(Institution).values(name="后来插入的机构", kind=InstitutionKind.UNLICENSED)
            )
        again = build_context(str(ctx.data_dir), db)
        again.close()
        problems = upgraded.audit.verify().problems
        assert len(problems) == 1 and "后来插入的机构" in problems[0]
        # The sealed old case is now protected like any other.
        with upgraded.engine.begin() as connection:
            connection.execute(text("""UPDATE "case" SET facts = '篡改' WHERE id = 1"""))
        assert any(
            "青卫医案〔2025〕1号" in p and "违法事实" in p for p in upgraded.audit.verify().problems
        )
    finally:
        upgraded.close()


def test_the_anchor_follows_every_commit_and_is_per_database(
    ctx: AppContext, person_case: int
) -> None:
    anchor = read_anchor(ctx.data_dir, ctx.cipher.key_id)
    with ctx.engine.connect() as connection:
        head = connection.execute(text("SELECT event_count, last_hash FROM audit_head")).one()
    assert anchor is not None and (anchor.count, anchor.last_hash) == (head[0], head[1])
    document = json.loads((ctx.data_dir / ANCHOR_FILE).read_text("utf-8"))
    assert list(document["databases"]) == [ctx.cipher.key_id]
    assert read_anchor(ctx.data_dir, "another-database") is None
