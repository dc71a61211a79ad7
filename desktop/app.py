"""Composition root: the only place that builds the engine, the unit of work and the services."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from database.encrypted import maintain_search_hashes, use_cipher
from database.engine import DatabaseLocationError, make_engine
from database.migrate import upgrade_to_head
from database.unit_of_work import UowFactory
from desktop import paths
from desktop.services.audit import AuditService, install_audit
from desktop.services.backup import BackupService
from desktop.services.cases import CaseService
from desktop.services.crypto import DataCipher, open_data_key
from desktop.services.errors import CasedeskError
from desktop.services.file_store import FileStore
from desktop.services.institutions import InstitutionService
from desktop.services.ledger_import import LedgerImportService
from desktop.services.office import OfficeService
from desktop.services.personal_search import HASHED_COLUMNS, PersonalSearchService
from desktop.services.staff import StaffService
from desktop.services.startup_check import StartupCheckService


@dataclass
class AppContext:
    """Everything a command or the window needs, built once per process."""

    data_dir: Path
    database_url: str
    engine: Engine
    uow_factory: UowFactory
    institutions: InstitutionService
    cases: CaseService
    staff: StaffService
    office: OfficeService
    ledger_import: LedgerImportService
    cipher: DataCipher
    audit: AuditService
    personal_search: PersonalSearchService
    backups: BackupService
    startup_check: StartupCheckService

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def _open_database(url: str, folder: Path, upgrade: bool) -> tuple[Engine, DataCipher]:
    """The engine (schema upgraded) and the data key; failures become Chinese messages."""
    try:
        engine = make_engine(url)
    except DatabaseLocationError as error:
        raise CasedeskError(str(error)) from None
    try:
        if upgrade:
            upgrade_to_head(engine)
        return engine, open_data_key(engine, folder)
    except OperationalError as error:
        engine.dispose()
        raise CasedeskError(
            f"无法打开数据库（{make_url(url).render_as_string(hide_password=True)}）："
            f"{str(error.orig).strip().splitlines()[0] if error.orig else error}"
        ) from None
    except BaseException:
        engine.dispose()
        raise


def build_context(
    data_dir: str | None = None, db_url: str | None = None, *, upgrade: bool = True
) -> AppContext:
    """Open (and by default create or upgrade) the database and wire the services."""
    folder = paths.data_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    url = paths.database_url(folder, db_url)
    engine, cipher = _open_database(url, folder, upgrade)
    session_factory = sessionmaker(engine, expire_on_commit=False)
    # Personal data is encrypted with the key from the OS keyring; changes are audited.
    use_cipher(engine, cipher)
    maintain_search_hashes(session_factory, cipher, HASHED_COLUMNS)
    install_audit(session_factory, cipher)
    uow_factory = UowFactory(session_factory)
    office = OfficeService(uow_factory)
    return AppContext(
        data_dir=folder,
        database_url=url,
        engine=engine,
        uow_factory=uow_factory,
        institutions=InstitutionService(uow_factory),
        cases=CaseService(uow_factory),
        staff=StaffService(uow_factory),
        office=office,
        ledger_import=LedgerImportService(uow_factory),
        cipher=cipher,
        audit=AuditService(uow_factory, cipher),
        personal_search=PersonalSearchService(uow_factory, cipher),
        backups=BackupService(folder, url, lambda: office.get("backup_keep")),
        startup_check=StartupCheckService(uow_factory, FileStore(paths.file_store_dir(folder))),
    )


def main(argv: list[str] | None = None) -> int:
    """Console entry point: `casedesk …` (no command starts the desktop app)."""
    from desktop.cli.main import run

    return run(sys.argv[1:] if argv is None else argv)
