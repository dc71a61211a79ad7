"""The 执法人员 of a case: who may join it (在职, 执法证号, no 回避 declared for the party) and how
names typed in the editor, the ledger or the command line are matched to the register."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, Officer, OfficerConflict
from desktop.records.officers import normalise_badge
from forms.validators import FieldError

#: The label of the officers everywhere a clerk names them (editor, ledger column, `case set`).
LABEL = "执法人员"
#: 姓名（执法证号）: a name made unique by its badge.
_NAMED_BADGE = re.compile(r"^(?P<name>[^（(]+)[（(](?:执法证号[:：]?)?(?P<badge>[^）)]+)[）)]$")


def apply_officers(session: Session, case: Case, officer_ids: Iterable[int]) -> None:
    """Set the case's officers (ids checked by officer_errors before the commit)."""
    wanted = list(dict.fromkeys(officer_ids))
    if [o.id for o in case.officers] == wanted:
        return
    found = {o.id: o for o in session.scalars(select(Officer).where(Officer.id.in_(wanted)))}
    case.officers = [found[i] for i in wanted if i in found]


def officer_errors(session: Session, case: Case, before: Sequence[int]) -> list[FieldError]:
    """Officers newly put on the case who have left, lack a 执法证号 or declared 回避 for the
    party; each error names the officer."""
    errors: list[FieldError] = []
    added = [o for o in case.officers if o.id not in before]
    if not added:
        return errors
    # The party as just matched (the relationship: its id is only set at the flush).
    institution_id = case.institution.id if case.institution is not None else case.institution_id
    conflicts: set[int] = set()
    if institution_id is not None:
        conflicts = set(
            session.scalars(
                select(OfficerConflict.officer_id).where(
                    OfficerConflict.institution_id == institution_id
                )
            )
        )
    for officer in added:
        if not officer.active:
            errors.append(
                FieldError(LABEL, f"{officer.name}（{officer.badge_no}）已不在职，不能承办案件。")
            )
        elif not officer.badge_no.strip():
            errors.append(FieldError(LABEL, f"{officer.name}没有执法证号，不能承办案件。"))
        if officer.id in conflicts:
            errors.append(FieldError(LABEL, f"{officer.name}已申报与{case.party_name}回避，不能承办本案"
                                     "（行政处罚法 第四十三条）。"))  # fmt: skip
    return errors


def split_names(text: str) -> list[str]:
    """张三、李四（ZJ001）, as typed: separated by 、，, or ; (never inside brackets)."""
    return [p.strip() for p in re.split(r"[、，,;；](?![^（(]*[）)])", text or "") if p.strip()]


def match_officers(
    session: Session, text: str, label: str = LABEL
) -> tuple[tuple[int, ...], list[FieldError]]:
    """The ids of the officers named (姓名, or 姓名（执法证号）), each matched to exactly one
    active officer; an unknown or ambiguous name is an error naming it."""
    officers = list(session.scalars(select(Officer).where(Officer.active.is_(True))))
    ids: list[int] = []
    errors: list[FieldError] = []
    for name in split_names(text):
        found = _match(officers, name)
        if isinstance(found, str):
            errors.append(FieldError(label, found))
        else:
            ids.append(found)
    return tuple(dict.fromkeys(ids)), errors


def _match(officers: Sequence[Officer], text: str) -> int | str:
    """One officer's id, or why the text names none or several."""
    named = _NAMED_BADGE.match(text)
    if named is not None:
        name, badge = named["name"].strip(), normalise_badge(named["badge"])
        hits = [o for o in officers if o.badge_no == badge]
        if not hits or hits[0].name != name:
            return f"“{text}”：没有姓名为{name}、执法证号为{badge}的在职执法人员。"
        return hits[0].id
    hits = [o for o in officers if o.name == text or o.badge_no == normalise_badge(text)]
    if not hits:
        return f"“{text}”：没有此姓名或执法证号的在职执法人员。"
    if len(hits) > 1:
        badges = "、".join(o.badge_no for o in hits)
        return (
            f"“{text}”：有 {len(hits)} 名在职执法人员同名（{badges}），请写成“姓名（执法证号）”。"
        )
    return hits[0].id
