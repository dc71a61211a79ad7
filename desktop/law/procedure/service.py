"""The whole-database check: every case against every procedure rule (`casedesk check --legal`,
the 工作台's count)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from database.models import Case, Document, LegalProvision, OfficeSetting
from database.unit_of_work import UowFactory
from desktop.law.discretion import LevelTerms, levels_for
from desktop.law.procedure import HearingTerms, Problem, check_case, terms_from
from desktop.law.procedure.hearing import WorkingDays
from desktop.law.versions import find_provision
from forms.review_terms import ReviewPolicy, policy_from_settings


def office_policy(session: Session) -> ReviewPolicy:
    """The office's 法制审核 / 集体讨论 policy as stored (defaults where not set)."""
    return policy_from_settings({s.key: s.value for s in session.scalars(select(OfficeSetting))})


class ProcedureService:
    """Check the stored cases against the procedure rules."""

    def __init__(self, uow_factory: UowFactory, workdays: WorkingDays | None = None) -> None:
        """`workdays` counts the 陈述申辩 and 听证 windows (the calendar's working days; the
        composition root passes it, this package cannot import the calendar)."""
        self._uow_factory = uow_factory
        self._workdays = workdays

    def terms(self) -> HearingTerms:
        """The office's 听证 thresholds and the working-day count (the editor's live check)."""
        with self._uow_factory(readonly=True) as uow:
            return self._terms(uow.session)

    def _terms(self, session: Session) -> HearingTerms:
        settings = {s.key: s.value for s in session.scalars(select(OfficeSetting))}
        return terms_from(settings, self._workdays)

    def check_all(self) -> list[Problem]:
        """Every problem of every case, cases in filing order."""
        with self._uow_factory(readonly=True) as uow:
            session = uow.session
            issued: dict[int, set[str]] = defaultdict(set)
            rows = session.execute(
                select(Document.case_id, Document.doc_type).where(
                    Document.case_id.is_not(None), Document.voided.is_(False)
                )
            )
            for case_id, doc_type in rows:
                if case_id is not None:
                    issued[case_id].add(doc_type)
            cases = session.scalars(
                select(Case)
                .options(selectinload(Case.officers), selectinload(Case.confiscated_items))
                .order_by(Case.filed_on, Case.id)
            )
            policy = office_policy(session)
            levels: dict[tuple[str, str], tuple[LevelTerms, ...]] = {}
            # The catalogue in one query: one per case (with its relationships) was 1.3 s of the
            # 工作台's 1.7 s on the demo district (issue 18's start-up profile).
            by_code = {p.code: p for p in session.scalars(select(LegalProvision))}
            problems: list[Problem] = []
            terms = self._terms(session)
            for case in cases:
                if case.provision_code:
                    provision = by_code.get(case.provision_code)
                else:
                    provision = find_provision(session, case)
                key = (case.provision_code, case.penalty_tier_condition)
                if key not in levels:
                    levels[key] = levels_for(session, *key)
                problems += check_case(case, provision, frozenset(issued[case.id]), terms,
                                       policy=policy, levels=levels[key])  # fmt: skip
            return problems

    def check_one(self, case_id: int) -> list[Problem]:
        """The problems of one case."""
        with self._uow_factory(readonly=True) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                return []
            issued = frozenset(
                uow.session.scalars(
                    select(Document.doc_type).where(
                        Document.case_id == case_id, Document.voided.is_(False)
                    )
                )
            )
            terms = self._terms(uow.session)
            return check_case(
                case, find_provision(uow.session, case), issued, terms,
                policy=office_policy(uow.session),
                levels=levels_for(uow.session, case.provision_code, case.penalty_tier_condition),
            )  # fmt: skip

    def cases_with_problems(self) -> int:
        """How many cases break at least one rule (the 工作台's count)."""
        return len({p.case_no for p in self.check_all()})
