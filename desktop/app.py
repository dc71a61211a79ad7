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
from desktop.services.cases import CaseService
from desktop.services.dashboard import DashboardService
from desktop.services.institutions import InstitutionService
from desktop.services.ledger_import import LedgerImportService
from desktop.services.office import OfficeService
from desktop.services.staff import StaffService
from desktop.services.workdays import WorkdayCalendar


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
    calendar: WorkdayCalendar
    dashboard: DashboardService

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
    calendar = WorkdayCalendar(uow_factory)
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
        calendar=calendar,
        dashboard=DashboardService(uow_factory, calendar),
    )


def main(argv: list[str] | None = None) -> int:
    """Console entry point: `casedesk …` (no command starts the desktop app)."""
    from desktop.cli.main import run

    return run(sys.argv[1:] if argv is None else argv)
