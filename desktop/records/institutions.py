"""Institutions (机构名录): create, update, list with filters, search."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from database.models import (
    Institution,
    InstitutionKind,
    InstitutionStatus,
    InstitutionSubject,
)
from database.unit_of_work import UowFactory
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.common.list_order import display_order
from forms.validators import FieldError, field_errors, text_errors, validate_credit_code


@dataclass(frozen=True, slots=True)
class InstitutionInput:
    """What a clerk types or imports for one institution."""

    name: str
    kind: InstitutionKind
    credit_code: str = ""
    license_no: str = ""
    town: str = ""
    address: str = ""
    legal_representative: str = ""
    principal: str = ""
    phone: str = ""
    subjects: tuple[str, ...] = ()
    status: InstitutionStatus = InstitutionStatus.ACTIVE
    credit_grade: str = ""
    cosmetic_filed: bool = False
    licence_valid_until: date | None = None
    last_verified_on: date | None = None


@dataclass(frozen=True, slots=True)
class InstitutionRow:
    """One line of the institution list."""

    id: int
    name: str
    credit_code: str
    kind: str
    town: str
    status: str
    credit_grade: str
    legal_representative: str


@dataclass(frozen=True, slots=True)
class InstitutionFilter:
    """List filters; empty means no restriction."""

    search: str = ""
    kinds: tuple[InstitutionKind, ...] = ()
    towns: tuple[str, ...] = ()
    statuses: tuple[InstitutionStatus, ...] = ()
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class InstitutionDetail:
    """One institution with its 诊疗科目."""

    row: InstitutionRow
    data: InstitutionInput
    subjects: tuple[str, ...] = field(default=())


def validate_institution(data: InstitutionInput) -> list[FieldError]:
    """Every problem of an institution's fields, each naming the field."""
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("机构名称", "不能为空。"))
    errors += text_errors(
        [
            ("机构名称", data.name, 200),
            ("执业许可证登记号", data.license_no, 60),
            ("所在镇街", data.town, 60),
            ("地址", data.address, 300),
            ("法定代表人", data.legal_representative, 60),
            ("主要负责人", data.principal, 60),
            ("联系电话", data.phone, 60),
            ("依法执业信用评价", data.credit_grade, 20),
            *(("诊疗科目", subject, 200) for subject in data.subjects),
        ]
    )
    if data.credit_code:
        errors += field_errors(lambda: validate_credit_code(data.credit_code))
    if data.kind is InstitutionKind.UNLICENSED and data.license_no:
        errors.append(FieldError("执业许可证登记号", "无证场所不应有执业许可证登记号。"))
    return errors


def _row(inst: Institution) -> InstitutionRow:
    return InstitutionRow(
        id=inst.id,
        name=inst.name,
        credit_code=inst.credit_code or "",
        kind=inst.kind.value,
        town=inst.town,
        status=inst.status.value,
        credit_grade=inst.credit_grade,
        legal_representative=inst.legal_representative,
    )


def institution_input(inst: Institution) -> InstitutionInput:
    """A stored institution's fields as input (the editor's start, the base of a merge)."""
    return InstitutionInput(
        name=inst.name,
        kind=inst.kind,
        credit_code=inst.credit_code or "",
        license_no=inst.license_no or "",
        town=inst.town,
        address=inst.address,
        legal_representative=inst.legal_representative,
        principal=inst.principal,
        phone=inst.phone,
        subjects=tuple(s.name for s in inst.subjects),
        status=inst.status,
        credit_grade=inst.credit_grade,
        cosmetic_filed=inst.cosmetic_filed,
        licence_valid_until=inst.licence_valid_until,
        last_verified_on=inst.last_verified_on,
    )


def apply_institution(inst: Institution, data: InstitutionInput) -> None:
    """Copy validated input onto the ORM object, every field (subjects replaced as a set);
    an import merges a row into `institution_input(inst)` first, so it changes only what the
    row carries."""
    inst.name = data.name.strip()
    inst.kind = data.kind
    inst.credit_code = data.credit_code.strip().upper() or None
    inst.license_no = data.license_no or None
    inst.town = data.town
    inst.address = data.address
    inst.legal_representative = data.legal_representative
    inst.principal = data.principal
    inst.phone = data.phone
    inst.status = data.status
    inst.credit_grade = data.credit_grade
    inst.cosmetic_filed = data.cosmetic_filed
    inst.licence_valid_until = data.licence_valid_until
    inst.last_verified_on = data.last_verified_on
    wanted = list(dict.fromkeys(s.strip() for s in data.subjects if s.strip()))
    existing = {s.name: s for s in inst.subjects}
    inst.subjects = [existing.get(name) or InstitutionSubject(name=name) for name in wanted]


def find_institution(session: Session, credit_code: str, name: str) -> Institution | None:
    """The institution with this 统一社会信用代码, else with exactly this name."""
    if credit_code:
        found = session.scalar(
            select(Institution).where(Institution.credit_code == credit_code.upper())
        )
        if found is not None:
            return found
    if name:
        return session.scalars(
            select(Institution).where(Institution.name == name.strip()).order_by(Institution.id)
        ).first()
    return None


