"""Import of 机构名录 and 案件台账 from Excel: all rows or nothing, every bad row reported.

A row for a record already stored is merged into it: only the file's columns, and only their
non-empty cells, change the record. An empty cell never erases a stored value (a clerk clears a
value in the record's editor), and fields the file has no column for (step dates, 证据,
身份证号, 备案 …) are kept. New records get the defaults for what the row leaves empty.
"""

from __future__ import annotations

import itertools
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import (
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    PartyType,
)
from database.unit_of_work import UowFactory
from desktop.cases.cases import CaseInput, apply_case, case_input, validate_case
from desktop.common.errors import CasedeskError
from desktop.common.progress import BuildCancelledError, Cancel, Progress, is_cancelled
from desktop.records.institutions import (
    InstitutionInput,
    apply_institution,
    institution_input,
    validate_institution,
)
from forms.validators import (
    FieldError,
    code_text,
    optional_text,
    parse_bool,
    parse_date,
    parse_enum,
    parse_optional_enum,
    parse_yuan,
    require_text,
)

#: Report at most this many errors (a wrong file would otherwise print 10,000 lines).
MAX_REPORTED_ERRORS = 500

INSTITUTION_COLUMNS = (
    "机构名称", "统一社会信用代码", "执业许可证登记号", "机构类别", "所在镇街", "地址",
    "法定代表人", "主要负责人", "联系电话", "诊疗科目", "状态", "依法执业信用评价",
)  # fmt: skip
INSTITUTION_REQUIRED = ("机构名称", "机构类别")
#: 机构名录 column → the InstitutionInput field it fills (what a re-import may change).
INSTITUTION_FIELDS = {
    "机构名称": "name", "统一社会信用代码": "credit_code", "执业许可证登记号": "license_no",
    "机构类别": "kind", "所在镇街": "town", "地址": "address", "法定代表人": "legal_representative",
    "主要负责人": "principal", "联系电话": "phone", "诊疗科目": "subjects", "状态": "status",
    "依法执业信用评价": "credit_grade",
}  # fmt: skip

CASE_COLUMNS = (
    "案号", "当事人", "当事人类型", "统一社会信用代码", "机构类别", "所在镇街", "案件来源",
    "案由分类", "专项整治类别", "案由", "违法事实", "违反条款", "处罚依据", "违法行为发生日期",
    "立案日期", "处罚决定日期", "结案日期", "警告", "罚款金额(元)", "没收违法所得(元)", "责令改正",
    "责令停业整顿", "吊销许可", "移送司法机关", "承办人", "典型案例",
)  # fmt: skip
CASE_REQUIRED = ("案号", "当事人", "当事人类型", "案件来源", "案由分类", "案由", "立案日期")
#: 案件台账 column → the CaseInput field it fills (what a re-import may change).
CASE_FIELDS = {
    "案号": "case_no", "当事人": "party_name", "当事人类型": "party_type",
    "统一社会信用代码": "party_credit_code", "机构类别": "party_kind", "所在镇街": "town",
    "案件来源": "source", "案由分类": "cause_category", "专项整治类别": "campaign_category",
    "案由": "cause", "违法事实": "facts", "违反条款": "violated_provisions",
    "处罚依据": "penalty_basis", "违法行为发生日期": "act_on", "立案日期": "filed_on",
    "处罚决定日期": "decided_on", "结案日期": "closed_on", "警告": "warning", "罚款金额(元)": "fine_fen",
    "没收违法所得(元)": "confiscation_fen", "责令改正": "order_correction",
    "责令停业整顿": "suspension", "吊销许可": "revocation", "移送司法机关": "judicial_transfer",
    "承办人": "handler", "典型案例": "is_typical",
}  # fmt: skip
assert set(CASE_FIELDS) == set(CASE_COLUMNS) and set(INSTITUTION_FIELDS) == set(INSTITUTION_COLUMNS)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (row 0 means the file or its header)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行 " if self.row else ""
        return f"{where}“{self.column}”：{self.message}"


