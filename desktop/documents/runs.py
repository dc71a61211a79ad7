"""Join Jinja tags that Word split across runs (spell-check, revision marks, font changes).

Word may store `{{ party_name }}` as `{{ par` | `ty_name }}` in two <w:r> elements, or even split
the braces. Before rendering, each paragraph's tags are moved whole into the run where they
start; the linter reports the same places so the clerk knows which template was touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: A complete Jinja tag inside the text of one paragraph.
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: Brace pairs Jinja does not see as a tag: full-width (Chinese IME) braces or percent signs, or
#: a space between the two braces. Left alone, the document would print them as they are.
_LOOKALIKE_RE = re.compile(r"[{｛]\s*[{%｛％]|[}%｝％]\s*[}｝]")
_REAL_DELIMITERS = frozenset({"{{", "{%", "}}", "%}"})


@dataclass(frozen=True, slots=True)
class SplitTag:
    """A tag that was spread over several runs of one paragraph (1-based paragraph number)."""

    paragraph: int
    tag: str


def paragraph_texts(root: etree._Element) -> list[tuple[etree._Element, list[etree._Element]]]:
    """Every paragraph with its <w:t> elements, in document order."""
    return [(p, list(p.iter(f"{W}t"))) for p in root.iter(f"{W}p")]


def normalise_paragraph(texts: list[etree._Element]) -> list[str]:
    """Rewrite one paragraph's <w:t> so no tag crosses a run; returns the tags that did."""
    values = [t.text or "" for t in texts]
    full = "".join(values)
    if "{" not in full:
        return []
    starts: list[int] = []
    position = 0
    for value in values:
        starts.append(position)
        position += len(value)
    owner = [0] * len(full)
    for index, (start, value) in enumerate(zip(starts, values, strict=True)):
        for k in range(len(value)):
            owner[start + k] = index
    split: list[str] = []
    # Rebuild each node's text from the characters it owns, moving whole tags to their first run.
    for match in TAG_RE.finditer(full):
        begin, end = match.span()
        first = owner[begin]
        if owner[end - 1] != first:
            split.append(match.group(0))
            for k in range(begin, end):
                owner[k] = first
    if not split:
        return []
    new_values = ["" for _ in values]
    for k, char in enumerate(full):
        new_values[owner[k]] += char
    for node, value in zip(texts, new_values, strict=True):
        node.text = value
        node.set(XML_SPACE, "preserve")
    return split


def lookalike_tags(text: str) -> list[str]:
    """Excerpts of the paragraph text that look like tags but are not (see _LOOKALIKE_RE)."""
    leftover = TAG_RE.sub("", text)
    found: list[str] = []
    for match in _LOOKALIKE_RE.finditer(leftover):
        if match.group(0) in _REAL_DELIMITERS:
            continue  # a plain unmatched {{ or }}: the linter reports it as incomplete
        found.append(leftover[match.start() : match.start() + 30].strip())
        break  # one excerpt per paragraph is enough to find the spot
    return found


def lookalikes_in_tree(root: etree._Element, offset: int = 0) -> list[SplitTag]:
    """Tag look-alikes of every paragraph of a part (paragraph numbers 1-based, after offset)."""
    found: list[SplitTag] = []
    for number, (_p, texts) in enumerate(paragraph_texts(root), start=offset + 1):
        text = "".join(t.text or "" for t in texts)
        found.extend(SplitTag(number, excerpt) for excerpt in lookalike_tags(text))
    return found


def normalise_tree(root: etree._Element) -> list[SplitTag]:
    """Normalise every paragraph of a part; returns what was split (paragraph numbers 1-based)."""
    found: list[SplitTag] = []
    for number, (_p, texts) in enumerate(paragraph_texts(root), start=1):
        for tag in normalise_paragraph(texts):
            found.append(SplitTag(number, tag))
    return found
