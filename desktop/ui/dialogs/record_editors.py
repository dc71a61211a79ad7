"""The institution and case editors: the record forms wired to their services."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QWidget

from desktop.app import AppContext
from desktop.services.cases import CaseInput
from desktop.services.institutions import InstitutionInput
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.text import tr
from forms.record_forms import (
    CASE_FIELDS,
    INSTITUTION_FIELDS,
    CaseSource,
    CauseCategory,
    InstitutionKind,
    PartyType,
)


def _as_dict(record: object) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in dc_fields(record)}  # type: ignore[arg-type]


def institution_editor(
    ctx: AppContext, institution_id: int | None = None, parent: QWidget | None = None
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored institution."""
    if institution_id is None:
        original = InstitutionInput(name="", kind=InstitutionKind.COSMETIC_CLINIC)
        title = tr("新增机构")
    else:
        original = ctx.institutions.get(institution_id).data
        title = tr("编辑机构 — {0}").format(original.name)

    def save(values: dict[str, object]) -> int:
        data = replace(original, **values)  # type: ignore[arg-type]
        if institution_id is None:
            return ctx.institutions.create(data)
        ctx.institutions.update(institution_id, data)
        return institution_id

    return RecordEditorDialog(title, INSTITUTION_FIELDS, _as_dict(original), save, parent)


def case_editor(
    ctx: AppContext,
    case_id: int | None = None,
    parent: QWidget | None = None,
    today: date | None = None,
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored case."""
    if case_id is None:
        original = CaseInput(
            case_no="",
            party_name="",
            party_type=PartyType.ORGANISATION,
            source=CaseSource.ROUTINE,
            cause_category=CauseCategory.QUALIFICATION,
            cause="",
            filed_on=today or date.today(),
        )
        title = tr("新增案件")
    else:
        original = ctx.cases.get(case_id)
        title = tr("编辑案件 — {0}").format(original.case_no)

    def save(values: dict[str, object]) -> int:
        data = replace(original, **values)  # type: ignore[arg-type]
        if case_id is None:
            return ctx.cases.create(data)
        ctx.cases.update(case_id, data)
        return case_id

    dialog = RecordEditorDialog(title, CASE_FIELDS, _as_dict(original), save, parent)
    dialog.resize(780, 680)
    return dialog
