"""Notices (提示): what a clerk should know about a case's catalogue row that neither refuses a
document (a procedure rule, the penalty range) nor doubts the penalty (the range check's
warnings) — today, a row whose text the catalogue did not verify (issue 13: "unverified
catalogue rows warn in the editor and the pre-flight"). Kept apart from problems and warnings
so that the places showing those keep saying exactly what they said."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

#: How the command line and the editor introduce a notice.
NOTICE_PREFIX = "提示："


class NoticeTerms(Protocol):
    """What the notices read of a provision (a LegalProvision or a ProvisionRow)."""

    @property
    def code(self) -> str: ...
    @property
    def verified(self) -> bool: ...
    @property
    def basis_article(self) -> str: ...
    @property
    def violated_article(self) -> str: ...


def provision_notices(provision: NoticeTerms | None) -> list[str]:
    """The notices of the row a case names (none for a verified row or no row)."""
    if provision is None or provision.verified:
        return []
    cited = provision.basis_article or provision.violated_article
    named = f"条款编码{provision.code}" + (f"（{cited}）" if cited else "")
    return [
        f"{named}的条文未经核实：法律条款库未在法规全文中核对其违反条款、处罚依据和处罚幅度，"
        "请对照法规原文核对后再据以作出决定"
    ]


def batch_notice_line(notice: str, case_nos: Sequence[str]) -> str:
    """A notice said once for a batch (`doc --all-cases`, the window's 批量生成文书), naming each
    case it concerns once, instead of the same sentence repeated per case."""
    return f"{NOTICE_PREFIX}{notice}（涉及 {len(case_nos)} 个案件：{'、'.join(case_nos)}）"
