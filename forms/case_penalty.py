"""The kinds of 行政处罚 a case imposes, read from its columns, and their words in a document.

The kind names are those of forms.penalty_kinds (行政处罚法 第九条 and the health laws' forms;
desktop.law.kinds re-exports the same table). Six kinds have columns of their own (警告, 罚款, 没收违法所得,
the 停业 field `suspension`, 吊销许可证件 = `revocation`) or a list (没收非法财物 = the case's
confiscated items); the others are named in `other_kinds`. The 停业 field records 责令停产停业
(printed 责令停业整顿), or 责令停止执业活动 where the provision's tier names that kind and not
责令停产停业 (`suspension_kind`); named in `other_kinds` as well, 责令停止执业活动 is still one kind
and prints once. Works on a stored Case and on the editor's CaseInput alike: both carry the
same attribute names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Protocol

from forms.money import fen_to_figures, fen_to_text
from forms.penalty_kinds import KIND_NAMES, SEPARATOR
from forms.validators import FieldError, parse_yuan

#: The two kinds the 停业 field (`suspension`) may record.
STOP_BUSINESS = "责令停产停业"
STOP_PRACTICE = "责令停止执业活动"


def suspension_kind(tier_kinds: Collection[str]) -> str:
    """The kind the 停业 field records under a tier with these kinds: 责令停止执业活动 where the
    tier names it and not 责令停产停业 (基本医疗卫生与健康促进法 第九十九条第一款, 医疗机构管理条例
    第四十六条 "责令其停止执业活动"), else 责令停产停业."""
    if STOP_PRACTICE in tier_kinds and STOP_BUSINESS not in tier_kinds:
        return STOP_PRACTICE
    return STOP_BUSINESS


class OtherKind(StrEnum):
    """The kinds recorded by name in Case.other_kinds (the others have columns of their own)."""

    CRITICISM = "通报批评"
    LICENCE_HOLD = "暂扣许可证件"
    DOWNGRADE = "降低资质等级"
    RESTRICT_BUSINESS = "限制开展生产经营活动"
    CLOSURE = "责令关闭"
    OCCUPATION_BAN = "限制从业"
    STOP_PRACTICE = "责令停止执业活动"
    PRACTICE_SUSPENSION = "暂停执业活动"
    SUBJECT_REDUCTION = "核减诊疗科目"


class ItemLike(Protocol):
    """An item of 没收非法财物 (ConfiscatedItem row or ConfiscationLine)."""

    @property
    def name(self) -> str: ...
    @property
    def quantity(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def value_fen(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class ConfiscationLine:
    """One line of 没收非法财物 as typed: 名称, 数量 (as counted), 单位, optional 价值 in 分."""

    name: str
    quantity: str
    unit: str = ""
    value_fen: int | None = None


def item_text(item: ItemLike) -> str:
    """射频美容仪 1台 (the words the decision prints)."""
    return f"{item.name} {item.quantity}{item.unit}"


def confiscation_text(items: Sequence[ItemLike]) -> str:
    """The items one per line, as the editor shows them: 射频美容仪 1台（价值3000元）."""
    lines = []
    for item in items:
        value = "" if item.value_fen is None else f"（价值{_yuan(item.value_fen)}元）"
        lines.append(item_text(item) + value)
    return "\n".join(lines)


def _yuan(fen: int) -> str:
    return f"{fen // 100}" if fen % 100 == 0 else f"{fen / 100:.2f}"


#: 名称 数量单位 [（价值N元）]: the name, a space, a number, the unit, an optional value.
_ITEM = re.compile(
    r"^(?P<name>.+?)\s+(?P<qty>[0-9０-９]+(?:\.[0-9]+)?)\s*(?P<unit>[^\s（(0-9]{0,20}?)\s*"
    r"(?:[（(]\s*(?:价值)?\s*(?P<value>[0-9.,，]+)\s*元?\s*[)）])?$"
)


def parse_confiscation(text: str, label: str = "没收非法财物") -> tuple[ConfiscationLine, ...]:
    """Lines (or ；-separated parts) of "名称 数量单位（价值N元）"; a bad line raises FieldError
    naming its number and what to write."""
    parts = [p.strip() for p in re.split(r"[\n；;]", text or "") if p.strip()]
    items: list[ConfiscationLine] = []
    for number, part in enumerate(parts, start=1):
        match = _ITEM.match(part)
        if match is None:
            raise FieldError(
                label, f"第{number}项“{part}”应写成“名称 数量单位”，如“射频美容仪 1台”。"
            )
        qty = match["qty"].translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        try:
            if Decimal(qty) <= 0:
                raise FieldError(label, f"第{number}项“{part}”的数量应大于0。")
        except InvalidOperation:
            raise FieldError(label, f"第{number}项“{part}”的数量不是数字。") from None
        name = match["name"].strip()
        if len(name) > 200 or len(match["unit"]) > 20 or len(qty) > 20:
            raise FieldError(
                label, f"第{number}项“{part}”过长（名称不超过200字，单位不超过20字）。"
            )
        value = parse_yuan(match["value"], label) if match["value"] else None
        items.append(ConfiscationLine(name, qty, match["unit"], value))
    return tuple(items)


def other_kind_names(text: str) -> tuple[str, ...]:
    """The kinds named in other_kinds, in 第九条 order (unknown names are ignored here;
    validation refuses them)."""
    named = {p.strip() for p in (text or "").split(SEPARATOR) if p.strip()}
    return tuple(k for k in KIND_NAMES if k in named)


def _named(kind: str) -> Callable[[Any], bool]:
    """Whether a kind without a column of its own is named in other_kinds."""
    return lambda case: kind in other_kind_names(case.other_kinds)


def _with(detail_attr: str, template: str) -> Callable[[Any], str]:
    """A kind's words with its detail in brackets when given: 暂停执业活动（期限：六个月）."""

    def words(case: Any) -> str:
        detail = str(getattr(case, detail_attr, "")).strip()
        return template.format("") if not detail else template.format(f"（{detail}）")

    return words


