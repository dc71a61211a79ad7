"""CaseFileService: gathers a case's documents and evidence in archive order and builds the 卷宗."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Attachment, Case, Document
from database.unit_of_work import UowFactory
from desktop.services.case_file import (
    CaseFileItem,
    CaseFileResult,
    TocEntry,
    build_case_file,
    missing_titles,
)
from desktop.services.errors import CasedeskError, NotFoundError
from desktop.services.file_store import FileStore, atomic_write


@dataclass(frozen=True, slots=True)
class FileSlot:
    """A place in the procedural order: the document types that fill it and whether it must."""

    title: str
    doc_types: tuple[str, ...]
    required: bool = False
    #: Required only when the decision imposes a penalty (事先告知, 决定书, 送达回执).
    when_penalty: bool = False


#: The case's documents in procedural order (卫生监督档案管理: 正卷 then 副卷 material), each slot
#: matched by the document engine's type id or its Chinese name.
# WIRING (docs branch): align doc_types with the ids the document engine registers.
PROCEDURAL_ORDER: tuple[FileSlot, ...] = (
    FileSlot("立案报告", ("case_filing", "filing_report", "立案报告"), required=True),
    FileSlot("现场笔录", ("onsite_record", "site_record", "现场笔录")),
    FileSlot("询问笔录", ("inquiry_record", "询问笔录")),
    FileSlot("卫生监督意见书", ("supervision_opinion", "卫生监督意见书")),
    FileSlot("案件调查终结报告", ("investigation_report", "案件调查终结报告"), required=True),
    FileSlot("合议记录", ("collegial_record", "合议记录")),
    FileSlot(
        "行政处罚事先告知书",
        ("penalty_notice", "prior_notice", "行政处罚事先告知书"),
        when_penalty=True,
    ),
    FileSlot("陈述和申辩笔录", ("statement_record", "陈述和申辩笔录")),
    FileSlot("行政处罚听证告知书", ("hearing_notice", "行政处罚听证告知书")),
    FileSlot("行政处罚决定书", ("penalty_decision", "行政处罚决定书"), when_penalty=True),
    FileSlot("送达回执", ("service_receipt", "delivery_receipt", "送达回执"), when_penalty=True),
    FileSlot("结案报告", ("closing_report", "case_closing", "结案报告"), required=True),
)
#: Document types that are the file's own forms, never items inside it.
FILE_FORMS = ("卷宗封面", "卷内目录", "case_cover", "file_cover", "file_contents", "case_contents")


@dataclass(frozen=True, slots=True)
class CaseFilePlan:
    """What the file will hold, listed before building ("缺少：送达回执")."""

    case_id: int
    case_no: str
    items: tuple[CaseFileItem, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CoverFacts:
    """Fields of the 卷宗封面 known from the records (件数/页数 come at build time)."""

    case_no: str
    case_name: str
    decision_number: str
    filed_on: str
    closed_on: str


#: (facts, 卷内件数, 总页数) → 卷宗封面 PDF; entries → 卷内目录 PDF. Supplied by the document engine.
CoverFormRenderer = Callable[[CoverFacts, int, int], bytes]
TocFormRenderer = Callable[[Sequence[TocEntry]], bytes]


class CaseFileService:
    """Lists and builds a case's file from the Document rows and attachments in the FileStore."""

    def __init__(
        self,
        uow_factory: UowFactory,
        store: FileStore,
        render_cover: CoverFormRenderer | None = None,
        render_toc: TocFormRenderer | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._store = store
        # WIRING (docs branch): desktop/app.py passes the document engine's 卷宗封面 and 卷内目录
        # renderers here once that branch has landed; until then build() refuses politely.
        self._render_cover = render_cover
        self._render_toc = render_toc

    def plan(self, case_key: str | int) -> CaseFilePlan:
        """The items in order with their sources; missing required documents have none."""
        with self._uow_factory(readonly=True) as uow:
            case = self._case(uow.session, case_key)
            docs = uow.session.scalars(
                select(Document)
                .where(Document.case_id == case.id, Document.voided.is_(False))
                .order_by(Document.created_at, Document.id)
            ).all()
            attachments = uow.session.scalars(
                select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
            ).all()
            penalised = bool(
                case.warning
                or case.fine_fen
                or case.confiscation_fen
                or case.suspension
                or case.revocation
            )
            items = [*self._document_items(docs, penalised), *self._evidence_items(attachments)]
            return CaseFilePlan(case.id, case.case_no, tuple(items), missing_titles(items))

    def cover_facts(self, case_key: str | int) -> CoverFacts:
        """封面 fields: 案件名称 = 当事人 + 违法行为 + 案, 决定书文号, 立案/结案日期."""
        with self._uow_factory(readonly=True) as uow:
            case = self._case(uow.session, case_key)
            decision = uow.session.scalar(
                select(Document.number).where(
                    Document.case_id == case.id,
                    Document.voided.is_(False),
                    Document.doc_type.in_(PROCEDURAL_ORDER[9].doc_types),
                )
            )
            cause = case.cause.strip().removeprefix(case.party_name).removesuffix("案")
            return CoverFacts(
                case_no=case.case_no,
                case_name=f"{case.party_name}{cause}案",
                decision_number=decision or "",
                filed_on=case.filed_on.isoformat(),
                closed_on=case.closed_on.isoformat() if case.closed_on else "",
            )

    def build(self, case_key: str | int, *, allow_gaps: bool = False) -> CaseFileResult:
        """The whole file as one PDF (raises MissingDocumentsError unless allow_gaps)."""
        if self._render_cover is None or self._render_toc is None:
            raise CasedeskError(
                "卷宗封面和卷内目录的文书模板尚未接入（文书引擎未安装），暂不能生成卷宗。"
            )
        plan = self.plan(case_key)
        facts = self.cover_facts(plan.case_id)
        render_cover = self._render_cover
        return build_case_file(
            lambda count, pages: render_cover(facts, count, pages),
            plan.items,
            self._render_toc,
            allow_gaps=allow_gaps,
        )

    def write(self, case_key: str | int, out: Path, *, allow_gaps: bool = False) -> CaseFileResult:
        """Build and write the PDF atomically."""
        result = self.build(case_key, allow_gaps=allow_gaps)
        atomic_write(out, result.pdf)
        return result

    @staticmethod
    def _case(session: Session, case_key: str | int) -> Case:
        key = str(case_key).strip()
        case = session.scalar(select(Case).where(Case.case_no == key))
        if case is None and key.isdigit():
            case = session.get(Case, int(key))
        if case is None:
            raise NotFoundError(f"找不到案件“{case_key}”（按案号或编号）。")
        return case

    def _document_items(self, docs: Sequence[Document], penalised: bool) -> list[CaseFileItem]:
        items: list[CaseFileItem] = []
        for slot in PROCEDURAL_ORDER:
            found = [d for d in docs if d.doc_type in slot.doc_types]
            for doc in found:
                source = self._store.path_for(doc.pdf_sha256) if doc.pdf_sha256 else None
                if source is not None and not source.exists():
                    source = None
                on = doc.created_at.date() if doc.created_at else None
                items.append(CaseFileItem(slot.title, doc.number, on, source))
            if not found and (slot.required or (slot.when_penalty and penalised)):
                items.append(CaseFileItem(slot.title))
        listed = {t for s in PROCEDURAL_ORDER for t in s.doc_types} | set(FILE_FORMS)
        for doc in docs:  # documents of types the order does not name go last, by date
            if doc.doc_type not in listed and doc.pdf_sha256:
                path = self._store.path_for(doc.pdf_sha256)
                on = doc.created_at.date() if doc.created_at else None
                items.append(
                    CaseFileItem(doc.doc_type, doc.number, on, path if path.exists() else None)
                )
        return items

    def _evidence_items(self, attachments: Sequence[Attachment]) -> list[CaseFileItem]:
        items = []
        for att in attachments:
            path = self._store.path_for(att.sha256)
            is_image = att.media_type.startswith("image/") or Path(
                att.file_name
            ).suffix.lower() in (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp")
            source = path if path.exists() else None
            on = att.added_at.date() if att.added_at else None
            items.append(CaseFileItem(f"证据：{att.title}", "", on, source, is_image=is_image))
        return items
