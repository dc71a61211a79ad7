"""Shared mode: 文号 from four concurrent clerks on one PostgreSQL database (CASEDESK_TEST_PG_URL)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from discretion_fit import fitting
from sqlalchemy import create_engine, select, text

from database.models import Case, CaseSource, CauseCategory, Document, Officer, PartyType
from desktop.app import AppContext, build_context

pytestmark = pytest.mark.postgres


#: Port of the private server started when CI's (CASEDESK_TEST_PG_URL) is not there.
PRIVATE_PORT = 55441


def _as_pg_owner(command: list[str]) -> None:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", shlex.join(command)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """CI's PostgreSQL server, else a private throw-away cluster (as dev.sh starts one)."""
    if os.environ.get("CASEDESK_TEST_PG_URL"):
        yield os.environ["CASEDESK_TEST_PG_URL"]
        return
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not bins:
        pytest.fail("PostgreSQL is not installed and CASEDESK_TEST_PG_URL is not set")
    bindir = bins[-1].parent
    # Not under pytest's tmp folder: the postgres user cannot enter root's 0700 folders.
    folder = Path(tempfile.mkdtemp(prefix="casedesk-docs-pg."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    _as_pg_owner([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])  # fmt: skip
    options = f"-k {folder} -p {PRIVATE_PORT} -c listen_addresses=127.0.0.1 -c fsync=off"
    _as_pg_owner([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
                  "-o", options, "start"])  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{PRIVATE_PORT}/postgres"
    finally:
        _as_pg_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_ctx(tmp_path: Path, pg_server: str) -> Iterator[AppContext]:
    """A private database on the PostgreSQL server, dropped afterwards."""
    server = pg_server
    name = f"casedesk_docs_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + f"/{name}"
    context = build_context(str(tmp_path / "data"), url)
    try:
        yield context
    finally:
        context.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_concurrent_decisions_on_postgresql_are_gap_free(
    pg_ctx: AppContext, tmp_path: Path
) -> None:
    pg_ctx.office.save({"authority_name": "青溪区卫生健康委员会", "short_name": "青",
                        "review_organ": "青溪区人民政府", "court": "青溪区人民法院"})  # fmt: skip
    with pg_ctx.uow_factory() as uow:
        officers = [Officer(name=f"执法员{i}", badge_no=f"PG{i:04d}") for i in range(2)]
        cases = [
            Case(case_no=f"青卫医案〔2026〕{i}号", source=CaseSource.ROUTINE,
                 cause_category=CauseCategory.QUALIFICATION, party_type=PartyType.ORGANISATION,
                 party_name=f"青溪某诊所{i}", party_address="青溪区人民路1号", cause="超范围执业案",
                 facts="超范围开展美容外科。", provision_code="YLJG-04", warning=True,
                 fine_fen=2_000_000, filed_on=date(2026, 3, 1), notified_on=date(2026, 3, 20),
                 decided_on=date(2026, 4, 10), officers=officers,
                 **fitting("YLJG-04", 2_000_000))  # the 裁量 a fine needs (issue 14)
            for i in range(1, 17)
        ]  # fmt: skip
        uow.session.add_all(cases)
        uow.commit()
        ids = [c.id for c in cases]

    def clerk(chunk: list[int]) -> list[str]:
        return [pg_ctx.documents.generate("penalty_decision", case_id=i, out_dir=tmp_path).number
                for i in chunk]  # fmt: skip

    with ThreadPoolExecutor(4) as pool:
        numbers = [n for chunk in pool.map(clerk, [ids[k::4] for k in range(4)]) for n in chunk]
    assert sorted(numbers) == sorted(f"青卫医罚〔2026〕{i}号" for i in range(1, 17))
    with pg_ctx.uow_factory(readonly=True) as uow:
        seqs = sorted(uow.session.scalars(select(Document.seq)))
    assert seqs == list(range(1, 17))
