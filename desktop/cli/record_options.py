"""Command-line options converted by the editors' field definitions (forms.record_forms), so a
value typed on the command line is checked exactly as in the window, every problem at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.common.errors import ValidationError
from forms.record_forms import RecordField
from forms.validators import FieldError


def field_values(
    fields: Sequence[RecordField], raw: Mapping[str, object], what: str
) -> dict[str, object]:
    """Each field named in `raw` converted; ValidationError naming every field that is wrong.

    A record field takes an id on the command line (the window picks it from a list instead).
    """
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    for field in fields:
        if field.name not in raw:
            continue
        value = raw[field.name]
        if field.kind == "record" and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        try:
            values[field.name] = field.to_value(value)
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors, what)
    return values
