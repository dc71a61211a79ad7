"""DocumentService: pre-flight, 文号, render, record, store and convert enforcement documents.

Qt-free and thread-safe: every call opens its own unit of work, so the UI may call generate()
and generate_batch() from a worker thread. The 文号 is allocated in the same transaction that
inserts the Document row, so a failed render gives the number back (no gap, no duplicate).
"""

from __future__ import annotations

import getpass
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Document
from database.numbering import allocate_sequence
from database.unit_of_work import UowFactory
from desktop.calendar.workdays import WorkdayCalendar
from desktop.common.errors import CasedeskError, NotFoundError, ValidationError
from desktop.common.progress import Cancel, Progress, is_cancelled
from desktop.documents.converter_choice import choose_converter
from desktop.documents.converters import ConverterReport, check_converters, find_soffice
from desktop.documents.doc_types import (
    BatchItem,
    BatchResult,
    DocumentRow,
    GeneratedDocument,
    PdfConversionError,
    PenaltyOutOfRangeError,
    PreflightError,
    ProcedureError,
)
from desktop.documents.fonts import check_fonts
from desktop.documents.legal_checks import procedure_refusals, range_problems
from desktop.documents.lint import LintIssue, lint_directory
from desktop.documents.numbering import format_number
from desktop.documents.pdf import PdfConverter
from desktop.documents.rendering import TemplateRenderer
from desktop.documents.sources import load_source
from desktop.documents.template_trial import sample_context
from desktop.documents.warm_converter import WarmOfficeSlot
from desktop.records.office import SOFFICE_KEY, OfficeService
from desktop.trust.file_store import FileStore, move_onto, private_dirs, safe_file_name
from forms.engine import (
    FileItem,
    FormDefinition,
    apply_overrides,
    missing_fields,
)
from forms.registry import FORMS, find_form
from forms.validators import FieldError

#: Due dates a document tells the party (陈述申辩, 听证): never printed from a weekends-only
#: guess. The 立案报告's internal 处理期限 may stay provisional (the 工作台 marks it 暂定).
PARTY_DEADLINES = frozenset({"statement_due", "hearing_due"})


def form_or_error(form_id: str) -> FormDefinition:
    """A form by id or Chinese name, or a Chinese error listing the known ones."""
    form = find_form(form_id)
    if form is None:
        known = "、".join(f.name for f in FORMS.values())
        raise NotFoundError(f"没有名为“{form_id}”的文书类型。可用：{known}。")
    return form


