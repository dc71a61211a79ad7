"""Sequence allocation: starts at 1, gap-free, rolled back with the transaction."""

from __future__ import annotations

from database.numbering import allocate_sequence, peek_sequence
from desktop.app import AppContext


def test_allocation_is_sequential_per_series_and_year(ctx: AppContext) -> None:
    with ctx.uow_factory() as uow:
        got = [allocate_sequence(uow.session, "penalty", 2026) for _ in range(3)]
        other = allocate_sequence(uow.session, "penalty", 2027)
        uow.commit()
    assert got == [1, 2, 3]
    assert other == 1


def test_rolled_back_allocation_returns_the_number(ctx: AppContext) -> None:
    with ctx.uow_factory() as uow:
        allocate_sequence(uow.session, "notice", 2026)
        uow.commit()
    with ctx.uow_factory() as uow:
        assert allocate_sequence(uow.session, "notice", 2026) == 2
        # leaving without commit rolls back
    with ctx.uow_factory(readonly=True) as uow:
        assert peek_sequence(uow.session, "notice", 2026) == 1