class LedgerImportError(CasedeskError):
    """Nothing was imported; `errors` lists every bad row with its column and reason."""

    def __init__(self, errors: list[RowError], total_errors: int | None = None) -> None:
        self.errors = errors
        self.total_errors = total_errors if total_errors is not None else len(errors)
        more = self.total_errors - len(errors)
        lines = [str(e) for e in errors] + ([f"……另有{more}处错误未列出。"] if more > 0 else [])
        super().__init__("导入失败，没有导入任何记录：\n" + "\n".join(lines))


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import changed."""

    created: int
    updated: int
    unchanged: int = 0

    def __str__(self) -> str:
        text = f"导入完成：新增 {self.created} 条，更新 {self.updated} 条"
        if self.unchanged:
            text += f"，已结案锁定且无变化 {self.unchanged} 条"
        return text + "。"


Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One converted row: its Excel row number, the input, and the columns with a value."""

    number: int
    data: Any
    filled: frozenset[str]


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def _merged(stored: Any, row: ParsedRow, fields: dict[str, str]) -> Any:
    """The stored record's input with the row's non-empty cells laid over it."""
    values = {fields[c]: getattr(row.data, fields[c]) for c in row.filled if c in fields}
    return replace(stored, **values)


class _UniqueKey:
    """Reports a row whose key an earlier row of the same file already had."""

    def __init__(self, label: str, key: Callable[[Any], str]) -> None:
        self._label = label
        self._key = key
        self._seen: dict[str, int] = {}

    def check(self, number: int, item: Any) -> RowError | None:
        key = self._key(item)
        if key in self._seen:
            return RowError(number, self._label, f"与第{self._seen[key]}行重复（{key}）。")
        self._seen[key] = number
        return None


class _InstitutionKey:
    """Two rows are one institution if their 统一社会信用代码 are equal, or if one of them has
    no code and their names are equal (the import would match both to the same record)."""

    def __init__(self) -> None:
        self._by_code: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        self._uncoded_by_name: dict[str, int] = {}

    def check(self, number: int, item: InstitutionInput) -> RowError | None:
        code, name = item.credit_code, item.name.strip()
        if code and code in self._by_code:
            return RowError(
                number, "统一社会信用代码", f"与第{self._by_code[code]}行重复（{code}）。"
            )
        earlier = self._uncoded_by_name.get(name) if code else self._by_name.get(name)
        if earlier is not None:
            return RowError(number, "机构名称", f"与第{earlier}行重复（{name}）。")
        if code:
            self._by_code[code] = number
        else:
            self._uncoded_by_name.setdefault(name, number)
        self._by_name.setdefault(name, number)
        return None


#: What openpyxl reads (.xlsx and its macro/template variants).
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    """(Excel row number, {header: value}) for each non-empty row of the first sheet."""
    if not path.exists():
        raise LedgerImportError([RowError(0, "文件", f"找不到文件 {path}。")])
    if path.is_dir():
        raise LedgerImportError([RowError(0, "文件", f"{path} 是文件夹，请选择 .xlsx 文件。")])
    suffix = path.suffix.lower()
    if suffix not in _WORKBOOK_SUFFIXES:
        # openpyxl would answer in English; the old .xls format is what clerks most often have.
        hint = "只能导入 Excel 工作簿（.xlsx）"
        if suffix in (".xls", ".et"):
            hint = "请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入"
        raise LedgerImportError([RowError(0, "文件", f"{path.name} 不是 .xlsx 文件：{hint}。")])
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise LedgerImportError([RowError(0, "文件", f"找不到文件 {path}。")]) from None
    except PermissionError:
        raise LedgerImportError(
            [
                RowError(
                    0,
                    "文件",
                    f"无法读取 {path.name}：文件被占用（可能在 Excel/WPS 中打开），请关闭后重试。",
                )
            ]
        ) from None
    except Exception:  # any failure to parse an untrusted file means "not a workbook"
        raise LedgerImportError(
            [
                RowError(
                    0,
                    "文件",
                    f"{path.name} 不是有效的 Excel（.xlsx）文件，或已损坏：请用 Excel 或 WPS "
                    "打开确认，再“另存为” .xlsx 后导入。",
                )
            ]
        ) from None
    try:
        yield from _sheet_rows(workbook, required, path)
    finally:
        workbook.close()