class DocumentService:
    """Generate, record, void and convert documents; lint templates."""

    def __init__(self, uow_factory: UowFactory, templates_dir: Path, file_store: FileStore,
                 *, office_templates_dir: Path | None = None,
                 default_out_dir: Path | None = None,
                 converter_factory: Callable[[str], PdfConverter] | None = None) -> None:  # fmt: skip
        self._uow_factory = uow_factory
        self.templates_dir = templates_dir
        #: Templates the office adapted in Word/WPS; a file here replaces the shipped one.
        self.office_templates_dir = office_templates_dir
        #: Where generate() writes when the caller names no folder (the window's 文书 folder).
        self.default_out_dir = default_out_dir
        self._store = file_store
        self._office = OfficeService(uow_factory)
        self._renderer = TemplateRenderer()
        #: The warm LibreOffice previews go through (started on first need, stopped by close()).
        self.warm = WarmOfficeSlot(
            lambda: find_soffice(configured=self._office.get(SOFFICE_KEY) or None)
        )
        self._converter_factory = converter_factory or (
            lambda setting: choose_converter(
                setting, soffice=self._office.get(SOFFICE_KEY) or None, warm=self.warm
            )
        )

    # --- context ------------------------------------------------------------------------

    def _context(self, session: Session, form: FormDefinition, office: Mapping[str, str],
                 calendar: WorkdayCalendar, case_id: int | None, inspection_id: int | None,
                 items: Sequence[FileItem] | None,
                 overrides: Mapping[str, object] | None) -> tuple[dict[str, object], object]:  # fmt: skip
        source = load_source(session, form, office=office, calendar=calendar, case_id=case_id,
                             inspection_id=inspection_id, items=items)  # fmt: skip
        context = form.build_context(source)
        if overrides:
            try:
                context = apply_overrides(form, context, overrides)
            except KeyError as error:
                raise ValidationError([FieldError(str(error.args[0]), "不是此文书的字段。")],
                                      form.name) from None  # fmt: skip
        return context, source

    def preflight(self, form_id: str, *, case_id: int | None = None,
                  inspection_id: int | None = None,
                  overrides: Mapping[str, object] | None = None) -> list[str]:  # fmt: skip
        """Labels of required fields still empty, plus penalty-range problems (empty = ready)."""
        form = form_or_error(form_id)
        office = self._office.all()
        calendar = WorkdayCalendar(self._uow_factory)
        with self._uow_factory(readonly=True) as uow:
            context, source = self._context(uow.session, form, office, calendar, case_id,
                                            inspection_id, None, overrides)  # fmt: skip
            problems = (
                procedure_refusals(form, source, content=False)
                + procedure_refusals(form, source, content=True)
                + range_problems(form, source)
            )
        return (
            missing_fields(form, context)
            + problems
            + self._calendar_problems(form, source, overrides)
        )

    @staticmethod
    def _calendar_problems(form: FormDefinition, source: object,
                           overrides: Mapping[str, object] | None) -> list[str]:  # fmt: skip
        """Party deadlines counted over a year whose 节假日/调休 nobody has entered."""
        provisional: Mapping[str, tuple[int, ...]] = getattr(source, "provisional", {})
        problems = []
        for name in sorted(PARTY_DEADLINES & provisional.keys() & form.field_names()):
            if overrides and name in overrides:
                continue  # the clerk typed the date
            years = "、".join(str(y) for y in provisional[name])
            problems.append(
                f"{form.field(name).label}无法确定：{years}年的节假日和调休安排尚未录入"
                "（请先录入该年安排，或手工填写该日期）"
            )
        return problems

    # --- generation ---------------------------------------------------------------------

    def generate(self, form_id: str, *, case_id: int | None = None,
                 inspection_id: int | None = None, out_dir: Path | None = None,
                 pdf: bool = False, overrides: Mapping[str, object] | None = None,
                 user: str = "", items: Sequence[FileItem] | None = None) -> GeneratedDocument:  # fmt: skip
        """Check, number, render, record and store one document; write it to out_dir.

        Without out_dir the file goes to default_out_dir (if set); with neither, it is only
        stored and recorded (file_bytes() returns it).
        """
        out_dir = out_dir or self.default_out_dir
        document = self._generate_docx(form_id, case_id, inspection_id, out_dir, overrides,
                                       user, items, WorkdayCalendar(self._uow_factory),
                                       self._office.all())  # fmt: skip
        if pdf and document.path is not None:
            converted = self.convert_to_pdf([document], document.path.parent)
            return converted[0]
        return document

    def _generate_docx(self, form_id: str, case_id: int | None, inspection_id: int | None,
                       out_dir: Path | None, overrides: Mapping[str, object] | None, user: str,
                       items: Sequence[FileItem] | None, calendar: WorkdayCalendar,
                       office: Mapping[str, str]) -> GeneratedDocument:  # fmt: skip
        form = form_or_error(form_id)
        template = self.template_path(form)
        with self._uow_factory() as uow:
            session = uow.session
            context, source = self._context(session, form, office, calendar, case_id,
                                            inspection_id, items, overrides)  # fmt: skip
            refused = procedure_refusals(form, source, content=False)
            if refused:  # who may decide what comes before what the form still lacks
                raise ProcedureError(f"{form.name}不能生成：" + "；".join(refused) + "。")
            missing = missing_fields(form, context)
            if missing:
                raise PreflightError(form, missing)
            # What the penalty says: the procedure rules on its content, then its range — all
            # of it at once, each problem said once.
            refused = procedure_refusals(form, source, content=True)
            problems = refused + range_problems(form, source)
            if problems:
                error = ProcedureError if refused else PenaltyOutOfRangeError
                raise error(f"{form.name}不能生成：" + "；".join(problems) + "。")
            unsure = self._calendar_problems(form, source, overrides)
            if unsure:
                raise CasedeskError(f"{form.name}不能生成：" + "；".join(unsure) + "。")
            record = self._number(session, form, source, office, case_id, inspection_id)
            context["number"] = record.number
            data = self._renderer.render(template, context)
            record.file_sha256 = self._store.put(data)
            record.template_sha256 = self._renderer.prepared(template).sha256
            record.form_version = form.version
            record.created_by = user or _current_user()
            record.file_name = _file_name(form, record.number, context)
            session.add(record)
            session.flush()
            result = GeneratedDocument(record.id, form.id, form.name, record.number, None, None,
                                       record.file_sha256, record.template_sha256, case_id,
                                       inspection_id)  # fmt: skip
            if out_dir is None:
                uow.commit()
                return result
            # Written before the commit: a file that cannot be replaced (open in Word/WPS) rolls
            # the 文号 back with the rest of this transaction instead of leaving it used up.
            path = out_dir / record.file_name
            existed = path.exists()
            _write_export(path, data)
            try:
                uow.commit()
            except BaseException:
                if not existed:  # a file whose number was never recorded must not stay behind
                    path.unlink(missing_ok=True)
                raise
        return _replace_path(result, path)

    def _number(self, session: Session, form: FormDefinition, source: object,
                office: Mapping[str, str], case_id: int | None,
                inspection_id: int | None) -> Document:  # fmt: skip
        """A new Document row with its 文号: the issued one again (reprint) or the next one."""
        record = Document(doc_type=form.id, case_id=case_id, inspection_id=inspection_id)
        if not form.number_series:
            return record
        existing = getattr(source, "issued_numbers", {}).get(form.id)
        if existing:
            record.number = existing  # a reprint keeps the number; the register row stays unique
            return record
        year = form.document_date(source).year  # type: ignore[arg-type]
        seq = allocate_sequence(session, form.number_series, year)
        record.series, record.year, record.seq = form.number_series, year, seq
        record.number = format_number(office, form.number_series, year, seq)
        return record

    def render_to_bytes(self, form_id: str, *, case_id: int | None = None,
                        inspection_id: int | None = None,
                        items: Sequence[FileItem] | None = None,
                        overrides: Mapping[str, object] | None = None) -> bytes:  # fmt: skip
        """Render without numbering or recording (卷宗封面/卷内目录 for the case-file PDF)."""
        form = form_or_error(form_id)
        office = self._office.all()
        calendar = WorkdayCalendar(self._uow_factory)
        with self._uow_factory(readonly=True) as uow:
            context, _ = self._context(uow.session, form, office, calendar, case_id,
                                       inspection_id, items, overrides)  # fmt: skip
            missing = missing_fields(form, context)
            if missing:
                raise PreflightError(form, missing)
            return self._renderer.render(self.template_path(form), context)

    def generate_batch(self, form_id: str, case_ids: Sequence[int], out_dir: Path, *,
                       pdf: bool = False, progress: Progress | None = None,
                       cancel: Cancel | None = None, user: str = "") -> BatchResult:  # fmt: skip
        """One document per case; a failing case is reported and the batch goes on."""
        calendar = WorkdayCalendar(self._uow_factory)
        office = self._office.all()
        items: list[BatchItem] = []
        total = len(case_ids)
        cancelled = False
        for index, case_id in enumerate(case_ids, start=1):
            if is_cancelled(cancel):
                cancelled = True
                break
            try:
                doc = self._generate_docx(form_id, case_id, None, out_dir, None, user, None,
                                          calendar, office)  # fmt: skip
                items.append(BatchItem(case_id, doc))
                message = doc.path.name if doc.path else doc.number
            except CasedeskError as error:
                items.append(BatchItem(case_id, None, str(error)))
                message = str(error)
            if progress:
                progress(index, total, message)
        if pdf and not cancelled:
            done = [i.document for i in items if i.document is not None]
            failures: dict[int, str] = {}
            try:
                converted = self.convert_to_pdf(done, out_dir, progress=progress, cancel=cancel)
            except PdfConversionError as error:
                converted, failures = error.converted, error.failures
            by_id = {d.id: d for d in converted}
            items = [BatchItem(i.record_id, by_id.get(i.document.id, i.document), i.error,
                               failures.get(i.document.id, ""))
                     if i.document else i for i in items]  # fmt: skip
        return BatchResult(tuple(items), cancelled)

    # --- PDF ----------------------------------------------------------------------------

    def converter(self) -> PdfConverter:
        """The PDF converter chosen in the office settings."""
        return self._converter_factory(self._office.get("pdf_converter"))

    def check_converters(self) -> ConverterReport:
        """Which suites this PC has, in the order 设置 tries them (what the converter will use)."""
        office = self._office.all()
        report = check_converters(office.get("pdf_converter", "auto"),
                                  soffice=office.get(SOFFICE_KEY) or None)  # fmt: skip
        preferred = report.preferred
        # LibreOffice will make the PDFs: say whether previews can use a warm one (not started
        # here: the window starts it a few seconds after the first screen, warm_up()).
        warm = self.warm.describe() if preferred and preferred.id == "libreoffice" else ""
        return replace(report, fonts=check_fonts(), warm=warm)

    def close(self) -> None:
        """Stop the warm LibreOffice (the app closes)."""
        self.warm.stop()

    def convert_to_pdf(self, documents: Sequence[GeneratedDocument], out_dir: Path, *,
                       progress: Progress | None = None,
                       cancel: Cancel | None = None) -> list[GeneratedDocument]:  # fmt: skip
        """Convert generated documents in one converter run; records each PDF's sha256.

        Raises PdfConversionError naming every document that failed (after recording the
        ones that worked, which it carries in `converted`); nothing is dropped silently.
        """
        paths = [d.path for d in documents if d.path is not None]
        result = self.converter().convert(
            paths, out_dir, progress=progress, cancel=(lambda: is_cancelled(cancel))
        )
        updated: list[GeneratedDocument] = []
        failures: dict[int, str] = {}
        with self._uow_factory() as uow:
            for doc in documents:
                pdf_path = result.pdfs.get(doc.path) if doc.path else None
                if pdf_path is None:
                    reason = result.failed.get(doc.path) if doc.path else None
                    failures[doc.id] = _pdf_failure(doc, reason or "未写出 DOCX 文件，无从转换。")
                    updated.append(doc)
                    continue
                row = uow.session.get(Document, doc.id)
                if row is not None:
                    row.pdf_sha256 = self._store.put(pdf_path.read_bytes())
                updated.append(_with_pdf(doc, pdf_path))
            uow.commit()
        if failures:
            raise PdfConversionError(updated, failures)
        return updated

    # --- register -----------------------------------------------------------------------

    def void(self, document_id: int, reason: str) -> None:
        """Void a document; its 文号 stays taken (never reused) and the reason is kept."""
        if not reason.strip():
            raise ValidationError([FieldError("作废原因", "不能为空。")], "作废文书")
        with self._uow_factory() as uow:
            doc = uow.session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"找不到文书（编号 {document_id}）。")
            if doc.voided:
                raise ValidationError([FieldError("文书", f"{doc.number or doc.id} 已作废。")])
            doc.voided, doc.void_reason, doc.voided_at = True, reason.strip(), datetime.now()
            uow.commit()

    def list_documents(self, *, case_id: int | None = None,
                       inspection_id: int | None = None) -> list[DocumentRow]:  # fmt: skip
        """The register, optionally for one case or inspection, oldest first."""
        query = select(Document).order_by(Document.id)
        if case_id is not None:
            query = query.where(Document.case_id == case_id)
        if inspection_id is not None:
            query = query.where(Document.inspection_id == inspection_id)
        with self._uow_factory(readonly=True) as uow:
            return [
                DocumentRow(d.id, d.doc_type, FORMS[d.doc_type].name if d.doc_type in FORMS
                            else d.doc_type, d.number, d.case_id, d.inspection_id,
                            d.file_sha256, d.created_by, d.created_at, d.voided, d.void_reason)
                for d in uow.session.scalars(query)
            ]  # fmt: skip

    def file_bytes(self, document_id: int) -> bytes:
        """The stored DOCX of a recorded document (verified against its sha256)."""
        with self._uow_factory(readonly=True) as uow:
            doc = uow.session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"找不到文书（编号 {document_id}）。")
            digest = doc.file_sha256
        return self._store.get(digest)

    def template_path(self, form: FormDefinition) -> Path:
        """The template a form renders: the office's adapted copy, else the shipped one."""
        if self.office_templates_dir is not None:
            adapted = self.office_templates_dir / form.template
            if adapted.exists():
                return adapted
        return self.templates_dir / form.template

    def check_templates(self, directory: Path | None = None) -> list[LintIssue]:
        """Lint a folder's templates against their forms (default: shipped + office-adapted)."""
        by_template = {f.template: f.field_names() for f in FORMS.values()}
        samples = {f.template: sample_context(f) for f in FORMS.values()}
        if directory is not None:
            return lint_directory(directory, by_template, require_all=False, samples=samples)
        issues = lint_directory(self.templates_dir, by_template, samples=samples)
        if self.office_templates_dir is not None and self.office_templates_dir.is_dir():
            issues += lint_directory(
                self.office_templates_dir, by_template, require_all=False, samples=samples
            )
        return issues


