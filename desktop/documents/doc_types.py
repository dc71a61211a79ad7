"""Data the document service returns (frozen DTOs) and the errors it raises."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.common.errors import CasedeskError
from desktop.common.sentences import sentence
from forms.engine import FormDefinition, preflight_message


class PreflightError(CasedeskError):
    """Required fields are empty; `missing` lists their Chinese labels."""

    def __init__(self, form: FormDefinition, missing: Sequence[str]) -> None:
        self.missing = list(missing)
        super().__init__(preflight_message(form, missing))


class PenaltyOutOfRangeError(CasedeskError):
    """The penalty does not fit its legal provision (or there is none)."""


class ProcedureError(PenaltyOutOfRangeError):
    """The case breaks a procedure rule that refuses this document (desktop.law.procedure):
    another authority's provision, a 不予处罚 case, fewer than two officers …"""


class PdfConversionError(CasedeskError):
    """Some documents were not converted to PDF; the others were (and are recorded).

    `failures` maps document id → a Chinese sentence naming the document and the reason;
    `converted` holds every document in the order given, with pdf_path set where it worked.
    """

    def __init__(self, converted: Sequence[GeneratedDocument], failures: dict[int, str]) -> None:
        self.converted = list(converted)
        self.failures = dict(failures)
        super().__init__(f"{len(failures)} 份文书未能转换为 PDF：" + sentence(*failures.values()))


@dataclass(frozen=True, slots=True)
class Preflight:
    """A document's pre-flight: `errors` refuse it (empty fields, procedure rules, the penalty
    range, unknown holidays); `notices` (提示) are shown and never refuse (an unverified row)."""

    errors: tuple[str, ...]
    notices: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class GeneratedDocument:
    """A recorded document and where its files were written."""

    id: int
    form_id: str
    name: str
    number: str
    path: Path | None
    pdf_path: Path | None
    sha256: str
    template_sha256: str
    case_id: int | None
    inspection_id: int | None

    @property
    def docx_path(self) -> Path | None:
        """The written DOCX (same as path)."""
        return self.path


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A row of the document register."""

    id: int
    form_id: str
    name: str
    number: str
    case_id: int | None
    inspection_id: int | None
    file_sha256: str
    created_by: str
    created_at: datetime | None
    voided: bool
    void_reason: str
    case_no: str = ""  #: the case's 案号 ("" for an inspection's document)
    #: The date the document bears (the act it records); None for documents made before 0013.
    document_date: date | None = None
    #: 补号原因: why its 文号 went to a document dated before the series' highest number.
    late_reason: str = ""


@dataclass(frozen=True, slots=True)
class BatchItem:
    """The outcome for one record of a batch."""

    record_id: int
    document: GeneratedDocument | None
    error: str = ""
    #: Why the PDF was not made although the DOCX was (batch with pdf=True).
    pdf_error: str = ""


@dataclass(frozen=True, slots=True)
class BatchResult:
    """All outcomes of a batch; cancelled when the clerk stopped it."""

    items: tuple[BatchItem, ...]
    cancelled: bool

    @property
    def succeeded(self) -> int:
        """How many documents were generated."""
        return sum(1 for i in self.items if i.document is not None)

    @property
    def pdf_failures(self) -> list[str]:
        """The Chinese reasons of every document generated but not converted to PDF."""
        return [i.pdf_error for i in self.items if i.pdf_error]
