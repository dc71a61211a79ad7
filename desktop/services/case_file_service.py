"""CaseFileService: gathers a case's documents and evidence in archive order and builds the 卷宗."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from database.models import Attachment, Document
from database.unit_of_work import UowFactory
from desktop.services.case_file import (
    IMAGE_SUFFIXES,
    CaseFileItem,
    CaseFileResult,
    MissingDocumentsError,
    build_case_file,
    missing_titles,
)
from desktop.services.case_file_forms import CaseFileForms
from desktop.services.cases import find_case
from desktop.services.errors import CasedeskError
from desktop.services.file_store import FileStore, atomic_write
from desktop.services.progress import Cancel, Progress, Steps
from forms.registry import FORMS


@dataclass(frozen=True, slots=True)
class FileSlot:
    """A place in the procedural order: the document types that fill it and whether it must."""

    title: str
    doc_types: tuple[str, ...]
    required: bool = False
    #: Required only when the decision imposes a penalty (事先告知, 决定书, 送达回执).
    when_penalty: bool = False
    #: The case's date column that dates this document in the 卷内目录 ("" = when it was made).
    date_attr: str = ""


#: The case's documents in the order of the procedure, each slot matched by the document
#: engine's form id (Document.doc_type) or its Chinese name. Documents are generated in this
#: order (the 结案报告 quotes the 决定书's 文号); the 卷宗 files them in ARCHIVE_ORDER.
PROCEDURAL_ORDER: tuple[FileSlot, ...] = (
    FileSlot("立案报告", ("filing_report", "立案报告"), True, date_attr="filed_on"),
    FileSlot("现场笔录", ("site_record", "现场笔录")),
    FileSlot("询问笔录", ("inquiry_record", "询问笔录")),
    FileSlot("卫生监督意见书", ("supervision_opinion", "卫生监督意见书")),
    FileSlot(
        "案件调查终结报告",
        ("investigation_report", "案件调查终结报告"),
        True,
        date_attr="investigation_ended_on",
    ),
    FileSlot("合议记录", ("deliberation_record", "合议记录")),
    FileSlot(
        "行政处罚事先告知书",
        ("penalty_notice", "行政处罚事先告知书"),
        when_penalty=True,
        date_attr="notified_on",
    ),
    FileSlot("陈述和申辩笔录", ("statement_record", "陈述和申辩笔录"), date_attr="statement_on"),
    FileSlot(
        "行政处罚听证告知书",
        ("hearing_notice", "行政处罚听证告知书"),
        date_attr="hearing_notified_on",
    ),
    FileSlot(
        "行政处罚决定书",
        ("penalty_decision", "行政处罚决定书"),
        when_penalty=True,
        date_attr="decided_on",
    ),
    FileSlot("送达回执", ("service_receipt", "送达回执"), when_penalty=True, date_attr="served_on"),
    FileSlot("结案报告", ("closing_report", "结案报告"), True, date_attr="closed_on"),
)
#: The 卷内文书排列顺序 after 卷宗封面 and 卷内目录: the 广东省卫生监督所 rule the reference cites
#: (legal-and-documents.md §1.7, from a training deck on 《全国卫生监督机构工作规范》 and
#: 广东省卫生监督档案管理规范; a national text was not verified): 结案材料 → 立案材料 →
#: 调查取证材料 → 处罚/听证材料 → 其他. Within a group the procedure's order; documents of
#: other types follow, then the evidence attachments.
ARCHIVE_ORDER: tuple[str, ...] = (
    "结案报告",  # 结案材料
    "立案报告",  # 立案材料
    "现场笔录",  # 调查取证材料
    "询问笔录",
    "卫生监督意见书",
    "案件调查终结报告",  # 处罚/听证材料
    "合议记录",
    "行政处罚事先告知书",
    "陈述和申辩笔录",
    "行政处罚听证告知书",
    "行政处罚决定书",
    "送达回执",
)
#: The slots in the order they are filed in the 卷宗.
ARCHIVE_SLOTS: tuple[FileSlot, ...] = tuple(
    sorted(PROCEDURAL_ORDER, key=lambda slot: ARCHIVE_ORDER.index(slot.title))
)


def procedural_rank(title: str) -> int:
    """A document title's place in the procedure (unknown titles last), to generate in order."""
    ranks = {slot.title: i for i, slot in enumerate(PROCEDURAL_ORDER)}
    return ranks.get(title, len(ranks))


#: Document types that are the file's own forms, never items inside it.
FILE_FORMS = ("卷宗封面", "卷内目录", "file_cover", "file_index")


#: Progress steps of one build: list, convert, assemble, done.
BUILD_STEPS = 4


@dataclass(frozen=True, slots=True)
class CaseFilePlan:
    """What the file will hold, listed before building ("缺少：送达回执")."""

    case_id: int
    case_no: str
    items: tuple[CaseFileItem, ...]
    missing: tuple[str, ...]


