"""A hostile tester's workbooks that main imported with "导入完成" while losing data.

A sheet's <dimension ref="A1:X2"/> is only a hint of where its cells are; exporters that write
the sheet before its last row (web systems, report tools, a zip edited by hand) leave it stale,
and openpyxl's read-only reader stopped at it: rows below it and columns right of it were never
read — a ledger of 3 cases imported 1, a 罚款金额 column right of it imported as 0."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from ledger_files import write_sheet
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from sqlalchemy import select
from test_records_import import CASE_HEADERS, INST_HEADERS, INST_ROWS, case_row

from database.models import Case, Institution
from desktop.app import AppContext
from desktop.common.errors import ValidationError
from desktop.inspections.checklist_files import read_items, write_items
from desktop.law import discretion_workbook
from desktop.ledger.workbook import LedgerImportError

FINE = "罚款金额(元)"


def _stale_dimension(path: Path, ref: str) -> Path:
    """The workbook with its first sheet's <dimension> replaced by `ref` (as a stale one)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet], count = re.subn(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(),
                                  parts[sheet])  # fmt: skip
    assert count == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def _cases(ctx: AppContext) -> dict[str, tuple[int, int]]:
    with ctx.uow_factory(readonly=True) as uow:
        return {
            c.case_no: (c.fine_fen, c.confiscation_fen) for c in uow.session.scalars(select(Case))
        }


def test_rows_below_a_stale_dimension_are_imported(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "台账.xlsx", CASE_HEADERS, [case_row(f"青卫罚〔2024〕{n}号")
                                                            for n in (1, 2, 3)])  # fmt: skip
    last = get_column_letter(len(CASE_HEADERS))
    report = ctx.ledger_import.import_cases(_stale_dimension(path, f"A1:{last}2"))
    assert report.created == 3
    assert sorted(_cases(ctx)) == [f"青卫罚〔2024〕{n}号" for n in (1, 2, 3)]


def test_columns_right_of_a_stale_dimension_are_imported(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "台账.xlsx", CASE_HEADERS, [case_row("青卫罚〔2024〕7号")])
    before_fine = get_column_letter(CASE_HEADERS.index(FINE))  # the column left of 罚款金额
    ctx.ledger_import.import_cases(_stale_dimension(path, f"A1:{before_fine}2"))
    # case_row's 罚款金额 is 20000.5 元 and 没收违法所得 "1,234.56" 元: neither read as 0.
    assert _cases(ctx) == {"青卫罚〔2024〕7号": (2_000_050, 123_456)}


def test_a_dimension_of_one_cell_hides_nothing(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "名录.xlsx", INST_HEADERS, INST_ROWS)
    report = ctx.ledger_import.import_institutions(_stale_dimension(path, "A1"))
    assert report.created == len(INST_ROWS)
    with ctx.uow_factory(readonly=True) as uow:
        names = set(uow.session.scalars(select(Institution.name)))
    assert names == {row[INST_HEADERS.index("机构名称")] for row in INST_ROWS}


