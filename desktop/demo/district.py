"""A realistic, fictional district (青溪区) for demos, screenshots and tests. Deterministic by seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select

from database.models import (
    Case,
    Institution,
    OfficeSetting,
)
from database.unit_of_work import UowFactory
from desktop.calendar.workdays import WorkdayCalendar
from desktop.cases.cases import apply_case
from desktop.common.errors import ConflictError
from desktop.demo.cases import STAGED_CASES, demo_note, make_case_input, staged_input
from desktop.demo.inspections import load_demo_inspections
from desktop.demo.registers import Maker, make_institutions, make_officers
from desktop.demo.review import with_review
from desktop.demo.rights import with_rights
from desktop.demo.transfers import as_transfer

OFFICE = {
    "authority_name": "青溪区卫生健康委员会",
    "short_name": "青",
    "authority_credit_code": "11359900003612344C",
    "supervision_institute": "青溪区卫生健康监督所",
    "address": "青溪区城关街道人民路88号",
    "postcode": "339900",
    "phone": "0599-86660000",
    "contact": "林晓",
    "review_organ": "青溪区人民政府",
    "court": "青溪区人民法院",
    "bank_name": "中国农业银行青溪支行",
    "bank_account": "19-990101040000001",
    "payee": "青溪区财政局",
    "region": "青溪区",
    "deliberation.chair": "郑明远",
    "deliberation.members": "何素青、潘立文",
    "archive.fonds_no": "Q031",
    "archive.filer": "林晓",
    "archive.checker": "何素青",
}


@dataclass(frozen=True, slots=True)
class DemoOptions:
    """How much demo data, from which seed, ending on which day."""

    seed: int = 2024
    cases: int = 240
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What load_demo created."""

    institutions: int
    staff: int
    officers: int
    cases: int

    def __str__(self) -> str:
        return (
            f"示例辖区（青溪区）已载入：机构 {self.institutions} 家，人员 {self.staff} 人，"
            f"执法人员 {self.officers} 人，案件 {self.cases} 件。"
        )


def load_demo(uow_factory: UowFactory, options: DemoOptions | None = None) -> DemoSummary:
    """Fill an empty database with the 青溪区 demo district (refuses a database with cases)."""
    options = options or DemoOptions()
    make = Maker(random.Random(options.seed))
    calendar = WorkdayCalendar(uow_factory)
    with uow_factory() as uow:
        session = uow.session
        if session.scalar(select(func.count(Institution.id))) or session.scalar(
            select(func.count(Case.id))
        ):
            raise ConflictError("数据库中已有机构或案件，示例数据只能载入空数据库。")
        for key, value in OFFICE.items():
            session.merge(OfficeSetting(key=key, value=value))
        insts = make_institutions(make)
        officers = make_officers(make)
        session.add_all(insts)
        session.add_all(officers)
        session.flush()
        year_start = options.today - timedelta(days=365)
        randoms = [make_case_input(make, i, year_start, options.today, insts, officers)
                   for i in range(1, options.cases + 1)]  # fmt: skip
        staged = [staged_input(c, n, options.today, insts, officers)
                  for n, c in enumerate(STAGED_CASES)]  # fmt: skip
        # The party's rights: a separate generator, so the cases above stay as they were.
        rights_rng = random.Random(options.seed + 1)
        inputs = sorted([with_rights(d, calendar.working_day_after, rights_rng, options.today)
                         for d in (*randoms, *staged)], key=lambda d: d.filed_on)  # fmt: skip
        per_year: dict[int, int] = {}
        for data in inputs:
            per_year[data.filed_on.year] = per_year.get(data.filed_on.year, 0) + 1
            data = replace(
                data, case_no=f"青卫医案〔{data.filed_on.year}〕{per_year[data.filed_on.year]}号"
            )
            # Another authority's case: investigated, then 移送 (not decided here).
            data = as_transfer(session, data, options.today)
            data = with_review(session, data)  # 裁量, 法制审核 and 集体讨论 (issue 14)
            case = Case()
            with session.no_autoflush:
                apply_case(session, case, data)
            pending = data.decided_on is None and not data.transfer_organ
            case.note = demo_note(data.provision_code) if pending else ""
            case.officers = [o for o in officers if o.name in data.handler.split("、")]
            session.add(case)
        uow.commit()
        staff_count = sum(len(i.staff) for i in insts)
    load_demo_inspections(uow_factory, options.seed, options.today)
    with uow_factory(readonly=True) as uow:
        # The inspection side adds the cases its findings opened: count what is stored.
        cases = int(uow.session.scalar(select(func.count(Case.id))) or 0)
    return DemoSummary(len(insts), staff_count, len(officers), cases)
