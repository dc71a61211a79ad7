"""Demo cases under another authority's provision become 移送 cases (行政处罚法 第三十八条: a
penalty by a body without the power is void), so the demo district is lawful under the
procedure rules whatever the catalogue says is whose."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from database.models import Case
from desktop.law.procedure.adapter import (
    TRANSFER_ORGANS,
    is_transfer_provision,
    provision_authority,
)
from desktop.law.versions import find_provision

#: The demo district's name, which its organs carry.
DISTRICT = "青溪区"


def transfer_foreign_cases(session: Session) -> int:
    """Turn every decided demo case whose provision is another authority's into a 移送-only
    case (no penalty of the office; 移送机关, 日期 and 理由 recorded); returns how many."""
    changed = 0
    cases = session.scalars(select(Case).options(selectinload(Case.confiscated_items)))
    for case in cases:
        provision = find_provision(session, case)
        if not is_transfer_provision(provision):
            continue
        authority = provision_authority(provision)
        case.warning = case.suspension = case.revocation = case.no_penalty = False
        case.fine_fen = case.confiscation_fen = 0
        case.other_kinds, case.no_penalty_ground, case.paid_on = "", None, None
        case.confiscated_items = []
        case.transfer_organ = DISTRICT + TRANSFER_ORGANS.get(authority, f"{authority}部门")
        step = case.decided_on or case.investigation_ended_on
        case.transferred_on = step or case.filed_on + timedelta(days=10)
        case.transfer_reason = (
            f"该违法行为依照{provision.basis_article}由{authority}部门实施行政处罚，"  # type: ignore[union-attr]
            "不属于本机关管辖"
        )
        changed += 1
    return changed
