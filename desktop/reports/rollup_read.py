"""Reading a unit's table for the roll-up: what was found, where, and the JSON reader.

A reader returns a `RawTable`: every figure with the place it was read from (a cell such as D7,
or a JSON row and key), so each check can name it. Reading refuses only what makes the file
unreadable as the table; the figures are checked in reports.rollup_checks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.reports.rollup_layout import LAYOUTS, identify, title_year


@dataclass(frozen=True, slots=True)
class Issue:
    """A refusal (kind "") or a warning of a kind the clerk may accept with a reason."""

    file: str
    reason: str
    kind: str = ""

    def __str__(self) -> str:
        mark = f"［{self.kind}］" if self.kind else ""
        return f"{self.file}：{mark}{self.reason}"


class UnreadableError(Exception):
    """The file cannot be read as an annex table; the message says why (Chinese)."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure as read: its raw value and where it stands."""

    value: object
    where: str


@dataclass(slots=True)
class RawTable:
    """A unit's table as read, before its figures are checked."""

    file: str
    sha256: str
    name: str
    unit: str
    title: str
    period: tuple[date, date] | None = None
    #: row label → key → figure, labels and keys as the file spells them
    rows: dict[str, dict[str, Figure]] = field(default_factory=dict)
    footer: dict[str, Figure] = field(default_factory=dict)
    details: list[dict[str, str]] = field(default_factory=list)
    #: where each row label stands (a cell or a JSON row), to name it in a refusal
    row_places: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return title_year(self.title)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _date(value: object, label: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise UnreadableError(f"“{label}”应为 YYYY-MM-DD 日期，而不是“{value}”。") from None


def read_json(file: str, data: bytes) -> RawTable:
    """A casedesk JSON export (`report … --format json`, or a roll-up's own JSON)."""
    try:
        obj = json.loads(data.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableError(f"不是有效的 JSON（{error}）。") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("rows"), list):
        raise UnreadableError("不是 casedesk 导出的附表 JSON（缺少 rows）。")
    title = str(obj.get("title", ""))
    name = identify(title)
    if name is None:
        known = "、".join(layout.title for layout in LAYOUTS.values())
        raise UnreadableError(f"标题“{title}”不是可汇总的附表（{known}）。")
    raw = RawTable(file, sha256_of(data), name, str(obj.get("unit", "")).strip(), title)
    if "from" in obj or "to" in obj:
        raw.period = (_date(obj.get("from"), "from"), _date(obj.get("to"), "to"))
    for index, row in enumerate(obj["rows"], start=1):
        row = _mapping(row, f"rows 第{index}项")
        label = str(row.get("label", ""))
        cells = _mapping(row.get("cells", {}), f"行“{label}”的 cells")
        raw.row_places[label] = f"rows 第{index}项“{label}”"
        raw.rows[label] = {
            str(key): Figure(value, f"行“{label}”栏目“{key}”") for key, value in cells.items()
        }
    footer = _mapping(obj.get("footer", {}), "footer")
    raw.footer = {str(k): Figure(v, f"footer“{k}”") for k, v in footer.items()}
    details = obj.get("details", [])
    if not isinstance(details, list):
        raise UnreadableError("details 应为列表。")
    for index, detail in enumerate(details, start=1):
        detail = _mapping(detail, f"details 第{index}项")
        raw.details.append({str(k): "" if v is None else str(v) for k, v in detail.items()})
    return raw


def _mapping(value: Any, label: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnreadableError(f"{label} 应为对象（{{…}}）。")
    return value