def _replace_path(doc: GeneratedDocument, path: Path) -> GeneratedDocument:
    return GeneratedDocument(doc.id, doc.form_id, doc.name, doc.number, path, doc.pdf_path,
                             doc.sha256, doc.template_sha256, doc.case_id, doc.inspection_id)  # fmt: skip


def _with_pdf(doc: GeneratedDocument, pdf_path: Path) -> GeneratedDocument:
    return GeneratedDocument(doc.id, doc.form_id, doc.name, doc.number, doc.path, pdf_path,
                             doc.sha256, doc.template_sha256, doc.case_id, doc.inspection_id)  # fmt: skip


def _pdf_failure(doc: GeneratedDocument, reason: str) -> str:
    """One sentence naming the document: 《行政处罚决定书》青卫医罚〔2026〕3号未能转换为 PDF：…"""
    label = f"《{doc.name}》{doc.number}" if doc.number else f"《{doc.name}》（文书编号 {doc.id}）"
    return f"{label}未能转换为 PDF：{reason.rstrip('。')}"


def _file_name(form: FormDefinition, number: str, context: Mapping[str, object]) -> str:
    label = number or str(context.get("case_no") or context.get("party_name") or "")
    stem = safe_file_name(f"{form.name}_{label}")
    return f"{stem[:120]}.docx"


def export_file(path: Path, data: bytes) -> None:
    """Write an exported copy via a temp file and rename: never a half-written document.

    Not fsynced: the durable copy is the one in the file store (fsynced, its sha256 recorded),
    so after a power cut the export can be written again from there (file_bytes()).
    """
    private_dirs(path.parent)  # a folder it makes is the owner's only; mkstemp's file is 0600
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        move_onto(Path(tmp_name), path)  # retries while Word/WPS or antivirus holds the file
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _write_export(path: Path, data: bytes) -> None:
    """export_file, with the causes a clerk can fix as Chinese sentences naming the file."""
    try:
        export_file(path, data)
    except PermissionError as error:  # Windows: the document is open in Word or WPS
        raise CasedeskError(f"文件被占用：{path}，请关闭 Word/WPS 后重试。") from error
    except IsADirectoryError as error:
        raise CasedeskError(f"无法写出文件：{path} 是一个文件夹，请移走或改名后重试。") from error
    except OSError as error:
        raise CasedeskError(f"无法写出文件：{path}（{error.strerror or error}）。") from error


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return ""
