"""The 双随机 draw: random inspection objects and officer pairs, seeded, recorded, never redrawn silently.

How many objects: a count, or a percentage of the plan's target list rounded **up**
(ceil(population × percent / 100), computed exactly in decimals) — a 抽查比例 is a minimum the
draw must reach, so 10% of 37 objects draws 4 and 5% of 41 draws 3. A positive percentage of a
non-empty list always draws at least one object.

How: `random.Random(seed)` samples the objects from the target list ordered by institution id,
then gives each object two officers — the pool ordered by id is shuffled and the officers with
the fewest assignments so far come first (even workload) — skipping every officer who declared
a conflict with that institution. The pool and the conflicts are stored with the draw, so
`recompute` gives the same result from the seed at any later time.
"""

from __future__ import annotations

import builtins
import json
import math
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Draw, DrawItem, InspectionPlan, Institution, Officer, OfficerConflict
from database.unit_of_work import UowFactory
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.inspections.plans import target_institutions
from forms.validators import FieldError

#: Officers sent to each drawn object (行政处罚法 第四十二条: at least two).
OFFICERS_PER_OBJECT = 2
#: Seeds fit a 32-bit signed INTEGER column on every database.
MAX_SEED = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Assignment:
    """One drawn object and its officers."""

    institution_id: int
    officer_ids: tuple[int, int]


def drawn_count(population: int, count: int | None = None, percent: str | None = None) -> int:
    """How many objects a request draws (see the module docstring for the rounding)."""
    if (count is None) == (percent is None):
        raise ValidationError([FieldError("抽取数量", "请填写抽取户数或抽取比例中的一项。")])
    if count is not None:
        if count < 1:
            raise ValidationError([FieldError("抽取户数", "应至少为 1。")])
        if count > population:
            raise ValidationError(
                [FieldError("抽取户数", f"{count} 户超过检查对象名单的 {population} 户。")]
            )
        return count
    try:
        share = Decimal(str(percent).strip().rstrip("%"))
    except InvalidOperation:
        raise ValidationError([FieldError("抽取比例", f"“{percent}”不是数字。")]) from None
    if not Decimal(0) < share <= Decimal(100):
        raise ValidationError([FieldError("抽取比例", "应大于 0 且不超过 100。")])
    return min(population, math.ceil(population * share / 100))


def assign(
    population: Sequence[int],
    officers: Sequence[int],
    conflicts: set[tuple[int, int]],
    seed: int,
    count: int,
    names: dict[int, str] | None = None,
) -> list[Assignment]:
    """The draw itself: pure, deterministic for the same inputs and seed."""
    rng = random.Random(seed)
    chosen = rng.sample(sorted(population), count)
    load = dict.fromkeys(sorted(officers), 0)
    result: list[Assignment] = []
    for institution in chosen:
        eligible = [o for o in load if (o, institution) not in conflicts]
        if len(eligible) < OFFICERS_PER_OBJECT:
            name = (names or {}).get(institution, f"编号 {institution}")
            raise ValidationError(
                [FieldError(name, "可派执法人员不足两名（其余人员已申报回避），无法抽取。")],
                "双随机抽取",
            )
        rng.shuffle(eligible)
        eligible.sort(key=lambda o: load[o])  # stable: ties keep the random order
        pair = (eligible[0], eligible[1])
        for officer in pair:
            load[officer] += 1
        result.append(Assignment(institution, pair))
    return result


@dataclass(frozen=True, slots=True)
class DrawnObject:
    """One line of a recorded draw, as the 检查名单 prints it."""

    position: int
    institution_id: int
    name: str
    kind: str
    town: str
    address: str
    credit_code: str
    officers: tuple[tuple[str, str], ...]  # (name, 执法证号)


@dataclass(frozen=True, slots=True)
class DrawRecord:
    """A recorded draw with its objects, who drew it and what it replaced."""

    id: int
    plan_id: int
    plan_title: str
    seed: int
    requested: str
    population: int
    drawn_by: str
    drawn_at: datetime
    replaces_draw_id: int | None
    replaced_by_draw_id: int | None
    reason: str
    objects: tuple[DrawnObject, ...]


def _percent_text(percent: str) -> str:
    return str(Decimal(str(percent).strip().rstrip("%")))


def _describe_request(count: int | None, percent: str | None) -> str:
    return f"按比例 {_percent_text(percent)}%" if percent is not None else f"{count} 户"


