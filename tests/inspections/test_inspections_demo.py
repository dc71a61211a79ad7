"""The demo district's inspection side, and the inspection commands run against it."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from database.models import CheckResult, CreditEvaluation, Inspection, OfficerConflict, ScoreEvent
from desktop.app import AppContext
from desktop.cli.main import run

#: tests/conftest.py builds the demo relative to this day.
TODAY = date(2026, 11, 20)


def test_demo_has_plans_a_draw_and_inspections_across_the_year(demo_ctx: AppContext) -> None:
    plans = {p.kind: p for p in demo_ctx.plans.list()}
    assert set(plans) == {"双随机联合检查", "专项整治", "日常监督", "回头看"}
    joint = demo_ctx.plans.get(plans["双随机联合检查"].id)
    assert joint.target.all_cosmetic and joint.checklist_id is not None
    assert [d.name for d in joint.departments] == ["青溪区卫生健康委员会", "青溪区市场监督管理局"]
    assert joint.departments[1].section == "区市场局—医疗器械科"
    (draw,) = demo_ctx.draws.list(plans["双随机联合检查"].id)
    assert (draw.seed, draw.drawn_by, draw.requested) == (2024, "林晓", "按比例 50%")
    assert [a.institution_id for a in demo_ctx.draws.recompute(draw.id)] == [
        o.institution_id for o in draw.objects
    ]
    rows = demo_ctx.inspections.list()
    assert 50 <= len(rows) <= 70
    assert len({r.inspected_on.month for r in rows}) >= 8
    drawn = {o.institution_id for o in draw.objects}
    joint_rows = [r for r in rows if r.plan_id == plans["双随机联合检查"].id]
    assert {r.institution_id for r in joint_rows} == drawn
    assert sum(r.failed_items for r in rows) > 10


def test_demo_inspections_respect_conflicts_and_link_cases(demo_ctx: AppContext) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        s = uow.session
        conflicts = {(c.officer_id, c.institution_id) for c in s.scalars(select(OfficerConflict))}
        assert len(conflicts) == 3
        inspections = list(s.scalars(select(Inspection)))
        for i in inspections:
            assert len(i.officers) >= 2
            assert not {(o.id, i.institution_id) for o in i.officers} & conflicts
        linked = [r for i in inspections for r in i.results if r.case_id is not None]
        assert linked and all(r.result is CheckResult.FAIL for r in linked)
        # the 卫生监督意见书 prints only the opinions: they name every problem found
        opinions = [i for i in inspections if i.opinions.startswith("经检查")]
        assert opinions
        for i in opinions:
            failed = [r.note for r in i.results if r.result is CheckResult.FAIL]
            assert failed and all(note in i.opinions for note in failed)
        events = list(s.scalars(select(ScoreEvent)))
        assert events and all(e.case_id or e.inspection_id for e in events)
        assert s.scalars(select(CreditEvaluation)).first() is not None


def test_demo_revisits_and_complaints(demo_ctx: AppContext) -> None:
    rows = demo_ctx.revisits.findings(date(2026, 1, 1), TODAY)
    assert len(rows) >= 3 and all(r.punished_before for r in rows)
    again = [r for r in rows if r.illegal_again]
    assert 1 <= len(again) < len(rows)
    assert all(r.follow_up_cases for r in again)
    complaints = demo_ctx.complaints.list()
    assert 35 <= len(complaints) <= 45
    results = Counter(c.result for c in complaints)
    assert results["立案"] >= 10 and results["不予立案"] >= 10 and results[""] >= 2
    assert len({c.channel for c in complaints}) >= 4
    assert any(c.anonymous for c in complaints) and any(c.reporter_satisfied for c in complaints)
    assert all(c.case_no for c in complaints if c.result == "立案")


def test_demo_dashboard_deadlines(demo_ctx: AppContext) -> None:
    rules = Counter((i.rule, i.status.value) for i in demo_ctx.deadlines.list(TODAY))
    assert rules[("inspection_entry", "逾期")] >= 1
    assert rules[("joint_confirmation", "今日到期")] + rules[("joint_confirmation", "未到期")] == 1
    assert rules[("decision", "逾期")] >= 1 and rules[("complaint_reply", "逾期")] >= 1


def test_cli_draw_commands(demo_ctx: AppContext, capsysbinary, tmp_path: Path) -> None:
    base = ["--data-dir", str(demo_ctx.data_dir)]

    def out(*args: str) -> str:
        assert run([*base, *args]) == 0
        return capsysbinary.readouterr().out.decode("utf-8")

    plans = json.loads(out("plans", "list", "--json"))
    routine = next(p["id"] for p in plans if p["kind"] == "日常监督")
    targets = json.loads(out("plans", "targets", str(routine), "--json"))
    record = json.loads(out("draw", "new", "--plan", str(routine), "--percent", "10", "--seed", "9",
                            "--by", "林晓", "--json"))  # fmt: skip
    assert len(record["objects"]) == -(-len(targets) // 10) and record["seed"] == 9
    assert run([*base, "draw", "new", "--plan", str(routine), "--count", "3", "--by", "林晓"]) == 1
    assert "重新抽取" in capsysbinary.readouterr().err.decode("utf-8")
    redo = json.loads(out("draw", "redo", "--draw", str(record["id"]), "--by", "王琛",
                          "--reason", "名单有误", "--json"))  # fmt: skip
    assert redo["replaces_draw_id"] == record["id"] and redo["reason"] == "名单有误"
    target = tmp_path / "检查名单.xlsx"
    assert "已导出" in out("draw", "export", "--draw", str(redo["id"]), "--out", str(target))
    assert load_workbook(target).active.max_row == 3 + len(redo["objects"])
    assert "第" in out("draw", "list")
    assert len(json.loads(out("inspections", "--revisits", "--json"))) >= 3
    assert len(json.loads(out("complaints", "--json"))) >= 35
    assert "21项" in out("checklists")
    assert "分" in out("scores", "--year", "2026")


def test_cli_plans_new_checks_like_the_editor(demo_ctx: AppContext, capsysbinary) -> None:
    base = ["--data-dir", str(demo_ctx.data_dir), "plans", "new", "--kind", "专项整治",
            "--title", "2026年冬季医疗美容专项检查", "--from", "2026-12-01"]  # fmt: skip
    before = len(demo_ctx.plans.list())
    assert run([*base, "--to", "2027-01-31", "--kinds", "医疗美容诊所、美容院"]) == 1
    assert "机构类别：“美容院”不是可选值" in capsysbinary.readouterr().err.decode("utf-8")
    assert run([*base, "--to", "2026-11-01"]) == 1
    assert "结束日期：早于开始日期" in capsysbinary.readouterr().err.decode("utf-8")
    assert len(demo_ctx.plans.list()) == before
    assert run([*base, "--to", "2027-01-31", "--kinds", "医疗美容诊所", "--lead", "区卫健委",
                "--department", "区卫健委、医政科、王海", "--department", "区市场监管局、稽查科",
                "--checklist", str(demo_ctx.checklists.list()[0].id)]) == 0  # fmt: skip
    said = capsysbinary.readouterr().out.decode("utf-8")
    plan = next(p for p in demo_ctx.plans.list() if p.title == "2026年冬季医疗美容专项检查")
    stored = demo_ctx.plans.get(plan.id)
    assert [d.name for d in stored.departments] == ["区卫健委", "区市场监管局"]
    assert stored.departments[0].responsible == "王海" and stored.checklist_id is not None
    assert f"检查对象 {len(demo_ctx.plans.targets(plan.id))} 户" in said


def test_cli_scores_and_credit(demo_ctx: AppContext, capsysbinary) -> None:
    base = ["--data-dir", str(demo_ctx.data_dir)]
    inspection = demo_ctx.inspections.list()[0]
    inst = inspection.institution_id
    staff = demo_ctx.staff.list(inst)

    def err(*args: str) -> str:
        assert run([*base, *args]) == 1
        return capsysbinary.readouterr().err.decode("utf-8")

    assert "分值：“两分”不是整数" in err("scores", "add", "--institution", str(inst), "--points",
                                        "两分", "--reason", "x", "--inspection", str(inspection.id))  # fmt: skip
    assert "请关联引起记分的案件或检查记录" in err("scores", "add", "--institution", str(inst),
                                                "--points", "2", "--reason", "病历不规范")  # fmt: skip
    assert "记分事由：不能为空" in err("scores", "add", "--institution", str(inst), "--points", "2")
    assert run([*base, "scores", "add", "--institution", str(inst), "--points", "2", "--reason",
                "病历书写不规范", "--on", "2026-11-18", "--inspection", str(inspection.id)]) == 0  # fmt: skip
    if staff:
        assert run([*base, "scores", "add", "--staff", str(staff[0].id), "--points", "4",
                    "--reason", "超范围执业", "--on", "2026-11-19",
                    "--inspection", str(inspection.id)]) == 0  # fmt: skip
    capsysbinary.readouterr()
    assert run([*base, "scores", "list", "--institution", str(inst), "--json"]) == 0
    rows = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert {r["reason"] for r in rows} >= {"病历书写不规范"} | ({"超范围执业"} if staff else set())
    assert run([*base, "scores", "--year", "2026", "--json"]) == 0
    totals = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert any(t["subject_id"] == inst and t["subject_type"] == "机构" and t["points"] >= 2
               for t in totals)  # fmt: skip
    assert "评价年度：“去年”不是整数" in err("credit", "--institution", str(inst), "--year", "去年",
                                          "--grade", "A")  # fmt: skip
    assert run([*base, "credit", "--institution", str(inst), "--year", "2026", "--grade", "A"]) == 0
    assert demo_ctx.institutions.get(inst).data.credit_grade == "A"
