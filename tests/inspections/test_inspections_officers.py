"""执法人员 and 回避 declarations: entered by service and command line, respected by the draw."""

from __future__ import annotations

import json
from datetime import date

import pytest

from database.models import PlanKind
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.inspections.plans import PlanInput, TargetFilter
from desktop.records.officers import OfficerInput


def _plan(ctx: AppContext) -> int:
    return ctx.plans.create(
        PlanInput(PlanKind.DOUBLE_RANDOM, "2026年医疗美容双随机检查", date(2026, 6, 1),
                  date(2026, 6, 30), target=TargetFilter(all_cosmetic=True))
    )  # fmt: skip


def test_badge_is_checked_normalised_and_unique(ctx, district) -> None:
    officer_id = ctx.officers.add(OfficerInput("陈敏", " zj 3301012024 9001 ", "稽查科"))
    assert ctx.officers.get(officer_id).badge_no == "ZJ33010120249001"
    with pytest.raises(ValidationError) as caught:
        ctx.officers.add(OfficerInput("", "ZJ33010120249001"))
    fields = {e.field: e.message for e in caught.value.errors}
    assert fields["姓名"] == "不能为空。"
    assert fields["执法证号"] == "“ZJ33010120249001”已是陈敏的执法证号。"
    for bad in ("王五", "AB12", "ZJ-33 01/2024", "x" * 40):
        with pytest.raises(ValidationError, match="不是有效的执法证号"):
            ctx.officers.add(OfficerInput("王五", bad))
    assert ctx.officers.add(OfficerInput("王五", "浙卫监2024-0012")) > 0
    # Editing keeps its own number; taking another's is refused and nothing changes.
    ctx.officers.update(
        officer_id, OfficerInput("陈敏", "ZJ33010120249001", "监督科", "13800000000")
    )
    with pytest.raises(ValidationError, match="已是执法员1的执法证号"):
        ctx.officers.update(officer_id, OfficerInput("陈敏", "ZJ33990120260001"))
    assert ctx.officers.get(officer_id) == OfficerInput(
        "陈敏", "ZJ33010120249001", "监督科", "13800000000", True
    )


def test_conflicts_and_inactive_officers_steer_the_draw(ctx, district) -> None:
    target = district.cosmetic[5]
    # Only two officers may inspect that institution: four declare a conflict, two stay.
    for officer_id in district.officers[:4]:
        ctx.officers.add_conflict(officer_id, target, "曾在该机构任职")
    with pytest.raises(ConflictError, match="不能重复申报"):
        ctx.officers.add_conflict(district.officers[0], target, "再次申报")
    with pytest.raises(ValidationError, match="回避理由：不能为空"):
        ctx.officers.add_conflict(district.officers[4], target, "  ")
    rows = {r.id: r for r in ctx.officers.list()}
    assert rows[district.officers[1]].conflicts == 1
    assert rows[district.conflicted_officer].conflicts == 2
    allowed = {r.name for r in ctx.officers.list() if r.id in district.officers[4:]}
    record = ctx.draws.get(ctx.draws.draw(_plan(ctx), drawn_by="林晓", percent="100", seed=7))
    (obj,) = [o for o in record.objects if o.institution_id == target]
    assert {name for name, _ in obj.officers} == allowed
    # Deactivating one of the two leaves nobody to pair for that institution: refused by name.
    ctx.officers.set_active(district.officers[5], False)
    assert district.officers[5] not in [o.id for o in ctx.inspections.officers()]
    with pytest.raises(Exception, match="测试05医疗美容机构"):
        ctx.draws.draw(_plan(ctx), drawn_by="林晓", percent="100", seed=7)
    # Withdrawing a declaration makes room again.
    ctx.officers.remove_conflict(district.officers[1], target)
    ctx.draws.draw(_plan(ctx), drawn_by="林晓", percent="100", seed=7)
    with pytest.raises(NotFoundError, match="没有申报"):
        ctx.officers.remove_conflict(district.officers[1], target)


def _cli(ctx: AppContext, capsysbinary, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = run(["--data-dir", str(ctx.data_dir), *args])
    captured = capsysbinary.readouterr()
    return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_officers_from_the_command_line(ctx, district, capsysbinary) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = _cli(ctx, capsysbinary, "officers", "add", "--name", "陈敏",
                           "--badge", "ZJ330101202490", "--department", "稽查科")  # fmt: skip
    assert code == 0 and "已新增执法人员" in out
    code, _out, err = _cli(ctx, capsysbinary, "officers", "add", "--name", "李四",
                           "--badge", "zj330101202490")  # fmt: skip
    assert code == 1 and "执法证号：“ZJ330101202490”已是陈敏的执法证号" in err
    code, _out, err = _cli(ctx, capsysbinary, "officers", "add", "--badge", "ZJ1234567")
    assert code == 1 and "姓名：不能为空" in err
    assert _cli(ctx, capsysbinary, "officers", "edit", "陈敏", "--phone", "0571-1234")[0] == 0
    code, out, _err = _cli(
        ctx, capsysbinary, "officers", "conflict", "add", "--officer", "ZJ330101202490",
        "--institution", "测试人民医院", "--reason", "配偶任该院院长", "--date", "2026-03-02",
    )  # fmt: skip
    assert code == 0 and "已记录回避申报" in out
    code, _out, err = _cli(ctx, capsysbinary, "officers", "conflict", "add", "--officer", "陈敏",
                           "--institution", "测试人民医院", "--reason", "再报")  # fmt: skip
    assert code == 1 and "不能重复申报" in err
    code, _out, err = _cli(ctx, capsysbinary, "officers", "conflict", "add", "--officer", "陈敏",
                           "--institution", "测试人民医院", "--reason", "x", "--date", "2026-13-01")  # fmt: skip
    assert code == 1 and "申报日期" in err
    code, out, _err = _cli(ctx, capsysbinary, "officers", "conflict", "list", "--officer", "陈敏",
                           "--json")  # fmt: skip
    (conflict,) = json.loads(out)
    assert conflict["institution_name"] == "测试人民医院"
    assert conflict["declared_on"] == "2026-03-02"
    assert _cli(ctx, capsysbinary, "officers", "deactivate", "陈敏")[0] == 0
    code, out, _err = _cli(ctx, capsysbinary, "officers", "list", "--json")
    chen = next(r for r in json.loads(out) if r["name"] == "陈敏")
    assert (chen["phone"], chen["active"], chen["conflicts"]) == ("0571-1234", False, 1)
    code, out, _err = _cli(ctx, capsysbinary, "officers", "list", "--active")
    assert "陈敏" not in out and "执法员3" in out
    assert _cli(ctx, capsysbinary, "officers", "conflict", "remove", "--officer", "陈敏",
                "--institution", "测试人民医院")[0] == 0  # fmt: skip
    assert ctx.officers.conflicts(chen["id"]) == []
    code, _out, err = _cli(ctx, capsysbinary, "officers", "edit", "不存在的人", "--phone", "1")
    assert code == 1 and "没有编号、执法证号或姓名为“不存在的人”的执法人员" in err
