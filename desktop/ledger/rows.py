"""The ledgers' columns and row validation: each row read into an InstitutionInput or CaseInput
(the editors' own types), duplicate keys inside one file, and a bad row's errors naming the row
and the column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from database.models import (
    CampaignCategory,
    CaseSource,
    CauseCategory,
    InstitutionKind,
    InstitutionStatus,
    NoPenaltyGround,
    PartyType,
)
from desktop.cases.cases import CaseInput
from desktop.ledger.workbook import (
    MAX_REPORTED_ERRORS,
    LedgerImportError,
    ReadOptions,
    Row,
    RowError,
    SheetReader,
)
from desktop.records.institutions import (
    InstitutionInput,
)
from forms.case_penalty import parse_confiscation
from forms.validators import (
    FieldError,
    code_text,
    normalise_key,
    optional_text,
    parse_bool,
    parse_date,
    parse_enum,
    parse_optional_enum,
    parse_yuan,
    require_text,
    split_list,
)

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
    "责令停业整顿", "吊销许可", "移送司法机关", "承办人", "典型案例", "处罚情形", "责令改正日期",
    "条款编码", "执法人员", "其他处罚种类", "没收非法财物", "不予处罚", "不予处罚情形", "移送机关",
    "移送日期", "移送理由",
)  # fmt: skip


#: The 案件台账's date columns.
CASE_DATE_COLUMNS = (
    "违法行为发生日期", "立案日期", "处罚决定日期", "结案日期", "责令改正日期", "移送日期",
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
    "承办人": "handler", "典型案例": "is_typical", "处罚情形": "penalty_tier_condition",
    "责令改正日期": "correction_ordered_on", "条款编码": "provision_code",
    "执法人员": "officer_ids", "其他处罚种类": "other_kinds", "没收非法财物": "confiscated_items",
    "不予处罚": "no_penalty", "不予处罚情形": "no_penalty_ground", "移送机关": "transfer_organ",
    "移送日期": "transferred_on", "移送理由": "transfer_reason",
}  # fmt: skip
#: Columns matched against the database by the import (officers and the catalogue), not here.
RESOLVED_COLUMNS = ("执法人员", "条款编码")


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One converted row: its Excel row number, the input, the columns with a value, and the
    sheet it came from."""

    number: int
    data: Any
    filled: frozenset[str]
    sheet: str = ""
    #: The row's cells, for the columns the import matches against the database.
    cells: Row = field(default_factory=dict)


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


class UniqueKey:
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


class InstitutionKey:
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


def _one_line(text: str, field: str) -> str:
    """A name or 案号 without a line break (Alt+Enter in its cell): one with it matches no
    record of that name (a party left unlinked to its institution, a second 案号), and joining
    the lines could change the name, so the clerk removes it. DESIGN is silent on this."""
    if "\n" in text or "\r" in text:
        shown = text.replace("\r", "").replace("\n", "↵")
        raise FieldError(
            field, f"“{shown[:40]}”中有换行（单元格内按了 Alt+Enter）：请删除换行后再导入。"
        )
    return text


def row_institution_input(row: Row) -> InstitutionInput:
    subjects_text = optional_text(row.get("诊疗科目"), "诊疗科目", 2000)
    status = parse_optional_enum(InstitutionStatus, row.get("状态"), "状态")
    return InstitutionInput(
        name=_one_line(require_text(row.get("机构名称"), "机构名称", 200), "机构名称"),
        kind=parse_enum(InstitutionKind, row.get("机构类别"), "机构类别"),
        credit_code=code_text(row.get("统一社会信用代码"), "统一社会信用代码", 18).upper(),
        license_no=code_text(row.get("执业许可证登记号"), "执业许可证登记号", 60),
        town=optional_text(row.get("所在镇街"), "所在镇街", 60),
        address=optional_text(row.get("地址"), "地址"),
        legal_representative=optional_text(row.get("法定代表人"), "法定代表人", 60),
        principal=optional_text(row.get("主要负责人"), "主要负责人", 60),
        phone=optional_text(row.get("联系电话"), "联系电话", 60),
        # Split as the editor splits them (forms.validators.LIST_SEPARATORS), or "医疗美容科；
        # 美容外科" would be one subject of that name.
        subjects=split_list(subjects_text),
        status=status or InstitutionStatus.ACTIVE,
        credit_grade=optional_text(row.get("依法执业信用评价"), "依法执业信用评价", 20),
    )


