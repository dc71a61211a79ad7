"""PublishService: the outward exports (双公示 行政处罚, inspection results for the 监管 platform,
upward 案件查处 data), the 公示 state of each decision, and the 公开版 of its 决定书.

Every row is built from the record and checked against its column rules before anything is
written; an error names the case (or inspection) and the field, and then nothing is written or
marked. An export records what it published: a decision's 公示日期 (which closes the 工作台's
7-working-day item) and an inspection's 录入日期 (the 2-working-day item).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from database.models import Case, Inspection, InspectionPlan, Institution, PartyType
from database.unit_of_work import UowFactory
from desktop.calendar.deadlines import RULES
from desktop.calendar.workdays import WorkdayCalendar
from desktop.common.errors import NotFoundError, ValidationError
from desktop.documents.sources import issued_numbers
from desktop.law.versions import find_provision
from desktop.publish.columns import Column, load_columns, validate_rows
from desktop.publish.periods import publicity_end
from desktop.publish.rows import (
    Authority,
    ExportRow,
    case_values,
    inspection_values,
    penalty_values,
    withhold,
)
from desktop.publish.writer import check_target, write_export
from desktop.records.office import OfficeService
from forms.case_penalty import case_kind_names
from forms.common import suspension_as
from forms.outcomes import decision_number
from forms.validators import FieldError


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote and recorded."""

    path: Path
    count: int
    #: Records whose 公示日期 / 录入日期 this export recorded.
    marked: tuple[str, ...] = ()
    #: Closed, locked cases published without their 公示日期 recorded (重新打开 needed).
    locked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PublicityState:
    """Where one decision stands: published or not, by when, until when."""

    case_id: int
    case_no: str
    party_name: str
    decided_on: date
    due: date
    published_on: date | None
    publicity_end: date


def _penalty_cases(session: Session, start: date, end: date) -> list[Case]:
    """Decisions of the period that impose a penalty (不予处罚 and 移送-only are not published)."""
    query = (
        select(Case)
        .where(Case.decided_on >= start, Case.decided_on <= end, Case.no_penalty.is_(False))
        .options(joinedload(Case.institution), selectinload(Case.confiscated_items))
        .order_by(Case.decided_on, Case.id)
    )
    return [c for c in session.scalars(query) if case_kind_names(c)]


def _kinds(session: Session, case: Case) -> tuple[str, ...]:
    return case_kind_names(case, suspension_as(find_provision(session, case), case))


