"""`casedesk templates check`: tags that do not parse, tags split across runs, unknown variables,
and a trial rendering with sample data under the sandbox's limits (desktop.documents.template_trial).

Every finding names the file, the paragraph (1-based, counting table-cell paragraphs in document
order) and the tag, so a clerk who edited a template in Word or WPS can find the spot.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from jinja2 import TemplateSyntaxError, meta, nodes
from lxml import etree

from desktop.documents.rendering import _parts, make_environment
from desktop.documents.runs import TAG_RE, lookalikes_in_tree, normalise_tree, paragraph_texts
from desktop.documents.template_trial import names_context, trial_problems

#: docxtpl's tag prefixes ({%p if %}, {%tr for %}, {{r x }}) removed before parsing.
_PREFIX_RE = re.compile(r"^(\{%|\{\{)(p|tr|tc|r)\s")
_LEFTOVER_RE = re.compile(r"\{\{|\{%|\}\}|%\}")
#: Names the Jinja loop provides without the form.
_BUILTINS = frozenset({"loop", "range", "true", "false", "none", "True", "False", "None"})


@dataclass(frozen=True, slots=True)
class LintIssue:
    """One finding; severity is 错误 (the document cannot be generated) or 提示 (repaired)."""

    file: str
    paragraph: int
    tag: str
    problem: str
    severity: str = "错误"

    def __str__(self) -> str:
        where = f"第{self.paragraph}段" if self.paragraph else "全文"
        tag = f"标签 {self.tag} " if self.tag else ""
        return f"[{self.severity}] {self.file} {where}：{tag}{self.problem}"


#: Shown for braces Jinja does not take as a tag (they would be printed as they are).
LOOKALIKE_PROBLEM = (
    "不是有效的标签（全角括号或括号之间有空格），文书中会原样印出；请改为半角 {{ 变量 }}"
)


def _quote_hint(tag: str) -> str:
    """Word's AutoCorrect turns " into “ ” inside tags; say so in Chinese."""
    if any(mark in tag for mark in "“”‘’"):
        return "（标签中有中文引号，多为 Word 自动更正所致，请改为英文引号）"
    return ""


def _strip_prefix(tag: str) -> str:
    return _PREFIX_RE.sub(r"\1 ", tag)


def _tags(root: etree._Element, offset: int) -> list[tuple[int, str, str]]:
    """(paragraph, tag, leftover text) of every paragraph of a part, after joining runs."""
    found: list[tuple[int, str, str]] = []
    for number, (_p, texts) in enumerate(paragraph_texts(root), start=offset + 1):
        text = "".join(t.text or "" for t in texts)
        if "{" not in text and "}" not in text:
            continue
        tags = TAG_RE.findall(text)
        leftover = TAG_RE.sub("", text)
        found.extend((number, tag, "") for tag in tags)
        if _LEFTOVER_RE.search(leftover):
            found.append((number, "", leftover.strip()))
    return found


def lint_template(
    path: Path, provided: Iterable[str] | None, sample: Mapping[str, Any] | None = None
) -> list[LintIssue]:
    """Check one template against the variables its form provides (None: skip that check),
    then render it once with `sample` (default: "示例" for every provided name) within limits."""
    names = None if provided is None else frozenset(provided)
    issues = _static_issues(path, names)
    context = sample if sample is not None else names_context(names or ())
    errors = any(i.severity == "错误" for i in issues)
    for severity, problem in trial_problems(path, context):
        if severity == "错误" or not errors:  # a template that does not parse fails anyway
            issues.append(LintIssue(path.name, 0, "", problem, severity))
    return issues