#: How far below row 1 to look for the real header row of a ledger that starts with a title.
HEADER_SEARCH_ROWS = 5


def _title_rows_hint(rows: Iterator[tuple[Any, ...]], required: tuple[str, ...]) -> list[RowError]:
    """Where the column names are when a title (2024年案件台账) sits above them: ledgers often
    start with one, and the clerk then needs to know which rows to delete."""
    for number, values in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=2):
        if all(name in {_header_name(v) for v in values or ()} for name in required):
            return [
                RowError(
                    number,
                    "列名",
                    f"列名在第{number}行：请删除第1–{number - 1}行（标题等），使列名位于第1行。",
                )
            ]
    return []


#: Offices type brackets full-width (罚款金额（元）) and copy DESIGN's required mark (案号*):
#: without this a 罚款金额 column would be silently ignored as an extra column.
_HEADER_FORMS = str.maketrans({"（": "(", "）": ")", "＊": "*", "\u3000": " "})


def _header_name(cell: object) -> str:
    """A header cell as the column name it means: ASCII brackets, no spaces, no trailing *."""
    if cell is None:
        return ""
    return "".join(str(cell).translate(_HEADER_FORMS).split()).rstrip("*")


def _sheet_rows(workbook: Any, required: tuple[str, ...], path: Path) -> Iterator[tuple[int, Row]]:
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None) or ()
        headers = [_header_name(h) for h in header_cells]
        missing = [name for name in required if name not in headers]
        if missing:
            raise LedgerImportError(
                [RowError(1, name, "缺少这一必填列（第1行应为列名）。") for name in missing]
                + _title_rows_hint(rows, required)
            )
        positions = {name: i for i, name in reversed(list(enumerate(headers))) if name}
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield (
                number,
                {name: values[i] if i < len(values) else None for name, i in positions.items()},
            )
    except (
        ElementTree.ParseError,
        zlib.error,
        zipfile.BadZipFile,
        EOFError,
        IndexError,
        KeyError,
        ValueError,
    ) as error:
        # The sheet is read lazily: damage inside it only shows while reading the rows.
        raise LedgerImportError(
            [RowError(0, "文件", f"{path.name} 已损坏，无法读取表格内容：{error}")]
        ) from None


def _institution_input(row: Row) -> InstitutionInput:
    subjects_text = optional_text(row.get("诊疗科目"), "诊疗科目", 2000)
    status = parse_optional_enum(InstitutionStatus, row.get("状态"), "状态")
    return InstitutionInput(
        name=require_text(row.get("机构名称"), "机构名称", 200),
        kind=parse_enum(InstitutionKind, row.get("机构类别"), "机构类别"),
        credit_code=code_text(row.get("统一社会信用代码"), "统一社会信用代码", 18).upper(),
        license_no=code_text(row.get("执业许可证登记号"), "执业许可证登记号", 60),
        town=optional_text(row.get("所在镇街"), "所在镇街", 60),
        address=optional_text(row.get("地址"), "地址"),
        legal_representative=optional_text(row.get("法定代表人"), "法定代表人", 60),
        principal=optional_text(row.get("主要负责人"), "主要负责人", 60),
        phone=optional_text(row.get("联系电话"), "联系电话", 60),
        subjects=tuple(
            s for s in subjects_text.replace(",", "、").replace("，", "、").split("、") if s.strip()
        ),
        status=status or InstitutionStatus.ACTIVE,
        credit_grade=optional_text(row.get("依法执业信用评价"), "依法执业信用评价", 20),
    )


