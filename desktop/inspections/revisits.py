"""“回头看” findings: which punished unlicensed venues were found practising illegally again (附表2 raw data).

A revisit is an Inspection with is_revisit set; illegal_again says whether the venue was again
found carrying out illegal 医疗美容. The cases that follow a revisit are the cases opened from it
(Case.inspection_id) or filed against the same institution on or after the revisit day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from database.models import Case, Inspection, Institution
from database.unit_of_work import UowFactory


@dataclass(frozen=True, slots=True)
class RevisitFinding:
    """One “回头看” inspection and what it found."""

    inspection_id: int
    inspected_on: date
    institution_id: int
    name: str
    address: str
    illegal_again: bool
    punished_before: tuple[str, ...]  # 案号 of penalties decided before the revisit
    follow_up_cases: tuple[str, ...]  # 案号 of cases from or after the revisit


class RevisitService:
    """Read the “回头看” results of a period."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def findings(self, date_from: date, date_to: date) -> list[RevisitFinding]:
        """Revisits dated in [date_from, date_to], oldest first."""
        with self._uow_factory(readonly=True) as uow:
            session = uow.session
            pairs = session.execute(
                select(Inspection, Institution)
                .join(Institution, Institution.id == Inspection.institution_id)
                .where(
                    Inspection.is_revisit,
                    Inspection.inspected_on >= date_from,
                    Inspection.inspected_on <= date_to,
                )
                .order_by(Inspection.inspected_on, Inspection.id)
            ).all()
            ids = {inst.id for _, inst in pairs}
            cases = list(session.scalars(select(Case).where(Case.institution_id.in_(ids))))
            result = []
            for inspection, inst in pairs:
                own = [c for c in cases if c.institution_id == inst.id]
                before = tuple(
                    c.case_no
                    for c in own
                    if c.decided_on is not None
                    and c.decided_on < inspection.inspected_on
                    and not c.no_penalty
                )
                after = tuple(
                    c.case_no
                    for c in own
                    if c.inspection_id == inspection.id or c.filed_on >= inspection.inspected_on
                )
                result.append(
                    RevisitFinding(inspection.id, inspection.inspected_on, inst.id, inst.name,
                                   inst.address, bool(inspection.illegal_again), before, after)
                )  # fmt: skip
            return result
