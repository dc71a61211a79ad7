"""Shared-office mode on a real PostgreSQL server: schema, records, import, audit, CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from openpyxl import Workbook
from sqlalchemy import inspect, text
from trust_fixtures import PARTY_ID, PHONE, case_input

from database.engine import make_engine
from database.migrate import current_revision, downgrade, head_revision, upgrade_to_head
from database.models import Base
from desktop.app import build_context
from desktop.cli.main import run
from desktop.common.errors import ConflictError
from desktop.ledger.workbook import LedgerImportError

pytestmark = pytest.mark.postgres


def test_migrations_upgrade_downgrade_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"case", "audit_event", "audit_head", "key_check"} <= tables
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_to_head(engine)
        assert set(inspect(engine).get_table_names()) == tables
    finally:
        engine.dispose()


def test_records_round_trip_encrypted_and_locked_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    ctx = build_context(str(tmp_path / "data"), pg_url)
    try:
        case_id = ctx.cases.create(case_input())
        assert ctx.cases.get(case_id).party_id_number == PARTY_ID
        with ctx.engine.connect() as connection:
            raw = connection.execute(text('SELECT party_id_number, party_phone FROM "case"')).one()
            dump = connection.execute(
                text("SELECT string_agg(changes, '') FROM audit_event")
            ).scalar_one()
        assert all(v.startswith("enc1:") for v in raw) and PHONE not in "".join(raw)
        assert PARTY_ID not in dump and PHONE not in dump
        assert ctx.personal_search.case_ids_by_id_number(PARTY_ID) == [case_id]
        ctx.cases.update(
            case_id,
            case_input(fine_fen=5_000_00, decided_on=date(2026, 4, 1), closed_on=date(2026, 5, 1)),
        )
        with pytest.raises(ConflictError):
            ctx.cases.update(case_id, case_input(facts="x"))
        ctx.audit.reopen_case(case_id, "更正笔误")
        assert ctx.audit.verify().ok
        with ctx.engine.begin() as connection:
            connection.execute(text("UPDATE audit_event SET reason = '' WHERE action = '重新打开'"))
        assert not ctx.audit.verify().ok
    finally:
        ctx.close()


def test_ledger_import_all_or_nothing_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["机构名称", "机构类别", "联系电话"])
    sheet.append(["青溪甲医疗美容诊所", "医疗美容诊所", "021-5555 0001"])
    sheet.append(["青溪乙生活美容店", "生活美容机构", "13900000002"])
    good = tmp_path / "good.xlsx"
    book.save(good)
    sheet.append(["青溪丙", "不存在的类别", ""])
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    ctx = build_context(str(tmp_path / "data"), pg_url)
    try:
        with pytest.raises(LedgerImportError, match="第4行"):
            ctx.ledger_import.import_institutions(bad)
        assert ctx.institutions.search("", limit=100) == []
        assert str(ctx.ledger_import.import_institutions(good)).startswith("导入完成：新增 2 条")
        assert [r.name for r in ctx.institutions.search("青溪甲", limit=10)] == [
            "青溪甲医疗美容诊所"
        ]
        assert [h.action for h in ctx.audit.history("institution", 1)] == ["新增"]
    finally:
        ctx.close()


def test_cli_with_db_url_runs_the_whole_app_on_postgresql(
    tmp_path: Path, pg_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(tmp_path / "data"), "--db", pg_url]
    assert run([*base, "demo", "--cases", "40"]) == 0
    assert run([*base, "list", "cases", "--json"]) == 0
    assert run([*base, "audit", "verify"]) == 0
    assert run([*base, "check"]) == 0
    out = capfd.readouterr().out
    assert "示例辖区" in out and "哈希链校验通过" in out and "启动检查通过" in out
    assert run([*base, "backup", "--out", str(tmp_path / "b.zip")]) == 1
    assert "pg_dump" in capfd.readouterr().err


def test_unreachable_server_gives_a_chinese_message(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code = run(
        [
            "--data-dir",
            str(tmp_path),
            "--db",
            "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "init",
        ]
    )
    err = capfd.readouterr().err
    assert code == 1 and "无法打开数据库" in err and "Traceback" not in err
