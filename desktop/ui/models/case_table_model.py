"""The case list: ids first, rows fetched by the block when the view asks (100,000 cases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.cases.cases import CaseRow
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.models.lazy_table_model import BLOCK, MAX_BLOCKS, LazyTableModel
from desktop.ui.text import tr

__all__ = ["BLOCK", "CASE_COLUMNS", "MAX_BLOCKS", "CaseTableModel"]

#: The case list's columns, in order; sort_key names CaseService.SORT_COLUMNS.
CASE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(tr("案号"), attr("case_no"), 11, sort_key="case_no"),
    ColumnSpec(tr("当事人"), attr("party_name"), 11, sort_key="party_name"),
    ColumnSpec(tr("案由"), attr("cause"), 18),
    ColumnSpec(tr("案由分类"), attr("cause_category"), 7),
    ColumnSpec(tr("案件来源"), attr("source"), 6),
    ColumnSpec(tr("镇街"), attr("town"), 5, sort_key="town"),
    ColumnSpec(tr("环节"), attr("status"), 3, sort_key="status"),
    ColumnSpec(tr("立案日期"), attr("filed_on"), 6, "date", "filed_on"),
    ColumnSpec(tr("决定日期"), attr("decided_on"), 6, "date", "decided_on"),
    ColumnSpec(tr("罚款(元)"), attr("fine_fen"), 6, "money", "fine_fen"),
)


class CaseTableModel(LazyTableModel):
    """The case list's lazy model with its columns."""

    def __init__(self, load_rows: Callable[[list[int]], list[CaseRow]], parent: Any = None) -> None:
        super().__init__(CASE_COLUMNS, load_rows, parent)
