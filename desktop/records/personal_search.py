"""Exact search by 身份证号 through the keyed-hash columns (the values themselves are encrypted)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from database.encrypted import PersonalDataCipher
from database.models import Case, Staff
from database.unit_of_work import UowFactory

#: Encrypted attribute → its keyed-hash attribute, per model (kept up to date on every flush).
HASHED_COLUMNS: dict[type[Any], tuple[tuple[str, str], ...]] = {
    Staff: (("id_number", "id_number_hash"),),
    Case: (("party_id_number", "party_id_number_hash"),),
}


class PersonalSearchService:
    """Find records by an exact 身份证号 without decrypting every row."""

    def __init__(self, uow_factory: UowFactory, cipher: PersonalDataCipher) -> None:
        self._uow_factory = uow_factory
        self._cipher = cipher

    def case_ids_by_id_number(self, id_number: str) -> list[int]:
        """Ids of the cases whose party has this 身份证号."""
        if not id_number.strip():
            return []
        digest = self._cipher.index(id_number)
        with self._uow_factory(readonly=True) as uow:
            query = select(Case.id).where(Case.party_id_number_hash == digest).order_by(Case.id)
            return list(uow.session.scalars(query))

    def staff_ids_by_id_number(self, id_number: str) -> list[int]:
        """Ids of the staff members with this 身份证号."""
        if not id_number.strip():
            return []
        digest = self._cipher.index(id_number)
        with self._uow_factory(readonly=True) as uow:
            query = select(Staff.id).where(Staff.id_number_hash == digest).order_by(Staff.id)
            return list(uow.session.scalars(query))
