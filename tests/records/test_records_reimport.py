"""Re-importing a 机构名录 / 案件台账 merges: only the file's non-empty cells change a record,
and rows of one 机构名录 that are the same institution are refused, naming both rows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from ledger_files import write_sheet
from test_records_import import CASE_HEADERS, CODE_A, CODE_B, INST_HEADERS, INST_ROWS, case_row

from database.models import CaseStatus, InstitutionKind, InstitutionStatus
from desktop.app import AppContext
from desktop.ledger.workbook import LedgerImportError
from forms.validators import make_credit_code

CASE_NO = "青卫医罚〔2024〕8号"


def _last_changes(ctx: AppContext, entity: str, record_id: int) -> dict[str, list[object]]:
    history = ctx.audit.history(entity, record_id)
    assert history[-1].action == "修改"
    changes: dict[str, list[object]] = json.loads(history[-1].changes)
    return changes


def _open_case_file(path: Path, **overrides: object) -> Path:
    """A ledger with one open (not closed) case for the institution of CODE_A."""
    return write_sheet(path, CASE_HEADERS, [case_row(CASE_NO, 结案日期=None, **overrides)])


def test_case_reimport_keeps_what_the_file_does_not_carry(ctx: AppContext, tmp_path: Path) -> None:
    ctx.ledger_import.import_institutions(write_sheet(tmp_path / "i.xlsx", INST_HEADERS, INST_ROWS))
    ctx.ledger_import.import_cases(_open_case_file(tmp_path / "1.xlsx"))
    case_id = ctx.cases.resolve(CASE_NO)
    # The clerk records what no 台账 column holds, and changes two columns the next file leaves
    # empty or lacks.
    edited = replace(
        ctx.cases.get(case_id),
        evidence="现场笔录、询问笔录",
        provision_code="P-27",
        notified_on=date(2024, 4, 1),
        hearing_notified_on=date(2024, 4, 1),
        statement_on=date(2024, 4, 5),
        served_on=date(2024, 4, 18),
        paid_on=date(2024, 4, 25),
        is_typical=True,
        facts="安排美容师为顾客注射肉毒毒素（已补充询问笔录）。",
        handler="王敏、赵强",
    )
    ctx.cases.update(case_id, edited)

    # The second file: no 承办人 column, 违法事实 and 警告 left empty, a new 案由 and 罚款金额.
    headers = [h for h in CASE_HEADERS if h != "承办人"]
    row = case_row(CASE_NO, 结案日期=None, 违法事实="", 警告=None, 案由="使用非卫生技术人员从事医疗美容案",
                   **{"罚款金额(元)": 30000})  # fmt: skip
    second = write_sheet(
        tmp_path / "2.xlsx",
        headers,
        [[v for h, v in zip(CASE_HEADERS, row, strict=True) if h != "承办人"]],
    )
    report = ctx.ledger_import.import_cases(second)
    assert (report.created, report.updated) == (0, 1)

    stored = ctx.cases.get(case_id)
    assert stored == replace(edited, cause="使用非卫生技术人员从事医疗美容案", fine_fen=3_000_000)
    assert ctx.cases.list()[0].status == CaseStatus.EXECUTING.value  # 送达 and 缴款 kept
    # The audit trail records the two real changes only.
    assert set(_last_changes(ctx, "case", case_id)) == {"cause", "fine_fen"}

    # Re-importing the same file again changes nothing and logs nothing.
    events = len(ctx.audit.history("case", case_id))
    ctx.ledger_import.import_cases(second)
    assert ctx.cases.get(case_id) == stored
    assert len(ctx.audit.history("case", case_id)) == events


def test_case_reimport_checks_the_merged_record(ctx: AppContext, tmp_path: Path) -> None:
    ctx.ledger_import.import_cases(_open_case_file(tmp_path / "1.xlsx"))
    case_id = ctx.cases.resolve(CASE_NO)
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), notified_on=date(2024, 3, 20)))
    before = ctx.cases.get(case_id)
    # 立案日期 after the stored 告知日期: each cell is fine, the merged case is not.
    late = _open_case_file(tmp_path / "2.xlsx", 立案日期="2024-03-25", 案由="另一案由")
    with pytest.raises(LedgerImportError) as info:
        ctx.ledger_import.import_cases(late)
    [error] = info.value.errors
    assert (error.row, error.column) == (2, "告知日期")
    assert "早于" in error.message and "与已登记的内容合并后" in error.message
    assert ctx.cases.get(case_id) == before


def test_institution_reimport_keeps_what_the_file_does_not_carry(
    ctx: AppContext, tmp_path: Path
) -> None:
    ctx.ledger_import.import_institutions(write_sheet(tmp_path / "i.xlsx", INST_HEADERS, INST_ROWS))
    [clinic] = ctx.institutions.search(CODE_A)
    [salon] = ctx.institutions.search(CODE_B)
    edited = replace(
        ctx.institutions.get(clinic.id).data,
        cosmetic_filed=True,
        licence_valid_until=date(2028, 12, 31),
        last_verified_on=date(2024, 6, 1),
        phone="0599-86661234",
        status=InstitutionStatus.SUSPENDED,
    )
    ctx.institutions.update(clinic.id, edited)
    salon_before = ctx.institutions.get(salon.id).data

    # Fewer columns; 法定代表人, 诊疗科目, 状态 and the salon's code left empty.
    headers = ["机构名称", "统一社会信用代码", "机构类别", "地址", "法定代表人", "诊疗科目", "状态"]
    rows = [
        ["青溪悦容医疗美容门诊部", CODE_A, "医疗美容门诊部", "青溪区湖滨路2号", "", None, None],
        ["青溪如玉美容美体店", None, "生活美容机构", None, "赵丽", None, None],
    ]
    report = ctx.ledger_import.import_institutions(write_sheet(tmp_path / "2.xlsx", headers, rows))
    assert (report.created, report.updated) == (0, 2)

    assert ctx.institutions.get(clinic.id).data == replace(edited, address="青溪区湖滨路2号")
    assert ctx.institutions.get(clinic.id).data.subjects == ("医疗美容科", "美容外科", "美容皮肤科")
    # Matched by name; its code and everything else but the new 法定代表人 kept.
    assert ctx.institutions.get(salon.id).data == replace(salon_before, legal_representative="赵丽")
    assert set(_last_changes(ctx, "institution", clinic.id)) == {"address"}
    assert set(_last_changes(ctx, "institution", salon.id)) == {"legal_representative"}


def test_new_institutions_still_get_defaults(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "i.xlsx", ["机构名称", "机构类别"], [["青溪新开诊所", "其他医疗机构"]]
    )
    ctx.ledger_import.import_institutions(path)
    [row] = ctx.institutions.search("青溪新开诊所")
    data = ctx.institutions.get(row.id).data
    assert data.status is InstitutionStatus.ACTIVE and data.kind is InstitutionKind.OTHER_MEDICAL
    assert (data.credit_code, data.subjects, data.cosmetic_filed) == ("", (), False)


def test_duplicate_institutions_in_one_file_are_refused(ctx: AppContext, tmp_path: Path) -> None:
    code_c = make_credit_code("91339901CC123456")
    rows = [
        ["医疗美容门诊部", "青溪悦容医疗美容门诊部", CODE_A, *[None] * 7],  # row 2
        ["医疗美容门诊部", "青溪悦容门诊部（新名）", CODE_A, *[None] * 7],  # row 3: same code
        [
            "医疗美容门诊部",
            "青溪悦容医疗美容门诊部",
            None,
            *[None] * 7,
        ],  # row 4: same name, no code
        ["无证场所", "北塘镇无名美容工作室", None, *[None] * 7],  # row 5
        ["生活美容机构", "北塘镇无名美容工作室", code_c, *[None] * 7],  # row 6: same name as row 5
        [
            "生活美容机构",
            "青溪悦容医疗美容门诊部",
            CODE_B,
            *[None] * 7,
        ],  # another code: not a duplicate
    ]
    path = write_sheet(tmp_path / "dup.xlsx", INST_HEADERS, rows)
    with pytest.raises(LedgerImportError) as info:
        ctx.ledger_import.import_institutions(path)
    assert [str(e) for e in info.value.errors] == [
        f"第3行 “统一社会信用代码”：与第2行重复（{CODE_A}）。",
        "第4行 “机构名称”：与第2行重复（青溪悦容医疗美容门诊部）。",
        "第6行 “机构名称”：与第5行重复（北塘镇无名美容工作室）。",
    ]
    assert "没有导入任何记录" in str(info.value)
    assert ctx.institutions.list() == []

    # Two legal bodies of the same name (different codes) are two institutions, also on re-import.
    distinct = write_sheet(tmp_path / "ok.xlsx", INST_HEADERS, [rows[0], rows[5]])
    assert ctx.ledger_import.import_institutions(distinct).created == 2
    again = ctx.ledger_import.import_institutions(distinct)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert sorted(r.credit_code for r in ctx.institutions.list()) == sorted([CODE_A, CODE_B])


def test_act_date_column_is_imported_and_kept_when_empty(ctx: AppContext, tmp_path: Path) -> None:
    headers = [*CASE_HEADERS, "违法行为发生日期"]

    def ledger(name: str, act: object, **overrides: object) -> Path:
        row = [*case_row(CASE_NO, 结案日期=None, **overrides), act]
        return write_sheet(tmp_path / name, headers, [row])

    ctx.ledger_import.import_cases(ledger("1.xlsx", "2024-02-20"))
    case_id = ctx.cases.resolve(CASE_NO)
    assert ctx.cases.get(case_id).act_on == date(2024, 2, 20)
    # An empty cell in a later file leaves the recorded date alone; a filled one changes it.
    ctx.ledger_import.import_cases(ledger("2.xlsx", None, 案由="另一案由"))
    assert ctx.cases.get(case_id).act_on == date(2024, 2, 20)
    ctx.ledger_import.import_cases(ledger("3.xlsx", date(2024, 2, 10)))
    assert ctx.cases.get(case_id).act_on == date(2024, 2, 10)
    # After the 立案日期 (2024-03-01): refused, naming the row and the column; nothing changes.
    with pytest.raises(LedgerImportError) as info:
        ctx.ledger_import.import_cases(ledger("4.xlsx", "2024-03-05"))
    [error] = info.value.errors
    assert (error.row, error.column) == (2, "违法行为发生日期")
    assert "晚于立案日期" in error.message
    assert ctx.cases.get(case_id).act_on == date(2024, 2, 10)
