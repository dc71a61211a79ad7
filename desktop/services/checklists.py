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
from desktop.services.errors import ConflictError, NotFoundError, ValidationError
from forms.validators import FieldError

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
        errors = _validate_items(items)
        if not name.strip():
            errors.insert(0, FieldError("清单名称", "不能为空。"))
        if errors:
            raise ValidationError(errors, "检查清单")
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
        """Rename and replace the items (past inspection results keep their own item text)."""
        errors = _validate_items(items)
        if not name.strip():
            errors.insert(0, FieldError("清单名称", "不能为空。"))
        if errors:
            raise ValidationError(errors, "检查清单")
        with self._uow_factory() as uow:
            checklist = uow.session.get(Checklist, checklist_id)
            if checklist is None:
                raise NotFoundError(f"没有编号为 {checklist_id} 的检查清单。")
            self._refuse_duplicate_name(uow.session, name.strip(), checklist_id)
            checklist.name = name.strip()
            checklist.items = _orm_items(items)
            uow.commit()

    @staticmethod
    def _refuse_duplicate_name(session: Session, name: str, own_id: int | None) -> None:
        query = select(func.count(Checklist.id)).where(Checklist.name == name)
        if own_id is not None:
            query = query.where(Checklist.id != own_id)
        if session.scalar(query):
            raise ConflictError(f"已有名为“{name}”的检查清单，请换一个名称。")
