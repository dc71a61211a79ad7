"""`templates check`, second half: each template is rendered once with sample data, under the
same limits as a real document, so a template that would hang or exhaust memory at generation
is reported when it is checked (and a `{{ 'A' * 3000000000 }}` in well under a second).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined

from desktop.documents.rendering import (
    TemplateLimitRenderError,
    TemplateRenderError,
    _finalize,
    prepare_template,
    render_bytes,
)
from desktop.documents.template_limits import LimitedSandboxedEnvironment
from forms.engine import Field, FieldKind, FormDefinition

#: Rows a sample table has (a loop over them runs; enough to show a per-row problem).
SAMPLE_ROWS = 3


class _SampleRow(dict[str, str]):
    """A table row that has every column a template asks for."""

    def __missing__(self, key: str) -> str:
        return "示例"


def _sample_value(item: Field) -> object:
    if item.kind == FieldKind.TABLE:
        if not item.columns:
            return [f"示例{n}" for n in range(1, SAMPLE_ROWS + 1)]
        return [_SampleRow({key: f"示例{n}" for key, _label in item.columns})
                for n in range(1, SAMPLE_ROWS + 1)]  # fmt: skip
    if item.kind == FieldKind.BOOL:
        return True
    if item.kind == FieldKind.CHOICE and item.choices:
        return item.choices[0]
    if item.kind == FieldKind.DATE:
        return "2026年1月5日"
    if item.kind == FieldKind.MONEY:
        return "1,000.00"
    if item.kind == FieldKind.LONG_TEXT:
        return "示例第一行\n示例第二行"
    return "示例"


def sample_context(form: FormDefinition) -> dict[str, object]:
    """A value of the right kind for every field of the form (and the 文号)."""
    context: dict[str, object] = {"number": "示卫罚〔2026〕1号"}
    context.update({item.name: _sample_value(item) for item in form.fields})
    return context


def names_context(names: Iterable[str]) -> dict[str, object]:
    """A sample for a template known only by the names it may use."""
    return dict.fromkeys(names, "示例")


def _trial_environment() -> LimitedSandboxedEnvironment:
    # Names the sample lacks are reported by the variable check; here they must not stop the
    # trial before it reaches a loop further down.
    return LimitedSandboxedEnvironment(
        autoescape=True, undefined=ChainableUndefined, finalize=_finalize
    )


def trial_problems(path: Path, sample: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(severity, problem) from rendering the template once with sample data."""
    try:
        prepared = prepare_template(path)
    except TemplateRenderError:
        return []  # the DOCX check reports a file that is not a DOCX
    try:
        render_bytes(prepared.data, sample, _trial_environment(), path.name)
    except TemplateLimitRenderError as error:
        return [("错误", f"用示例数据试生成时{_without_name(str(error), path.name)}")]
    except TemplateRenderError as error:
        return [("提示", f"用示例数据试生成时出错（可能与示例数据有关）：{error}")]
    return []


def _without_name(message: str, name: str) -> str:
    return message.replace(f"模板 {name} ", "", 1)
