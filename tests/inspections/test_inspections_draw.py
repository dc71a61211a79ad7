"""The 双随机 draw: counts and percentages, seeds, officer pairs, conflicts, redraws, 检查名单."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from database.models import DrawItem, PlanKind
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ConflictError, ValidationError
from desktop.inspections.draw import assign, drawn_count
from desktop.inspections.draw_export import export_draw_xlsx
from desktop.inspections.plans import DepartmentInput, PlanInput, TargetFilter


def _plan(ctx: AppContext, target: TargetFilter | None = None) -> int:
    return ctx.plans.create(
        PlanInput(
            kind=PlanKind.DOUBLE_RANDOM,
            title="2026年度青溪区社会办医疗美容机构联合双随机检查",
            period_start=date(2026, 6, 1),
            period_end=date(2026, 6, 20),
            lead_department="青溪区卫生健康委员会",
            departments=(DepartmentInput("青溪区市场监督管理局", "医疗器械科", "朱某", "金某"),),
            target=target or TargetFilter(all_cosmetic=True),
        )
    )


@pytest.mark.parametrize(
    ("population", "percent", "expected"),
    [
        (37, "10", 4),  # 3.7 → 4: a 抽查比例 is a minimum
        (40, "10", 4),  # exact
        (41, "5", 3),  # 2.05 → 3
        (10, "0.1", 1),  # any positive share of a non-empty list draws one
        (8, "12.5", 1),  # exact in decimals (no float error)
        (9, "33.4%", 4),  # 3.006 → 4, a trailing % is accepted
        (37, "100", 37),
    ],
)
def test_percentages_round_up_as_documented(population: int, percent: str, expected: int) -> None:
    assert drawn_count(population, percent=percent) == expected


@pytest.mark.parametrize(
    ("count", "percent", "field"),
    [(None, None, "抽取数量"), (3, "10", "抽取数量"), (0, None, "抽取户数"),
     (38, None, "抽取户数"), (None, "0", "抽取比例"), (None, "101", "抽取比例"),
     (None, "十", "抽取比例")],
)  # fmt: skip
def test_bad_requests_name_the_field(count: int | None, percent: str | None, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        drawn_count(37, count=count, percent=percent)


def test_full_coverage_targets_every_cosmetic_institution_not_cancelled(ctx, district) -> None:
    targets = ctx.plans.targets(_plan(ctx))
    assert sorted(t.id for t in targets) == sorted(district.cosmetic)
    by_town = ctx.plans.targets(_plan(ctx, TargetFilter(all_cosmetic=True, towns=("东湖街道",))))
    assert [t.name for t in by_town] == ["测试人民医院"]


def test_draw_is_recorded_reproducible_and_pairs_officers(ctx, district) -> None:
    plan_id = _plan(ctx)
    before = datetime.now().replace(microsecond=0)
    draw_id = ctx.draws.draw(plan_id, drawn_by="林晓", count=10, seed=20260601)
    record = ctx.draws.get(draw_id)
    assert (record.seed, record.drawn_by, record.population) == (20260601, "林晓", 37)
    assert record.drawn_at >= before
    assert len(record.objects) == 10
    assert len({o.institution_id for o in record.objects}) == 10
    for obj in record.objects:
        names = [name for name, _badge in obj.officers]
        assert len(set(names)) == 2
        assert all(badge.startswith("ZJ") for _name, badge in obj.officers)
    # Recomputed from the stored seed and pool: the very same objects and officers.
    again = ctx.draws.recompute(draw_id)
    assert [a.institution_id for a in again] == [o.institution_id for o in record.objects]
    # The pure function gives the same result for the same inputs, another for another seed.
    inputs = (district.cosmetic, district.officers, set())
    assert assign(*inputs, seed=5, count=10) == assign(*inputs, seed=5, count=10)
    assert assign(*inputs, seed=5, count=10) != assign(*inputs, seed=6, count=10)


def test_conflicted_officer_never_inspects_that_institution(ctx, district) -> None:
    draw_id = ctx.draws.draw(_plan(ctx), drawn_by="林晓", percent="100", seed=1)
    record = ctx.draws.get(draw_id)
    assert len(record.objects) == 37
    conflicted = next(
        o for o in record.objects if o.institution_id == district.conflicted_institution
    )
    assert "执法员0" not in [name for name, _ in conflicted.officers]
    # Workload is spread evenly: 37 objects × 2 officers over 6 officers → 12 or 13 each.
    load: dict[str, int] = {}
    for obj in record.objects:
        for name, _ in obj.officers:
            load[name] = load.get(name, 0) + 1
    assert set(load.values()) <= {12, 13}


def test_conflicts_hold_for_any_seed() -> None:
    population, officers = list(range(1, 31)), [101, 102, 103, 104]
    conflicts = {(101, i) for i in range(1, 31, 2)} | {(102, i) for i in range(1, 31, 3)}
    for seed in range(200):
        for a in assign(population, officers, conflicts, seed, 30):
            assert a.officer_ids[0] != a.officer_ids[1]
            assert all((o, a.institution_id) not in conflicts for o in a.officer_ids)


def test_too_few_officers_without_conflict_is_refused_naming_the_institution() -> None:
    conflicts = {(o, 7) for o in (1, 2, 3)}
    with pytest.raises(ValidationError, match=r"某诊所.*不足两名"):
        assign([7], [1, 2, 3, 4], conflicts, 1, 1, {7: "某诊所"})


def test_no_silent_redraw(ctx, district) -> None:
    plan_id = _plan(ctx)
    first = ctx.draws.draw(plan_id, drawn_by="林晓", percent="10", seed=11)
    with pytest.raises(ConflictError, match="重新抽取"):
        ctx.draws.draw(plan_id, drawn_by="林晓", percent="10", seed=12)
    with pytest.raises(ValidationError, match="理由"):
        ctx.draws.redraw(first, drawn_by="林晓", reason=" ")
    second = ctx.draws.redraw(first, drawn_by="王琛", reason="抽中机构已停业", seed=12)
    old, new = ctx.draws.get(first), ctx.draws.get(second)
    assert (old.replaced_by_draw_id, new.replaces_draw_id) == (second, first)
    assert (new.reason, new.drawn_by, new.requested) == ("抽中机构已停业", "王琛", "按比例 10%")
    assert len(new.objects) == len(old.objects) == 4
    assert [d.id for d in ctx.draws.list(plan_id)] == [first, second]
    with pytest.raises(ConflictError, match="已被第"):
        ctx.draws.redraw(first, drawn_by="林晓", reason="再抽")


def test_draw_exports_the_inspection_list(ctx, district, tmp_path: Path) -> None:
    record = ctx.draws.get(ctx.draws.draw(_plan(ctx), drawn_by="林晓", count=5, seed=3))
    out = export_draw_xlsx(record, tmp_path / "名单.xlsx")
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "2026年度青溪区社会办医疗美容机构联合双随机检查名单"
    assert "随机种子 3" in sheet["A2"].value and "抽取人 林晓" in sheet["A2"].value
    assert [c.value for c in sheet[3]][:3] == ["序号", "检查对象", "统一社会信用代码"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == [o.name for o in record.objects]
    assert [r[7] for r in rows] == [o.officers[0][1] for o in record.objects]
    assert sheet.cell(row=4, column=8).number_format == "@"


def test_draw_verify_reproduces_from_the_seed_and_catches_an_edited_record(  # type: ignore[no-untyped-def]
    ctx: AppContext, district, capsysbinary
) -> None:
    def cli(*args: str) -> tuple[int, str, str]:
        code = run(["--data-dir", str(ctx.data_dir), "draw", *args])
        captured = capsysbinary.readouterr()
        return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")

    first = ctx.draws.draw(_plan(ctx), drawn_by="林晓", count=6, seed=77)
    second = ctx.draws.redraw(first, drawn_by="王琛", reason="抽中机构已停业", seed=78)
    assert ctx.draws.verify(first) == ctx.draws.verify(second) == []
    code, out, _err = cli("verify", "--draw", str(second))
    assert (
        code == 0
        and out.strip() == f"第{second}号抽取记录可由种子 78 重现：6 户及其执法人员与重算结果一致。"
    )
    code, out, _err = cli("list")
    assert code == 0 and f"重抽第{first}号：抽中机构已停业" in out.splitlines()[1]
    # Someone swaps an officer of the third object in the database: the check names the line.
    with ctx.uow_factory() as uow:
        item = uow.session.scalars(
            select(DrawItem).where(DrawItem.draw_id == second, DrawItem.position == 3)
        ).one()
        spare = next(o for o in district.officers if o not in (item.officer1_id, item.officer2_id))
        item.officer2_id = spare
        uow.commit()
    (difference,) = ctx.draws.verify(second)
    assert (
        difference.startswith("第3户：") and f"执法人员 {item.officer1_id}/{spare}，" in difference
    )
    code, _out, err = cli("verify", "--draw", str(second))
    assert code == 1 and "与按种子 78 重算的结果不一致：第3户" in err
