"""The legal provision catalogue (违法行为 → 违反条款 → 处罚依据 → 法定幅度) and the range check.

The catalogue ships as database/seed_data/provisions.csv and is loaded into an empty
legal_provision table at start-up. `verified` = 1 marks rows whose article mapping and range the
reference (../shared/reference/legal-and-documents.md) checked against the statute text.
Each row carries its effective dates, and a superseded version of a provision is kept under the
current code plus "-" and the year of its text (YLJG-04-2016 is the 2016 条例's version of
YLJG-04). 《中华人民共和国行政处罚法》第三十七条 (从旧兼从轻; reference §1.5, verified):
"实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、
规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。" So a case is matched to
the version in force on its 违法行为发生日期 (act_on; 立案日期 when not recorded, with a warning),
unless the version in force on its 处罚决定日期 (today while undecided) is lighter — see
applicable_version and lighter_reason."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, select

from database.models import Case, LegalProvision
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError
from desktop.law.catalogue import SEED_FILE, ProvisionRow, provision_row, read_seed
from desktop.law.penalties import penalty_problems, penalty_warnings
from desktop.law.versions import find_provision


class ProvisionService:
    """Read the catalogue; load the shipped rows into an empty table."""

    def __init__(self, uow_factory: UowFactory, seed_file: Path = SEED_FILE) -> None:
        self._uow_factory = uow_factory
        self._seed_file = seed_file

    def ensure_seeded(self) -> int:
        """Load the shipped catalogue when the table is empty; returns the rows added."""
        with self._uow_factory(readonly=True) as uow:
            if uow.session.scalar(select(func.count(LegalProvision.id))):
                return 0
        rows = read_seed(self._seed_file.read_text(encoding="utf-8"))
        with self._uow_factory() as uow:
            if uow.session.scalar(select(func.count(LegalProvision.id))):
                return 0  # another process seeded it meanwhile
            uow.session.add_all(rows)
            uow.commit()
        return len(rows)

    def list(self) -> list[ProvisionRow]:
        """Every provision, by code."""
        with self._uow_factory(readonly=True) as uow:
            rows = uow.session.scalars(select(LegalProvision).order_by(LegalProvision.code))
            return [provision_row(p) for p in rows]

    def get(self, code: str) -> ProvisionRow:
        """One provision by code."""
        with self._uow_factory(readonly=True) as uow:
            found = uow.session.scalar(select(LegalProvision).where(LegalProvision.code == code))
            if found is None:
                raise NotFoundError(f"法律条款库中没有编号为“{code}”的条款。")
            return provision_row(found)

    def check_case(self, case_id: int) -> Sequence[str]:
        """Reasons the case's penalty does not fit its provision (empty when it does)."""
        with self._uow_factory(readonly=True) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"找不到案件（编号 {case_id}）。")
            return penalty_problems(case, find_provision(uow.session, case))

    def check_case_warnings(self, case_id: int) -> Sequence[str]:
        """What of the case's penalty could not be checked (e.g. 违法所得 not recorded)."""
        with self._uow_factory(readonly=True) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"找不到案件（编号 {case_id}）。")
            return penalty_warnings(case, find_provision(uow.session, case))