#: Sortable columns of the institution list (the UI's header keys).
INSTITUTION_SORT_COLUMNS = {
    "name": Institution.name,
    "kind": Institution.kind,
    "credit_code": Institution.credit_code,
    "town": Institution.town,
    "legal_representative": Institution.legal_representative,
    "status": Institution.status,
    "credit_grade": Institution.credit_grade,
}


def _filter_clauses(flt: InstitutionFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if flt.search.strip():
        pattern = f"%{flt.search.strip()}%"
        clauses.append(
            or_(
                Institution.name.like(pattern),
                Institution.credit_code.like(pattern.upper()),
                Institution.address.like(pattern),
                Institution.legal_representative.like(pattern),
            )
        )
    if flt.kinds:
        clauses.append(Institution.kind.in_(flt.kinds))
    if flt.towns:
        clauses.append(Institution.town.in_(flt.towns))
    if flt.statuses:
        clauses.append(Institution.status.in_(flt.statuses))
    return clauses


class InstitutionService:
    """Create, change, list and search institutions."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def create(self, data: InstitutionInput) -> int:
        """Validate and store a new institution; returns its id."""
        errors = validate_institution(data)
        if errors:
            raise ValidationError(errors, "机构")
        with self._uow_factory() as uow:
            self._check_unique(uow.session, data, None)
            inst = Institution()
            apply_institution(inst, data)
            uow.session.add(inst)
            uow.commit()
            return inst.id

    def update(self, institution_id: int, data: InstitutionInput) -> None:
        """Validate and replace an institution's fields."""
        errors = validate_institution(data)
        if errors:
            raise ValidationError(errors, "机构")
        with self._uow_factory() as uow:
            inst = uow.session.get(Institution, institution_id)
            if inst is None:
                raise NotFoundError(f"没有编号为 {institution_id} 的机构。")
            self._check_unique(uow.session, data, institution_id)
            apply_institution(inst, data)
            uow.commit()

    def get(self, institution_id: int) -> InstitutionDetail:
        """One institution with everything the editor shows."""
        with self._uow_factory(readonly=True) as uow:
            inst = uow.session.get(Institution, institution_id)
            if inst is None:
                raise NotFoundError(f"没有编号为 {institution_id} 的机构。")
            data = institution_input(inst)
            return InstitutionDetail(row=_row(inst), data=data, subjects=data.subjects)

    def list(self, flt: InstitutionFilter | None = None) -> builtins.list[InstitutionRow]:
        """Institutions matching the filter, by name."""
        flt = flt or InstitutionFilter()
        with self._uow_factory(readonly=True) as uow:
            query = select(Institution).where(*_filter_clauses(flt)).order_by(Institution.name)
            query = query.offset(flt.offset)
            if flt.limit is not None:
                query = query.limit(flt.limit)
            return [_row(inst) for inst in uow.session.scalars(query)]

    def ids(
        self, flt: InstitutionFilter | None = None, sort: str = "name", descending: bool = False
    ) -> builtins.list[int]:
        """Only the ids, in display order: the list loads its rows lazily by id."""
        flt = flt or InstitutionFilter()
        column = INSTITUTION_SORT_COLUMNS.get(sort, Institution.name)
        order = display_order(column, Institution.id, descending)
        with self._uow_factory(readonly=True) as uow:
            query = select(Institution.id).where(*_filter_clauses(flt)).order_by(*order)
            return builtins.list(uow.session.scalars(query))

    def rows(self, ids: builtins.list[int]) -> builtins.list[InstitutionRow]:
        """The rows for these ids, in the same order (ids of deleted records are left out)."""
        if not ids:
            return []
        with self._uow_factory(readonly=True) as uow:
            query = select(Institution).where(Institution.id.in_(ids))
            found = {inst.id: _row(inst) for inst in uow.session.scalars(query)}
            return [found[i] for i in ids if i in found]

    def search(self, text: str, limit: int = 50) -> builtins.list[InstitutionRow]:
        """Name / 统一社会信用代码 / address substring search."""
        return self.list(InstitutionFilter(search=text, limit=limit))

    def towns(self) -> builtins.list[str]:
        """The distinct 镇街 on record, for filter choices."""
        with self._uow_factory(readonly=True) as uow:
            query = select(Institution.town).distinct().where(Institution.town != "")
            return sorted(uow.session.scalars(query))

    @staticmethod
    def _check_unique(session: Session, data: InstitutionInput, own_id: int | None) -> None:
        if not data.credit_code:
            return
        other = session.scalar(
            select(Institution).where(Institution.credit_code == data.credit_code.upper())
        )
        if other is not None and other.id != own_id:
            raise ConflictError(
                f"统一社会信用代码 {data.credit_code} 已属于机构“{other.name}”，不能重复登记。"
            )
