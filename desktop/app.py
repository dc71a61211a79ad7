"""Composition root: the only place that builds the engine, the unit of work and the services."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

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
from desktop.calendar.workdays import WorkdayCalendar
from desktop.cases.cases import CaseService
from desktop.common.errors import CasedeskError
from desktop.documents.numbering import PATTERN_KEY, format_number
from desktop.inspections.checklists import ChecklistService
from desktop.law.provisions import ProvisionService
from desktop.records.office import OfficeService
from desktop.records.personal_search import HASHED_COLUMNS
from desktop.trust.audit import AuditService, install_audit
from desktop.trust.audit_anchor import advance_anchor, read_anchor
from desktop.trust.backup import BACKUPS_DIR
from desktop.trust.crypto import DataCipher, key_exported_at, open_data_key
from desktop.trust.data_lock import DataFolderLock
from desktop.trust.file_store import FileStore, owner_only, private_dirs
from desktop.trust.restore_numbers import KeptNumbers, apply_pending
from desktop.trust.startup_check import StartupCheckService, StartupReport, run_at_start

if TYPE_CHECKING:
    from desktop.calendar.deadlines import DeadlineService
    from desktop.casefile.archive import ArchiveService
    from desktop.casefile.evidence import AttachmentService
    from desktop.casefile.service import CaseFileService
    from desktop.cases.dashboard import DashboardService
    from desktop.cases.from_inspection import InspectionCaseService
    from desktop.cases.search import CaseLister
    from desktop.documents.register import DocumentRegister
    from desktop.documents.service import DocumentService
    from desktop.inspections.complaints import ComplaintService
    from desktop.inspections.draw import DrawService
    from desktop.inspections.inspections import InspectionService
    from desktop.inspections.plans import PlanService
    from desktop.inspections.revisits import RevisitService
    from desktop.inspections.scoring import ScoringService
    from desktop.law.discretion import DiscretionService
    from desktop.law.flags import LegalFlagService
    from desktop.law.procedure.service import ProcedureService
    from desktop.ledger.service import LedgerImportService
    from desktop.publish.service import PublishService
    from desktop.records.institutions import InstitutionService
    from desktop.records.officers import OfficerService
    from desktop.records.personal_search import PersonalSearchService
    from desktop.records.staff import StaffService
    from desktop.reports.packet import PacketService
    from desktop.reports.service import ReportService
    from desktop.trust.backup import BackupService

log = logging.getLogger("casedesk.app")
#: Office settings naming a series' 文号 format (number_pattern.penalty …).
PATTERN_PREFIX = PATTERN_KEY.split("{", 1)[0]


@dataclass
class AppContext:
    """Everything a command or the window needs, built once per process.

    The services a start needs (opening the database, the start-up check, counting cases) are
    built at once; the others on first use, importing their modules then: importing every service
    (openpyxl, pypdf, python-docx, the report layouts …) cost the 工作台 0.8–1.0 s of its start
    (issue 18), and a one-shot command uses two or three of them.
    """

    data_dir: Path
    database_url: str
    engine: Engine
    uow_factory: UowFactory
    cases: CaseService
    office: OfficeService
    calendar: WorkdayCalendar
    provisions: ProvisionService
    checklists: ChecklistService
    cipher: DataCipher
    audit: AuditService
    startup_check: StartupCheckService
    #: The attachments' and generated files' store.
    store: FileStore
    #: Where generated documents go by default.
    documents_dir: Path
    #: What the start-up check found and repaired when the app opened (None: not run).
    startup_report: StartupReport | None = None
    #: This process's hold on the data folder (restore refuses while another process has one).
    lock: DataFolderLock | None = None
    #: Numbers used before a restore, recorded as voided at this open (None: no restore).
    restored_numbers: KeptNumbers | None = None
    #: Records sealed for the first time at this open (the upgrade that began sealing them).
    baseline_sealed: int = 0
    #: Cases whose officer order was sealed for the first time at this open (that upgrade).
    orders_sealed: int = 0
    #: Previews go through a warm LibreOffice (the window; a one-shot command would only wait
    #: longer for it to start). Set with enable_warm_office().
    warm_office: bool = False

    def check_at_start(self) -> StartupReport:
        """The start-up check (repairs what an interrupted run left behind) with what this
        opening did itself; kept as `startup_report`. The window runs it after its first page
        has its data (off the GUI thread: it reads every document and walks the file store)."""
        report = run_at_start(self.startup_check)
        sealed = self.baseline_sealed
        notes = [f"已为 {sealed} 条原有记录做“基线封存”（升级后首次启动）。"] if sealed else []
        if self.orders_sealed:
            notes.append(f"已为 {self.orders_sealed} 个案件封存执法人员顺序（升级后首次启动）。")
        if self.restored_numbers is not None:
            notes.append(str(self.restored_numbers))
        self.startup_report = replace(report, repaired=(*report.repaired, *notes))
        return self.startup_report

    def enable_warm_office(self) -> None:
        """Let previews use a warm LibreOffice, without building the documents service now."""
        self.warm_office = True
        if "documents" in self.__dict__:
            self.documents.warm.enable()

    # -- built on first use -------------------------------------------------------------------

    @cached_property
    def institutions(self) -> InstitutionService:
        from desktop.records.institutions import InstitutionService

        return InstitutionService(self.uow_factory)

    @cached_property
    def staff(self) -> StaffService:
        from desktop.records.staff import StaffService

        return StaffService(self.uow_factory, self.cipher.index)

    @cached_property
    def officers(self) -> OfficerService:
        from desktop.records.officers import OfficerService

        return OfficerService(self.uow_factory)

    @cached_property
    def ledger_import(self) -> LedgerImportService:
        from desktop.ledger.service import LedgerImportService

        return LedgerImportService(self.uow_factory)

    @cached_property
    def dashboard(self) -> DashboardService:
        from desktop.cases.dashboard import DashboardService

        return DashboardService(
            self.uow_factory, self.cases, self.deadlines, self.office, lambda: self.procedure
        )

    @cached_property
    def case_search(self) -> CaseLister:
        from desktop.cases.search import CaseLister, CaseSearchIndex

        return CaseLister(self.cases, CaseSearchIndex(self.uow_factory, self.cipher.index))

    @cached_property
    def documents(self) -> DocumentService:
        from desktop.documents.service import DocumentService

        documents = DocumentService(
            self.uow_factory,
            paths.templates_dir(),
            self.store,
            office_templates_dir=self.data_dir / "templates",
            default_out_dir=self.documents_dir,
        )
        if self.warm_office:
            documents.warm.enable()
        return documents

    @cached_property
    def document_register(self) -> DocumentRegister:
        from desktop.documents.register import DocumentRegister

        return DocumentRegister(self.uow_factory)

    @cached_property
    def discretion(self) -> DiscretionService:
        from desktop.law.discretion import DiscretionService

        return DiscretionService(self.uow_factory)

    @cached_property
    def procedure(self) -> ProcedureService:
        from desktop.law.procedure.service import ProcedureService

        return ProcedureService(self.uow_factory, self.calendar.working_day_after)

    @cached_property
    def legal_flags(self) -> LegalFlagService:
        from desktop.law.flags import LegalFlagService

        return LegalFlagService(self.uow_factory)

    @cached_property
    def plans(self) -> PlanService:
        from desktop.inspections.plans import PlanService

        return PlanService(self.uow_factory)

    @cached_property
    def draws(self) -> DrawService:
        from desktop.inspections.draw import DrawService

        return DrawService(self.uow_factory)

    @cached_property
    def inspections(self) -> InspectionService:
        from desktop.inspections.inspections import InspectionService

        return InspectionService(self.uow_factory)

    @cached_property
    def inspection_cases(self) -> InspectionCaseService:
        from desktop.cases.from_inspection import InspectionCaseService

        return InspectionCaseService(self.uow_factory)

    @cached_property
    def complaints(self) -> ComplaintService:
        from desktop.inspections.complaints import ComplaintService

        return ComplaintService(self.uow_factory)

    @cached_property
    def deadlines(self) -> DeadlineService:
        from desktop.calendar.deadlines import DeadlineService

        return DeadlineService(self.uow_factory)

    @cached_property
    def scoring(self) -> ScoringService:
        from desktop.inspections.scoring import ScoringService

        return ScoringService(self.uow_factory)

    @cached_property
    def revisits(self) -> RevisitService:
        from desktop.inspections.revisits import RevisitService

        return RevisitService(self.uow_factory)

    @cached_property
    def reports(self) -> ReportService:
        from desktop.reports.service import ReportService

        return ReportService(self.uow_factory)

    @cached_property
    def publish(self) -> PublishService:
        from desktop.publish.service import PublishService

        return PublishService(self.uow_factory)

    @cached_property
    def case_files(self) -> CaseFileService:
        from desktop.casefile.forms import DocumentEngineForms
        from desktop.casefile.service import CaseFileService

        return CaseFileService(self.uow_factory, self.store, DocumentEngineForms(self.documents))

    @cached_property
    def packets(self) -> PacketService:
        from desktop.reports.packet import PacketService

        return PacketService(self.reports, paths.templates_dir())

    @cached_property
    def archive(self) -> ArchiveService:
        from desktop.casefile.archive import ArchiveService

        return ArchiveService(self.uow_factory, self.store, self.case_files)

    @cached_property
    def attachments(self) -> AttachmentService:
        from desktop.casefile.evidence import AttachmentService

        return AttachmentService(self.uow_factory, self.store)

    @cached_property
    def personal_search(self) -> PersonalSearchService:
        from desktop.records.personal_search import PersonalSearchService

        return PersonalSearchService(self.uow_factory, self.cipher)

    @cached_property
    def backups(self) -> BackupService:
        from desktop.trust.backup import BackupService

        office, engine = self.office, self.engine
        return BackupService(
            self.data_dir,
            self.database_url,
            lambda: office.get("backup_keep"),
            lambda: key_exported_at(engine),
            self.store.root,
            cipher=self.cipher,
        )

    def close(self) -> None:
        """Stop the warm LibreOffice (if the documents were used), release the database
        connections and the data folder."""
        if "documents" in self.__dict__:
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
    ordered = audit.seal_orders() if upgrade else 0
    if ordered:
        log.warning("封存执法人员顺序：已为 %d 个案件封存执法人员顺序。", ordered)
    office = OfficeService(uow_factory)
    provisions = ProvisionService(uow_factory)
    if upgrade:
        provisions.ensure_seeded()
        ChecklistService(uow_factory).ensure_default()  # the 医疗美容 checklist of seed 000
    store = FileStore(paths.file_store_dir(folder))
    documents_dir = folder / "documents"
    # Held from here until close(): `restore` refuses while another process holds the folder.
    lock = DataFolderLock(folder)
    context = AppContext(
        data_dir=folder,
        database_url=url,
        engine=engine,
        uow_factory=uow_factory,
        cases=CaseService(uow_factory, cipher.index),
        office=office,
        calendar=WorkdayCalendar(uow_factory),
        provisions=provisions,
        checklists=ChecklistService(uow_factory),
        cipher=cipher,
        audit=audit,
        startup_check=StartupCheckService(
            uow_factory,
            store,
            output_dirs=(documents_dir, folder / BACKUPS_DIR),
            audit_check=audit.anchor_problems,
        ),
        store=store,
        documents_dir=documents_dir,
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
    context.baseline_sealed = sealed
    context.orders_sealed = ordered
    if startup_check:
        context.check_at_start()
    return context