def _static_issues(path: Path, provided: frozenset[str] | None) -> list[LintIssue]:
    name = path.name
    try:
        document = docx.Document(io.BytesIO(path.read_bytes()))
    except Exception as error:
        return [LintIssue(name, 0, "", f"不是有效的 DOCX 文件：{error}")]
    issues: list[LintIssue] = []
    tags: list[tuple[int, str, str]] = []
    offset = 0
    for root in _parts(document):
        issues.extend(
            LintIssue(name, s.paragraph + offset, s.tag,
                      "被拆分在多个文字块中（Word 拼写检查或格式修改所致），生成时会自动合并；"
                      "建议在 Word 中重新输入该标签", "提示")
            for s in normalise_tree(root)
        )  # fmt: skip
        tags.extend(_tags(root, offset))
        issues.extend(LintIssue(name, s.paragraph, s.tag, LOOKALIKE_PROBLEM)
                      for s in lookalikes_in_tree(root, offset))  # fmt: skip
        offset += len(paragraph_texts(root))
    env = make_environment()
    lines: list[tuple[int, str]] = []
    for paragraph, tag, leftover in tags:
        if leftover:
            issues.append(LintIssue(name, paragraph, leftover[:40], "标签不完整（缺少配对的括号）"))
            continue
        clean = _strip_prefix(tag)
        if clean.startswith("{{"):
            try:
                env.parse(clean)
            except TemplateSyntaxError as error:
                issues.append(LintIssue(name, paragraph, tag,
                                        f"无法解析：{error.message}{_quote_hint(tag)}"))  # fmt: skip
                continue
        lines.append((paragraph, clean))
    source = "\n".join(tag for _, tag in lines)
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as error:
        paragraph, tag = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else (0, "")
        issues.append(LintIssue(name, paragraph, tag, f"块标签不配对或无法解析：{error.message}"))
        return issues
    issues.extend(_unsafe_constructs(name, ast, lines))
    if provided is not None:
        unknown = sorted(meta.find_undeclared_variables(ast) - set(provided) - _BUILTINS)
        for variable in unknown:
            pattern = re.compile(rf"\b{re.escape(variable)}\b")
            paragraph, tag = next(((p, t) for p, t in lines if pattern.search(t)), (0, ""))
            issues.append(LintIssue(name, paragraph, tag, f"变量 {variable} 不是表单提供的字段"))
    return issues


#: Tags that pull in another file: a template must be self-contained (and a path could leak files).
_FILE_TAGS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _unsafe_constructs(
    name: str, ast: nodes.Template, lines: list[tuple[int, str]]
) -> list[LintIssue]:
    """Private attributes (__class__ …) and file-including tags: the sandbox refuses them at
    rendering time, but a clerk should learn it when checking the template, not when printing."""
    found: list[LintIssue] = []

    def where(needle: str) -> tuple[int, str]:
        return next(((p, t) for p, t in lines if needle in t), (0, ""))

    for node in ast.find_all(_FILE_TAGS):
        keyword = type(node).__name__.lower().replace("fromimport", "from")
        paragraph, tag = where(keyword)
        found.append(
            LintIssue(name, paragraph, tag, "模板不允许引用其他文件（include/import/extends）")
        )
    for access in ast.find_all((nodes.Getattr, nodes.Getitem)):
        attr = (
            access.attr
            if isinstance(access, nodes.Getattr)
            else getattr(getattr(access, "arg", None), "value", None)
        )
        if isinstance(attr, str) and attr.startswith("_"):
            paragraph, tag = where(attr)
            found.append(LintIssue(name, paragraph, tag, f"不允许访问内部属性 {attr}"))
    return found


def lint_directory(
    directory: Path,
    forms_by_template: Mapping[str, Iterable[str]],
    *,
    require_all: bool = True,
    samples: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[LintIssue]:
    """Check every .docx in a folder; a file no form uses (and, if required, a missing one).
    `samples` (by template name) is the data each template is tried with."""
    issues: list[LintIssue] = []
    present = {p.name: p for p in sorted(directory.glob("*.docx")) if not p.name.startswith("~$")}
    for name, path in present.items():
        provided = forms_by_template.get(name)
        if provided is None:
            issues.append(
                LintIssue(name, 0, "", "没有表单使用此模板（文件名应与表单的模板名一致）", "提示")
            )
        issues.extend(lint_template(path, provided, (samples or {}).get(name)))
    for name in forms_by_template if require_all else ():
        if name not in present:
            issues.append(LintIssue(name, 0, "", f"目录 {directory} 中缺少此模板"))
    return issues
