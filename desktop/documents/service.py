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
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, Document
from database.numbering import allocate_sequence
from database.unit_of_work import UowFactory
from desktop.calendar.workdays import WorkdayCalendar
from desktop.common.errors import CasedeskError, NotFoundError, ValidationError
from desktop.common.progress import Cancel, Progress, is_cancelled
from desktop.common.sentences import sentence
from desktop.documents.converter_choice import choose_converter
from desktop.documents.converters import ConverterReport, check_converters, find_soffice
from desktop.documents.doc_types import (
    BatchItem,
    BatchResult,
    DocumentRow,
    GeneratedDocument,
    PdfConversionError,
    PenaltyOutOfRangeError,
    Preflight,
    PreflightError,
    ProcedureError,
)
from desktop.documents.fonts import check_fonts
from desktop.documents.legal_checks import (
    procedure_refusals,
    range_problems,
    record_notified_penalty,
    source_notices,
)
from desktop.documents.lint import LintIssue, lint_directory
from desktop.documents.numbering import format_number
from desktop.documents.pdf import PdfConverter
from desktop.documents.public_copy import (
    PUBLIC_DOC_TYPE,
    PUBLIC_NAME,
    SOURCE_FORM,
    mark_public,
    redact_context,
)
from desktop.documents.register import document_row
from desktop.documents.rendering import TemplateRenderer
from desktop.documents.slots import (
    act_date,
    check_number_order,
    date_label,
    refuse_locked,
    replace_copies,
    valid_copies,
)
from desktop.documents.sources import load_source
from desktop.documents.template_trial import sample_context
from desktop.documents.warm_com import WarmComSlot
from desktop.documents.warm_converter import WarmOfficeSlot
from desktop.records.office import SOFFICE_KEY, OfficeService
from desktop.trust.file_store import FileStore, move_onto, private_dirs, safe_file_name
from forms.engine import (
    FileItem,
    FormDefinition,
    FormSource,
    Subject,
    apply_overrides,
    missing_fields,
)
from forms.registry import FORMS, find_form
from forms.validators import FieldError
from forms.wording import joined_text

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
        #: The Word/WPS kept open for previews when it makes the PDFs (on with the warm office).
        self.warm_com = WarmComSlot(lambda: self.warm.enabled)
        self._converter_factory = converter_factory or (
            lambda setting: choose_converter(
                setting,
                soffice=self._office.get(SOFFICE_KEY) or None,
                warm=self.warm,
                warm_com=self.warm_com,
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
        return joined_text(context), source

    def preflight(self, form_id: str, *, case_id: int | None = None,
                  inspection_id: int | None = None,
                  overrides: Mapping[str, object] | None = None) -> list[str]:  # fmt: skip
        """Labels of required fields still empty, plus penalty-range problems (empty = ready)."""
        return list(self.preflight_check(form_id, case_id=case_id, inspection_id=inspection_id,
                                         overrides=overrides).errors)  # fmt: skip

    def preflight_check(self, form_id: str, *, case_id: int | None = None,
                        inspection_id: int | None = None,
                        overrides: Mapping[str, object] | None = None) -> Preflight:  # fmt: skip
        """The pre-flight with its notices: what refuses the document (errors, as preflight()
        returns them) and what the clerk should know without being refused (notices: an
        unverified catalogue row)."""
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
            notices = source_notices(source)
        errors = (
            missing_fields(form, context)
            + problems
            + self._calendar_problems(form, source, overrides)
        )
        return Preflight(tuple(errors), tuple(notices))

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
                 user: str = "", items: Sequence[FileItem] | None = None,
                 late_reason: str = "") -> GeneratedDocument:  # fmt: skip
        """Check, number, render, record and store one document; write it to out_dir.

        Without out_dir the file goes to default_out_dir (if set); with neither, it is only
        stored and recorded (file_bytes() returns it). A valid copy of the same slot is voided
        ("重新生成") and its 文号 reused; late_reason (补号原因) allows a new 文号 for a document
        dated before the series' highest number.
        """
        out_dir = out_dir or self.default_out_dir
        document = self._generate_docx(form_id, case_id, inspection_id, out_dir, overrides,
                                       user, items, WorkdayCalendar(self._uow_factory),
                                       self._office.all(), late_reason)  # fmt: skip
        if pdf and document.path is not None:
            converted = self.convert_to_pdf([document], document.path.parent)
            return converted[0]
        return document

    def _generate_docx(self, form_id: str, case_id: int | None, inspection_id: int | None,
                       out_dir: Path | None, overrides: Mapping[str, object] | None, user: str,
                       items: Sequence[FileItem] | None, calendar: WorkdayCalendar,
                       office: Mapping[str, str], late_reason: str = "") -> GeneratedDocument:  # fmt: skip
        form = form_or_error(form_id)
        template = self.template_path(form)
        with self._uow_factory() as uow:
            session = uow.session
            context, source = self._context(session, form, office, calendar, case_id,
                                            inspection_id, items, overrides)  # fmt: skip
            refuse_locked(session, form.name, case_id, inspection_id, "生成")
            refused = procedure_refusals(form, source, content=False)
            if refused:  # who may decide what comes before what the form still lacks
                raise ProcedureError(f"{form.name}不能生成：" + sentence(*refused))
            missing = missing_fields(form, context)
            if missing:
                raise PreflightError(form, missing)
            # What the penalty says: the procedure rules on its content, then its range — all
            # of it at once, each problem said once.
            refused = procedure_refusals(form, source, content=True)
            problems = refused + range_problems(form, source)
            if problems:
                error = ProcedureError if refused else PenaltyOutOfRangeError
                raise error(f"{form.name}不能生成：" + sentence(*problems))
            unsure = self._calendar_problems(form, source, overrides)
            if unsure:
                raise CasedeskError(f"{form.name}不能生成：" + sentence(*unsure))
            day = act_date(form, source, context)
            if day is None and form.number_series:  # a 文号's year is its document's
                raise PreflightError(form, [date_label(form)])
            record = self._number(session, form, office, case_id, inspection_id, day,
                                  late_reason)  # fmt: skip
            record_notified_penalty(form, source)
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

    def _number(self, session: Session, form: FormDefinition, office: Mapping[str, str],
                case_id: int | None, inspection_id: int | None, day: date | None,
                late_reason: str) -> Document:  # fmt: skip
        """A new Document row for the slot: it replaces the slot's valid copy and takes over
        its 文号, or gets the next number of its series and year (in date order)."""
        record = Document(doc_type=form.id, case_id=case_id, inspection_id=inspection_id,
                          document_date=day)  # fmt: skip
        previous = valid_copies(session, form.id, case_id, inspection_id)
        if replace_copies(session, previous, record) or not form.number_series:
            return record
        assert day is not None  # refused before (PreflightError naming the date field)
        year = day.year
        record.late_reason = check_number_order(session, form, form.number_series, year, day,
                                                late_reason)  # fmt: skip
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

    def generate_public_copy(self, case_id: int, out_dir: Path, *, pdf: bool = True,
                             user: str = "") -> GeneratedDocument:  # fmt: skip
        """The 公开版 of the case's 行政处罚决定书 (desktop.documents.public_copy): rendered from
        the record with personal details masked, marked 公开版, recorded in the register under
        the decision's 文号 (no number of its own); refused before the decision has its 文号."""
        form = form_or_error(SOURCE_FORM)
        template = self.template_path(form)
        with self._uow_factory() as uow:
            context, source = self._context(uow.session, form, self._office.all(),
                                            WorkdayCalendar(self._uow_factory), case_id, None,
                                            None, None)  # fmt: skip
            case = getattr(source, "case", None)
            number = getattr(source, "issued_numbers", {}).get(SOURCE_FORM, "")
            if case is None or not number:
                raise CasedeskError(f"案件 {context.get('case_no', case_id)} 尚未生成{form.name}"
                                    f"（没有文号），不能生成{PUBLIC_NAME}。")  # fmt: skip
            context["number"] = number
            data = mark_public(self._renderer.render(template, redact_context(context, case)))
            record = Document(doc_type=PUBLIC_DOC_TYPE, case_id=case_id, number=number,
                              file_sha256=self._store.put(data), form_version=form.version,
                              template_sha256=self._renderer.prepared(template).sha256,
                              created_by=user or _current_user(),
                              file_name=f"{safe_file_name(f'{PUBLIC_NAME}_{number}')[:120]}.docx")  # fmt: skip
            session = uow.session
            session.add(record)
            session.flush()
            path = out_dir / record.file_name
            _write_export(path, data)
            uow.commit()
            result = GeneratedDocument(record.id, PUBLIC_DOC_TYPE, PUBLIC_NAME, number, path, None,
                                       record.file_sha256, record.template_sha256, case_id, None)  # fmt: skip
        return self.convert_to_pdf([result], out_dir)[0] if pdf else result

    def generate_batch(self, form_id: str, case_ids: Sequence[int], out_dir: Path, *,
                       pdf: bool = False, progress: Progress | None = None,
                       cancel: Cancel | None = None, user: str = "") -> BatchResult:  # fmt: skip
        """One document per case; a failing case is reported and the batch goes on."""
        calendar = WorkdayCalendar(self._uow_factory)
        office = self._office.all()
        items: list[BatchItem] = []
        case_ids = self._in_date_order(form_or_error(form_id), case_ids, office)
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

    def _in_date_order(self, form: FormDefinition, case_ids: Sequence[int],
                       office: Mapping[str, str]) -> list[int]:  # fmt: skip
        """The cases by the date their document bears, so a batch's 文号 follow the dates;
        cases without a date keep their place at the end (each is refused by its pre-flight)."""
        if form.subject is not Subject.CASE:
            return list(case_ids)
        with self._uow_factory(readonly=True) as uow:
            cases = {
                c.id: c for c in uow.session.scalars(select(Case).where(Case.id.in_(case_ids)))
            }
            days = {
                case_id: form.document_date(
                    FormSource(office=office, today=date.today(), case=case)
                )
                for case_id, case in cases.items()
            }
        order = {case_id: index for index, case_id in enumerate(case_ids)}
        return sorted(case_ids, key=lambda c: (days.get(c) or date.max, order[c]))

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
        if preferred and preferred.id != "libreoffice" and self.warm_com.active():
            warm = f"预览经常驻的 {preferred.name} 转换（程序运行期间只启动一次）。"
        return replace(report, fonts=check_fonts(), warm=warm)

    def close(self) -> None:
        """Stop the warm LibreOffice and quit the kept Word/WPS (the app closes)."""
        self.warm.stop()
        self.warm_com.stop()

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
            name = FORMS[doc.doc_type].name if doc.doc_type in FORMS else doc.doc_type
            refuse_locked(uow.session, name, doc.case_id, doc.inspection_id, "作废")
            doc.voided, doc.void_reason, doc.voided_at = True, reason.strip(), datetime.now()
            uow.commit()

    def list_documents(self, *, case_id: int | None = None,
                       inspection_id: int | None = None) -> list[DocumentRow]:  # fmt: skip
        """The register, optionally for one case or inspection, oldest first, with 案号."""
        query = (
            select(Document, Case.case_no)
            .outerjoin(Case, Case.id == Document.case_id)
            .order_by(Document.id)
        )
        if case_id is not None:
            query = query.where(Document.case_id == case_id)
        if inspection_id is not None:
            query = query.where(Document.inspection_id == inspection_id)
        with self._uow_factory(readonly=True) as uow:
            return [document_row(d, case_no or "") for d, case_no in uow.session.execute(query)]

    def current_copy(self, form_id: str, *, case_id: int | None = None,
                     inspection_id: int | None = None) -> DocumentRow | None:  # fmt: skip
        """The slot's valid copy (what generating again would replace), or None."""
        form = form_or_error(form_id)
        with self._uow_factory(readonly=True) as uow:
            copies = valid_copies(uow.session, form.id, case_id, inspection_id)
            if not copies:
                return None
            case = uow.session.get(Case, copies[-1].case_id) if copies[-1].case_id else None
            return document_row(copies[-1], case.case_no if case else "")

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
