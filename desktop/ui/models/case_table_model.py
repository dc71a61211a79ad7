"""The case list: ids first, rows fetched by the block when the view asks (100,000 cases).

Each block's rows come with their legal flags (LegalFlagService: a penalty outside its range),
read for the same ids, so a flagged case shows it in the list without a query per row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.cases.cases import CaseRow
from desktop.law.flags import CaseFlag
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.lazy_table_model import BLOCK, MAX_BLOCKS, LazyTableModel
from desktop.ui.text import tr

__all__ = ["BLOCK", "CASE_COLUMNS", "MAX_BLOCKS", "CaseTableModel", "FlaggedCase"]


@dataclass(frozen=True)
class FlaggedCase:
    """A case list row with its legal flag (None when the case has none)."""

    row: CaseRow
    flag: CaseFlag | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)  # the row's own columns (id, case_no …)


def _flag_text(row: object) -> str:
    flag = getattr(row, "flag", None)
    return "⚠ " + flag.short if isinstance(flag, CaseFlag) else ""


def _flag_tip(row: object) -> str:
    flag = getattr(row, "flag", None)
    if not isinstance(flag, CaseFlag):
        return ""
    reason = tr("\n已记录理由：{0}").format(flag.reason) if flag.reason else ""
    return "；".join(flag.problems) + reason


#: The case list's columns, in order; sort_key names CaseService.SORT_COLUMNS.
CASE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(tr("案号"), attr("case_no"), 11, sort_key="case_no"),
    ColumnSpec(tr("当事人"), attr("party_name"), 11, sort_key="party_name"),
    ColumnSpec(tr("案由"), attr("cause"), 14),
    ColumnSpec(tr("案由分类"), attr("cause_category"), 7),
    ColumnSpec(tr("案件来源"), attr("source"), 6),
    ColumnSpec(tr("镇街"), attr("town"), 5, sort_key="town"),
    ColumnSpec(tr("环节"), attr("status"), 3, sort_key="status"),
    ColumnSpec(tr("立案日期"), attr("filed_on"), 6, "date", "filed_on"),
    ColumnSpec(tr("决定日期"), attr("decided_on"), 6, "date", "decided_on"),
    ColumnSpec(tr("罚款(元)"), attr("fine_fen"), 6, "money", "fine_fen"),
    ColumnSpec(tr("法律问题"), _flag_text, 9, tip=_flag_tip),
)


class CaseTableModel(LazyTableModel):
    """The case list's lazy model with its columns and each row's legal flag."""

    def __init__(
        self,
        load_rows: Callable[[list[int]], list[CaseRow]],
        parent: Any = None,
        load_flags: Callable[[Sequence[int]], Mapping[int, CaseFlag]] | None = None,
    ) -> None:
        def rows_with_flags(ids: list[int]) -> list[FlaggedCase]:
            flags = load_flags(ids) if load_flags is not None else {}
            return [FlaggedCase(row, flags.get(row.id)) for row in load_rows(ids)]

        super().__init__(CASE_COLUMNS, rows_with_flags, parent)