def _case_input(row: Row) -> CaseInput:
    filed_on = parse_date(row.get("立案日期"), "立案日期")
    if filed_on is None:
        raise FieldError("立案日期", "不能为空。")
    return CaseInput(
        case_no=require_text(row.get("案号"), "案号", 60),
        party_name=require_text(row.get("当事人"), "当事人", 200),
        party_type=parse_enum(PartyType, row.get("当事人类型"), "当事人类型"),
        party_credit_code=code_text(row.get("统一社会信用代码"), "统一社会信用代码", 18).upper(),
        party_kind=parse_optional_enum(InstitutionKind, row.get("机构类别"), "机构类别"),
        town=optional_text(row.get("所在镇街"), "所在镇街", 60),
        source=parse_enum(CaseSource, row.get("案件来源"), "案件来源"),
        cause_category=parse_enum(CauseCategory, row.get("案由分类"), "案由分类"),
        campaign_category=parse_optional_enum(
            CampaignCategory, row.get("专项整治类别"), "专项整治类别"
        ),
        cause=require_text(row.get("案由"), "案由", 300),
        facts=optional_text(row.get("违法事实"), "违法事实", 20000),
        violated_provisions=optional_text(row.get("违反条款"), "违反条款", 2000),
        penalty_basis=optional_text(row.get("处罚依据"), "处罚依据", 2000),
        act_on=parse_date(row.get("违法行为发生日期"), "违法行为发生日期"),
        filed_on=filed_on,
        decided_on=parse_date(row.get("处罚决定日期"), "处罚决定日期"),
        closed_on=parse_date(row.get("结案日期"), "结案日期"),
        warning=parse_bool(row.get("警告"), "警告"),
        fine_fen=parse_yuan(row.get("罚款金额(元)"), "罚款金额(元)"),
        confiscation_fen=parse_yuan(row.get("没收违法所得(元)"), "没收违法所得(元)"),
        order_correction=parse_bool(row.get("责令改正"), "责令改正"),
        suspension=parse_bool(row.get("责令停业整顿"), "责令停业整顿"),
        revocation=parse_bool(row.get("吊销许可"), "吊销许可"),
        judicial_transfer=parse_bool(row.get("移送司法机关"), "移送司法机关"),
        handler=optional_text(row.get("承办人"), "承办人", 120),
        # optional 是/否 column (not in DESIGN's list): marks the case for 典型案例报送
        is_typical=parse_bool(row.get("典型案例"), "典型案例"),
    )


def _parse_all(
    path: Path,
    required: tuple[str, ...],
    convert: Callable[[Row], Any],
    validate: Callable[[Any], list[FieldError]],
    unique: _UniqueKey | _InstitutionKey,
) -> list[ParsedRow]:
    """Convert every row; collect every error; raise LedgerImportError if there is any."""
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    for number, row in read_rows(path, required):
        try:
            item = convert(row)
        except FieldError as error:
            # Report the row's other problems too (bad cells, date order, a repeated key), so
            # that one correction of the file is enough, not one round per cell.
            errors += _bad_row_errors(row, number, error, convert, validate, unique)
            continue
        problems = validate(item)
        errors.extend(RowError(number, e.field, e.message) for e in problems)
        duplicate = unique.check(number, item)
        if duplicate is not None:
            errors.append(duplicate)
        if not problems:
            filled = frozenset(name for name, value in row.items() if not _blank(value))
            parsed.append(ParsedRow(number, item, filled))
    if errors:
        raise LedgerImportError(errors[:MAX_REPORTED_ERRORS], len(errors))
    return parsed


def _merge_errors(
    row: ParsedRow, merged: Any, validate: Callable[[Any], list[FieldError]]
) -> list[RowError]:
    """What is wrong with a stored record once the row is merged into it."""
    return [
        RowError(row.number, e.field, f"{e.message}（与已登记的内容合并后）")
        for e in validate(merged)
    ]