#: kind → (is it imposed on this case, its words in a decision); a kind not listed is named in
#: other_kinds and printed as its name.
_KINDS: dict[str, tuple[Callable[[Any], bool], Callable[[Any], str]]] = {
    "警告": (lambda c: bool(c.warning), lambda c: "警告"),
    "罚款": (lambda c: c.fine_fen > 0, lambda c: f"罚款{fen_to_text(c.fine_fen)}"),
    "没收违法所得": (lambda c: c.confiscation_fen > 0,
                     lambda c: f"没收违法所得{fen_to_text(c.confiscation_fen)}"),
    "没收非法财物": (lambda c: bool(c.confiscated_items),
                     lambda c: "没收非法财物（" + "、".join(item_text(i) for i in c.confiscated_items) + "）"),
    "吊销许可证件": (lambda c: bool(c.revocation), lambda c: "吊销《医疗机构执业许可证》"),
    "暂扣许可证件": (_named("暂扣许可证件"), _with("licence_hold_term", "暂扣许可证件{}")),
    "暂停执业活动": (_named("暂停执业活动"), _with("practice_suspension_term", "暂停执业活动{}")),
    "核减诊疗科目": (_named("核减诊疗科目"), _with("reduced_subjects", "核减诊疗科目{}")),
    "限制从业": (_named("限制从业"), _with("occupation_ban", "限制从业{}")),
}  # fmt: skip
#: A kind printed in other words than its name: the health laws' words for 第九条's 责令停产停业
#: (e.g. 医疗广告管理办法 第二十条).
_WORDS = {STOP_BUSINESS: "责令停业整顿"}
#: Kinds whose detail must be filled for the decision to say what it imposes: kind → (attribute,
#: the editor's label).
KIND_DETAILS: dict[str, tuple[str, str]] = {
    "暂扣许可证件": ("licence_hold_term", "暂扣许可证件期限"),
    "暂停执业活动": ("practice_suspension_term", "暂停执业活动期限"),
    "核减诊疗科目": ("reduced_subjects", "核减的诊疗科目"),
}


def case_kind_names(case: Any, suspension_as: str = STOP_BUSINESS) -> tuple[str, ...]:
    """The kinds of 行政处罚 the case imposes, in 第九条 order (empty for 不予处罚); the 停业
    field counts as `suspension_as` (see suspension_kind)."""
    return () if getattr(case, "no_penalty", False) else recorded_kinds(case, suspension_as)


def recorded_kinds(case: Any, suspension_as: str = STOP_BUSINESS) -> tuple[str, ...]:
    """The kinds the case's fields record, whether or not it is marked 不予处罚 (validation
    refuses a 不予处罚 case that records any)."""
    named = set(other_kind_names(case.other_kinds))
    if case.suspension:
        named.add(suspension_as)
    return tuple(
        kind for kind in KIND_NAMES if (_KINDS[kind][0](case) if kind in _KINDS else kind in named)
    )


def kind_lines(case: Any, suspension_as: str = STOP_BUSINESS) -> list[str]:
    """The measures of a decision, one per line, in the law's words (amounts in capitals and
    figures, items listed, terms given); each kind once."""
    return [_KINDS[k][1](case) if k in _KINDS else _WORDS.get(k, k)
            for k in case_kind_names(case, suspension_as)]  # fmt: skip


def missing_details(case: Any) -> list[str]:
    """Labels of the details a chosen kind needs and the case lacks (暂扣许可证件期限 …)."""
    kinds = case_kind_names(case)
    return [label for kind, (attr, label) in KIND_DETAILS.items()
            if kind in kinds and not str(getattr(case, attr, "")).strip()]  # fmt: skip


def value_text(items: Sequence[ItemLike]) -> str:
    """The total recorded value of the items (¥…), '' when none has a value."""
    values = [i.value_fen for i in items if i.value_fen is not None]
    return fen_to_figures(sum(values)) if values else ""
