"""Render a DOCX template safely: sandboxed Jinja, XML autoescape, StrictUndefined, real line breaks.

Without autoescape docxtpl silently cuts a document short at the first `&` or `<`; without
StrictUndefined a misspelt variable prints nothing. Each template is read, its split runs joined
(desktop.documents.runs) and cached by (path, mtime, size), so a batch parses the file once.
The sandbox has limits of size, loops and time (desktop.documents.template_limits): a template
that breaks one fails with a Chinese message naming it, never a traceback, a hang or a full memory.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from desktop.common.errors import CasedeskError
from desktop.documents.runs import SplitTag, lookalikes_in_tree, normalise_tree, paragraph_texts
from desktop.documents.template_budget import (
    TIME_LIMIT,
    TemplateLimitError,
    TemplateTimeout,
    within_limits,
)
from desktop.documents.template_limits import LimitedSandboxedEnvironment
from forms.wording import tidy

#: Characters XML 1.0 forbids (control characters pasted from other programs).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


class TemplateRenderError(CasedeskError):
    """A template could not be rendered (bad tag, unknown variable); the message says where."""


class TemplateLimitRenderError(TemplateRenderError):
    """A template broke a sandbox limit or ran out of time (`templates check` reports these)."""


def _finalize(value: object) -> object:
    """Every printed value: None → empty, forbidden characters dropped, marks tidied (forms.wording),
    newlines → <w:br/>."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        text = _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        text = tidy(text)  # full-width marks beside CJK text, no doubled stops
        if "\n" in text:
            return Markup(str(escape(text)).replace("\n", _BREAK))
        return text
    return value


#: Compiled part sources kept per environment (a template has ~8 parts: body, headers, footers…).
COMPILED_CACHE_SIZE = 256


class CachingSandboxedEnvironment(LimitedSandboxedEnvironment):
    """A sandbox that compiles each distinct part source once.

    docxtpl hands the environment the same XML source on every render of a template and Jinja
    recompiles it each time (docxtpl #110); compiled templates are immutable and thread-safe,
    so a batch compiles once and only renders afterwards.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: OrderedDict[str, Template] = OrderedDict()
        self._compiled_lock = threading.Lock()

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:
        """Compile once per distinct source (plain calls only; others go to Jinja)."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._compiled_lock:
            cached = self._compiled.get(source)
            if cached is not None:
                self._compiled.move_to_end(source)
                return cached
        compiled = super().from_string(source)
        with self._compiled_lock:
            self._compiled[source] = compiled
            while len(self._compiled) > COMPILED_CACHE_SIZE:
                self._compiled.popitem(last=False)
        return compiled


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment templates are rendered in."""
    return CachingSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, finalize=_finalize
    )


def _parts(document: docx.document.Document) -> Iterator[etree._Element]:
    yield document.element.body
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):  # fmt: skip
            if not part.is_linked_to_previous:
                yield part._element


@dataclass(frozen=True, slots=True)
class PreparedTemplate:
    """A template's original sha256 and its bytes with split tags joined."""

    path: Path
    sha256: str
    data: bytes
    split_tags: tuple[SplitTag, ...]
    #: Full-width or spaced braces that would be printed as they are (paragraph, excerpt).
    lookalikes: tuple[SplitTag, ...] = ()


