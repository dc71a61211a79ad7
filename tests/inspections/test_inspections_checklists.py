"""Checklists: the default never changes, copies are edited by service, file and command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ConflictError, ValidationError
from desktop.inspections.checklist_files import read_items, write_items
from desktop.inspections.checklists import ChecklistItemData


def _default(ctx: AppContext) -> int:
    (default,) = [c for c in ctx.checklists.list() if c.is_default]
    return default.id


def test_the_default_is_copied_never_edited(ctx) -> None:
    default_id = _default(ctx)
    before = ctx.checklists.get(default_id)
    with pytest.raises(ConflictError, match="不能修改；请先复制一份"):
        ctx.checklists.update(default_id, before.name, before.items[:3])
    with pytest.raises(ConflictError):
        ctx.checklists.remove_item(default_id, 1)
    assert ctx.checklists.get(default_id) == before
    copy_id = ctx.checklists.copy(default_id, "生活美容机构检查清单")
    ctx.checklists.add_item(copy_id, ChecklistItemData("是否超范围开展医疗美容项目", "区卫健委"), 1)
    ctx.checklists.change_item(copy_id, 2, department="区卫生监督所")
    ctx.checklists.remove_item(copy_id, 22)
    copy = ctx.checklists.get(copy_id)
    assert [i.text for i in copy.items[:2]] == ["是否超范围开展医疗美容项目", before.items[0].text]
    assert copy.items[1].department == "区卫生监督所"
    assert len(copy.items) == 21 and copy.items[-1].text == before.items[-2].text
    with pytest.raises(ValidationError, match="清单共 21 项，没有第 30 项"):
        ctx.checklists.change_item(copy_id, 30, text="x")
    with pytest.raises(ValidationError, match="插入位置：应在 1 到 22 之间"):
        ctx.checklists.add_item(copy_id, ChecklistItemData("x"), 0)
    assert ctx.checklists.get(default_id) == before


def test_items_round_trip_through_xlsx_and_json(ctx, tmp_path: Path) -> None:
    default = ctx.checklists.get(_default(ctx))
    for name in ("items.xlsx", "items.json"):
        write_items(default, tmp_path / name)
        items = read_items(tmp_path / name)
        assert items == tuple(
            ChecklistItemData(i.text, i.department, i.label, i.cause_category, i.provision_code,
                              i.case_cause)
            for i in default.items
        )  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "检查内容", "处室", "备注"])
    sheet.append(["（1）", "是否公示收费标准", "区卫健委", "多余的列不读"])
    sheet.append([None, None, None, None])
    sheet.append(["（2）", "  ", "区卫健委", None])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError, match="第4行 检查内容：不能为空"):
        read_items(tmp_path / "bad.xlsx")
    (tmp_path / "bad.json").write_text('{"items": [{"text": "a"}, 3]}', encoding="utf-8")
    with pytest.raises(ValidationError, match="第2项：应为一个对象"):
        read_items(tmp_path / "bad.json")


def _cli(ctx: AppContext, capsysbinary, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = run(["--data-dir", str(ctx.data_dir), "checklists", *args])
    captured = capsysbinary.readouterr()
    return code, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_checklists_from_the_command_line(ctx, capsysbinary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    default_id = str(_default(ctx))
    code, out, _err = _cli(ctx, capsysbinary)
    assert code == 0 and "21项\t默认" in out
    code, out, _err = _cli(ctx, capsysbinary, "show", default_id)
    assert "（默认，不可修改）" in out and "（17）" in out
    code, _out, err = _cli(ctx, capsysbinary, "edit", default_id, "--remove", "1")
    assert code == 1 and "请先复制一份" in err
    code, out, _err = _cli(ctx, capsysbinary, "copy", default_id, "--name", "美容院清单")
    assert code == 0
    copy_id = str(next(c.id for c in ctx.checklists.list() if c.name == "美容院清单"))
    code, out, _err = _cli(ctx, capsysbinary, "edit", copy_id, "--add", "--text", "是否公示价格",
                           "--department", "区市场监管局", "--label", "（5）")  # fmt: skip
    assert code == 0 and "共 22 项" in out
    code, _out, err = _cli(ctx, capsysbinary, "edit", copy_id, "--add", "--department", "区卫健委")
    assert code == 1 and "第23项 检查内容：不能为空" in err
    # The rename and the item change are saved together or not at all.
    code, _out, err = _cli(ctx, capsysbinary, "edit", copy_id, "--item", "1", "--text", "改过",
                           "--name", "医疗美容机构联合检查清单（默认）")  # fmt: skip
    assert code == 1 and "已有名为" in err
    assert ctx.checklists.get(int(copy_id)).items[0].text != "改过"
    code, _out, err = _cli(ctx, capsysbinary, "edit", copy_id, "--remove", "1", "--add")
    assert code == 1 and "一次只能做一种修改" in err
    out_file = tmp_path / "清单.xlsx"
    assert _cli(ctx, capsysbinary, "export", copy_id, "--out", str(out_file))[0] == 0
    book = load_workbook(out_file)
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["处室", "序号", "检查内容"]
    assert sheet.max_row == 23 and sheet.cell(23, 3).value == "是否公示价格"
    sheet.delete_rows(3, 20)
    book.save(out_file)
    code, out, _err = _cli(ctx, capsysbinary, "edit", copy_id, "--file", str(out_file))
    assert code == 0 and "共 2 项" in out
    code, out, _err = _cli(ctx, capsysbinary, "show", copy_id, "--json")
    shown = json.loads(out)
    assert [i["department"] for i in shown["items"]] == ["区卫健委", "区市场监管局"]
    assert len(ctx.checklists.get(int(default_id)).items) == 21
