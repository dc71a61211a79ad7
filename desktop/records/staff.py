"""Staff (医师/护士/药师/技师) of an institution."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select

from database.models import Institution, ScoreEvent, Staff, StaffRole
from database.unit_of_work import UowFactory
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from forms.validators import FieldError, field_errors, text_errors, validate_id_number


@dataclass(frozen=True, slots=True)
class StaffInput:
    """What a clerk types for one staff member."""

    name: str
    role: StaffRole
    id_number: str = ""
    certificate_no: str = ""
    practice_place: str = ""
    scope: str = ""
    chief_cosmetic_doctor: bool = False
    registration_valid_until: date | None = None
    phone: str = ""


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One line of an institution's staff list."""

    id: int
    institution_id: int
    name: str
    role: str
    certificate_no: str
    chief_cosmetic_doctor: bool
    registration_valid_until: date | None
    institution_name: str


def validate_staff(data: StaffInput) -> list[FieldError]:
    """Every problem of a staff member's fields."""
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("姓名", "不能为空。"))
    errors += text_errors(
        [
            ("姓名", data.name, 60),
            ("执业证书编号", data.certificate_no, 60),
            ("执业地点", data.practice_place, 200),
            ("执业范围", data.scope, 200),
            ("联系电话", data.phone, 60),
        ]
    )
    if data.id_number:
        errors += field_errors(lambda: validate_id_number(data.id_number))
    if data.chief_cosmetic_doctor and data.role is not StaffRole.DOCTOR:
        errors.append(FieldError("美容主诊医师", "只有医师可以是美容主诊医师。"))
    return errors


class StaffService:
    """Add, change, list and search the staff of institutions."""

    def __init__(
        self, uow_factory: UowFactory, id_index: Callable[[str], str] | None = None
    ) -> None:
        self._uow_factory = uow_factory
        # The keyed hash of a 身份证号 (the cipher's index): the number itself is encrypted, so
        # it is found only exactly, through its hash column.
        self._id_index = id_index

    def add(self, institution_id: int, data: StaffInput) -> int:
        """Validate and store a staff member; returns the id."""
        errors = validate_staff(data)
        if errors:
            raise ValidationError(errors, "人员")
        with self._uow_factory() as uow:
            if uow.session.get(Institution, institution_id) is None:
                raise NotFoundError(f"没有编号为 {institution_id} 的机构。")
            person = Staff(institution_id=institution_id)
            self._apply(person, data)
            uow.session.add(person)
            uow.commit()
            return person.id

    def update(self, staff_id: int, data: StaffInput) -> None:
        """Validate and replace a staff member's fields."""
        errors = validate_staff(data)
        if errors:
            raise ValidationError(errors, "人员")
        with self._uow_factory() as uow:
            person = uow.session.get(Staff, staff_id)
            if person is None:
                raise NotFoundError(f"没有编号为 {staff_id} 的人员。")
            self._apply(person, data)
            uow.commit()

    def delete(self, staff_id: int) -> None:
        """Remove a staff member entered by mistake or gone; the audit trail keeps the record.

        Refused while 不良执业行为记分 are recorded for the person: deleting would erase them.
        """
        with self._uow_factory() as uow:
            person = uow.session.get(Staff, staff_id)
            if person is None:
                raise NotFoundError(f"没有编号为 {staff_id} 的人员。")
            scored = uow.session.scalar(
                select(func.count()).select_from(ScoreEvent).where(ScoreEvent.staff_id == staff_id)
            )
            if scored:
                raise ConflictError(
                    f"{person.name}有 {scored} 条不良执业行为记分记录，不能删除（删除会抹去记分）。"
                )
            uow.session.delete(person)
            uow.commit()

    def get(self, staff_id: int) -> StaffInput:
        """One staff member's fields, for the editor."""
        with self._uow_factory(readonly=True) as uow:
            s = uow.session.get(Staff, staff_id)
            if s is None:
                raise NotFoundError(f"没有编号为 {staff_id} 的人员。")
            return StaffInput(
                name=s.name,
                role=s.role,
                id_number=s.id_number,
                certificate_no=s.certificate_no,
                practice_place=s.practice_place,
                scope=s.scope,
                chief_cosmetic_doctor=s.chief_cosmetic_doctor,
                registration_valid_until=s.registration_valid_until,
                phone=s.phone,
            )

    def list(self, institution_id: int) -> builtins.list[StaffRow]:
        """An institution's staff by role and name."""
        return self._select(Staff.institution_id == institution_id)

    def search(self, text: str, limit: int | None = None) -> builtins.list[StaffRow]:
        """Staff of every institution whose name or 执业证书编号 contains the text, or whose
        身份证号 is exactly the text; empty text lists everyone."""
        text = text.strip()
        if not text:
            return self._select(None, limit)
        pattern = f"%{text}%"
        matches: builtins.list[ColumnElement[bool]] = [
            Staff.name.like(pattern),
            Staff.certificate_no.like(pattern),
        ]
        if self._id_index is not None:
            matches.append(Staff.id_number_hash == self._id_index(text))
        return self._select(or_(*matches), limit)

    def _select(
        self, where: ColumnElement[bool] | None, limit: int | None = None
    ) -> builtins.list[StaffRow]:
        query = (
            select(Staff, Institution.name)
            .join(Institution, Institution.id == Staff.institution_id)
            .order_by(Staff.role, Staff.name, Staff.id)
        )
        if where is not None:
            query = query.where(where)
        if limit is not None:
            query = query.limit(limit)
        with self._uow_factory(readonly=True) as uow:
            return [
                StaffRow(
                    id=s.id,
                    institution_id=s.institution_id,
                    name=s.name,
                    role=s.role.value,
                    certificate_no=s.certificate_no,
                    chief_cosmetic_doctor=s.chief_cosmetic_doctor,
                    registration_valid_until=s.registration_valid_until,
                    institution_name=institution_name,
                )
                for s, institution_name in uow.session.execute(query)
            ]

    @staticmethod
    def _apply(person: Staff, data: StaffInput) -> None:
        person.name = data.name.strip()
        person.role = data.role
        person.id_number = data.id_number.strip().upper()
        person.certificate_no = data.certificate_no
        person.practice_place = data.practice_place
        person.scope = data.scope
        person.chief_cosmetic_doctor = data.chief_cosmetic_doctor
        person.registration_valid_until = data.registration_valid_until
        person.phone = data.phone
