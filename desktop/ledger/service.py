"""Import of 机构名录 and 案件台账 from Excel: all rows or nothing, every bad row reported.

A row for a record already stored is merged into it: only the file's columns, and only their
non-empty cells, change the record. An empty cell never erases a stored value (a clerk clears a
value in the record's editor), and fields the file has no column for (step dates, 证据,
身份证号, 备案 …) are kept. New records get the defaults for what the row leaves empty."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import (
    Case,
    Institution,
    LegalProvision,
)
from database.unit_of_work import UowFactory
from desktop.cases.case_officers import match_officers, officer_errors
from desktop.cases.cases import CaseInput, apply_case, case_input, validate_case
from desktop.common.progress import BuildCancelledError, Cancel, Progress, is_cancelled
from desktop.ledger.rows import (
    CASE_COLUMNS,
    CASE_DATE_COLUMNS,
    CASE_FIELDS,
    CASE_REQUIRED,
    INSTITUTION_COLUMNS,
    INSTITUTION_FIELDS,
    INSTITUTION_REQUIRED,
    InstitutionKey,
    ParsedRow,
    UniqueKey,
    merge_errors,
    parse_all,
    row_case_input,
    row_institution_input,
)
from desktop.ledger.workbook import MAX_REPORTED_ERRORS, LedgerImportError, ReadOptions, RowError
from desktop.records.institutions import (
    InstitutionInput,
    apply_institution,
    institution_input,
    validate_institution,
)
from forms.validators import normalise_key

assert set(CASE_FIELDS) == set(CASE_COLUMNS) and set(INSTITUTION_FIELDS) == set(INSTITUTION_COLUMNS)
assert set(CASE_DATE_COLUMNS) <= set(CASE_COLUMNS)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import changed: rows that added a record, rows that changed one, and rows whose
    record already said what they say (an identical re-import is all 无变化, not 更新 — DESIGN
    is silent; a clerk reading 更新 looks for changes that are not there)."""

    created: int
    updated: int
    unchanged: int = 0

    def __str__(self) -> str:
        text = f"导入完成：新增 {self.created} 条，更新 {self.updated} 条"
        if self.unchanged:
            text += f"，无变化 {self.unchanged} 条"
        return text + "。"


