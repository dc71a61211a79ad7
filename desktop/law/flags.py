"""Which cases have a legal problem the clerk must see in the lists: today the penalty range
check (penalties.check_penalty) of every case with a penalty and a provision chosen from the
catalogue (its 条款编码, as the case editor checks it).

The 案件 list shows a flag per visible row and the 工作台 lists the open cases with one. A penalty
outside its range may be decided with a recorded reason (法制审核 reads it); the flag stays, and
says that a reason is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from database.models import Case, LegalProvision
from database.unit_of_work import UowFactory
from desktop.law.discretion import mitigated_problems
from desktop.law.penalties import check_penalty


@dataclass(frozen=True, slots=True)
class CaseFlag:
    """The legal problems of one case, and the reason recorded for deciding it anyway."""

    case_id: int
    label: str  #: 案号 and 当事人
    problems: tuple[str, ...]
    reason: str = ""

    @property
    def short(self) -> str:
        """The list's cell: what is wrong in two words, and whether a reason is recorded."""
        return "超出幅度（已说明理由）" if self.reason else "超出幅度"


#: Cases the check applies to: a provision chosen, and a penalty to check against it.
CHECKED = (
    Case.provision_code != "",
    or_(
        Case.fine_fen > 0,
        Case.confiscation_fen > 0,
        Case.warning.is_(True),
        Case.suspension.is_(True),
        Case.revocation.is_(True),
    ),
)


def _flag(case: Case, catalogue: dict[str, LegalProvision]) -> CaseFlag | None:
    provision = catalogue.get(case.provision_code)
    if provision is None:
        return None  # a code the catalogue does not know: the editor says so, not the list
    # 减轻 on a legal ground lies below the statutory minimum lawfully (行政处罚法 第三十二条).
    problems = mitigated_problems(
        case, check_penalty(case, provision, list(catalogue.values())).problems
    )
    if not problems:
        return None
    label = f"{case.case_no} {case.party_name}"
    return CaseFlag(case.id, label, tuple(problems), case.range_override_reason.strip())


def _catalogue(session: Session) -> dict[str, LegalProvision]:
    """Every provision by code, read once per listing (not once per case)."""
    return {p.code: p for p in session.scalars(select(LegalProvision).order_by(LegalProvision.id))}


class LegalFlagService:
    """The cases whose penalty does not fit their provision."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def flags(self, case_ids: Sequence[int]) -> dict[int, CaseFlag]:
        """The flagged cases among these ids (a list's visible block)."""
        if not case_ids:
            return {}
        with self._uow_factory(readonly=True) as uow:
            catalogue = _catalogue(uow.session)
            cases = uow.session.scalars(select(Case).where(Case.id.in_(case_ids), *CHECKED))
            found = (_flag(c, catalogue) for c in cases)
            return {f.case_id: f for f in found if f is not None}

    def open_cases(self) -> list[CaseFlag]:
        """Every open (not yet closed) case with a penalty outside its provision's range."""
        with self._uow_factory(readonly=True) as uow:
            catalogue = _catalogue(uow.session)
            query = select(Case).where(Case.closed_on.is_(None), *CHECKED).order_by(Case.filed_on)
            found = (_flag(c, catalogue) for c in uow.session.scalars(query))
            return [f for f in found if f is not None]
