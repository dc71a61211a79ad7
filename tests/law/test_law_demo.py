"""The demo district under the catalogue's rules: every decided case fits its row, no case is
decided under another authority's row, and each violation cites its row as the catalogue does."""

from __future__ import annotations

from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.demo.cases import VIOLATIONS
from desktop.law.catalogue import is_transfer_row
from desktop.law.penalties import case_kinds, penalty_problems
from desktop.law.versions import find_provision
from forms.common import penalty_lines


def test_every_decided_demo_case_has_no_problem(demo_ctx: AppContext) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        cases = list(uow.session.scalars(select(Case).order_by(Case.id)))
        found = {c.id: find_provision(uow.session, c) for c in cases}
        decided = [c for c in cases if c.decided_on is not None]
        problems = {c.case_no: penalty_problems(c, found[c.id]) for c in decided}
        assert {no: p for no, p in problems.items() if p} == {}
        assert all(found[c.id] is not None for c in decided)
        # No decision under a row the 药品监管部门 applies: those cases are transferred (移送机关,
        # 日期 and 理由), with no penalty of ours, and closed once the transfer is done.
        transfer = [c for c in cases if (p := found[c.id]) is not None and is_transfer_row(p)]
        assert transfer and all(c.decided_on is None for c in transfer)
        for c in transfer:
            assert c.transfer_organ == "青溪区市场监督管理局（药品监督管理）", c.case_no
            assert c.transferred_on is not None and c.filed_on <= c.transferred_on
            assert "由药品监督管理部门实施行政处罚，不属于本机关管辖" in c.transfer_reason
            assert not case_kinds(c) and not c.judicial_transfer and not c.note
        assert any(c.closed_on is not None for c in transfer)
        # 无证行医 (第九十九条第一款): 责令停止执业活动 and the 药品、医疗器械 on every decision.
        with_kinds = [c for c in decided if c.provision_code == "YLJG-01" and case_kinds(c)]
        assert with_kinds
        for c in with_kinds:
            lines = penalty_lines(c, found[c.id])
            assert lines.count("责令停止执业活动") == 1 and "责令停业整顿" not in lines, c.case_no
            assert any(line.startswith("没收非法财物（玻尿酸注射液") for line in lines), c.case_no
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