class CaseFileService:
    """Lists and builds a case's file from the Document rows and attachments in the FileStore."""

    def __init__(
        self, uow_factory: UowFactory, store: FileStore, forms: CaseFileForms | None = None
    ) -> None:
        self._uow_factory = uow_factory
        self._store = store
        #: The document engine's 卷宗封面/卷内目录 and converter (None: build() refuses politely).
        self._forms = forms

    def plan(self, case_key: str | int) -> CaseFilePlan:
        """The items in order with their sources; missing required documents have none."""
        with self._uow_factory(readonly=True) as uow:
            case = find_case(uow.session, case_key)
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
            dates = {
                slot.title: getattr(case, slot.date_attr)
                for slot in PROCEDURAL_ORDER
                if slot.date_attr
            }
            items = [
                *self._document_items(docs, penalised, dates),
                *self._evidence_items(attachments),
            ]
            return CaseFilePlan(case.id, case.case_no, tuple(items), missing_titles(items))

    def build(self, case_key: str | int, *, allow_gaps: bool = False,
              progress: Progress | None = None, cancel: Cancel | None = None,
              archive_no: str = "") -> CaseFileResult:  # fmt: skip
        """The whole file as one PDF (raises MissingDocumentsError unless allow_gaps).

        progress(done, total, message) follows the steps; cancel stops with BuildCancelledError.
        archive_no is the 归档号 the archive export gives the case (printed on the cover).
        """
        steps = Steps(BUILD_STEPS, "生成卷宗", progress, cancel)
        return self._build(case_key, allow_gaps, steps, archive_no)

    def write(self, case_key: str | int, out: Path, *, allow_gaps: bool = False,
              progress: Progress | None = None,
              cancel: Cancel | None = None) -> CaseFileResult:  # fmt: skip
        """Build and write the PDF atomically; a cancelled build leaves out untouched."""
        steps = Steps(BUILD_STEPS + 1, "生成卷宗", progress, cancel)
        result = self._build(case_key, allow_gaps, steps)
        steps.step(f"写入 {out.name}")
        atomic_write(out, result.pdf)
        return result

    def _build(
        self, case_key: str | int, allow_gaps: bool, steps: Steps, archive_no: str = ""
    ) -> CaseFileResult:
        forms = self._forms
        if forms is None:
            raise CasedeskError(
                "卷宗封面和卷内目录的文书模板尚未接入（文书引擎未安装），暂不能生成卷宗。"
            )
        steps.step("列出卷内材料")
        plan = self.plan(case_key)
        missing = plan.missing
        if missing and not allow_gaps:
            raise MissingDocumentsError(missing)
        steps.step("将文书转换为 PDF")
        items = self._with_pdfs(plan.case_id, plan.items, forms)
        steps.step("生成卷宗封面和卷内目录，合并页面")
        result = build_case_file(
            lambda entries: forms.cover(plan.case_id, entries, archive_no),
            items,
            lambda entries: forms.index(plan.case_id, entries),
            allow_gaps=allow_gaps,
        )
        steps.step(f"卷宗已生成（{plan.case_no}）")
        return result

    def _with_pdfs(
        self, case_id: int, items: Sequence[CaseFileItem], forms: CaseFileForms
    ) -> list[CaseFileItem]:
        """Documents stored only as DOCX are converted in one batch; the PDF is stored and
        recorded on the Document row, so the next build does not convert again."""
        pending = [i for i, item in enumerate(items) if item.docx_sha256 and item.source is None]
        if not pending:
            return list(items)
        pdfs = forms.to_pdf([self._store.get(items[i].docx_sha256) for i in pending])
        converted = list(items)
        recorded: dict[str, str] = {}
        for index, pdf in zip(pending, pdfs, strict=True):
            converted[index] = replace(items[index], source=pdf, docx_sha256="")
            recorded[items[index].docx_sha256] = self._store.put(pdf)
        with self._uow_factory() as uow:
            rows = uow.session.scalars(
                select(Document).where(
                    Document.case_id == case_id, Document.file_sha256.in_(recorded)
                )
            )
            for row in rows:
                if not row.pdf_sha256:
                    row.pdf_sha256 = recorded[row.file_sha256]
            uow.commit()
        return converted

    def _document_item(self, title: str, doc: Document, on: date | None = None) -> CaseFileItem:
        if on is None and doc.created_at:
            on = doc.created_at.date()
        if doc.pdf_sha256 and self._store.exists(doc.pdf_sha256):
            return CaseFileItem(title, doc.number, on, self._store.path_for(doc.pdf_sha256))
        if doc.file_sha256 and self._store.exists(doc.file_sha256):
            return CaseFileItem(title, doc.number, on, docx_sha256=doc.file_sha256)
        return CaseFileItem(title, doc.number, on)

    def _document_items(
        self, docs: Sequence[Document], penalised: bool, dates: dict[str, date | None]
    ) -> list[CaseFileItem]:
        items: list[CaseFileItem] = []
        for slot in ARCHIVE_SLOTS:
            found = [d for d in docs if d.doc_type in slot.doc_types]
            on = dates.get(slot.title)
            items += [self._document_item(slot.title, doc, on) for doc in found]
            if not found and (slot.required or (slot.when_penalty and penalised)):
                items.append(CaseFileItem(slot.title, on=on))
        listed = {t for s in PROCEDURAL_ORDER for t in s.doc_types} | set(FILE_FORMS)
        # Documents of types the order does not name go last, in the order they were made.
        items += [
            self._document_item(FORMS[d.doc_type].name if d.doc_type in FORMS else d.doc_type, d)
            for d in docs
            if d.doc_type not in listed
        ]
        return items

    def _evidence_items(self, attachments: Sequence[Attachment]) -> list[CaseFileItem]:
        items = []
        for att in attachments:
            path = self._store.path_for(att.sha256)
            suffix = Path(att.file_name).suffix.lower()
            is_image = att.media_type.startswith("image/") or suffix in IMAGE_SUFFIXES
            source = path if path.exists() else None
            on = att.added_at.date() if att.added_at else None
            items.append(CaseFileItem(f"证据：{att.title}", "", on, source, is_image=is_image,
                                      attachment_id=att.id))  # fmt: skip
        return items
