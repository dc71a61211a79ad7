"""The party's rights after the 告知 as data: which penalties reach 听证 (行政处罚法 第六十三条),
the 较大数额 thresholds as office settings, and the 陈述申辩 / 听证 windows counted in working days
from the day the 告知书 was served (第六十四条第一项, 第八十五条).

较大数额 is set by each province (reference legal-and-documents.md §1.3: "thresholds are set
provincially [U] → configurable"), so the thresholds are office settings (`HEARING_KEYS`). The
defaults (个人 1万元, 单位 10万元) are a common provincial figure that nobody here has read in a
health-sector rule: they are marked unverified (docs/legal-rules.md) and an office sets its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop.law.kinds import BY_NAME

#: Office settings of the 较大数额 thresholds, in 元 (the 设置 page shows them).
HEARING_INDIVIDUAL_KEY = "hearing.amount_individual"
HEARING_ORGANISATION_KEY = "hearing.amount_organisation"
#: Defaults in 元, UNVERIFIED (see the module docstring); an office sets its province's figures.
DEFAULT_INDIVIDUAL_YUAN = 10_000
DEFAULT_ORGANISATION_YUAN = 100_000
#: Where the defaults come from, as the docs and the 设置 label say.
THRESHOLD_SOURCE = "常见省级标准，未核对原文；请按本省规定设置"
#: 陈述申辩 window (practice, reference §1.5: 三日) and 听证 window (第六十四条第一项: 五日), both
#: working days by 第八十五条.
STATEMENT_WORKING_DAYS = 3
HEARING_WORKING_DAYS = 5
#: The summons goes out "在举行听证的七日前" (第六十四条第二项): seven working days by 第八十五条,
#: the day of the summons not counted, the hearing on the seventh at the earliest.
SUMMONS_WORKING_DAYS = 7

#: The date `count` working days after a day (the calendar's; the law package cannot read it).
WorkingDays = Callable[[date, int], date]


@dataclass(frozen=True, slots=True)
class HearingTerms:
    """The office's 较大数额 thresholds (分) and the working-day count (None: windows unknown)."""

    individual_fen: int = DEFAULT_INDIVIDUAL_YUAN * 100
    organisation_fen: int = DEFAULT_ORGANISATION_YUAN * 100
    workdays: WorkingDays | None = None

    def threshold(self, individual: bool) -> int:
        """The 较大数额 for this party type, in 分."""
        return self.individual_fen if individual else self.organisation_fen


def _yuan_setting(settings: Mapping[str, str], key: str, default: int) -> int:
    text = (settings.get(key) or "").strip().replace(",", "")
    try:
        return round(float(text) * 100) if text else default * 100
    except ValueError:
        return default * 100  # the 设置 page refuses such a value; a stored one falls back


def terms_from(settings: Mapping[str, str], workdays: WorkingDays | None = None) -> HearingTerms:
    """The terms from the office settings (defaults where a key is empty)."""
    return HearingTerms(
        _yuan_setting(settings, HEARING_INDIVIDUAL_KEY, DEFAULT_INDIVIDUAL_YUAN),
        _yuan_setting(settings, HEARING_ORGANISATION_KEY, DEFAULT_ORGANISATION_YUAN),
        workdays,
    )


def hearing_reasons(
    kinds: tuple[str, ...], fine_fen: int, confiscated_fen: int, individual: bool,
    terms: HearingTerms,
) -> tuple[str, ...]:  # fmt: skip
    """Why the penalty reaches 听证 (第六十三条), one phrase per reason; () when it does not.

    `confiscated_fen` is 没收违法所得 plus the stated value of 没收非法财物."""
    limit = terms.threshold(individual)
    party = "个人" if individual else "单位"
    reasons = [kind for kind in kinds if kind in BY_NAME and BY_NAME[kind].hearing == "always"]
    if "罚款" in kinds and fine_fen >= limit:
        reasons.insert(0, f"较大数额罚款（对{party}{limit // 100}元以上）")
    if confiscated_fen >= limit and {"没收违法所得", "没收非法财物"} & set(kinds):
        reasons.insert(1 if reasons and reasons[0].startswith("较大") else 0,
                       f"没收较大数额违法所得或较大价值非法财物（对{party}{limit // 100}元以上）")  # fmt: skip
    return tuple(reasons)


def window_start(served_on: date | None, notified_on: date | None) -> date | None:
    """The day a window runs from: the 告知书's service; before it is recorded, the notice's
    own date (the earliest day it can have been served, so a decision before that window ends
    is early whatever the service date)."""
    return served_on or notified_on


def window_due(start: date | None, days: int, workdays: WorkingDays | None) -> date | None:
    """The last day of a window (inclusive), or None when it cannot be counted."""
    if start is None or workdays is None:
        return None
    return workdays(start, days)
