"""执法人员 (officers) and their 回避 declarations: what the 双随机 draw picks pairs from."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.models import Institution, Officer, OfficerConflict
from database.unit_of_work import UowFactory
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.records.institutions import find_institution
from forms.validators import LONG_TEXT, FieldError, text_errors

#: 执法证号 as the provinces print them: letters, digits, '-', an optional Chinese prefix
#: (省份简称 such as 浙 or 沪卫); at least four digits so a name typed by mistake is refused.
BADGE_PATTERN = re.compile(r"^[\u4e00-\u9fff]{0,4}[A-Z0-9-]{4,30}$")


@dataclass(frozen=True, slots=True)
class OfficerInput:
    """What a clerk types for one officer (attribute names of forms OFFICER_FIELDS)."""

    name: str
    badge_no: str
    department: str = ""
    phone: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class OfficerRow:
    """One line of the officer list."""

    id: int
    name: str
    badge_no: str
    department: str
    phone: str
    active: bool
    conflicts: int


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One 回避 declaration: the officer is never drawn for that institution."""

    id: int
    officer_id: int
    officer_name: str
    institution_id: int
    institution_name: str
    reason: str
    declared_on: date | None


def normalise_badge(text: str) -> str:
    """A 执法证号 without spaces, ASCII letters upper-case (ZJ… and zj… are the same number)."""
    return re.sub(r"\s+", "", text).upper()


def validate_officer(data: OfficerInput) -> list[FieldError]:
    """Every problem of an officer's fields (uniqueness is checked against the database)."""
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("姓名", "不能为空。"))
    badge = normalise_badge(data.badge_no)
    if not badge:
        errors.append(FieldError("执法证号", "不能为空。"))
    elif not BADGE_PATTERN.match(badge) or sum(c.isdigit() for c in badge) < 4:
        errors.append(
            FieldError(
                "执法证号",
                f"“{data.badge_no.strip()}”不是有效的执法证号：应为4–30位字母、数字或“-”"
                "（可带省份简称），至少含4位数字。",
            )
        )
    # 联系电话 is encrypted in a VARCHAR(200) column: 30 characters stay within its 118 bytes.
    errors += text_errors(
        [("姓名", data.name, 60), ("科室", data.department, 100), ("联系电话", data.phone, 30)]
    )
    return errors


def _row(officer: Officer, conflicts: int) -> OfficerRow:
    return OfficerRow(officer.id, officer.name, officer.badge_no, officer.department,
                      officer.phone, officer.active, conflicts)  # fmt: skip


