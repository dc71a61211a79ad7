"""The fields of a case's outcome beyond the first columns: the other kinds of 第九条, the
没收非法财物 list, the 不予处罚 ground and the 移送 — their validation and how the list is stored."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from database.models import Case, ConfiscatedItem, NoPenaltyGround
from forms.case_penalty import ConfiscationLine, OtherKind, recorded_kinds
from forms.validators import FieldError


class OutcomeInput(Protocol):
    """What the checks read of a CaseInput (besides the kinds' own fields)."""

    @property
    def other_kinds(self) -> str: ...
    @property
    def no_penalty(self) -> bool: ...
    @property
    def no_penalty_ground(self) -> NoPenaltyGround | None: ...
    @property
    def transfer_organ(self) -> str: ...
    @property
    def transferred_on(self) -> date | None: ...
    @property
    def filed_on(self) -> date: ...


def outcome_errors(data: OutcomeInput) -> list[FieldError]:
    """The new kinds, the 不予处罚 ground and the 移送 fields."""
    errors: list[FieldError] = []
    named = [p.strip() for p in data.other_kinds.split("、") if p.strip()]
    unknown = [n for n in named if n not in {k.value for k in OtherKind}]
    if unknown:
        allowed = "、".join(k.value for k in OtherKind)
        errors.append(
            FieldError("其他处罚种类", f"“{'、'.join(unknown)}”不是可选的处罚种类（可选：{allowed}）。")
        )
    if data.no_penalty and recorded_kinds(data):
        kinds = "、".join(recorded_kinds(data))
        errors.append(FieldError("不予处罚", f"不予处罚的案件不能同时处以{kinds}。"))
    if data.no_penalty_ground is not None and not data.no_penalty:
        errors.append(FieldError("不予处罚情形", "只有不予处罚的案件才填写不予处罚情形。"))
    if data.transferred_on is not None and not data.transfer_organ.strip():
        errors.append(FieldError("移送机关", "填写了移送日期，但没有移送机关。"))
    if data.transferred_on is not None and data.transferred_on < data.filed_on:
        errors.append(FieldError("移送日期", f"移送日期（{data.transferred_on.isoformat()}）早于立案日期"
                                 f"（{data.filed_on.isoformat()}），请核对。"))  # fmt: skip
    return errors


def apply_items(case: Case, items: tuple[ConfiscationLine, ...]) -> None:
    """Replace the 没收非法财物 list when it differs (an unchanged list writes nothing)."""
    current = tuple(
        ConfiscationLine(i.name, i.quantity, i.unit, i.value_fen) for i in case.confiscated_items
    )
    if current == items:
        return
    case.confiscated_items = [
        ConfiscatedItem(position=n, name=i.name, quantity=i.quantity, unit=i.unit,
                        value_fen=i.value_fen)
        for n, i in enumerate(items, start=1)
    ]  # fmt: skip
