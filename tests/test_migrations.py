"""Migrations: an empty database upgrades to exactly the models, and round-trips down and up."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from database.engine import make_engine, sqlite_url
from database.migrate import current_revision, downgrade, head_revision, upgrade_to_head
from database.models import Base


def test_upgrade_from_empty_matches_models(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to_head(engine)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_downgrade_then_upgrade_round_trip(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to_head(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"institution", "case", "document", "audit_event", "legal_provision"} <= tables
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_to_head(engine)
    assert set(inspect(engine).get_table_names()) == tables
    engine.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_case_act_on_migration_round_trip(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to_head(engine)
    assert head_revision() == "0008_window"
    assert "act_on" in {c["name"] for c in inspect(engine).get_columns("case")}
    downgrade(engine, "0002_provision_fine_base")
    assert "act_on" not in {c["name"] for c in inspect(engine).get_columns("case")}
    assert current_revision(engine) == "0002_provision_fine_base"
    upgrade_to_head(engine)
    column = {c["name"]: c for c in inspect(engine).get_columns("case")}["act_on"]
    assert column["nullable"] and current_revision(engine) == "0008_window"
    engine.dispose()


def test_window_migration_fills_the_case_number_sort_key(tmp_path: Path) -> None:
    """Cases stored before 0008 get their 案号 sort key in the migration, and sort by it."""
    from sqlalchemy import text

    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to_head(engine)
    downgrade(engine, "0003_case_act_on")
    numbers = [
        "青卫医案〔2026〕9号",
        "青卫医案〔2026〕10号",
        "青卫医案〔2025〕99号",
        "青卫医案〔2026〕8号",
    ]
    with engine.begin() as connection:
        for number in numbers:
            connection.execute(
                text(
                    'INSERT INTO "case" (case_no, source, cause_category, status, party_type,'
                    " party_name, party_credit_code, party_id_number, party_id_number_hash,"
                    " party_address, party_representative, party_phone, town, cause, facts,"
                    " evidence, violated_provisions, penalty_basis, provision_code, discretion,"
                    " warning, fine_fen, confiscation_fen, order_correction, suspension,"
                    " revocation, judicial_transfer, no_penalty, filed_on, handler, is_typical,"
                    " locked, note) VALUES (:n, '日常监督检查', '机构资质', '立案', '机构', '某机构',"
                    " '', '', '', '', '', '', '', '案由', '', '', '', '', '', '', 0, 0, 0, 0, 0, 0,"
                    " 0, 0, '2026-01-05', '', 0, 0, '')"
                ),
                {"n": number},
            )
    upgrade_to_head(engine)
    with engine.connect() as connection:
        ordered = (
            connection.execute(text('SELECT case_no FROM "case" ORDER BY case_no_sort'))
            .scalars()
            .all()
        )
        reasons = connection.execute(text('SELECT range_override_reason FROM "case"')).scalars()
        assert set(reasons) == {""}
    assert ordered == ["青卫医案〔2025〕99号", "青卫医案〔2026〕8号", "青卫医案〔2026〕9号",
                       "青卫医案〔2026〕10号"]  # fmt: skip
    engine.dispose()