class OfficerService:
    """Add, change, deactivate and list officers; record and withdraw their 回避 declarations."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def add(self, data: OfficerInput) -> int:
        """Validate and store an officer; returns the id."""
        with self._uow_factory() as uow:
            self._check(uow.session, data, None)
            officer = Officer()
            self._apply(officer, data)
            uow.session.add(officer)
            uow.commit()
            return officer.id

    def update(self, officer_id: int, data: OfficerInput) -> None:
        """Validate and replace an officer's fields."""
        with self._uow_factory() as uow:
            officer = _get(uow.session, officer_id)
            self._check(uow.session, data, officer_id)
            self._apply(officer, data)
            uow.commit()

    def set_active(self, officer_id: int, active: bool) -> None:
        """Deactivate (left, retired) or reactivate; past records keep naming the officer."""
        with self._uow_factory() as uow:
            _get(uow.session, officer_id).active = active
            uow.commit()

    def get(self, officer_id: int) -> OfficerInput:
        """One officer's fields, for the editor."""
        with self._uow_factory(readonly=True) as uow:
            o = _get(uow.session, officer_id)
            return OfficerInput(o.name, o.badge_no, o.department, o.phone, o.active)

    def list(self, include_inactive: bool = True) -> builtins.list[OfficerRow]:
        """Officers by name, each with the number of 回避 declarations."""
        with self._uow_factory(readonly=True) as uow:
            counts = dict(
                uow.session.execute(
                    select(OfficerConflict.officer_id, func.count()).group_by(
                        OfficerConflict.officer_id
                    )
                ).all()
            )
            query = select(Officer).order_by(Officer.active.desc(), Officer.name, Officer.id)
            if not include_inactive:
                query = query.where(Officer.active)
            return [_row(o, counts.get(o.id, 0)) for o in uow.session.scalars(query)]

    def resolve(self, key: str) -> int:
        """An officer's id from its id, 执法证号 or (unique) name, as typed on the command line."""
        text = key.strip()
        with self._uow_factory(readonly=True) as uow:
            if text.isdigit() and uow.session.get(Officer, int(text)) is not None:
                return int(text)
            badge = uow.session.scalar(
                select(Officer.id).where(Officer.badge_no == normalise_badge(text))
            )
            if badge is not None:
                return badge
            named = list(uow.session.scalars(select(Officer.id).where(Officer.name == text)))
        if len(named) > 1:
            raise ConflictError(f"有 {len(named)} 名执法人员叫“{text}”，请改用执法证号。")
        if not named:
            raise NotFoundError(f"没有编号、执法证号或姓名为“{text}”的执法人员。")
        return named[0]

    def resolve_institution(self, key: str) -> int:
        """An institution's id from its id, 统一社会信用代码 or exact name."""
        text = key.strip()
        with self._uow_factory(readonly=True) as uow:
            if text.isdigit() and uow.session.get(Institution, int(text)) is not None:
                return int(text)
            found = find_institution(uow.session, text if len(text) == 18 else "", text)
            if found is None:
                raise NotFoundError(f"没有编号、统一社会信用代码或名称为“{text}”的机构。")
            return found.id

    # --- 回避 ---------------------------------------------------------------------------------

    def conflicts(self, officer_id: int | None = None) -> builtins.list[ConflictRow]:
        """The declarations (of one officer, or all), by officer and institution name."""
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(OfficerConflict, Officer.name, Institution.name)
                .join(Officer, Officer.id == OfficerConflict.officer_id)
                .join(Institution, Institution.id == OfficerConflict.institution_id)
                .order_by(Officer.name, Institution.name)
            )
            if officer_id is not None:
                query = query.where(OfficerConflict.officer_id == officer_id)
            return [
                ConflictRow(c.id, c.officer_id, officer, c.institution_id, inst, c.reason,
                            c.declared_on)
                for c, officer, inst in uow.session.execute(query).all()
            ]  # fmt: skip

    def add_conflict(
        self, officer_id: int, institution_id: int, reason: str, declared_on: date | None = None
    ) -> int:
        """Record that the officer must not inspect the institution; the draw respects it at once."""
        errors = [] if reason.strip() else [FieldError("回避理由", "不能为空。")]
        errors += text_errors([("回避理由", reason, LONG_TEXT)])
        if errors:
            raise ValidationError(errors, "回避申报")
        with self._uow_factory() as uow:
            officer = _get(uow.session, officer_id)
            institution = uow.session.get(Institution, institution_id)
            if institution is None:
                raise NotFoundError(f"没有编号为 {institution_id} 的机构。")
            if self._conflict(uow.session, officer_id, institution_id) is not None:
                raise ConflictError(
                    f"{officer.name}已申报与“{institution.name}”回避，不能重复申报。"
                )
            conflict = OfficerConflict(
                officer_id=officer_id,
                institution_id=institution_id,
                reason=reason.strip(),
                declared_on=declared_on or date.today(),
            )
            uow.session.add(conflict)
            uow.commit()
            return conflict.id

    def remove_conflict(self, officer_id: int, institution_id: int) -> None:
        """Withdraw a declaration (recorded drawn pairs are not changed)."""
        with self._uow_factory() as uow:
            officer = _get(uow.session, officer_id)
            conflict = self._conflict(uow.session, officer_id, institution_id)
            if conflict is None:
                raise NotFoundError(f"{officer.name}没有申报与编号 {institution_id} 的机构回避。")
            uow.session.delete(conflict)
            uow.commit()

    @staticmethod
    def _conflict(session: Session, officer_id: int, institution_id: int) -> OfficerConflict | None:
        return session.scalar(
            select(OfficerConflict).where(
                OfficerConflict.officer_id == officer_id,
                OfficerConflict.institution_id == institution_id,
            )
        )

    @staticmethod
    def _check(session: Session, data: OfficerInput, own_id: int | None) -> None:
        """Field errors plus a 执法证号 already held by another officer, all at once."""
        errors = validate_officer(data)
        badge = normalise_badge(data.badge_no)
        if badge:
            query = select(Officer.name).where(Officer.badge_no == badge)
            if own_id is not None:
                query = query.where(Officer.id != own_id)
            holder = session.scalar(query)
            if holder is not None:
                errors.append(FieldError("执法证号", f"“{badge}”已是{holder}的执法证号。"))
        if errors:
            raise ValidationError(errors, f"执法人员“{data.name.strip()}”")

    @staticmethod
    def _apply(officer: Officer, data: OfficerInput) -> None:
        officer.name = data.name.strip()
        officer.badge_no = normalise_badge(data.badge_no)
        officer.department = data.department.strip()
        officer.phone = data.phone.strip()
        officer.active = data.active


def _get(session: Session, officer_id: int) -> Officer:
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise NotFoundError(f"没有编号为 {officer_id} 的执法人员。")
    return officer
