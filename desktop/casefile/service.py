"""CaseFileService: gathers a case's documents and evidence in archive order and builds the 卷宗."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import extract, or_, select
from sqlalchemy.orm import Session

from database.models import Attachment, Case, Document, OfficeSetting
from database.unit_of_work import UowFactory
from desktop.casefile.citations import cited_missing
from desktop.casefile.entries import (
    IMAGE_SUFFIXES,
    CaseFileForms,
    CaseFileItem,
    CaseFileResult,
    MissingDocumentsError,
    build_case_file,
    missing_titles,
)
from desktop.cases.cases import find_case
from desktop.common.errors import CasedeskError
from desktop.common.progress import Cancel, Progress, Steps
from desktop.documents.order import (
    ARCHIVE_SLOTS,
    FILE_FORMS,
    PROCEDURAL_ORDER,
    recorded_acts,
    slot_required,
)
from desktop.documents.public_copy import PUBLIC_DOC_TYPE
from desktop.documents.sources import document_day
from desktop.trust.file_store import FileStore, atomic_write
from forms.archive_forms import full_archive_number
from forms.case_penalty import case_kind_names
from forms.outcomes import is_transfer
from forms.registry import FORMS

#: The evidence is filed with the 调查取证材料, before this document (the 处罚/听证材料).
EVIDENCE_BEFORE = "案件调查终结报告"
#: How a missing piece of cited evidence is listed (缺少：现场照片（决定书引用的证据）).
CITED_SUFFIX = "（决定书引用的证据）"
#: Progress steps of one build: list, convert, assemble, done.
BUILD_STEPS = 4


@dataclass(frozen=True, slots=True)
class CaseFilePlan:
    """What the file will hold, listed before building ("缺少：送达回执")."""

    case_id: int
    case_no: str
    items: tuple[CaseFileItem, ...]
    missing: tuple[str, ...]
    #: Evidence the decision cites that the file holds neither as document nor as attachment.
    uncited: tuple[str, ...] = ()
    #: The full 归档号 (全宗号-年度-保管期限-件号) of a closed case, "" before it is closed.
    archive_no: str = ""

    @property
    def gaps(self) -> tuple[str, ...]:
        """Everything the file lacks: missing documents, then the cited evidence (named so)."""
        return (*self.missing, *(f"{name}{CITED_SUFFIX}" for name in self.uncited))


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """How the case ended and the acts it records, which decide the documents its file must
    hold (a 听证 held needs its 通知书, 笔录 and 报告)."""

    penalised: bool
    no_penalty: bool
    transfer: bool
    #: The FileSlot.when_recorded attributes the case has a value for (order.recorded_acts).
    recorded: frozenset[str] = frozenset()


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
            belongs = Document.case_id == case.id
            if case.inspection_id is not None:
                # The 现场笔录/意见书 of the inspection that led to the case belong to its file.
                belongs = or_(belongs, Document.inspection_id == case.inspection_id)
            docs = uow.session.scalars(
                select(Document)
                .where(belongs, Document.voided.is_(False))
                .order_by(Document.created_at, Document.id)
            ).all()
            attachments = uow.session.scalars(
                select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
            ).all()
            outcome = CaseOutcome(
                penalised=bool(case_kind_names(case)),
                no_penalty=case.no_penalty,
                transfer=is_transfer(case),
                recorded=recorded_acts(case),
            )
            dates = {
                slot.title: getattr(case, slot.date_attr)
                for slot in PROCEDURAL_ORDER
                if slot.date_attr
            }
            days = {doc.id: document_day(case, None, doc) for doc in docs}
            items = self._document_items(docs, outcome, dates, days,
                                         self._evidence_items(attachments))  # fmt: skip
            # Evidence the decision cites (以上事实有现场笔录、照片等证据证实) must be in the file too.
            cited = tuple(cited_missing(case.evidence, items))
            return CaseFilePlan(case.id, case.case_no, tuple(items), missing_titles(items),
                                cited, _archive_no(uow.session, case))  # fmt: skip

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
        missing = plan.gaps
        if missing and not allow_gaps:
            raise MissingDocumentsError(missing)
        steps.step("将文书转换为 PDF")
        items = self._with_pdfs(plan.case_id, plan.items, forms)
        steps.step("生成卷宗封面和卷内目录，合并页面")
        archive_no = archive_no or plan.archive_no
        result = build_case_file(
            lambda entries: forms.cover(plan.case_id, entries, archive_no),
            items,
            lambda entries: forms.index(plan.case_id, entries),
            allow_gaps=allow_gaps,
            render_note=lambda entries: forms.note(plan.case_id, entries, archive_no, missing),
        )
        if missing:
            result = replace(result, missing=tuple(missing))
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
        # `on` is the date the document bears (document_day), never when it was made.
        if doc.pdf_sha256 and self._store.exists(doc.pdf_sha256):
            return CaseFileItem(title, doc.number, on, self._store.path_for(doc.pdf_sha256))
        if doc.file_sha256 and self._store.exists(doc.file_sha256):
            return CaseFileItem(title, doc.number, on, docx_sha256=doc.file_sha256)
        return CaseFileItem(title, doc.number, on)

    def _document_items(self, docs: Sequence[Document], outcome: CaseOutcome,
                        dates: dict[str, date | None], days: dict[int, date | None],
                        evidence: list[CaseFileItem]) -> list[CaseFileItem]:  # fmt: skip
        items: list[CaseFileItem] = []
        for slot in ARCHIVE_SLOTS:
            if slot.title == EVIDENCE_BEFORE:  # 调查取证材料 end with the evidence, by 取证日期
                items += evidence
            # one valid copy per slot (the newest, where older data kept two)
            found = [d for d in docs if d.doc_type in slot.doc_types][-1:]
            on = dates.get(slot.title)
            items += [self._document_item(slot.title, doc, days.get(doc.id) or on) for doc in found]
            if not found and slot_required(slot, penalised=outcome.penalised,
                                           no_penalty=outcome.no_penalty,
                                           transfer=outcome.transfer,
                                           recorded=outcome.recorded):  # fmt: skip
                items.append(CaseFileItem(slot.title, on=on))
        # the 公开版 is for the website, not a document of the 卷宗
        listed = {t for s in PROCEDURAL_ORDER for t in s.doc_types} | set(FILE_FORMS) | {PUBLIC_DOC_TYPE}
        # Documents of types the order does not name go last, in the order they were made.
        items += [
            self._document_item(
                FORMS[d.doc_type].name if d.doc_type in FORMS else d.doc_type, d, days.get(d.id)
            )
            for d in docs
            if d.doc_type not in listed
        ]
        return items

    def _evidence_items(self, attachments: Sequence[Attachment]) -> list[CaseFileItem]:
        """Evidence by its 取证日期 (undated last, in the order added): dated when it was taken,
        never by its upload."""
        items = []
        ordered = sorted(attachments, key=lambda a: (a.collected_on or date.max, a.id))
        for att in ordered:
            path = self._store.path_for(att.sha256)
            suffix = Path(att.file_name).suffix.lower()
            is_image = att.media_type.startswith("image/") or suffix in IMAGE_SUFFIXES
            source = path if path.exists() else None
            on = att.collected_on
            items.append(CaseFileItem(f"证据：{att.title}", "", on, source, is_image=is_image,
                                      attachment_id=att.id))  # fmt: skip
        return items


def _archive_no(session: Session, case: Case) -> str:
    """归档号 of a closed case: 件号 is its place among the year's closed cases, in the order
    the yearly archive export numbers them (结案日期, then id)."""
    if case.closed_on is None:
        return ""
    year = case.closed_on.year
    ids = session.scalars(
        select(Case.id)
        .where(Case.closed_on.is_not(None), extract("year", Case.closed_on) == year)
        .order_by(Case.closed_on, Case.id)
    ).all()
    settings = {
        row.key: row.value
        for row in session.scalars(
            select(OfficeSetting).where(
                OfficeSetting.key.in_(("archive.fonds_no", "archive.retention"))
            )
        )
    }
    return full_archive_number(
        settings.get("archive.fonds_no", ""),
        year,
        settings.get("archive.retention", "") or "30年",
        list(ids).index(case.id) + 1,
    )
