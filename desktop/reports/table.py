"""The common shape of every annex table: headers as a tree, rows of numbers, footer, details."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

#: A cell value: a count (int) or an amount in 元/万元 (exact Decimal, never a float).
Number = int | Decimal

#: Fen per 元 and per 万元.
FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000


def yuan(fen: int) -> Decimal:
    """元 exact to the 分."""
    return Decimal(int(fen)) / FEN_PER_YUAN


def wan(fen: int) -> Decimal:
    """万元 = 元 / 10,000, exact (never rounded)."""
    return Decimal(int(fen)) / FEN_PER_WAN


@dataclass(frozen=True, slots=True)
class Column:
    """One leaf column: its header path (top level first) and how the XLSX shows its numbers."""

    path: tuple[str, ...]
    number_format: str = "0"
    #: Header levels shown above the body; the rest of the path is a sub-label in a body row.
    header_depth: int | None = None

    @property
    def key(self) -> str:
        """The JSON key: the header path joined by '/'."""
        return "/".join(self.path)


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its label and its cells by column key (a missing key is an empty cell)."""

    label: str
    cells: dict[str, Number]
    #: Keys spanning two leaf columns in this row (山西附件1: one figure under 机构+人员).
    spans: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Show the columns' body sub-labels (机构/人员) in a row of their own above the figures.
    sub_header: bool = False
    #: Overrides the columns' number format for this row (a row of 万元 amounts).
    number_format: str | None = None


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A computed annex table, ready to render to XLSX, JSON or DOCX."""

    name: str
    title: str
    unit: str
    period_from: date
    period_to: date
    filled_on: date
    corner: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    footer: tuple[tuple[str, Number], ...] = ()
    #: Footer rendered as text in the XLSX (the seed's sentence); JSON uses `footer`.
    footer_text: tuple[str, ...] = ()
    detail_headers: tuple[str, ...] = ()
    details: tuple[dict[str, str], ...] = ()
    #: The XLSX shows the details as columns under this group header beside the figures (附表2's
    #: 具体信息), one object a row, so they continue under the repeated header rows; "" = below.
    details_group: str = ""
    note: str = ""
    #: Leaf column counts after which the XLSX prints a new page (the label column repeats).
    page_breaks: tuple[int, ...] = ()

    def cell(self, row_label: str, key: str) -> Number | None:
        """The value of one cell (None when the row or key is absent)."""
        for row in self.rows:
            if row.label == row_label:
                return row.cells.get(key)
        return None


def json_number(value: Number) -> int | float:
    """A JSON number for a cell; Decimal→float keeps the exact decimal digits (shortest repr)."""
    if isinstance(value, Decimal):
        integral = value.to_integral_value()
        return int(integral) if value == integral else float(value)
    return value


def to_json(table: ReportTable) -> dict[str, Any]:
    """The JSON form DESIGN.md specifies."""
    return {
        "title": table.title,
        "unit": table.unit,
        "from": table.period_from.isoformat(),
        "to": table.period_to.isoformat(),
        "rows": [
            {"label": row.label, "cells": {k: json_number(v) for k, v in row.cells.items()}}
            for row in table.rows
        ],
        "footer": {label: json_number(value) for label, value in table.footer},
        "details": [dict(d) for d in table.details],
    }
