"""The demo district under the catalogue's rules: every decided case fits its row, no case is
decided under another authority's row, and each violation cites its row as the catalogue does."""

from __future__ import annotations

from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.demo.cases import VIOLATIONS
from desktop.law.catalogue import is_transfer_row
from desktop.law.penalties import penalty_problems
from desktop.law.versions import find_provision


def test_every_decided_demo_case_has_no_problem(demo_ctx: AppContext) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        cases = list(uow.session.scalars(select(Case).order_by(Case.id)))
        found = {c.id: find_provision(uow.session, c) for c in cases}
        decided = [c for c in cases if c.decided_on is not None]
        problems = {c.case_no: penalty_problems(c, found[c.id]) for c in decided}
        assert {no: p for no, p in problems.items() if p} == {}
        assert all(found[c.id] is not None for c in decided)
        # No decision under a row the 药品监管部门 applies: those cases wait, marked 拟移送.
        transfer = [c for c in cases if (p := found[c.id]) is not None and is_transfer_row(p)]
        assert transfer and all(c.decided_on is None for c in transfer)
        assert all(c.note.startswith("拟移送药品监督管理部门") for c in transfer)
        # Heavier tiers appear with their 责令改正 before the decision.
        overdue = [c for c in decided if c.penalty_tier_condition in ("逾期不改正", "拒不改正")]
        assert overdue and all(
            c.correction_ordered_on is not None and c.correction_ordered_on < c.decided_on
            for c in overdue
        )


def test_each_demo_violation_cites_its_row_as_the_catalogue_does(demo_ctx: AppContext) -> None:
    for violation in VIOLATIONS:
        row = demo_ctx.provisions.get(violation.code)
        assert (violation.violated, violation.basis) == (row.violated_article, row.basis_article)
        low, high = violation.fine_yuan
        first = row.tiers[0] if row.tiers else None
        if violation.undecided:
            continue
        assert first is not None and not is_transfer_row(row), violation.code
        if high and first.fine_base == "fixed":
            assert (first.min_fine_fen or 0) <= low * 100 and high * 100 <= (
                first.max_fine_fen or high * 100
            ), violation.code
    # 注射器混入生活垃圾 is 医废条例 第十四条第二款 / 第四十七条第一项, 5,000–10,000 元 first.
    waste = next(v for v in VIOLATIONS if "生活垃圾" in v.cause)
    assert (waste.code, waste.fine_yuan) == ("YF-03", (5000, 10000))