class DrawService:
    """Run, redo (with a reason), read and recompute 双随机 draws."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def draw(self, plan_id: int, *, drawn_by: str, count: int | None = None,
             percent: str | None = None, seed: int | None = None) -> int:  # fmt: skip
        """The plan's first draw; a plan that already has one needs `redraw` with a reason."""
        with self._uow_factory() as uow:
            # the plan's row lock makes a second clerk's draw wait and then see this one
            # (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers)
            plan = uow.session.get(InspectionPlan, plan_id, with_for_update=True)
            if plan is None:
                raise NotFoundError(f"没有编号为 {plan_id} 的工作方案。")
            current = _current_draw(uow.session, plan_id)
            if current is not None:
                raise ConflictError(
                    f"工作方案“{plan.title}”已于 {current.drawn_at:%Y-%m-%d %H:%M} 由 "
                    f"{current.drawn_by} 抽取（第 {current.id} 号抽取记录）；如需重新抽取，"
                    "请使用“重新抽取”并填写理由。"
                )
            draw = record_draw(uow.session, plan, drawn_by, count, percent, seed, None, "")
            uow.commit()
            return draw.id

    def redraw(self, draw_id: int, *, drawn_by: str, reason: str, seed: int | None = None) -> int:
        """A new recorded draw replacing `draw_id`, same request, new seed, with the reason."""
        if not reason.strip():
            raise ValidationError([FieldError("重新抽取理由", "不能为空。")], "重新抽取")
        with self._uow_factory() as uow:
            old = uow.session.get(Draw, draw_id)
            if old is None:
                raise NotFoundError(f"没有编号为 {draw_id} 的抽取记录。")
            uow.session.get(InspectionPlan, old.plan_id, with_for_update=True)  # as in draw()
            newer = uow.session.scalar(select(Draw.id).where(Draw.replaces_draw_id == draw_id))
            if newer is not None:
                raise ConflictError(
                    f"第 {draw_id} 号抽取记录已被第 {newer} 号重新抽取取代，只能重抽最新的记录。"
                )
            kind, _, value = old.requested.partition(":")
            count = int(value) if kind == "count" else None
            percent = value if kind == "percent" else None
            plan = uow.session.get_one(InspectionPlan, old.plan_id)
            draw = record_draw(uow.session, plan, drawn_by, count, percent, seed, draw_id, reason)
            uow.commit()
            return draw.id

    def assigned_officers(self, plan_id: int, institution_id: int) -> tuple[int, tuple[int, ...]]:
        """(draw id, officer ids) the plan's current draw assigned to this institution.

        (0, ()) when the plan has no draw or the institution was not drawn.
        """
        with self._uow_factory(readonly=True) as uow:
            draw = _current_draw(uow.session, plan_id)
            if draw is None:
                return 0, ()
            for item in draw.items:
                if item.institution_id == institution_id:
                    return draw.id, (item.officer1_id, item.officer2_id)
            return draw.id, ()

    def get(self, draw_id: int) -> DrawRecord:
        """A recorded draw with its objects and officers."""
        with self._uow_factory(readonly=True) as uow:
            draw = uow.session.get(Draw, draw_id)
            if draw is None:
                raise NotFoundError(f"没有编号为 {draw_id} 的抽取记录。")
            return _record_dto(uow.session, draw)

    def list(self, plan_id: int | None = None) -> builtins.list[DrawRecord]:
        """Recorded draws (all, or of one plan), oldest first."""
        with self._uow_factory(readonly=True) as uow:
            query = select(Draw).order_by(Draw.id)
            if plan_id is not None:
                query = query.where(Draw.plan_id == plan_id)
            return [_record_dto(uow.session, d) for d in uow.session.scalars(query)]

    def recompute(self, draw_id: int) -> builtins.list[Assignment]:
        """The draw recomputed from its stored seed, pool and conflicts (for an audit)."""
        with self._uow_factory(readonly=True) as uow:
            draw = uow.session.get(Draw, draw_id)
            if draw is None:
                raise NotFoundError(f"没有编号为 {draw_id} 的抽取记录。")
            pool = json.loads(draw.officer_pool)
            conflicts = {(int(o), int(i)) for o, i in pool["conflicts"]}
            return assign(json.loads(draw.population_ids), pool["officers"], conflicts,
                          draw.seed, len(draw.items))  # fmt: skip

    def verify(self, draw_id: int) -> builtins.list[str]:
        """Where the stored draw differs from its recomputation (empty: reproduced exactly).

        For an audit or a complaint about the draw: the seed, the target list and the officer
        pool as stored give the same objects in the same order with the same two officers.
        """
        again = self.recompute(draw_id)
        with self._uow_factory(readonly=True) as uow:
            items = uow.session.get_one(Draw, draw_id).items
            stored = [(i.institution_id, (i.officer1_id, i.officer2_id)) for i in items]
        return [
            f"第{n}户：记录为机构 {s[0]}、执法人员 {s[1][0]}/{s[1][1]}，"
            f"重算为机构 {a.institution_id}、执法人员 {a.officer_ids[0]}/{a.officer_ids[1]}。"
            for n, (s, a) in enumerate(zip(stored, again, strict=True), start=1)
            if s != (a.institution_id, a.officer_ids)
        ]