def _bad_row_errors(
    row: Row,
    number: int,
    first: FieldError,
    convert: Callable[[Row], Any],
    validate: Callable[[Any], list[FieldError]],
    unique: _UniqueKey | _InstitutionKey,
) -> list[RowError]:
    """Every problem of a row whose conversion failed: the first bad cell, the row's other bad
    cells, and what validation and the key check find with the bad cells stood in for."""
    found = [RowError(number, first.field, first.message)]
    trial = dict(row)
    blanked = {first.field}
    trial[first.field] = _PLACEHOLDER.get(first.field)
    item: Any = None
    for _ in range(len(row) + 1):
        try:
            item = convert(trial)
            break
        except FieldError as error:
            if error.field in blanked:
                break
            blanked.add(error.field)
            found.append(RowError(number, error.field, error.message))
            trial[error.field] = _PLACEHOLDER.get(error.field)
    if item is None:
        return found
    # A stand-in value must not produce findings of its own (such as a date order against
    # the stand-in 立案日期), so drop those that name a replaced column.
    found += [
        RowError(number, e.field, e.message)
        for e in validate(item)
        if not any(column in e.field or column in e.message for column in blanked)
    ]
    if not blanked & _KEY_COLUMNS:
        duplicate = unique.check(number, item)
        if duplicate is not None:
            found.append(duplicate)
    return found


#: Columns that key a row; a row whose key cell is bad is not checked for repeats.
_KEY_COLUMNS = {"案号", "机构名称", "统一社会信用代码"}


#: Harmless stand-ins used only to look past a bad cell for the row's other errors.
_PLACEHOLDER: dict[str, Any] = {
    "机构名称": "-", "机构类别": InstitutionKind.OTHER_MEDICAL.value, "案号": "-", "当事人": "-",
    "当事人类型": PartyType.PERSON.value, "案件来源": CaseSource.ROUTINE.value,
    "案由分类": CauseCategory.OTHER.value, "案由": "-", "立案日期": "2000-01-01",
}  # fmt: skip


#: Rows between two progress reports (and cancel checks) of an import.
PROGRESS_EVERY = 200


def _report(done: int, total: int, progress: Progress | None, cancel: Cancel | None) -> None:
    """Stop a cancelled import (its transaction rolls back), else report how far it got."""
    if is_cancelled(cancel):
        raise BuildCancelledError("已取消导入，没有保存任何记录。")
    if progress is not None:
        progress(done, total, f"正在导入第 {done:,} / {total:,} 行")


