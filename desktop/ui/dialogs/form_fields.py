"""A document's missing fields as an editor, drawn from its form definition (forms.registry)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.registry import find_form
from forms.validators import FieldError

#: Field kinds a clerk can type over a drawn value (tables and amounts come from the records).
EDITABLE_KINDS = ("text", "long_text", "date", "choice")


@dataclass(frozen=True, slots=True)
class FormFieldSpec:
    """A forms.engine.Field seen by the generic editor: same name, label, kind and choices."""

    field: Any
    section: str

    @property
    def name(self) -> str:
        """The context key the override replaces."""
        return str(self.field.name)

    @property
    def label(self) -> str:
        """The Chinese label."""
        return str(self.field.label)

    @property
    def kind(self) -> str:
        """The editor kind (FieldKind values are the editor's kind names)."""
        return str(self.field.kind)

    @property
    def required(self) -> bool:
        """Only missing required fields are asked for, so always true here."""
        return True

    @property
    def choices(self) -> tuple[str, ...]:
        """The choices of a choice field."""
        return tuple(self.field.choices)

    @property
    def help(self) -> str:
        """The form's hint for the field."""
        return str(self.field.help)

    def to_value(self, raw: object) -> object:
        """The context value: text as typed, a date as the documents print it (2026年3月5日)."""
        if isinstance(raw, date):
            return f"{raw.year}年{raw.month}月{raw.day}日"
        text = str(raw or "").strip()
        if not text:
            raise FieldError(self.label, "不能为空。")
        return text

    def to_raw(self, value: object) -> object:
        """Nothing is shown first: only empty fields are asked for."""
        return value


def missing_editable(
    form_name: str, missing: Sequence[str]
) -> tuple[list[FormFieldSpec], list[str]]:
    """(fields the clerk can fill in the editor, other problems to fix in the records)."""
    form = find_form(form_name)
    if form is None:
        return [], list(missing)
    by_label = {f.label: f for f in form.fields}
    fields: list[FormFieldSpec] = []
    others: list[str] = []
    for label in missing:
        field = by_label.get(label)
        if field is not None and not field.computed and str(field.kind) in EDITABLE_KINDS:
            fields.append(FormFieldSpec(field, form.name))
        else:
            others.append(label)
    return fields, others