def row_case_input(row: Row) -> CaseInput:
    filed_on = parse_date(row.get("立案日期"), "立案日期")
    if filed_on is None:
        raise FieldError("立案日期", "不能为空。")
    return CaseInput(
        case_no=_one_line(normalise_key(require_text(row.get("案号"), "案号", 60)), "案号"),
        party_name=_one_line(require_text(row.get("当事人"), "当事人", 200), "当事人"),
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
        # optional: which tier of the provision applies, and the 责令改正 it follows
        penalty_tier_condition=optional_text(row.get("处罚情形"), "处罚情形", 20),
        correction_ordered_on=parse_date(row.get("责令改正日期"), "责令改正日期"),
        provision_code=code_text(row.get("条款编码"), "条款编码", 40),
        other_kinds=_kinds(optional_text(row.get("其他处罚种类"), "其他处罚种类", 200)),
        confiscated_items=parse_confiscation(
            optional_text(row.get("没收非法财物"), "没收非法财物", 4000), "没收非法财物"
        ),
        no_penalty=parse_bool(row.get("不予处罚"), "不予处罚"),
        no_penalty_ground=parse_optional_enum(
            NoPenaltyGround, row.get("不予处罚情形"), "不予处罚情形"
        ),
        transfer_organ=optional_text(row.get("移送机关"), "移送机关", 200),
        transferred_on=parse_date(row.get("移送日期"), "移送日期"),
        transfer_reason=optional_text(row.get("移送理由"), "移送理由", 2000),
    )


def _kinds(text: str) -> str:
    """其他处罚种类 as typed (、，, or ; between them), 、-separated; validate_case names unknown
    ones."""
    return "、".join(p.strip() for p in text.replace("，", "、").replace(",", "、").split("、")
                    if p.strip())  # fmt: skip


#: Matches converted rows against the database: (the rows resolved, their errors).
Resolve = Callable[[list[ParsedRow]], tuple[list[ParsedRow], list[RowError]]]


def parse_all(
    path: Path,
    required: tuple[str, ...],
    convert: Callable[[Row], Any],
    validate: Callable[[Any], list[FieldError]],
    unique: UniqueKey | InstitutionKey,
    known: tuple[str, ...] = (),
    options: ReadOptions | None = None,
    resolve: Resolve | None = None,
    dates: tuple[str, ...] = (),
) -> list[ParsedRow]:
    """Convert every row of the sheet; collect every error (the sheet's own, such as unknown
    columns and formulas without a result, and each row's); raise LedgerImportError if any.
    `known` lists the columns the program reads (every other column is refused unless
    `options.ignore_columns`); `resolve` matches the converted rows against the database
    (officers, catalogue codes), its errors reported with the others, in row order; `dates`
    names the date columns (their serials are read in the workbook's date system)."""
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    reader = SheetReader(path, required, known or required, options or ReadOptions(), dates)
    for number, row in reader:
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
            parsed.append(ParsedRow(number, item, filled, reader.sheet, row))
    if resolve is not None:
        parsed, found = resolve(parsed)
        errors += found
    # A cell refused for what it is (a formula without its result, a merged cell) is not
    # reported again for what it reads as (不能为空).
    errors = [e for e in errors if (e.row, e.column) not in reader.suspect]
    errors = sorted(reader.errors + errors, key=lambda e: e.row)
    if errors:
        errors = [replace(e, sheet=reader.sheet) for e in errors]
        raise LedgerImportError(errors[:MAX_REPORTED_ERRORS], len(errors))
    return parsed


def merge_errors(
    row: ParsedRow, merged: Any, validate: Callable[[Any], list[FieldError]]
) -> list[RowError]:
    """What is wrong with a stored record once the row is merged into it."""
    return [
        RowError(row.number, e.field, f"{e.message}（与已登记的内容合并后）", row.sheet)
        for e in validate(merged)
    ]


def _bad_row_errors(
    row: Row,
    number: int,
    first: FieldError,
    convert: Callable[[Row], Any],
    validate: Callable[[Any], list[FieldError]],
    unique: UniqueKey | InstitutionKey,
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
