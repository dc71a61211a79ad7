"""The legal provision catalogue (违法行为 → 违反条款 → 处罚依据 → 处罚档次) and the range check.

The catalogue ships as database/seed_data/provisions.csv and provision_tiers.csv (format in
docs/provisions.md). Start-up brings the database up to the shipped files: new rows are added,
changed rows updated by code, a row no longer shipped removed unless a case or a checklist item
cites it; rows an office added itself (shipped = False) are never touched. `verified` = 1 marks
rows whose 违反 and 依据 text were read in a full text of the statute (the row's source and
checked date say where and when).
Each row carries its effective dates, and versions of one provision are linked by predecessor.
《中华人民共和国行政处罚法》第三十七条 (从旧兼从轻; reference §1.5, verified):
"实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、
规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。" So a case is matched to
the version in force on its 违法行为发生日期 (act_on; 立案日期 when not recorded, with a warning),
unless the version in force on its 处罚决定日期 (today while undecided) is lighter — see
applicable_version and lighter_reason."""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.id_batches import id_batches
from database.models import Case, ChecklistItem, LegalProvision, OfficeSetting, ProvisionTier
from database.unit_of_work import UowFactory
from desktop.common.errors import NotFoundError
from desktop.law.catalogue import SEED_DIR, ProvisionRow, provision_row
from desktop.law.catalogue_files import PROVISIONS_NAME, TIERS_NAME, read_catalogue
from desktop.law.notices import provision_notices
from desktop.law.penalties import penalty_problems, penalty_warnings
from desktop.law.versions import find_provision

#: office_setting key holding the fingerprint of the shipped files last applied.
APPLIED_KEY = "provision_catalogue_sha256"
#: The columns start-up copies from a shipped row onto the stored one.
_COPIED = ("violation", "cause_category", "authority", "party", "violated_law", "violated_ref",
           "violated_article", "violated_text", "basis_law", "basis_ref", "basis_article",
           "basis_text", "measures", "min_fine_fen", "max_fine_fen", "range_text", "fine_base",
           "min_multiple_pct", "max_multiple_pct", "base_floor_fen", "effective_from",
           "effective_to", "predecessor", "verified", "source", "checked", "note")  # fmt: skip
_TIER_COLUMNS = ("tier", "condition", "mandatory_kinds", "optional_kinds", "fine_base",
                 "min_fine_fen", "max_fine_fen", "min_multiple_pct", "max_multiple_pct",
                 "base_floor_fen", "range_text")  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeedReport:
    """What start-up changed in the catalogue."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    #: Shipped codes an office's own row already uses: the office's row stays.
    kept_own: tuple[str, ...] = ()


class ProvisionService:
    """Read the catalogue; keep the shipped rows equal to the shipped files."""

    def __init__(self, uow_factory: UowFactory, seed_dir: Path = SEED_DIR) -> None:
        self._uow_factory = uow_factory
        self._seed_dir = seed_dir

    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in (PROVISIONS_NAME, TIERS_NAME):
            digest.update((self._seed_dir / name).read_bytes())
        return digest.hexdigest()

    def ensure_seeded(self) -> SeedReport:
        """Bring the shipped rows up to the shipped files (once per version of the files)."""
        fingerprint = self._fingerprint()
        with self._uow_factory(readonly=True) as uow:
            applied = uow.session.get(OfficeSetting, APPLIED_KEY)
            if applied is not None and applied.value == fingerprint:
                return SeedReport()
        shipped = read_catalogue(self._seed_dir)
        try:
            with self._uow_factory() as uow:
                report = _apply(uow.session, shipped)
                uow.session.merge(OfficeSetting(key=APPLIED_KEY, value=fingerprint))
                uow.commit()
        except IntegrityError:
            return SeedReport()  # another process applied the same files meanwhile
        return report

    def list(self, unverified: bool = False) -> list[ProvisionRow]:
        """Every provision (or only the unverified ones), by code."""
        query = select(LegalProvision).order_by(LegalProvision.code)
        if unverified:
            query = query.where(LegalProvision.verified.is_(False))
        with self._uow_factory(readonly=True) as uow:
            return [provision_row(p) for p in uow.session.scalars(query)]

    def get(self, code: str) -> ProvisionRow:
        """One provision by code."""
        with self._uow_factory(readonly=True) as uow:
            found = uow.session.scalar(select(LegalProvision).where(LegalProvision.code == code))
            if found is None:
                raise NotFoundError(f"法律条款库中没有编号为“{code}”的条款。")
            return provision_row(found)

    def case_notices(self, case_ids: Sequence[int]) -> dict[str, builtins.list[str]]:
        """The 提示 of these cases' catalogue rows (as every document's pre-flight gives them,
        desktop.law.notices), each with the 案号 of the cases it concerns, in the given order:
        a batch names each case once without repeating a row's notice per case."""
        order = {case_id: index for index, case_id in enumerate(case_ids)}
        found: dict[str, builtins.list[str]] = {}
        with self._uow_factory(readonly=True) as uow:
            cases: builtins.list[Case] = []
            for batch in id_batches(case_ids):
                cases += uow.session.scalars(select(Case).where(Case.id.in_(batch)))
            for case in sorted(cases, key=lambda c: order[c.id]):
                for notice in provision_notices(find_provision(uow.session, case)):
                    found.setdefault(notice, []).append(case.case_no)
        return found

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


def _apply(session: Session, shipped: list[LegalProvision]) -> SeedReport:
    """Insert new shipped rows, update changed ones, drop ones no longer shipped and not cited."""
    stored = {p.code: p for p in session.scalars(select(LegalProvision))}
    added: list[str] = []
    updated: list[str] = []
    kept_own: list[str] = []
    for row in shipped:
        old = stored.get(row.code)
        if old is None:
            session.add(row)
            added.append(row.code)
        elif not old.shipped:
            kept_own.append(row.code)
        elif _update(session, old, row):
            updated.append(row.code)
    codes = {row.code for row in shipped}
    cited = set(session.scalars(select(Case.provision_code).distinct()))
    cited |= set(session.scalars(select(ChecklistItem.provision_code).distinct()))
    removed = [code for code, p in stored.items()
               if p.shipped and code not in codes and code not in cited]  # fmt: skip
    for code in removed:
        session.delete(stored[code])
    return SeedReport(tuple(added), tuple(updated), tuple(removed), tuple(kept_own))


def _update(session: Session, old: LegalProvision, new: LegalProvision) -> bool:
    """Copy a shipped row onto the stored one; whether anything changed."""
    changed = False
    for name in _COPIED:
        if getattr(old, name) != getattr(new, name):
            setattr(old, name, getattr(new, name))
            changed = True
    old_tiers = [tuple(getattr(t, c) for c in _TIER_COLUMNS) for t in old.tiers]
    new_tiers = [tuple(getattr(t, c) for c in _TIER_COLUMNS) for t in new.tiers]
    if old_tiers != new_tiers:
        old.tiers.clear()
        session.flush()  # the old tiers go first: (provision, tier number) is unique
        old.tiers.extend(
            ProvisionTier(**dict(zip(_TIER_COLUMNS, values, strict=True))) for values in new_tiers
        )
        changed = True
    return changed
