"""Composition root: the only place that builds the engine, the unit of work and the services."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from database.engine import make_engine
from database.migrate import upgrade_to_head
from database.unit_of_work import UowFactory
from desktop import paths
from desktop.services.archive import ArchiveService
from desktop.services.case_file_service import CaseFileService
from desktop.services.cases import CaseService
from desktop.services.file_store import FileStore
from desktop.services.institutions import InstitutionService
from desktop.services.ledger_import import LedgerImportService
from desktop.services.office import OfficeService
from desktop.services.packet import PacketService
from desktop.services.reports.service import ReportService
from desktop.services.staff import StaffService


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
    reports: ReportService
    case_files: CaseFileService
    packets: PacketService
    archive: ArchiveService

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def build_context(
    data_dir: str | None = None, db_url: str | None = None, *, upgrade: bool = True
) -> AppContext:
    """Open (and by default create or upgrade) the database and wire the services."""
    folder = paths.data_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    url = paths.database_url(folder, db_url)
    engine = make_engine(url)
    if upgrade:
        upgrade_to_head(engine)
    uow_factory = UowFactory(sessionmaker(engine, expire_on_commit=False))
    store = FileStore(paths.file_store_dir(folder))
    reports = ReportService(uow_factory)
    # WIRING (docs branch): pass the document engine's 卷宗封面/卷内目录 renderers here.
    case_files = CaseFileService(uow_factory, store)
    return AppContext(
        data_dir=folder,
        database_url=url,
        engine=engine,
        uow_factory=uow_factory,
        institutions=InstitutionService(uow_factory),
        cases=CaseService(uow_factory),
        staff=StaffService(uow_factory),
        office=OfficeService(uow_factory),
        ledger_import=LedgerImportService(uow_factory),
        reports=reports,
        case_files=case_files,
        packets=PacketService(reports, paths.templates_dir()),
        archive=ArchiveService(uow_factory, store, case_files),
    )


def main(argv: list[str] | None = None) -> int:
    """Console entry point: `casedesk …` (no command starts the desktop app)."""
    from desktop.cli.main import run

    return run(sys.argv[1:] if argv is None else argv)
