"""The form engine: a document form is data (fields) plus one pure function records → context.

A field's `name` is the key of the template context it fills, so the pre-flight check, the UI
editor and the template linter all speak about the same thing. The UI builds an editor from
`FormDefinition.fields` (label, kind, required, choices, help); a clerk's edits come back as
`overrides` and win over the values drawn from the records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from database.models import Case, Inspection, Institution, LegalProvision


class FieldKind(StrEnum):
    """How a field is edited and shown."""

    TEXT = "text"  #: one line
    LONG_TEXT = "long_text"  #: several lines; newlines become line breaks in the DOCX
    DATE = "date"  #: shown as 2026年3月5日 (the context holds the formatted text)
    MONEY = "money"  #: integer 分 in the records; the context holds figures and capitals
    CHOICE = "choice"  #: one of `choices`
    BOOL = "bool"  #: 是/否
    TABLE = "table"  #: a list of rows (dicts); `columns` names their keys


class Subject(StrEnum):
    """What record a form is generated from."""

    CASE = "case"
    INSPECTION = "inspection"


@dataclass(frozen=True, slots=True)
class Field:
    """One fillable item of a form: context key, Chinese label, kind and rules."""

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    #: For TABLE fields: (key, Chinese label) of each column.
    columns: tuple[tuple[str, str], ...] = ()
    #: Computed fields (文号, amounts in capitals, deadlines) are shown but not edited.
    computed: bool = False


@dataclass(frozen=True, slots=True)
class FileItem:
    """One entry of a case file (卷内目录): title, number, date, page range."""

    title: str
    number: str = ""
    day: date | None = None
    first_page: int | None = None
    last_page: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class FormSource:
    """Everything a build_context function may read; built by the document service."""

    office: Mapping[str, str]
    today: date
    case: Case | None = None
    inspection: Inspection | None = None
    institution: Institution | None = None
    provision: LegalProvision | None = None
    #: Computed due dates by name (statement_due, hearing_due …).
    deadlines: Mapping[str, date] = field(default_factory=dict)
    #: Due dates counted over a year whose holidays are unknown (weekends only): name → years.
    provisional: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: Numbers of documents already issued for the record, by form id.
    issued_numbers: Mapping[str, str] = field(default_factory=dict)
    #: The 文号 of the document being generated ("" for forms without one).
    number: str = ""
    items: Sequence[FileItem] = ()
    #: The department that applies the case's provision when it is not the office (a 移送 row
    #: of the catalogue: 药品监督管理部门 …); "" for the office's own provisions.
    competent_department: str = ""
    #: The 裁量基准 levels of the case's provision and 处罚情形 (desktop.law.discretion.LevelTerms).
    discretion_levels: Sequence[Any] = ()


BuildContext = Callable[[FormSource], dict[str, object]]


@dataclass(frozen=True, slots=True)
class FormDefinition:
    """A document type: identity, template, version, fields and the record → context function."""

    id: str
    name: str
    template: str
    version: str
    subject: Subject
    fields: tuple[Field, ...]
    build_context: BuildContext
    #: Office setting suffix of the 文号 pattern (number_pattern.<series>); "" = no number.
    number_series: str = ""
    #: Name of the context date that dates the document.
    date_field: str = ""
    #: The record date that dates the document and gives its 文号 year: the date of the act it
    #: records (a step of the case or the inspection), never the day it is generated.
    dated_by: Callable[[FormSource], date | None] | None = None

    def document_date(self, source: FormSource) -> date | None:
        """The date the document bears (its 文号 year); None when the record has none yet."""
        return self.dated_by(source) if self.dated_by else None

    def field_names(self) -> frozenset[str]:
        """Every context key the form provides."""
        return frozenset(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        """The field with this context key."""
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)


def optional_fields(fields: Sequence[Field], *names: str) -> tuple[Field, ...]:
    """The fields with these made optional (a form where another field carries the content)."""
    return tuple(replace(f, required=False) if f.name in names else f for f in fields)


def is_blank(value: object) -> bool:
    """Whether a context value counts as not filled in."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return len(value) == 0
    return False


def missing_fields(form: FormDefinition, context: Mapping[str, object]) -> list[str]:
    """Labels of required fields that are empty, in form order."""
    return [f.label for f in form.fields if f.required and is_blank(context.get(f.name))]


def preflight_message(form: FormDefinition, missing: Sequence[str]) -> str:
    """The pre-flight sentence: 行政处罚决定书缺少：处罚依据、送达地址。"""
    return f"{form.name}缺少：{'、'.join(missing)}。"


def apply_overrides(
    form: FormDefinition, context: dict[str, object], overrides: Mapping[str, object]
) -> dict[str, object]:
    """The clerk's edits over the drawn values; unknown keys are refused (typos hide data)."""
    unknown = sorted(set(overrides) - form.field_names())
    if unknown:
        raise KeyError("、".join(unknown))
    merged = dict(context)
    merged.update(overrides)
    return merged
