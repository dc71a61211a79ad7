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
from desktop.services.case_file_forms import DocumentEngineForms
from desktop.services.case_file_service import CaseFileService
from desktop.services.cases import CaseService
from desktop.services.checklists import ChecklistService
from desktop.services.complaints import ComplaintService
from desktop.services.deadlines import DeadlineService
from desktop.services.documents import DocumentService
from desktop.services.draw import DrawService
from desktop.services.file_store import FileStore
from desktop.services.inspection_cases import InspectionCaseService
from desktop.services.inspections import InspectionService
from desktop.services.institutions import InstitutionService
from desktop.services.ledger_import import LedgerImportService
from desktop.services.office import OfficeService
from desktop.services.packet import PacketService
from desktop.services.plans import PlanService
from desktop.services.provisions import ProvisionService
from desktop.services.reports.service import ReportService
from desktop.services.revisits import RevisitService
from desktop.services.scoring import ScoringService
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
    documents: DocumentService
    provisions: ProvisionService
    checklists: ChecklistService
    plans: PlanService
    draws: DrawService
    inspections: InspectionService
    inspection_cases: InspectionCaseService
    complaints: ComplaintService
    deadlines: DeadlineService
    scoring: ScoringService
    revisits: RevisitService
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
    provisions = ProvisionService(uow_factory)
    if upgrade:
        provisions.ensure_seeded()
        ChecklistService(uow_factory).ensure_default()  # the 医疗美容 checklist of seed 000
    store = FileStore(paths.file_store_dir(folder))
    documents = DocumentService(uow_factory, paths.templates_dir(), store)
    reports = ReportService(uow_factory)
    case_files = CaseFileService(uow_factory, store, DocumentEngineForms(documents))
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
        documents=documents,
        provisions=provisions,
        checklists=ChecklistService(uow_factory),
        plans=PlanService(uow_factory),
        draws=DrawService(uow_factory),
        inspections=InspectionService(uow_factory),
        inspection_cases=InspectionCaseService(uow_factory),
        complaints=ComplaintService(uow_factory),
        deadlines=DeadlineService(uow_factory),
        scoring=ScoringService(uow_factory),
        revisits=RevisitService(uow_factory),
        reports=reports,
        case_files=case_files,
        packets=PacketService(reports, paths.templates_dir()),
        archive=ArchiveService(uow_factory, store, case_files),
    )


def main(argv: list[str] | None = None) -> int:
    """Console entry point: `casedesk …` (no command starts the desktop app)."""
    from desktop.cli.main import run

    return run(sys.argv[1:] if argv is None else argv)