class LedgerImportService:
    """Import institutions and cases from the Excel lists offices already keep."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def import_institutions(
        self, path: Path, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> ImportReport:
        """Upsert every row keyed by 统一社会信用代码, else by name, in one transaction.

        progress(done, total, message) every few hundred rows; a cancel rolls everything back.
        """
        rows = _parse_all(
            path, INSTITUTION_REQUIRED, _institution_input, validate_institution, _InstitutionKey()
        )
        created = updated = 0
        errors: list[RowError] = []
        with self._uow_factory() as uow:
            by_code, by_name, uncoded_by_name = _institution_maps(uow.session)
            for done, row in enumerate(rows, start=1):
                data: InstitutionInput = row.data
                inst = _match_institution(data, by_code, by_name, uncoded_by_name)
                if inst is None:
                    inst = Institution()
                    uow.session.add(inst)
                    created += 1
                else:
                    data = _merged(institution_input(inst), row, INSTITUTION_FIELDS)
                    problems = _merge_errors(row, data, validate_institution)
                    if problems:
                        errors += problems
                        continue
                    updated += 1
                apply_institution(inst, data)
                if inst.credit_code:
                    by_code[inst.credit_code] = inst
                else:
                    uncoded_by_name.setdefault(inst.name, inst)
                by_name.setdefault(inst.name, inst)
                if done % PROGRESS_EVERY == 0:
                    _report(done, len(rows), progress, cancel)
            if errors:  # leaving without commit rolls back the rows applied so far
                raise LedgerImportError(errors[:MAX_REPORTED_ERRORS], len(errors))
            _report(len(rows), len(rows), progress, cancel)
            uow.commit()
        return ImportReport(created, updated)

    def import_cases(
        self, path: Path, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> ImportReport:
        """Upsert every row keyed by 案号, in one transaction; parties matched to institutions.

        progress(done, total, message) every few hundred rows; a cancel rolls everything back.
        """
        rows = _parse_all(
            path, CASE_REQUIRED, _case_input, validate_case, _UniqueKey("案号", _case_no)
        )
        created = updated = unchanged = 0
        with self._uow_factory() as uow:
            existing = {c.case_no: c for c in uow.session.scalars(select(Case))}
            targets: list[tuple[ParsedRow, Case | None, CaseInput]] = []
            errors: list[RowError] = []
            for row in rows:
                stored = existing.get(row.data.case_no)
                if stored is None:
                    targets.append((row, None, row.data))
                    continue
                merged = _merged(case_input(stored), row, CASE_FIELDS)
                errors += _merge_errors(row, merged, validate_case)
                # A closed case is locked: re-importing it unchanged is fine, changing it is not.
                changes = _ledger_changes(stored, merged) if stored.locked else []
                if changes:
                    errors.append(
                        RowError(row.number, "案号", f"案件 {stored.case_no} 已结案锁定，不能通过导入修改"
                                 f"（{'、'.join(changes)}）；请先在案件中登记“重新打开”。")
                    )  # fmt: skip
                targets.append((row, stored, merged))
            if errors:
                raise LedgerImportError(errors[:MAX_REPORTED_ERRORS], len(errors))
            for done, (_row, case, data) in enumerate(targets, start=1):
                if case is not None and case.locked:
                    unchanged += 1
                    continue
                if case is None:
                    case = Case()
                    uow.session.add(case)
                    created += 1
                else:
                    updated += 1
                with uow.session.no_autoflush:
                    apply_case(uow.session, case, data)
                if done % PROGRESS_EVERY == 0:
                    _report(done, len(rows), progress, cancel)
            _report(len(rows), len(rows), progress, cancel)
            uow.commit()
        return ImportReport(created, updated, unchanged)


def _case_no(data: CaseInput) -> str:
    return data.case_no


#: Columns a locked case may not change; 机构类别 is left out because a matched institution's
#: kind replaces the row's anyway.
LOCKED_CHECK = {column: attr for column, attr in CASE_FIELDS.items() if column != "机构类别"}


def _ledger_changes(case: Case, data: CaseInput) -> list[str]:
    """The columns whose merged value differs from the stored case."""
    return [
        column
        for column, attr in LOCKED_CHECK.items()
        if getattr(case, attr) != getattr(data, attr)
    ]


InstitutionMap = dict[str, Institution]


def _institution_maps(session: Session) -> tuple[InstitutionMap, InstitutionMap, InstitutionMap]:
    """Stored institutions by code, by name, and (those without a code) by name."""
    by_code: InstitutionMap = {}
    by_name: InstitutionMap = {}
    uncoded_by_name: InstitutionMap = {}
    for inst in session.scalars(select(Institution).order_by(Institution.id)):
        if inst.credit_code:
            by_code[inst.credit_code] = inst
        else:
            uncoded_by_name.setdefault(inst.name, inst)
        by_name.setdefault(inst.name, inst)
    return by_code, by_name, uncoded_by_name


def _match_institution(
    data: InstitutionInput,
    by_code: InstitutionMap,
    by_name: InstitutionMap,
    uncoded_by_name: InstitutionMap,
) -> Institution | None:
    """The stored institution a row is about: by 统一社会信用代码, else by name. A row with a
    code never matches by name an institution that has a different code (another legal body)."""
    if data.credit_code:
        return by_code.get(data.credit_code) or uncoded_by_name.get(data.name)
    return by_name.get(data.name)