def test_the_discretion_workbook_reads_past_a_stale_dimension(
    ctx: AppContext, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(discretion_workbook.COLUMNS)
    sheet.append(("YLJG-04", "", "轻微", 10000, 20000, "初次违法", "本区裁量基准"))
    sheet.append(("YLJG-04", "", "一般", "两万", 50000, "", "本区裁量基准"))  # below the dimension
    book.save(tmp_path / "裁量.xlsx")
    path = _stale_dimension(tmp_path / "裁量.xlsx", "A1:G2")
    with pytest.raises(ValidationError, match="第3行“罚款下限\\(元\\)”：“两万”不是金额"):
        discretion_workbook.import_workbook(ctx.uow_factory, path)


def test_a_checklist_file_reads_past_a_stale_dimension(ctx: AppContext, tmp_path: Path) -> None:
    (default,) = [c for c in ctx.checklists.list() if c.is_default]
    checklist = ctx.checklists.get(default.id)
    write_items(checklist, tmp_path / "清单.xlsx")
    items = read_items(_stale_dimension(tmp_path / "清单.xlsx", "A1:B3"))
    assert [i.text for i in items] == [i.text for i in checklist.items]
    assert [i.department for i in items] == [i.department for i in checklist.items]


@pytest.mark.parametrize(
    "typed", ["医疗美容科；美容外科；美容皮肤科", "医疗美容科;美容外科;美容皮肤科",
              "医疗美容科\n美容外科\n美容皮肤科", "医疗美容科、美容外科，美容皮肤科"],
)  # fmt: skip
def test_subjects_typed_with_other_separators_are_each_a_subject(
    ctx: AppContext, tmp_path: Path, typed: str
) -> None:
    """Not one subject named “医疗美容科;美容外科;美容皮肤科”."""
    row = list(INST_ROWS[0])
    row[INST_HEADERS.index("诊疗科目")] = typed
    ctx.ledger_import.import_institutions(write_sheet(tmp_path / "名录.xlsx", INST_HEADERS, [row]))
    with ctx.uow_factory(readonly=True) as uow:
        (inst,) = uow.session.scalars(select(Institution))
        assert [s.name for s in inst.subjects] == ["医疗美容科", "美容外科", "美容皮肤科"]


def test_a_serial_date_of_a_1904_workbook_is_read_in_its_date_system(
    ctx: AppContext, tmp_path: Path
) -> None:
    """Excel for Mac workbooks count days from 1904-01-01: 43890 is 2024-03-01 there, shown so
    by Excel once the cell is formatted as a date; read from 1900 it was 2020-02-28."""
    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.append(CASE_HEADERS)
    sheet.append(case_row("青卫罚〔2024〕11号", 立案日期=43890, 处罚决定日期=43935.0,
                          结案日期=datetime(2024, 5, 20)))  # fmt: skip
    book.save(tmp_path / "mac.xlsx")
    ctx.ledger_import.import_cases(tmp_path / "mac.xlsx")
    with ctx.uow_factory(readonly=True) as uow:
        (case,) = uow.session.scalars(select(Case))
        assert (case.filed_on, case.decided_on, case.closed_on) == (
            date(2024, 3, 1), date(2024, 4, 15), date(2024, 5, 20))  # fmt: skip


def test_a_password_protected_workbook_is_named_as_such(ctx: AppContext, tmp_path: Path) -> None:
    """Excel saves a workbook with 用密码进行加密 as an OLE compound file (as the old .xls), not
    a zip: "不是有效的 Excel 文件，或已损坏" sent the clerk to look for damage that is not there."""
    path = tmp_path / "加密台账.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))  # the compound file header
    with pytest.raises(LedgerImportError) as refused:
        ctx.ledger_import.import_cases(path)
    (error,) = refused.value.errors
    assert error.column == "文件" and "加密台账.xlsx" in error.message
    assert "打开密码" in error.message and "旧版 .xls" in error.message
    assert "损坏" not in error.message


def test_a_line_break_inside_a_name_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    """Alt+Enter in a name cell: "青溪悦容\\n医疗美容门诊部" matched no institution of that name,
    so the case was linked to none and left out of the annex tables' 单位数."""
    row = list(INST_ROWS[0])
    row[INST_HEADERS.index("机构名称")] = "青溪悦容\n医疗美容门诊部"
    with pytest.raises(LedgerImportError) as refused:
        ctx.ledger_import.import_institutions(
            write_sheet(tmp_path / "名录.xlsx", INST_HEADERS, [row])
        )
    assert [(e.row, e.column) for e in refused.value.errors] == [(2, "机构名称")]
    assert "换行" in refused.value.errors[0].message
    rows = [case_row("青卫罚〔2024〕12号", 当事人="青溪悦容医疗美容\r\n门诊部"),
            case_row("青卫罚〔2024〕\n13号")]  # fmt: skip
    with pytest.raises(LedgerImportError) as refused:
        ctx.ledger_import.import_cases(write_sheet(tmp_path / "台账.xlsx", CASE_HEADERS, rows))
    assert [(e.row, e.column) for e in refused.value.errors] == [(2, "当事人"), (3, "案号")]
    assert _cases(ctx) == {}


def test_the_same_file_again_reports_nothing_updated(ctx: AppContext, tmp_path: Path) -> None:
    """An identical re-import said "更新 3 条" although nothing changed: the clerk looks for
    changes that are not there. Only a row that changes its record counts as 更新."""
    institutions = write_sheet(tmp_path / "名录.xlsx", INST_HEADERS, INST_ROWS)
    ctx.ledger_import.import_institutions(institutions)
    again = ctx.ledger_import.import_institutions(institutions)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert str(again) == "导入完成：新增 0 条，更新 0 条，无变化 3 条。"
    rows = [case_row("青卫罚〔2024〕21号", 结案日期=None), case_row("青卫罚〔2024〕22号")]
    cases = write_sheet(tmp_path / "台账.xlsx", CASE_HEADERS, rows)
    ctx.ledger_import.import_cases(cases)
    assert (
        str(ctx.ledger_import.import_cases(cases))
        == "导入完成：新增 0 条，更新 0 条，无变化 2 条。"
    )
    rows[0] = case_row("青卫罚〔2024〕21号", 结案日期=None, **{FINE: 30000})
    changed = ctx.ledger_import.import_cases(write_sheet(tmp_path / "改.xlsx", CASE_HEADERS, rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert _cases(ctx)["青卫罚〔2024〕21号"] == (3_000_000, 123_456)