class PublishService:
    """Build, check and write the exports; record and list the 公示 state."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory
        self._office = OfficeService(uow_factory)

    # --- 双公示 行政处罚 -----------------------------------------------------------------

    def authority(self, office: Mapping[str, str] | None = None) -> Authority:
        """处罚机关 and 数据来源单位 from the settings (数据来源单位 defaults to the authority)."""
        office = office if office is not None else self._office.all()
        name = office.get("authority_name", "").strip()
        code = office.get("authority_credit_code", "").strip()
        errors = [FieldError(label, "未设置（请在“设置”中填写）。")
                  for label, value in (("机关名称", name), ("机关统一社会信用代码", code))
                  if not value]  # fmt: skip
        if errors:
            raise ValidationError(errors, "行政处罚信息公示")
        source = office.get("data_source_unit", "").strip() or name
        source_code = office.get("data_source_credit_code", "").strip() or code
        return Authority(name, code, source, source_code)

    def penalty_rows(self, start: date, end: date) -> list[ExportRow]:
        """One 双公示 row per penalty decision of the period, natural persons' fields withheld."""
        columns = load_columns("penalties")
        codes = next(c.codes for c in columns if c.key == "category")
        authority = self.authority()
        rows = []
        with self._uow_factory(readonly=True) as uow:
            s = uow.session
            for case in _penalty_cases(s, start, end):
                number = issued_numbers(s, case.id, None).get("penalty_decision", "")
                values = penalty_values(case, find_provision(s, case), number, authority, codes)
                person = case.party_type is PartyType.PERSON
                rows.append(ExportRow(case.id, f"案件 {case.case_no}",
                                      withhold(columns, values, person), case.decided_on))  # fmt: skip
        return rows

    def export_penalties(self, start: date, end: date, out: Path, *,
                         mark_on: date | None = None) -> ExportResult:  # fmt: skip
        """Check and write the 双公示 file; with mark_on record it as each unpublished
        decision's 公示日期 (a locked, closed case is reported instead)."""
        check_target(out)
        columns = load_columns("penalties")
        rows = self.penalty_rows(start, end)
        if mark_on is not None:
            early = [FieldError(f"{r.label} 公示日期", f"{mark_on} 早于处罚决定日期。")
                     for r in rows if r.day is not None and r.day > mark_on]  # fmt: skip
            if early:
                raise ValidationError(early, "行政处罚信息")
        self._write(columns, rows, out, "行政处罚信息")
        if mark_on is None:
            return ExportResult(out, len(rows))
        marked, locked = self._mark_cases([r.record_id for r in rows], mark_on)
        return ExportResult(out, len(rows), marked, locked)

    def _write(self, columns: Sequence[Column], rows: Sequence[ExportRow], out: Path,
               title: str) -> None:  # fmt: skip
        unnumbered = [FieldError(f"{r.label} 行政处罚决定书文号",
                                 "尚未生成行政处罚决定书（没有文号），请先生成决定书。")
                      for r in rows if "decision_no" in r.values and not r.values["decision_no"]
                      and any(c.key == "decision_no" and c.required for c in columns)]  # fmt: skip
        if unnumbered:
            raise ValidationError(unnumbered, title)
        validate_rows(columns, [(r.label, r.values) for r in rows], title)
        write_export(out, columns, [r.values for r in rows], title)

    def _mark_cases(self, case_ids: Sequence[int], day: date) -> tuple[tuple[str, ...], ...]:
        marked: list[str] = []
        locked: list[str] = []
        with self._uow_factory() as uow:
            for case in uow.session.scalars(select(Case).where(Case.id.in_(case_ids))):
                if case.published_on is not None:
                    continue
                if case.locked:
                    locked.append(case.case_no)
                    continue
                case.published_on = day
                marked.append(case.case_no)
            uow.commit()
        return tuple(sorted(marked)), tuple(sorted(locked))

    def mark_published(self, case_id: int, day: date) -> str:
        """Record a decision's 公示日期 by hand (published outside casedesk); its 案号."""
        with self._uow_factory() as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"找不到案件（编号 {case_id}）。")
            if case.decided_on is None or day < case.decided_on:
                when = f"处罚决定日期 {case.decided_on}" if case.decided_on else "尚无处罚决定日期"
                raise ValidationError([FieldError("公示日期", f"{day} 不能早于决定（{when}）。")],
                                      f"案件 {case.case_no}")  # fmt: skip
            case.published_on = day
            uow.commit()
            return case.case_no

    def states(self, start: date, end: date) -> list[PublicityState]:
        """Every penalty decision of the period: its 7-working-day 公示 limit, 公示日期 and
        公示截止期."""
        calendar = WorkdayCalendar(self._uow_factory)
        states = []
        with self._uow_factory(readonly=True) as uow:
            for case in _penalty_cases(uow.session, start, end):
                assert case.decided_on is not None  # selected by decision date
                kinds = _kinds(uow.session, case)
                states.append(PublicityState(
                    case.id, case.case_no, case.party_name, case.decided_on,
                    RULES["publicity"].due(calendar, case.decided_on).due, case.published_on,
                    publicity_end(case.decided_on, kinds, case.penalty_tier_condition)))  # fmt: skip
        return states

    # --- inspections and upward case data ------------------------------------------------

    def inspection_rows(self, start: date, end: date) -> list[ExportRow]:
        """One row per inspection of the period (the 监管 platform's default layout)."""
        rows = []
        with self._uow_factory(readonly=True) as uow:
            s = uow.session
            query = (
                select(Inspection, Institution, InspectionPlan.title)
                .join(Institution, Institution.id == Inspection.institution_id)
                .outerjoin(InspectionPlan, InspectionPlan.id == Inspection.plan_id)
                .where(Inspection.inspected_on >= start, Inspection.inspected_on <= end)
                .options(selectinload(Inspection.results), selectinload(Inspection.officers))
                .order_by(Inspection.inspected_on, Inspection.id)
            )
            found = s.execute(query).all()
            case_ids = {r.case_id for i, _, _ in found for r in i.results if r.case_id}
            query_numbers = select(Case.id, Case.case_no).where(Case.id.in_(case_ids))
            numbers = {case_id: case_no for case_id, case_no in s.execute(query_numbers)}
            for inspection, inst, title in found:
                values = inspection_values(inspection, inst, title or "", numbers)
                label = f"检查 {inspection.inspected_on} {inst.name}"
                rows.append(ExportRow(inspection.id, label, values))
        return rows

    def export_inspections(self, start: date, end: date, out: Path, *,
                           mark_on: date | None = None) -> ExportResult:  # fmt: skip
        """Check and write the inspection results; with mark_on record it as each one's
        录入日期 where none is recorded."""
        check_target(out)
        rows = self.inspection_rows(start, end)
        self._write(load_columns("inspections"), rows, out, "检查结果")
        if mark_on is None:
            return ExportResult(out, len(rows))
        marked = []
        with self._uow_factory() as uow:
            ids = [r.record_id for r in rows]
            for inspection in uow.session.scalars(select(Inspection).where(Inspection.id.in_(ids))):
                if inspection.entered_on is None:
                    inspection.entered_on = mark_on
                    marked.append(f"{inspection.inspected_on}#{inspection.id}")
            uow.commit()
        return ExportResult(out, len(rows), tuple(marked))

    def case_rows(self, start: date, end: date) -> list[ExportRow]:
        """One 案件查处 row per case filed in the period."""
        columns = load_columns("cases")
        rows = []
        with self._uow_factory(readonly=True) as uow:
            s = uow.session
            query = (
                select(Case)
                .where(Case.filed_on >= start, Case.filed_on <= end)
                .options(selectinload(Case.confiscated_items))
                .order_by(Case.filed_on, Case.id)
            )
            for case in s.scalars(query):
                number = decision_number(issued_numbers(s, case.id, None))
                values = case_values(case, find_provision(s, case), number)
                person = case.party_type is PartyType.PERSON
                rows.append(ExportRow(case.id, f"案件 {case.case_no}",
                                      withhold(columns, values, person)))  # fmt: skip
        return rows

    def export_cases(self, start: date, end: date, out: Path) -> ExportResult:
        """Check and write the upward 案件查处 data."""
        check_target(out)
        rows = self.case_rows(start, end)
        self._write(load_columns("cases"), rows, out, "案件查处")
        return ExportResult(out, len(rows))
