"""Import of 机构名录 and 案件台账: realistic files, every failure mode, idempotent re-import."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from ledger_files import write_sheet
from sqlalchemy import func, select

from database.models import Case, CaseStatus, Institution, InstitutionKind
from desktop.app import AppContext
from desktop.ledger.workbook import LedgerImportError
from forms.validators import make_credit_code

CODE_A = make_credit_code("91339901MA2B3C4D")
CODE_B = make_credit_code("52339901AB123456")

INST_HEADERS = ["机构类别", "机构名称", "统一社会信用代码", "所在镇街", "地址", "法定代表人",
                "诊疗科目", "状态", "依法执业信用评价", "主要负责人"]  # fmt: skip
INST_ROWS: list[list[object]] = [
    ["医疗美容门诊部", "青溪悦容医疗美容门诊部", CODE_A, "东湖街道", "青溪区湖滨路1号", "王芳",
     "医疗美容科、美容外科、美容皮肤科", "正常", "B", "王芳"],
    ["生活美容机构", "青溪如玉美容美体店", CODE_B, "南港镇", "青溪区望江路8号", "李静", None, None, None, None],
    ["无证场所", "北塘镇无名美容工作室", None, "北塘镇", "北塘镇新华路3号", None, None, "正常", "", None],
]  # fmt: skip

CASE_HEADERS = ["当事人", "案号", "当事人类型", "统一社会信用代码", "案件来源", "案由分类",
                "专项整治类别", "案由", "违法事实", "违反条款", "处罚依据", "立案日期",
                "处罚决定日期", "结案日期", "警告", "罚款金额(元)", "没收违法所得(元)", "责令改正",
                "责令停业整顿", "吊销许可", "移送司法机关", "承办人", "机构类别", "所在镇街"]  # fmt: skip


def case_row(case_no: str, **overrides: object) -> list[object]:
    """A valid 案件台账 row, with some cells overridden by header name."""
    values: dict[str, object] = {
        "当事人": "青溪悦容医疗美容门诊部", "案号": case_no, "当事人类型": "机构", "统一社会信用代码": CODE_A,
        "案件来源": "随机抽查", "案由分类": "人员管理", "专项整治类别": "医疗机构",
        "案由": "使用非卫生技术人员案", "违法事实": "安排美容师注射肉毒毒素。",
        "违反条款": "《医疗机构管理条例》第二十七条", "处罚依据": "《医疗机构管理条例》第四十七条",
        "立案日期": datetime(2024, 3, 1), "处罚决定日期": "2024-04-15", "结案日期": "2024/5/20",
        "警告": "是", "罚款金额(元)": 20000.5, "没收违法所得(元)": "1,234.56", "责令改正": "是",
        "责令停业整顿": "否", "吊销许可": None, "移送司法机关": "否", "承办人": "张伟、李娜",
        "机构类别": None, "所在镇街": None,
    }  # fmt: skip
    values.update(overrides)
    return [values[h] for h in CASE_HEADERS]


def _counts(ctx: AppContext) -> tuple[int, int]:
    with ctx.uow_factory(readonly=True) as uow:
        return (
            int(uow.session.scalar(select(func.count(Institution.id))) or 0),
            int(uow.session.scalar(select(func.count(Case.id))) or 0),
        )


def test_realistic_import_and_idempotent_reimport(ctx: AppContext, tmp_path: Path) -> None:
    inst_file = write_sheet(tmp_path / "机构名录.xlsx", INST_HEADERS, INST_ROWS)
    report = ctx.ledger_import.import_institutions(inst_file)
    assert (report.created, report.updated) == (3, 0)
    cases = [case_row("青卫医罚〔2024〕1号"),
             case_row("青卫医罚〔2024〕2号", 当事人="张三", 当事人类型="个人", 统一社会信用代码=None,
                      案由分类="机构资质", 专项整治类别="无证行医", 罚款金额="", 警告="否",
                      **{"罚款金额(元)": 50000, "没收违法所得(元)": None, "所在镇街": "北塘镇"}),
             case_row("青卫医罚〔2024〕3号", 当事人="北塘镇无名美容工作室", 统一社会信用代码=None,
                      处罚决定日期=None, 结案日期=None, 警告="否", 责令改正="否",
                      **{"罚款金额(元)": None, "没收违法所得(元)": None})]  # fmt: skip
    case_file = write_sheet(tmp_path / "案件台账.xlsx", CASE_HEADERS, cases)
    assert (ctx.ledger_import.import_cases(case_file).created) == 3

    first = ctx.cases.get(ctx.cases.resolve("青卫医罚〔2024〕1号"))
    assert first.fine_fen == 2000050 and first.confiscation_fen == 123456
    assert first.filed_on == date(2024, 3, 1) and first.closed_on == date(2024, 5, 20)
    assert first.party_kind is InstitutionKind.COSMETIC_OUTPATIENT  # taken from the matched record
    assert first.town == "东湖街道"
    with ctx.uow_factory(readonly=True) as uow:
        by_no = {c.case_no: c for c in uow.session.scalars(select(Case))}
        assert by_no["青卫医罚〔2024〕1号"].institution is not None
        assert by_no["青卫医罚〔2024〕1号"].status is CaseStatus.CLOSED
        assert by_no["青卫医罚〔2024〕2号"].institution is None  # a person
        matched_by_name = by_no["青卫医罚〔2024〕3号"].institution
        assert matched_by_name is not None and matched_by_name.kind is InstitutionKind.UNLICENSED
        assert by_no["青卫医罚〔2024〕3号"].status is CaseStatus.FILED
        subjects = uow.session.scalar(select(Institution).where(Institution.credit_code == CODE_A))
        assert subjects is not None and [s.name for s in subjects.subjects] == [
            "医疗美容科",
            "美容外科",
            "美容皮肤科",
        ]

    again = ctx.ledger_import.import_institutions(inst_file)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    # Two of the three are closed and therefore locked: unchanged rows pass, changes are refused.
    report = ctx.ledger_import.import_cases(case_file)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert _counts(ctx) == (3, 3)
    changed = write_sheet(
        tmp_path / "改.xlsx",
        CASE_HEADERS,
        [case_row("青卫医罚〔2024〕1号", **{"罚款金额(元)": 30000})],
    )
    _assert_rejected(ctx, changed, [(2, "案号", "已结案锁定，不能通过导入修改（罚款金额(元)）")])


def test_a_party_with_another_code_is_not_linked_by_name(ctx: AppContext, tmp_path: Path) -> None:
    ctx.ledger_import.import_institutions(write_sheet(tmp_path / "i.xlsx", INST_HEADERS, INST_ROWS))
    other_code = make_credit_code("91339901MA2B3C4E")
    cases = [
        # Same name as the 门诊部 on record, but another legal body's code: not that record.
        case_row("L-1", 统一社会信用代码=other_code, 机构类别="医疗美容诊所"),
        case_row("L-2", 统一社会信用代码=None),  # no code: the exact name decides
        # The record has no code: the name links it, and the row's code does not contradict it.
        case_row("L-3", 当事人="北塘镇无名美容工作室", 统一社会信用代码=other_code),
    ]
    ctx.ledger_import.import_cases(write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, cases))
    with ctx.uow_factory(readonly=True) as uow:
        by_no = {c.case_no: c for c in uow.session.scalars(select(Case))}
        assert by_no["L-1"].institution is None
        assert by_no["L-1"].party_kind is InstitutionKind.COSMETIC_CLINIC  # the row's own kind
        linked = by_no["L-2"].institution
        assert linked is not None and linked.credit_code == CODE_A
        uncoded = by_no["L-3"].institution
        assert uncoded is not None and uncoded.kind is InstitutionKind.UNLICENSED


def _assert_rejected(
    ctx: AppContext, path: Path, expected: list[tuple[int, str, str]], cases: bool = True
) -> None:
    before = _counts(ctx)
    db_file = ctx.data_dir / "casedesk.db"
    with pytest.raises(LedgerImportError) as info:
        if cases:
            ctx.ledger_import.import_cases(path)
        else:
            ctx.ledger_import.import_institutions(path)
    found = [(e.row, e.column, e.message) for e in info.value.errors]
    for row, column, fragment in expected:
        assert any(r == row and c == column and fragment in m for r, c, m in found), (
            row,
            column,
            found,
        )
    assert "没有导入任何记录" in str(info.value)
    assert _counts(ctx) == before
    assert db_file.exists() or ctx.engine.dialect.name != "sqlite"  # PostgreSQL suite mode


def test_missing_required_column_names_it(ctx: AppContext, tmp_path: Path) -> None:
    headers = [h for h in CASE_HEADERS if h not in ("立案日期", "案由分类")]
    rows = [[v for h, v in zip(CASE_HEADERS, case_row("X1"), strict=True) if h in headers]]
    path = write_sheet(tmp_path / "c.xlsx", headers, rows)
    _assert_rejected(ctx, path, [(1, "立案日期", "缺少"), (1, "案由分类", "缺少")])


def test_every_bad_row_is_reported_and_nothing_saved(ctx: AppContext, tmp_path: Path) -> None:
    ctx.ledger_import.import_institutions(write_sheet(tmp_path / "i.xlsx", INST_HEADERS, INST_ROWS))
    good = write_sheet(tmp_path / "good.xlsx", CASE_HEADERS, [case_row("OK-1")])
    ctx.ledger_import.import_cases(good)
    rows = [
        case_row("OK-2"),
        case_row("BAD-DATE", 立案日期="2024-02-30"),
        case_row("BAD-ENUM", 案件来源="网上举报"),
        case_row("OK-2"),  # duplicate 案号 within the file
        case_row("BAD-MONEY", **{"罚款金额(元)": "12.345"}),
        case_row("BAD-ORDER", 结案日期="2024-01-01"),
        case_row("BAD-CODE", 统一社会信用代码="91339901MA2B3C4D00"),
        case_row("BAD-TWO", 案由分类="别的", 警告="也许"),
    ]
    path = write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, rows)
    _assert_rejected(ctx, path, [
        (3, "立案日期", "不是有效日期"), (4, "案件来源", "“网上举报”不是可选值"),
        (5, "案号", "与第2行重复"), (6, "罚款金额(元)", "两位小数"), (7, "结案日期", "早于"),
        (8, "统一社会信用代码", "校验位"), (9, "案由分类", "不是可选值"), (9, "警告", "是”或“否"),
    ])  # fmt: skip
    assert ctx.cases.count() == 1


def test_a_row_with_a_bad_cell_reports_its_other_problems_too(
    ctx: AppContext, tmp_path: Path
) -> None:
    # One pass over the report fixes the file: a bad cell does not hide the row's date order,
    # its wrong 统一社会信用代码 or its repeated 案号.
    rows = [
        case_row("R-1"),
        case_row("R-2", 案由分类="别的", 结案日期="2024-01-01"),
        case_row("R-1", 警告="也许", 统一社会信用代码="91339901MA2B3C4D00"),
        # A bad 立案日期 is stood in for: no order finding against the stand-in date.
        case_row("R-4", 立案日期="2024-02-30"),
    ]
    path = write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, rows)
    with pytest.raises(LedgerImportError) as info:
        ctx.ledger_import.import_cases(path)
    found = {(e.row, e.column) for e in info.value.errors}
    assert found == {
        (3, "案由分类"), (3, "结案日期"),
        (4, "警告"), (4, "统一社会信用代码"), (4, "案号"),
        (5, "立案日期"),
    }  # fmt: skip
    assert "与第2行重复" in str(info.value) and ctx.cases.count() == 0
    institutions = [["诊所", "某诊所", make_credit_code("91339901AAAAAAAA")[:17] + "0",
                     None, None, None, None, None, None, None]]  # fmt: skip
    _assert_rejected(
        ctx,
        write_sheet(tmp_path / "i.xlsx", INST_HEADERS, institutions),
        [(2, "机构类别", "不是可选值"), (2, "统一社会信用代码", "校验位")],
        cases=False,
    )


def test_codes_stored_as_numbers_by_excel_are_refused(ctx: AppContext, tmp_path: Path) -> None:
    # Typed into a number cell, an all-digit 18-character code keeps only 15 digits.
    rounded = float("123101124250123456")
    institutions = [["其他医疗机构", "青溪区第一人民医院", rounded, None, None, None, None,
                     None, None, None]]  # fmt: skip
    _assert_rejected(
        ctx,
        write_sheet(tmp_path / "i.xlsx", INST_HEADERS, institutions),
        [(2, "统一社会信用代码", "数字格式")],
        cases=False,
    )
    cases = [case_row("N-1", 统一社会信用代码=rounded)]
    _assert_rejected(
        ctx,
        write_sheet(tmp_path / "c.xlsx", CASE_HEADERS, cases),
        [(2, "统一社会信用代码", "文本")],
    )


def test_a_title_above_the_column_names_is_pointed_out(ctx: AppContext, tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "c.xlsx",
        ["青溪区卫生监督所2024年案件台账"],
        [["填表日期：2024-12-31"], CASE_HEADERS, case_row("T-1")],
    )
    _assert_rejected(ctx, path, [(1, "案号", "缺少这一必填列"), (3, "列名", "请删除第1–2行")])


def test_headers_as_offices_type_them(ctx: AppContext, tmp_path: Path) -> None:
    # Full-width brackets, DESIGN's required mark and stray spaces still name the column: the
    # amounts must not be dropped as an "extra column".
    typed = {"罚款金额(元)": "罚款金额（元）", "没收违法所得(元)": "没收违法所得 (元)",
             "案号": "案号*", "立案日期": " 立案日期＊", "当事人": "当　事　人"}  # fmt: skip
    headers = [typed.get(h, h) for h in CASE_HEADERS]
    path = write_sheet(tmp_path / "c.xlsx", headers, [case_row("H-1")])
    assert ctx.ledger_import.import_cases(path).created == 1
    case = ctx.cases.get(ctx.cases.resolve("H-1"))
    assert (case.fine_fen, case.confiscation_fen) == (2000050, 123456)
    assert case.filed_on == date(2024, 3, 1) and case.party_name == "青溪悦容医疗美容门诊部"


def test_institution_file_errors(ctx: AppContext, tmp_path: Path) -> None:
    rows: list[list[object]] = [*INST_ROWS, ["诊所", "某诊所", None, None, None, None, None, None, None, None],
            ["医疗美容诊所", "", make_credit_code("91339901AAAAAAAA"), None, None, None, None, "停用", None, None]]  # fmt: skip
    path = write_sheet(tmp_path / "i.xlsx", INST_HEADERS, rows)
    _assert_rejected(
        ctx,
        path,
        [(5, "机构类别", "不是可选值"), (6, "机构名称", "不能为空"), (6, "状态", "“停用”")],
        cases=False,
    )


def test_not_an_excel_file(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"this is not a zip")
    _assert_rejected(ctx, path, [(0, "文件", "不是有效的 Excel（.xlsx）文件，或已损坏")])
    # What a clerk picks by mistake gets a Chinese answer naming it, never openpyxl's English.
    old_format = tmp_path / "2023年案件台账.xls"
    old_format.write_bytes(b"\xd0\xcf\x11\xe0")
    _assert_rejected(ctx, old_format, [(0, "文件", "“另存为” .xlsx")])
    _assert_rejected(ctx, tmp_path / "无此台账.csv", [(0, "文件", "找不到文件")])
    (tmp_path / "台账.csv").write_text("案号,当事人\n", encoding="utf-8")
    _assert_rejected(ctx, tmp_path / "台账.csv", [(0, "文件", "只能导入 Excel 工作簿")])
    _assert_rejected(ctx, tmp_path, [(0, "文件", "是文件夹")])
    for name in ("台账.xlsx", "2023年案件台账.xls"):
        with pytest.raises(LedgerImportError) as info:
            ctx.ledger_import.import_cases(tmp_path / name)
        message = str(info.value)
        assert not any(word in message for word in ("openpyxl", "zip", "support", "format"))


@pytest.mark.slow
def test_ten_thousand_rows(ctx: AppContext, tmp_path: Path) -> None:
    ctx.ledger_import.import_institutions(write_sheet(tmp_path / "i.xlsx", INST_HEADERS, INST_ROWS))
    rows = [case_row(f"青卫医罚〔2024〕{i}号", 当事人=f"当事人{i}", 当事人类型="个人", 统一社会信用代码=None)
            for i in range(1, 10_001)]  # fmt: skip
    path = write_sheet(tmp_path / "big.xlsx", CASE_HEADERS, rows)
    report = ctx.ledger_import.import_cases(path)
    assert report.created == 10_000
    assert ctx.cases.count() == 10_000
    # One bad row in 10,000 rejects the whole file and leaves the 10,000 untouched.
    rows[9_000] = case_row("坏行", 立案日期="不是日期")
    bad = write_sheet(tmp_path / "bad.xlsx", CASE_HEADERS, rows)
    shutil.copy(bad, tmp_path / "copy.xlsx")
    _assert_rejected(ctx, bad, [(9_002, "立案日期", "不是日期")])


def test_import_reports_progress_and_a_cancel_saves_nothing(
    ctx: AppContext, tmp_path: Path
) -> None:
    from desktop.common.progress import BuildCancelledError

    rows = [["生活美容机构", f"青溪第{i}号美容店", None, "南港镇", f"青溪区望江路{i}号", None,
             None, None, None, None] for i in range(450)]  # fmt: skip
    path = write_sheet(tmp_path / "big.xlsx", INST_HEADERS, rows)
    seen: list[tuple[int, int, str]] = []
    stop = {"now": False}

    def progress(done: int, total: int, message: str) -> None:
        seen.append((done, total, message))
        stop["now"] = True  # the clerk presses 取消 after the first report

    with pytest.raises(BuildCancelledError, match="已取消导入，没有保存任何记录"):
        ctx.ledger_import.import_institutions(path, progress, lambda: stop["now"])
    assert seen == [(200, 450, "正在导入第 200 / 450 行")]
    assert _counts(ctx) == (0, 0)  # rolled back: not even the first 200 rows
    seen.clear()
    report = ctx.ledger_import.import_institutions(path, lambda *s: seen.append(s))
    assert report.created == 450 and _counts(ctx) == (450, 0)
    assert [s[0] for s in seen] == [200, 400, 450] and {s[1] for s in seen} == {450}
