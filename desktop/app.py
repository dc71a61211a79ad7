"""Composition root: the only place that builds the engine, the unit of work and the services."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from database.encrypted import encrypt_leftover_plaintext, maintain_search_hashes, use_cipher
from database.engine import DatabaseLocationError, make_engine
from database.migrate import upgrade_to_head
from database.models import Base
from database.numbering import CASE_SERIES
from database.unit_of_work import UowFactory
from desktop import paths
from desktop.calendar.deadlines import DeadlineService
from desktop.calendar.workdays import WorkdayCalendar
from desktop.casefile.archive import ArchiveService
from desktop.casefile.evidence import AttachmentService
from desktop.casefile.forms import DocumentEngineForms
from desktop.casefile.service import CaseFileService
from desktop.cases.cases import CaseService
from desktop.cases.dashboard import DashboardService
from desktop.cases.from_inspection import InspectionCaseService
from desktop.cases.search import CaseLister, CaseSearchIndex
from desktop.common.errors import CasedeskError
from desktop.documents.numbering import PATTERN_KEY, format_number
from desktop.documents.register import DocumentRegister
from desktop.documents.service import DocumentService
from desktop.inspections.checklists import ChecklistService
from desktop.inspections.complaints import ComplaintService
from desktop.inspections.draw import DrawService
from desktop.inspections.inspections import InspectionService
from desktop.inspections.plans import PlanService
from desktop.inspections.revisits import RevisitService
from desktop.inspections.scoring import ScoringService
from desktop.law.discretion import DiscretionService
from desktop.law.flags import LegalFlagService
from desktop.law.procedure.service import ProcedureService
from desktop.law.provisions import ProvisionService
from desktop.ledger.service import LedgerImportService
from desktop.publish.service import PublishService
from desktop.records.institutions import InstitutionService
from desktop.records.office import OfficeService
from desktop.records.officers import OfficerService
from desktop.records.personal_search import HASHED_COLUMNS, PersonalSearchService
from desktop.records.staff import StaffService
from desktop.reports.packet import PacketService
from desktop.reports.service import ReportService
from desktop.trust.audit import AuditService, install_audit
from desktop.trust.audit_anchor import advance_anchor, read_anchor
from desktop.trust.backup import BACKUPS_DIR, BackupService
from desktop.trust.crypto import DataCipher, key_exported_at, open_data_key
from desktop.trust.data_lock import DataFolderLock
from desktop.trust.file_store import FileStore, owner_only, private_dirs
from desktop.trust.restore_numbers import KeptNumbers, apply_pending
from desktop.trust.startup_check import StartupCheckService, StartupReport, run_at_start

log = logging.getLogger("casedesk.app")
#: Office settings naming a series' 文号 format (number_pattern.penalty …).
PATTERN_PREFIX = PATTERN_KEY.split("{", 1)[0]


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
    officers: OfficerService
    office: OfficeService
    ledger_import: LedgerImportService
    calendar: WorkdayCalendar
    dashboard: DashboardService
    case_search: CaseLister
    documents: DocumentService
    document_register: DocumentRegister
    provisions: ProvisionService
    discretion: DiscretionService
    procedure: ProcedureService
    legal_flags: LegalFlagService
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
    publish: PublishService
    case_files: CaseFileService
    packets: PacketService
    archive: ArchiveService
    attachments: AttachmentService
    cipher: DataCipher
    audit: AuditService
    personal_search: PersonalSearchService
    backups: BackupService
    startup_check: StartupCheckService
    #: What the start-up check found and repaired when the app opened (None: not run).
    startup_report: StartupReport | None = None
    #: This process's hold on the data folder (restore refuses while another process has one).
    lock: DataFolderLock | None = None
    #: Numbers used before a restore, recorded as voided at this open (None: no restore).
    restored_numbers: KeptNumbers | None = None

    def close(self) -> None:
        """Stop the warm LibreOffice, release the database connections and the data folder."""
        self.documents.close()
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()


def _alembic_command_error() -> type[Exception]:
    """Alembic's CommandError, imported when an error is being handled (Alembic stays unloaded
    on a start that has nothing to upgrade; database.migrate)."""
    from alembic.util import CommandError

    return CommandError


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
    except _alembic_command_error() as error:
        # A database from a newer casedesk (or restored from a forged backup): say so instead
        # of Alembic's English on every command.
        engine.dispose()
        raise CasedeskError(
            f"数据库的版本不是本程序认识的版本（{error}），可能来自更新版本的 casedesk："
            "请安装相同或更新版本的 casedesk，或从本版本做的备份恢复。"
        ) from None
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
    data_dir: str | None = None,
    db_url: str | None = None,
    *,
    upgrade: bool = True,
    startup_check: bool = False,
) -> AppContext:
    """Open (and by default create or upgrade) the database and wire the services; with
    `startup_check` (the desktop app) also repair what an interrupted run left behind."""
    folder = paths.data_dir(data_dir)
    private_dirs(folder)
    owner_only(folder)  # 0700: the database, keys, documents and backups in it are personal data
    url = paths.database_url(folder, db_url)
    engine, cipher = _open_database(url, folder, upgrade)
    session_factory = sessionmaker(engine, expire_on_commit=False)
    # Personal data is encrypted with the key from the OS keyring; changes are audited.
    use_cipher(engine, cipher)
    if upgrade:
        # Phones stored before their column was encrypted (officers, plan contacts) are
        # encrypted now that the key is open; a migration cannot, it runs before.
        encrypt_leftover_plaintext(engine, Base.metadata)
    maintain_search_hashes(session_factory, cipher, HASHED_COLUMNS)
    key_id = cipher.key_id
    install_audit(
        session_factory,
        cipher,
        on_commit=lambda head: advance_anchor(folder, key_id, head.count, head.last_hash),
    )
    uow_factory = UowFactory(session_factory)
    audit = AuditService(uow_factory, cipher, lambda: read_anchor(folder, key_id))
    # Once after the upgrade that began sealing records: seal the records already there.
    sealed = audit.seal_baseline() if upgrade else 0
    if sealed:
        log.warning("基线封存：已为 %d 条原有记录建立审计封存。", sealed)
    office = OfficeService(uow_factory)
    provisions = ProvisionService(uow_factory)
    if upgrade:
        provisions.ensure_seeded()
        ChecklistService(uow_factory).ensure_default()  # the 医疗美容 checklist of seed 000
    store = FileStore(paths.file_store_dir(folder))
    documents_dir = folder / "documents"
    documents = DocumentService(
        uow_factory,
        paths.templates_dir(),
        store,
        office_templates_dir=folder / "templates",
        default_out_dir=documents_dir,
    )
    reports = ReportService(uow_factory)
    case_files = CaseFileService(uow_factory, store, DocumentEngineForms(documents))
    calendar = WorkdayCalendar(uow_factory)
    cases = CaseService(uow_factory, cipher.index)
    # Held from here until close(): `restore` refuses while another process holds the folder.
    lock = DataFolderLock(folder)
    context = AppContext(
        data_dir=folder,
        database_url=url,
        engine=engine,
        uow_factory=uow_factory,
        institutions=InstitutionService(uow_factory),
        cases=cases,
        staff=StaffService(uow_factory, cipher.index),
        officers=OfficerService(uow_factory),
        office=office,
        ledger_import=LedgerImportService(uow_factory),
        calendar=calendar,
        dashboard=DashboardService(uow_factory, calendar),
        case_search=CaseLister(cases, CaseSearchIndex(uow_factory, cipher.index)),
        documents=documents,
        document_register=DocumentRegister(uow_factory),
        provisions=provisions,
        discretion=DiscretionService(uow_factory),
        procedure=ProcedureService(uow_factory, calendar.working_day_after),
        legal_flags=LegalFlagService(uow_factory),
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
        publish=PublishService(uow_factory),
        case_files=case_files,
        packets=PacketService(reports, paths.templates_dir()),
        archive=ArchiveService(uow_factory, store, case_files),
        attachments=AttachmentService(uow_factory, store),
        cipher=cipher,
        audit=audit,
        personal_search=PersonalSearchService(uow_factory, cipher),
        backups=BackupService(
            folder,
            url,
            lambda: office.get("backup_keep"),
            lambda: key_exported_at(engine),
            store.root,
            cipher=cipher,
        ),
        startup_check=StartupCheckService(
            uow_factory,
            store,
            output_dirs=(documents_dir, folder / BACKUPS_DIR),
            audit_check=audit.anchor_problems,
        ),
        lock=lock,
    )
    if upgrade:
        # The first open after a restore keeps the numbers issued before it taken.
        settings = office.all()
        series = [k.removeprefix(PATTERN_PREFIX) for k in settings if k.startswith(PATTERN_PREFIX)]
        number_text = partial(format_number, settings)
        context.restored_numbers = apply_pending(
            folder, uow_factory, number_text, [s for s in series if s != CASE_SERIES]
        )
    if startup_check:
        report = run_at_start(context.startup_check)
        notes = [f"已为 {sealed} 条原有记录做“基线封存”（升级后首次启动）。"] if sealed else []
        if context.restored_numbers is not None:
            notes.append(str(context.restored_numbers))
        context.startup_report = replace(report, repaired=(*report.repaired, *notes))
    return context
