"""What the roll-up knows of each annex table: taken from the annex modules, never a second copy.

The roll-up reads a unit's table (casedesk JSON or XLSX, or the seed's layout filled by hand) into
cells keyed by the same header paths as `report … --format json`, sums them and shapes the sum
with the annex module's own `assemble`, so the output is the table `report` writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop.reports import annex1, annex2, shanxi1
from desktop.reports.table import Column, Number, ReportTable

Assembler = Callable[
    [
        str,
        date,
        date,
        date,
        dict[str, dict[str, Number]],
        tuple[tuple[str, Number], ...],
        tuple[dict[str, str], ...],
    ],
    ReportTable,
]

#: The word of a total row or column a unit may add to its own table.
TOTAL = "合计"


@dataclass(frozen=True, slots=True)
class Layout:
    """One annex table as the roll-up sees it."""

    name: str
    label: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[str, ...]
    row_keys: dict[str, tuple[str, ...]]
    footer_keys: tuple[str, ...]
    detail_headers: tuple[str, ...]
    details_group: str
    assemble: Assembler

    def header_path(self, column: Column) -> tuple[str, ...]:
        """The part of a column's path shown in the header rows (山西附件1's 机构/人员 are in
        the body, under 案件数)."""
        return column.path[: column.header_depth or len(column.path)]


def _every_row(labels: tuple[str, ...], columns: tuple[Column, ...]) -> dict[str, tuple[str, ...]]:
    return {label: tuple(c.key for c in columns) for label in labels}


LAYOUTS: dict[str, Layout] = {
    "annex1": Layout(
        "annex1", "附表1", annex1.TITLE, annex1.columns(), annex1.ROW_LABELS,
        _every_row(annex1.ROW_LABELS, annex1.columns()), (), (), "", annex1.assemble,
    ),
    "annex2": Layout(
        "annex2", "附表2", annex2.TITLE, annex2.columns(), (annex2.ROW_LABEL,),
        _every_row((annex2.ROW_LABEL,), annex2.columns()), (annex2.TRANSFERRED_UNITS,),
        annex2.DETAIL_HEADERS,
        annex2.DETAILS_GROUP, annex2.assemble,
    ),
    "shanxi1": Layout(
        "shanxi1", "附件1", shanxi1.TITLE, shanxi1.columns(), shanxi1.ROW_LABELS,
        {label: shanxi1.row_keys(label) for label in shanxi1.ROW_LABELS},
        shanxi1.footer_keys(), (), "", shanxi1.assemble,
    ),
}  # fmt: skip

_QUOTES = str.maketrans("", "", "“”\"'‘’「」")


def norm(text: object) -> str:
    """Header wording compared leniently: full-width brackets and colons as ASCII (NFKC), no
    spaces, no quotation marks — a hand-typed （元） or "回头看" is the same header."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return re.sub(r"\s+", "", folded)


def norm_key(key: str) -> str:
    """A header path key ("a/b/c") with each part compared leniently."""
    return "/".join(norm(part) for part in key.split("/"))


def identify(title: object) -> str | None:
    """The table a title names (annex1, annex2, shanxi1), or None."""
    text = norm(title)
    for name, layout in LAYOUTS.items():
        if norm(layout.title) in text:
            return name
    return None


def title_year(title: str) -> int | None:
    """The year a title starts with (2024年医疗美容…), if any."""
    found = re.match(r"\s*(\d{4})\s*年", title)
    return int(found.group(1)) if found else None


def decimals(row_label: str, key: str) -> int:
    """How many decimals a cell may have: 0 for counts, 2 for 元, 6 for 万元 (whole 分)."""
    if "万元" in row_label or "万元" in key:
        return 6
    if "(元)" in norm(key) or "(元)" in norm(row_label):
        return 2
    return 0