def _merged(stored: Any, row: ParsedRow, fields: dict[str, str]) -> Any:
    """The stored record's input with the row's non-empty cells laid over it."""
    values = {fields[c]: getattr(row.data, fields[c]) for c in row.filled if c in fields}
    return replace(stored, **values)


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
        self,
        path: Path,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        options: ReadOptions | None = None,
    ) -> ImportReport:
        """Upsert every row keyed by 统一社会信用代码, else by name, in one transaction.

        progress(done, total, message) every few hundred rows; a cancel rolls everything back.
        `options` names the sheet and whether unknown columns are knowingly left out.
        """
        rows = parse_all(
            path, INSTITUTION_REQUIRED, row_institution_input, validate_institution,
            InstitutionKey(), INSTITUTION_COLUMNS, options,
        )  # fmt: skip
        created = updated = unchanged = 0
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
                    problems = merge_errors(row, data, validate_institution)
                    if problems:
                        errors += problems
                        continue
                    if data == institution_input(inst):
                        unchanged += 1
                    else:
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
        return ImportReport(created, updated, unchanged)

    def import_cases(
        self,
        path: Path,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        options: ReadOptions | None = None,
    ) -> ImportReport:
        """Upsert every row keyed by 案号, in one transaction; parties matched to institutions.

        progress(done, total, message) every few hundred rows; a cancel rolls everything back.
        `options` names the sheet and whether unknown columns are knowingly left out.
        """
        with self._uow_factory(readonly=True) as uow:
            session = uow.session
            rows = parse_all(
                path, CASE_REQUIRED, row_case_input, validate_case, UniqueKey("案号", _case_no),
                CASE_COLUMNS, options, lambda rs: resolve_rows(session, rs), CASE_DATE_COLUMNS,
            )  # fmt: skip
        created = updated = unchanged = 0
        with self._uow_factory() as uow:
            # Keyed as rows are (normalised), so a 案号 stored before normalisation still matches.
            existing = {normalise_key(c.case_no): c for c in uow.session.scalars(select(Case))}
            targets: list[tuple[ParsedRow, Case | None, CaseInput]] = []
            errors: list[RowError] = []
            for row in rows:
                stored = existing.get(row.data.case_no)
                if stored is None:
                    targets.append((row, None, row.data))
                    continue
                merged = _merged(case_input(stored), row, CASE_FIELDS)
                errors += merge_errors(row, merged, validate_case)
                # A closed case is locked: re-importing it unchanged is fine, changing it is not.
                changes = _ledger_changes(stored, merged) if stored.locked else []
                if changes:
                    errors.append(
                        RowError(row.number, "案号", f"案件 {stored.case_no} 已结案锁定，不能通过导入修改"
                                 f"（{'、'.join(changes)}）；请先在案件中登记“重新打开”。", row.sheet)
                    )  # fmt: skip
                targets.append((row, stored, merged))
            if errors:
                raise LedgerImportError(errors[:MAX_REPORTED_ERRORS], len(errors))
            for done, (row, case, data) in enumerate(targets, start=1):
                if case is not None and case.locked:
                    unchanged += 1
                    continue
                before = () if case is None else tuple(o.id for o in case.officers)
                state = None if case is None else _case_state(case)
                if case is None:
                    case = Case()
                    uow.session.add(case)
                    created += 1
                with uow.session.no_autoflush:
                    apply_case(uow.session, case, data)
                    errors += [RowError(row.number, e.field, e.message)
                               for e in officer_errors(uow.session, case, before)]  # fmt: skip
                    if state is not None:
                        # the row may still link the party to an institution imported since
                        if _case_state(case) == state:
                            unchanged += 1
                        else:
                            updated += 1
                if done % PROGRESS_EVERY == 0:
                    _report(done, len(rows), progress, cancel)
            if errors:  # leaving without commit rolls back the rows applied so far
                raise LedgerImportError(errors[:MAX_REPORTED_ERRORS], len(errors))
            _report(len(rows), len(rows), progress, cancel)
            uow.commit()
        return ImportReport(created, updated, unchanged)


def _case_state(case: Case) -> tuple[CaseInput, int | None, tuple[int, ...]]:
    """What an import can change of a stored case: its fields, its institution, its officers."""
    institution = case.institution
    return (
        case_input(case),
        None if institution is None else institution.id,
        tuple(o.id for o in case.officers),
    )


def _case_no(data: CaseInput) -> str:
    return data.case_no


#: Columns a locked case may not change; 机构类别 is left out because a matched institution's
#: kind replaces the row's anyway.
LOCKED_CHECK = {column: attr for column, attr in CASE_FIELDS.items() if column != "机构类别"}


def _ledger_changes(case: Case, data: CaseInput) -> list[str]:
    """The columns whose merged value differs from the stored case."""
    stored = case_input(case)
    return [
        column
        for column, attr in LOCKED_CHECK.items()
        if getattr(stored, attr) != getattr(data, attr)
    ]


def resolve_rows(session: Session, rows: list[ParsedRow]) -> tuple[list[ParsedRow], list[RowError]]:
    """The rows with their 执法人员 matched to the register (each name to exactly one active
    officer) and their 条款编码 found in the catalogue; every row's errors at once."""
    codes = set(session.scalars(select(LegalProvision.code)))
    resolved: list[ParsedRow] = []
    errors: list[RowError] = []
    for row in rows:
        data: CaseInput = row.data
        code = data.provision_code.strip()
        if code and code not in codes:
            errors.append(RowError(row.number, "条款编码", f"条款库中没有编码为“{code}”的条款。"))
        if "执法人员" in row.filled:
            ids, problems = match_officers(session, str(row.cells.get("执法人员") or ""))
            errors += [RowError(row.number, e.field, e.message) for e in problems]
            data = replace(data, officer_ids=ids)
        resolved.append(replace(row, data=data))
    return resolved, errors


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
