"""The evidence a decision cites (以上事实有现场笔录、询问笔录、照片等证据证实) checked against the file."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.casefile.entries import CaseFileItem

#: Words a citation list is split on, and the trailing words that are no evidence name.
_SEPARATORS = re.compile(r"[、，,；;。\s]+|以及|和|及")
_TAIL = re.compile(r"(等证据|等材料|等)$")
#: Cited names that any picture among the evidence satisfies.
PHOTO_WORDS = ("照片", "图片", "影像", "视频截图")


def cited_names(evidence: str) -> list[str]:
    """The evidence names of a citation text, in order, each once."""
    names: list[str] = []
    for part in _SEPARATORS.split(evidence or ""):
        name = _TAIL.sub("", part.strip()).strip()
        if name and name not in names:
            names.append(name)
    return names


def _present(name: str, items: Sequence[CaseFileItem]) -> bool:
    for item in items:
        if not item.present:
            continue
        title = item.title.removeprefix("证据：")
        if name in title or (title and title in name):
            return True
        if item.is_image and any(word in name for word in PHOTO_WORDS):
            return True
    return False


def cited_missing(evidence: str, items: Sequence[CaseFileItem]) -> list[str]:
    """Cited evidence the file holds neither as a document nor as an attachment."""
    return [name for name in cited_names(evidence) if not _present(name, items)]
