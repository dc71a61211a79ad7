"""公示截止期: how long a penalty stays published, from the 信用修复 rules as data
(database/seed_data/publicity_periods.csv: 一般 and 严重, their shortest and longest periods in
months, which penalties count as 严重, and how far that is verified — see docs/publication.md).

The 公示截止期 written to the export is the decision date plus the longest period of its class
(after the shortest one the party may apply for 信用修复 to end it early).
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

PERIODS_FILE = "publicity_periods.csv"


@dataclass(frozen=True, slots=True)
class PublicityPeriod:
    """One class of penalty information and its publication periods."""

    name: str
    shortest_months: int
    longest_months: int
    #: Penalty kinds or 处罚情形 that put a decision in this class (empty: the default class).
    triggers: tuple[str, ...]
    verified: str
    basis: str


@cache
def publicity_periods() -> tuple[PublicityPeriod, ...]:
    """The classes as shipped, the default (no triggers) first."""
    text = resources.files("database").joinpath("seed_data", PERIODS_FILE).read_text("utf-8")
    periods = [
        PublicityPeriod(row["类别"], int(row["最短公示期（月）"]), int(row["最长公示期（月）"]),
                        tuple(t for t in row["适用情形"].split("|") if t), row["核实"], row["依据"])
        for row in csv.DictReader(io.StringIO(text))
    ]  # fmt: skip
    return tuple(sorted(periods, key=lambda p: bool(p.triggers)))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_for(kinds: Iterable[str], condition: str) -> PublicityPeriod:
    """The class of a decision with these penalty kinds and this 处罚情形."""
    marks = {*kinds, condition}
    periods = publicity_periods()
    chosen = periods[0]
    for period in periods:
        if marks & set(period.triggers) and period.longest_months > chosen.longest_months:
            chosen = period
    return chosen


def publicity_end(decided_on: date, kinds: Iterable[str], condition: str) -> date:
    """公示截止期 of a decision."""
    return add_months(decided_on, period_for(kinds, condition).longest_months)
