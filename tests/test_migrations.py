"""Migrations: an empty database upgrades to exactly the models, and round-trips down and up."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from database.engine import make_engine, sqlite_url
from database.migrate import (
    current_revision,
    downgrade,
    head_revision,
    upgrade_to,
    upgrade_to_head,
)
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
    assert head_revision() == "0014_hearing_notice"
    assert "act_on" in {c["name"] for c in inspect(engine).get_columns("case")}
    downgrade(engine, "0002_provision_fine_base")
    assert "act_on" not in {c["name"] for c in inspect(engine).get_columns("case")}
    assert current_revision(engine) == "0002_provision_fine_base"
    upgrade_to_head(engine)
    column = {c["name"]: c for c in inspect(engine).get_columns("case")}["act_on"]
    assert column["nullable"] and current_revision(engine) == head_revision()
    engine.dispose()


def test_provision_tiers_migration_round_trip(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to_head(engine)
    assert "provision_tier" in inspect(engine).get_table_names()
    case_columns = {c["name"] for c in inspect(engine).get_columns("case")}
    assert {"penalty_tier_condition", "correction_ordered_on"} <= case_columns
    provision_columns = {c["name"] for c in inspect(engine).get_columns("legal_provision")}
    assert {"authority", "party", "basis_ref", "predecessor", "shipped"} <= provision_columns
    downgrade(engine, "0003_case_act_on")
    assert "provision_tier" not in inspect(engine).get_table_names()
    assert "penalty_tier_condition" not in {c["name"] for c in inspect(engine).get_columns("case")}
    assert "shipped" not in {c["name"] for c in inspect(engine).get_columns("legal_provision")}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_penalty_kinds_migration_round_trip(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to_head(engine)
    added = {"other_kinds", "no_penalty_ground", "transfer_organ", "transferred_on"}
    assert added <= {c["name"] for c in inspect(engine).get_columns("case")}
    assert "case_confiscated_item" in inspect(engine).get_table_names()
    # 0005 follows 0006 (main's audit seal came first): one step down keeps the seal tables.
    downgrade(engine, "0006_audit_seal")
    assert current_revision(engine) == "0006_audit_seal"
    assert not added & {c["name"] for c in inspect(engine).get_columns("case")}
    assert "case_confiscated_item" not in inspect(engine).get_table_names()
    assert {"provision_tier", "record_seal"} <= set(inspect(engine).get_table_names())
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_officer_order_migration_numbers_the_officers_already_on_a_case(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to(engine, "0005_penalty_kinds")
    assert "position" not in {c["name"] for c in inspect(engine).get_columns("case_officer")}
    # The link rows alone, written past the foreign keys (sqlite3 leaves them off): what the
    # migration numbers is the link table.
    with closing(sqlite3.connect(tmp_path / "m.db")) as raw, raw:
        raw.executemany("INSERT INTO case_officer (case_id, officer_id) VALUES (?, ?)",
                        [(1, 3), (1, 1), (1, 2), (2, 5)])  # fmt: skip
    upgrade_to_head(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT case_id, officer_id, position FROM case_officer ORDER BY case_id, position"
        ).all()
    # Until now they were printed by id: that order is kept.
    assert [tuple(r) for r in rows] == [(1, 1, 0), (1, 2, 1), (1, 3, 2), (2, 5, 0)]
    with closing(sqlite3.connect(tmp_path / "m.db")) as raw, raw:
        raw.execute("DELETE FROM case_officer")  # the table is copied on the way down
    downgrade(engine, "0005_penalty_kinds")
    assert "position" not in {c["name"] for c in inspect(engine).get_columns("case_officer")}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_audit_seal_migration_round_trip(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to(engine, "0003_case_act_on")
    with engine.begin() as connection:  # an event written before records were sealed
        connection.exec_driver_sql(
            "INSERT INTO audit_event (occurred_at, actor, entity, entity_id, action, changes, "
            "reason, prev_hash, hash) VALUES ('2026-01-02 03:04:05', 'a', 'case', 1, '新增', "
            "'{}', '', 'p', 'h')"
        )
    upgrade_to_head(engine)
    assert "record_seal" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT state_hash FROM audit_event").scalar() == ""
    downgrade(engine, "0003_case_act_on")
    assert "record_seal" not in inspect(engine).get_table_names()
    assert "state_hash" not in {c["name"] for c in inspect(engine).get_columns("audit_event")}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
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


def test_a_database_at_the_shipped_head_is_recognised_without_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from database.migrate import head_revision, is_at_head, shipped_head

    assert shipped_head() == head_revision()  # the version files' text agrees with Alembic
    engine = make_engine(sqlite_url(tmp_path / "head.db"))
    assert not is_at_head(engine)  # empty: Alembic creates the schema
    upgrade_to_head(engine)
    assert is_at_head(engine)
    engine.dispose()
    # Opening it again (every start) upgrades nothing and never imports Alembic (issue 18).
    code = (
        "import sys\nfrom database.engine import make_engine, sqlite_url\n"
        "from database.migrate import upgrade_to_head\n"
        f"upgrade_to_head(make_engine(sqlite_url({str(tmp_path / 'head.db')!r})))\n"
        "print('alembic' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, check=True)  # fmt: skip
    assert done.stdout.strip() == "False", done.stderr


def _insert(raw: sqlite3.Connection, table: str, row: dict[str, object], tag: str) -> None:
    """A row with these values and a placeholder in every other required column."""
    for _cid, name, kind, notnull, default, pk in raw.execute(f'PRAGMA table_info("{table}")'):
        if name in row or pk or not notnull or default is not None:
            continue
        kind = kind.upper()
        if kind.startswith(("INT", "BIGINT", "BOOL", "NUMERIC", "SMALLINT")):
            row[name] = 0
        elif kind.startswith("DATETIME"):
            row[name] = "2026-03-01 00:00:00.000000"
        elif kind.startswith("DATE"):
            row[name] = "2026-03-01"
        else:
            row[name] = f"{name}-{tag}"
    names = ", ".join(f'"{n}"' for n in row)
    raw.execute(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in row)})',
                list(row.values()))  # fmt: skip


def test_hearing_notice_migration_dates_a_case_by_its_registered_summons(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.db"))
    upgrade_to(engine, "0013_slots")
    with closing(sqlite3.connect(tmp_path / "m.db")) as raw, raw:
        for case_id in (1, 2):
            _insert(raw, "case", {"id": case_id}, str(case_id))
        # Case 1: a summons regenerated (the old copy voided) and another type; case 2: none.
        for doc_id, doc_type, voided, day in ((1, "hearing_summons", 1, "2026-03-20"),
                                              (2, "hearing_summons", 0, "2026-03-25"),
                                              (3, "hearing_record", 0, "2026-04-03")):  # fmt: skip
            _insert(raw, "document", {"id": doc_id, "case_id": 1, "doc_type": doc_type,
                                      "voided": voided, "document_date": day}, str(doc_id))  # fmt: skip
    upgrade_to_head(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            'SELECT id, hearing_summoned_on FROM "case" ORDER BY id'
        ).all()
    assert [tuple(r) for r in rows] == [(1, "2026-03-25"), (2, None)]
    with closing(sqlite3.connect(tmp_path / "m.db")) as raw, raw:
        raw.execute("DELETE FROM document")  # the case table is copied on the way down
    downgrade(engine, "0013_slots")
    assert "hearing_summoned_on" not in {c["name"] for c in inspect(engine).get_columns("case")}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