def prepare_template(path: Path) -> PreparedTemplate:
    """Read a template and join its split tags (no rendering)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateRenderError(f"无法读取模板 {path.name}：{error}") from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises several types for a broken file
        raise TemplateRenderError(f"模板 {path.name} 不是有效的 DOCX 文件：{error}") from None
    split: list[SplitTag] = []
    lookalikes: list[SplitTag] = []
    offset = 0  # paragraphs numbered across parts, as `templates check` numbers them
    for element in _parts(document):
        split.extend(normalise_tree(element))
        lookalikes.extend(lookalikes_in_tree(element, offset))
        offset += len(paragraph_texts(element))
    if split:
        buffer = io.BytesIO()
        document.save(buffer)
        data = buffer.getvalue()
    else:
        data = raw
    return PreparedTemplate(
        path, hashlib.sha256(raw).hexdigest(), data, tuple(split), tuple(lookalikes)
    )


class TemplateRenderer:
    """Thread-safe renderer with a small cache of prepared templates."""

    def __init__(self) -> None:
        self._env = make_environment()
        self._cache: dict[Path, tuple[tuple[float, int], PreparedTemplate]] = {}
        self._lock = threading.Lock()
        #: Templates (by sha256) that ran out of time: the rest of a batch fails at once
        #: instead of waiting TIME_LIMIT on every case.
        self._timed_out: dict[str, str] = {}
        #: Seconds one document may render (template_limits.TIME_LIMIT).
        self.time_limit = TIME_LIMIT

    def prepared(self, path: Path) -> PreparedTemplate:
        """The prepared template, re-read when the file changed."""
        try:
            stat = path.stat()
        except OSError:
            raise TemplateRenderError(f"找不到模板文件 {path}。") from None
        key = (stat.st_mtime, stat.st_size)
        with self._lock:
            cached = self._cache.get(path)
            if cached and cached[0] == key:
                return cached[1]
        prepared = prepare_template(path)
        with self._lock:
            self._cache[path] = (key, prepared)
        return prepared

    def render(self, path: Path, context: Mapping[str, object]) -> bytes:
        """Render the template at path with context; returns the DOCX bytes."""
        prepared = self.prepared(path)
        if prepared.lookalikes:
            # A document with a raw ｛｛ 当事人 ｝｝ in it must not reach the party.
            where = "；".join(f"第{s.paragraph}段 {s.tag}" for s in prepared.lookalikes[:3])
            raise TemplateRenderError(
                f"模板 {path.name} 有不被识别的标签（全角括号或括号之间有空格）：{where}。"
                "请在 Word 中改为半角 {{ 变量 }} 后再生成。"
            )
        earlier = self._timed_out.get(prepared.sha256)
        if earlier:
            raise TemplateLimitRenderError(f"{earlier}（本批其余文书不再使用此模板）")
        try:
            return render_bytes(prepared.data, context, self._env, path.name, self.time_limit)
        except TemplateLimitRenderError as error:
            if TIMEOUT_WORDS in str(error):
                with self._lock:
                    self._timed_out[prepared.sha256] = str(error)
            raise


#: What a timeout message says (the renderer remembers templates that timed out by it).
TIMEOUT_WORDS = "模板运行超时"


def render_bytes(
    data: bytes, context: Mapping[str, object], env: SandboxedEnvironment, name: str,
    time_limit: float = TIME_LIMIT,
) -> bytes:  # fmt: skip
    """Render template bytes (already normalised) with the sandboxed environment, within the
    limits; every failure is a TemplateRenderError naming the template."""
    template = DocxTemplate(io.BytesIO(data))
    try:
        with within_limits(name, time_limit):
            template.render(dict(context), jinja_env=env)
    except TemplateTimeout:
        raise TemplateLimitRenderError(
            f"{TIMEOUT_WORDS}：模板 {name} 运行超过 {time_limit:g} 秒，已停止（多为循环过多或"
            "死循环），请检查模板中的 for 循环和宏。"
        ) from None
    except TemplateLimitError as error:
        raise TemplateLimitRenderError(
            f"模板 {name} 超出限制：{error}，已停止。请检查模板中的循环、range() 和重复运算。"
        ) from None
    except UndefinedError as error:
        raise TemplateRenderError(f"模板 {name} 使用了表单未提供的变量：{error.message}") from None
    except TemplateError as error:
        raise TemplateRenderError(f"模板 {name} 的标签有误：{error}") from None
    except RecursionError:
        raise TemplateLimitRenderError(f"模板 {name} 的宏或循环递归过深，已停止。") from None
    except MemoryError:
        raise TemplateLimitRenderError(f"模板 {name} 运行时内存不足，已停止。") from None
    except Exception as error:  # template code: 1/0, 'a' + 1, int overflow … (no traceback)
        raise TemplateRenderError(
            f"模板 {name} 运行出错：{type(error).__name__}：{error}"
        ) from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
