"""The document register as a searchable list: ids first, rows by the block (文书 page)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from database.models import Case, Document
from database.unit_of_work import UowFactory
from desktop.common.list_order import display_order
from desktop.documents.doc_types import DocumentRow
from desktop.documents.public_copy import COPY_NAMES
from forms.registry import FORMS


class DocumentState(StrEnum):
    """The 状态 filter."""

    VALID = "有效"
    VOIDED = "已作废"


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Register filters; empty means no restriction."""

    #: Substring of the 文号, the 文书 name, the 案号 or 当事人, who made it, the void reason or
    #: the 补号原因.
    search: str = ""
    form_id: str = ""
    state: DocumentState | None = None


#: Sortable columns of the register (the UI's header keys). A 文号 sorts by its year, then its
#: 序号 (〔2026〕9号 before 〔2026〕10号), both stored when it was allocated; unnumbered ones first.
SORT_COLUMNS: dict[str, Any] = {
    "created_at": Document.created_at,
    "number": (
        func.coalesce(Document.year, 0),
        func.coalesce(Document.seq, 0),
        Document.number,
    ),
    "doc_type": Document.doc_type,
    "created_by": Document.created_by,
    "case_no": Case.case_no_sort,
}


def _clauses(flt: DocumentFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    text = flt.search.strip()
    if text:
        pattern = f"%{text}%"
        # The 文书 name lives in the form registry, not the table: match it here.
        form_ids = [fid for fid, form in FORMS.items() if text in form.name]
        clauses.append(
            or_(
                Document.number.like(pattern),
                Document.created_by.like(pattern),
                Document.void_reason.like(pattern),
                Document.late_reason.like(pattern),
                Case.case_no.like(pattern),
                Case.party_name.like(pattern),
                Document.doc_type.in_(form_ids),
            )
        )
    if flt.form_id:
        clauses.append(Document.doc_type == flt.form_id)
    if flt.state is DocumentState.VALID:
        clauses.append(Document.voided.is_(False))
    elif flt.state is DocumentState.VOIDED:
        clauses.append(Document.voided.is_(True))
    return clauses


class DocumentRegister:
    """List the register with search, filters and database-side sorting."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def ids(
        self, flt: DocumentFilter | None = None, sort: str = "created_at", descending: bool = True
    ) -> builtins.list[int]:
        """The matching documents' ids in display order (newest first by default)."""
        flt = flt or DocumentFilter()
        column = SORT_COLUMNS.get(sort, Document.created_at)
        order = display_order(column, Document.id, descending)
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(Document.id)
                .outerjoin(Case, Case.id == Document.case_id)
                .where(*_clauses(flt))
                .order_by(*order)
            )
            return builtins.list(uow.session.scalars(query))

    def count(self) -> int:
        """How many documents the register holds."""
        with self._uow_factory(readonly=True) as uow:
            return int(uow.session.scalar(select(func.count(Document.id))) or 0)

    def rows(self, ids: builtins.list[int]) -> builtins.list[DocumentRow]:
        """The rows for these ids, in the same order, with the case's 案号."""
        if not ids:
            return []
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(Document, Case.case_no)
                .outerjoin(Case, Case.id == Document.case_id)
                .where(Document.id.in_(ids))
            )
            found = {
                d.id: document_row(d, case_no or "") for d, case_no in uow.session.execute(query)
            }
            return [found[i] for i in ids if i in found]


def document_row(d: Document, case_no: str) -> DocumentRow:
    """A register row of a document, with its case's 案号."""
    name = FORMS[d.doc_type].name if d.doc_type in FORMS else COPY_NAMES.get(d.doc_type, d.doc_type)
    return DocumentRow(
        d.id, d.doc_type, name, d.number, d.case_id, d.inspection_id, d.file_sha256,
        d.created_by, d.created_at, d.voided, d.void_reason, case_no, d.document_date,
        d.late_reason,
    )  # fmt: skip
