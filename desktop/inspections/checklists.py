"""Checklists as data: the default 医疗美容 checklist (seed 000), copies and edits."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass, replace
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.models import CauseCategory, Checklist, ChecklistItem
from database.unit_of_work import UowFactory
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from forms.validators import LONG_TEXT, FieldError, text_errors

#: The bundled default checklist (items verbatim from seed 000, suggestions added).
DEFAULT_CHECKLIST_FILE = "checklist_cosmetic.json"


@dataclass(frozen=True, slots=True)
class ChecklistItemData:
    """One checklist item as shown and edited."""

    text: str
    department: str = ""
    label: str = ""
    cause_category: str = ""
    provision_code: str = ""
    case_cause: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ChecklistData:
    """A checklist with its items in order."""

    id: int
    name: str
    is_default: bool
    items: tuple[ChecklistItemData, ...]


def default_checklist_source() -> tuple[str, tuple[ChecklistItemData, ...]]:
    """The bundled default checklist: its name and items."""
    raw = (
        resources.files("database").joinpath("seed_data", DEFAULT_CHECKLIST_FILE).read_text("utf-8")
    )
    data = json.loads(raw)
    items = tuple(
        ChecklistItemData(
            text=i["text"],
            department=i["department"],
            label=i["label"],
            cause_category=i["cause_category"],
            provision_code=i["provision_code"],
            case_cause=i["case_cause"],
        )
        for i in data["items"]
    )
    return str(data["name"]), items


def _validate_items(items: tuple[ChecklistItemData, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    categories = {c.value for c in CauseCategory}
    if not items:
        errors.append(FieldError("检查项目", "至少需要一项。"))
    for number, item in enumerate(items, start=1):
        if not item.text.strip():
            errors.append(FieldError(f"第{number}项 检查内容", "不能为空。"))
        errors += text_errors(
            [(f"第{number}项 检查内容", item.text, LONG_TEXT),
             (f"第{number}项 处室", item.department, 60),
             (f"第{number}项 标签", item.label, 20),
             (f"第{number}项 条款编码", item.provision_code, 40),
             (f"第{number}项 案由", item.case_cause, 200)]
        )  # fmt: skip
        if item.cause_category and item.cause_category not in categories:
            errors.append(
                FieldError(f"第{number}项 案由分类", f"“{item.cause_category}”不是有效的案由分类。")
            )
    return errors


def _data(checklist: Checklist) -> ChecklistData:
    return ChecklistData(
        id=checklist.id,
        name=checklist.name,
        is_default=checklist.is_default,
        items=tuple(
            ChecklistItemData(
                id=i.id,
                text=i.text,
                department=i.department,
                label=i.label,
                cause_category=i.cause_category,
                provision_code=i.provision_code,
                case_cause=i.case_cause,
            )
            for i in checklist.items
        ),
    )


def _orm_items(items: tuple[ChecklistItemData, ...]) -> list[ChecklistItem]:
    return [
        ChecklistItem(
            position=n,
            text=i.text,
            department=i.department.strip(),
            label=i.label.strip(),
            cause_category=i.cause_category,
            provision_code=i.provision_code.strip(),
            case_cause=i.case_cause.strip(),
        )
        for n, i in enumerate(items, start=1)
    ]


def _check(name: str, items: tuple[ChecklistItemData, ...]) -> None:
    """Refuse an empty name or bad items, listing every problem."""
    errors = _validate_items(items)
    if not name.strip():
        errors.insert(0, FieldError("清单名称", "不能为空。"))
    if errors:
        raise ValidationError(errors, "检查清单")


Items = tuple[ChecklistItemData, ...]


def _check_position(position: int, count: int) -> None:
    if not 1 <= position <= count:
        raise ValidationError(
            [FieldError("第几项", f"清单共 {count} 项，没有第 {position} 项。")], "检查清单"
        )


def with_item_added(items: Items, item: ChecklistItemData, position: int | None = None) -> Items:
    """The items with one inserted before `position` (1-based; None appends)."""
    if position is not None and not 1 <= position <= len(items) + 1:
        raise ValidationError(
            [FieldError("插入位置", f"应在 1 到 {len(items) + 1} 之间，实为 {position}。")],
            "检查清单",
        )
    at = len(items) if position is None else position - 1
    return (*items[:at], item, *items[at:])


def with_item_changed(items: Items, position: int, **changes: str) -> Items:
    """The items with attributes of the one at `position` (1-based) changed."""
    _check_position(position, len(items))
    changed = replace(items[position - 1], **changes)  # type: ignore[arg-type]
    return (*items[: position - 1], changed, *items[position:])


def with_item_removed(items: Items, position: int) -> Items:
    """The items without the one at `position` (1-based)."""
    _check_position(position, len(items))
    return (*items[: position - 1], *items[position:])


class ChecklistService:
    """List, copy and edit checklists; install the default one when absent."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def ensure_default(self) -> int:
        """The id of the default checklist, creating it from the bundled data if absent."""
        with self._uow_factory(readonly=True) as uow:
            found = uow.session.scalar(select(Checklist.id).where(Checklist.is_default))
        if found is not None:
            return found
        name, items = default_checklist_source()
        try:
            with self._uow_factory() as uow:
                checklist = Checklist(name=name, is_default=True, items=_orm_items(items))
                uow.session.add(checklist)
                uow.commit()
                return checklist.id
        except IntegrityError:
            # Another clerk's start-up created it at the same moment.
            with self._uow_factory(readonly=True) as uow:
                return int(
                    uow.session.scalars(select(Checklist.id).where(Checklist.is_default)).one()
                )

    def list(self) -> builtins.list[ChecklistData]:
        """Every checklist, the default first."""
        with self._uow_factory(readonly=True) as uow:
            rows = uow.session.scalars(
                select(Checklist).order_by(Checklist.is_default.desc(), Checklist.id)
            )
            return [_data(c) for c in rows]

    def get(self, checklist_id: int) -> ChecklistData:
        """One checklist with its items."""
        with self._uow_factory(readonly=True) as uow:
            checklist = uow.session.get(Checklist, checklist_id)
            if checklist is None:
                raise NotFoundError(f"没有编号为 {checklist_id} 的检查清单。")
            return _data(checklist)

    def create(self, name: str, items: tuple[ChecklistItemData, ...]) -> int:
        """A new checklist (never the default); returns its id."""
        _check(name, items)
        with self._uow_factory() as uow:
            self._refuse_duplicate_name(uow.session, name.strip(), None)
            checklist = Checklist(name=name.strip(), is_default=False, items=_orm_items(items))
            uow.session.add(checklist)
            uow.commit()
            return checklist.id

    def copy(self, checklist_id: int, new_name: str) -> int:
        """A copy under a new name, for the clerk to edit."""
        source = self.get(checklist_id)
        return self.create(new_name, tuple(replace(i, id=None) for i in source.items))

    def update(self, checklist_id: int, name: str, items: tuple[ChecklistItemData, ...]) -> None:
        """Rename and replace the items (past inspection results keep their own item text).

        The default checklist holds seed 000's items verbatim and is never changed: copy it first.
        """
        _check(name, items)
        with self._uow_factory() as uow:
            checklist = uow.session.get(Checklist, checklist_id)
            if checklist is None:
                raise NotFoundError(f"没有编号为 {checklist_id} 的检查清单。")
            if checklist.is_default:
                raise ConflictError(
                    f"“{checklist.name}”是内置的默认清单（工作方案原文），不能修改；"
                    "请先复制一份，再修改副本。"
                )
            self._refuse_duplicate_name(uow.session, name.strip(), checklist_id)
            checklist.name = name.strip()
            checklist.items = _orm_items(items)
            uow.commit()

    def add_item(
        self, checklist_id: int, item: ChecklistItemData, position: int | None = None
    ) -> None:
        """Insert an item before `position` (1-based; None appends)."""
        current = self.get(checklist_id)
        self.update(checklist_id, current.name, with_item_added(current.items, item, position))

    def change_item(self, checklist_id: int, position: int, **changes: str) -> None:
        """Change attributes (text, department, label …) of the item at `position` (1-based)."""
        current = self.get(checklist_id)
        self.update(
            checklist_id, current.name, with_item_changed(current.items, position, **changes)
        )

    def remove_item(self, checklist_id: int, position: int) -> None:
        """Remove the item at `position` (1-based)."""
        current = self.get(checklist_id)
        self.update(checklist_id, current.name, with_item_removed(current.items, position))

    @staticmethod
    def _refuse_duplicate_name(session: Session, name: str, own_id: int | None) -> None:
        query = select(func.count(Checklist.id)).where(Checklist.name == name)
        if own_id is not None:
            query = query.where(Checklist.id != own_id)
        if session.scalar(query):
            raise ConflictError(f"已有名为“{name}”的检查清单，请换一个名称。")
