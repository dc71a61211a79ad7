"""A small hand-made district for the inspection tests: institutions, officers, one conflict."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from database.models import (
    Institution,
    InstitutionKind,
    InstitutionStatus,
    Officer,
    OfficerConflict,
    OfficeSetting,
)
from desktop.app import AppContext


@dataclass(frozen=True)
class District:
    """Ids of what the fixture created."""

    cosmetic: list[int]  # 医疗美容 institutions (incl. one 其他医疗机构 with a filing)
    others: list[int]  # life beauty, unlicensed, cancelled, other medical without filing
    unlicensed: list[int]
    officers: list[int]
    conflicted_officer: int
    conflicted_institution: int


@pytest.fixture
def district(ctx: AppContext) -> District:
    """37 医疗美容 institutions and a few others; 6 officers, one declaring a conflict."""
    with ctx.uow_factory() as uow:
        s = uow.session
        s.merge(OfficeSetting(key="short_name", value="青"))
        kinds = [InstitutionKind.COSMETIC_OUTPATIENT, InstitutionKind.COSMETIC_CLINIC,
                 InstitutionKind.COSMETIC_HOSPITAL]  # fmt: skip
        cosmetic = [
            Institution(name=f"测试{n:02d}医疗美容机构", kind=kinds[n % 3], town="城关街道",
                        address=f"测试路{n}号")
            for n in range(36)
        ]  # fmt: skip
        cosmetic.append(
            Institution(name="测试人民医院", kind=InstitutionKind.OTHER_MEDICAL,
                        cosmetic_filed=True, town="东湖街道")
        )  # fmt: skip
        unlicensed = [
            Institution(name=f"无名美容工作室{n}", kind=InstitutionKind.UNLICENSED, town="南港镇",
                        address=f"南港镇滨江路{n}号")
            for n in range(3)
        ]  # fmt: skip
        others = [
            Institution(name="测试美容美体店", kind=InstitutionKind.LIFE_BEAUTY, town="城关街道"),
            Institution(name="测试中医医院", kind=InstitutionKind.OTHER_MEDICAL, town="城关街道"),
            Institution(name="已注销医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC,
                        status=InstitutionStatus.CANCELLED, town="城关街道"),
            *unlicensed,
        ]  # fmt: skip
        officers = [
            Officer(name=f"执法员{n}", badge_no=f"ZJ3399012026{n:04d}", department="监督科")
            for n in range(6)
        ]
        s.add_all([*cosmetic, *others, *officers])
        s.flush()
        s.add(OfficerConflict(officer_id=officers[0].id, institution_id=cosmetic[0].id,
                              reason="配偶在该机构任职"))  # fmt: skip
        uow.commit()
        return District(
            cosmetic=[i.id for i in cosmetic],
            others=[i.id for i in others],
            unlicensed=[i.id for i in unlicensed],
            officers=[o.id for o in officers],
            conflicted_officer=officers[0].id,
            conflicted_institution=cosmetic[0].id,
        )


#: Port of the throwaway PostgreSQL cluster when CI has not started one.
PG_PORT = 55442


def _as_pg_owner(command: str) -> None:
    # PostgreSQL refuses to run as root: run its tools as the postgres user then.
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-c", command], check=True)
    else:
        subprocess.run(["bash", "-c", command], check=True)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """CI's PostgreSQL (CASEDESK_TEST_PG_URL), else a throwaway cluster on PG_PORT."""
    url = os.environ.get("CASEDESK_TEST_PG_URL")
    if url:
        yield url
        return
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    assert bins, "PostgreSQL is not installed (/usr/lib/postgresql/*/bin)"
    pg_bin = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="casedesk-insp-pg."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    _as_pg_owner(f"{pg_bin}/initdb -D {folder}/data -U postgres -A trust -E UTF8 "
                 f"--locale=C.UTF-8 --no-sync >{folder}/initdb.log")  # fmt: skip
    _as_pg_owner(f"{pg_bin}/pg_ctl -D {folder}/data -l {folder}/log -w -o '-k {folder} "
                 f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -c fsync=off' start >/dev/null")  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/postgres"
    finally:
        _as_pg_owner(f"{pg_bin}/pg_ctl -D {folder}/data -m fast -w stop >/dev/null")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"casedesk_insp_{uuid.uuid4().hex[:12]}"
    admin = make_url(pg_server).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