def _current_draw(session: Session, plan_id: int) -> Draw | None:
    replaced = select(Draw.replaces_draw_id).where(Draw.replaces_draw_id.is_not(None))
    return session.scalar(
        select(Draw)
        .where(Draw.plan_id == plan_id, Draw.id.not_in(replaced))
        .order_by(Draw.id.desc())
    )


def record_draw(session: Session, plan: InspectionPlan, drawn_by: str, count: int | None,
                percent: str | None, seed: int | None, replaces: int | None,
                reason: str) -> Draw:  # fmt: skip
    """Draw over the plan's current target list and add the record to the session."""
    if not drawn_by.strip():
        raise ValidationError([FieldError("抽取人", "不能为空。")], "双随机抽取")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ValidationError([FieldError("随机种子", f"应在 0 到 {MAX_SEED} 之间。")])
    institutions = target_institutions(session, plan)
    if not institutions:
        raise ValidationError([FieldError("检查对象名单", "为空，无法抽取。")], plan.title)
    n = drawn_count(len(institutions), count, percent)
    officers = sorted(session.scalars(select(Officer.id).where(Officer.active)))
    population = [i.id for i in institutions]
    wanted = set(population)
    conflicts = {
        (c.officer_id, c.institution_id)
        for c in session.scalars(select(OfficerConflict))
        if c.institution_id in wanted
    }
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    names = {i.id: i.name for i in institutions}
    assignments = assign(population, officers, conflicts, seed, n, names)
    draw = Draw(
        plan_id=plan.id,
        seed=seed,
        requested=f"percent:{_percent_text(percent)}" if percent is not None else f"count:{count}",
        population=len(population),
        drawn_by=drawn_by.strip(),
        drawn_at=datetime.now().replace(microsecond=0),
        replaces_draw_id=replaces,
        reason=reason.strip(),
        population_ids=json.dumps(population),
        officer_pool=json.dumps({"officers": officers, "conflicts": sorted(conflicts)}),
        items=[
            DrawItem(position=n, institution_id=a.institution_id,
                     officer1_id=a.officer_ids[0], officer2_id=a.officer_ids[1])
            for n, a in enumerate(assignments, start=1)
        ],
    )  # fmt: skip
    session.add(draw)
    session.flush()
    return draw


def _record_dto(session: Session, draw: Draw) -> DrawRecord:
    plan = session.get_one(InspectionPlan, draw.plan_id)
    replaced_by = session.scalar(select(Draw.id).where(Draw.replaces_draw_id == draw.id))
    officer_ids = {o for item in draw.items for o in (item.officer1_id, item.officer2_id)}
    officers = {
        o.id: o for o in session.scalars(select(Officer).where(Officer.id.in_(officer_ids)))
    }
    insts = {
        i.id: i
        for i in session.scalars(
            select(Institution).where(Institution.id.in_([it.institution_id for it in draw.items]))
        )
    }
    kind, _, value = draw.requested.partition(":")
    objects = tuple(
        DrawnObject(
            position=item.position,
            institution_id=item.institution_id,
            name=insts[item.institution_id].name,
            kind=insts[item.institution_id].kind.value,
            town=insts[item.institution_id].town,
            address=insts[item.institution_id].address,
            credit_code=insts[item.institution_id].credit_code or "",
            officers=tuple(
                (officers[o].name, officers[o].badge_no)
                for o in (item.officer1_id, item.officer2_id)
            ),
        )
        for item in draw.items
    )
    return DrawRecord(
        id=draw.id,
        plan_id=draw.plan_id,
        plan_title=plan.title,
        seed=draw.seed,
        requested=_describe_request(int(value) if kind == "count" else None,
                                    value if kind == "percent" else None),
        population=draw.population,
        drawn_by=draw.drawn_by,
        drawn_at=draw.drawn_at,
        replaces_draw_id=draw.replaces_draw_id,
        replaced_by_draw_id=replaced_by,
        reason=draw.reason,
        objects=objects,
    )  # fmt: skip
