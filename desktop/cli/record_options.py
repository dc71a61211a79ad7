"""Command-line options converted by the editors' field definitions (forms.record_forms), so a
value typed on the command line is checked exactly as in the window, every problem at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from desktop.common.errors import ValidationError
from forms.record_forms import RecordField
from forms.validators import FieldError

T = TypeVar("T")


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


def named_pairs(
    pairs: Sequence[str], by_name: Mapping[str, T], example: str, unknown: str, word: str = "名称"
) -> tuple[list[tuple[T, str]], list[FieldError]]:
    """名称=值 arguments looked up in `by_name`: (item, value stripped) in the order typed, and one
    error per pair without "=" (“{word}=值”, as `example`) or with a name not there (`unknown`)."""
    found: list[tuple[T, str]] = []
    errors: list[FieldError] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        item = by_name.get(name.strip())
        if not sep:
            errors.append(FieldError(pair, f"应写成“{word}=值”，如 {example}。"))
        elif item is None:
            errors.append(FieldError(name.strip(), unknown))
        else:
            found.append((item, value.strip()))
    return found, errors
