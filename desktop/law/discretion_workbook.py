"""An office's own 裁量基准 workbook into the database (`casedesk discretion import F.xlsx`).

The first sheet, one level a row, headers on the first row (docs/discretion.md):
条款编码 · 处罚情形 · 裁量阶次 · 罚款下限(元) · 罚款上限(元) · 适用情形 · 来源.
All or nothing: any bad row refuses the file, each error naming its row and column. The rows of a
provision and 处罚情形 in the file replace the office's earlier ones for it (and the shipped
defaults); the others stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from database.models import DiscretionStandard, LegalProvision
from database.unit_of_work import UowFactory
from desktop.common.errors import ValidationError
from desktop.common.xlsx_reading import open_read_only
from forms.review_terms import Level
from forms.validators import FieldError, parse_yuan

CODE, CONDITION, LEVEL, LOW, HIGH, TYPICAL, SOURCE = (
    "条款编码", "处罚情形", "裁量阶次", "罚款下限(元)", "罚款上限(元)", "适用情形", "来源",
)  # fmt: skip
COLUMNS = (CODE, CONDITION, LEVEL, LOW, HIGH, TYPICAL, SOURCE)
REQUIRED = (CODE, LEVEL)
SUBJECT = "裁量基准"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import stored."""

    rows: int
    provisions: tuple[str, ...]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[object]]]]:
    def refuse(message: str) -> ValidationError:
        return ValidationError([FieldError(path.name, message)], SUBJECT)

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise refuse("不是 .xlsx 文件：请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入。")
    try:
        book = open_read_only(path)
    except FileNotFoundError:
        raise refuse("找不到文件。") from None
    except PermissionError:
        raise refuse("无法读取：文件被占用（可能在 Excel/WPS 中打开），请关闭后重试。") from None
    except Exception:  # any failure to parse an untrusted file means "not a workbook"
        raise refuse(
            "不是有效的 Excel（.xlsx）文件，或已损坏：请用 Excel 或 WPS 打开确认。"
        ) from None
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise ValidationError([FieldError(path.name, "工作表是空的。")], SUBJECT)
    headers = [_text(h) for h in rows[0]]
    body = [(number, list(row)) for number, row in enumerate(rows[1:], start=2)
            if any(_text(v) for v in row)]  # fmt: skip
    return headers, body


def _header_errors(headers: list[str]) -> list[FieldError]:
    errors = [FieldError("表头", f"缺少“{name}”列。") for name in REQUIRED if name not in headers]
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        errors.append(FieldError("表头", f"“{'、'.join(unknown)}”不是裁量基准的列"
                                 f"（可用：{'、'.join(COLUMNS)}）。"))  # fmt: skip
    return errors


def import_workbook(uow_factory: UowFactory, path: Path) -> ImportReport:
    """Validate every row, then store them all (or nothing)."""
    headers, body = _read(path)
    errors = _header_errors(headers)
    if errors:
        raise ValidationError(errors, SUBJECT)
    with uow_factory() as uow:
        catalogue = {
            p.code: p
            for p in uow.session.scalars(
                select(LegalProvision).options(selectinload(LegalProvision.tiers))
            )
        }
        parsed: list[DiscretionStandard] = []
        seen: dict[tuple[str, str, str], int] = {}
        for number, values in body:
            cells = {h: values[i] if i < len(values) else None for i, h in enumerate(headers) if h}
            row, row_errors = _row(number, cells, catalogue)
            errors += row_errors
            if row is None:
                continue
            key = (row.provision_code, row.condition, row.level)
            if key in seen:
                errors.append(FieldError(f"第{number}行“{LEVEL}”",
                                         f"与第{seen[key]}行重复（同一条款、处罚情形和裁量阶次）。"))  # fmt: skip
            seen[key] = number
            parsed.append(row)
        if errors:
            raise ValidationError(errors, SUBJECT)
        groups = {(r.provision_code, r.condition) for r in parsed}
        for code, condition in groups:
            uow.session.execute(delete(DiscretionStandard).where(
                DiscretionStandard.provision_code == code, DiscretionStandard.condition == condition))  # fmt: skip
        uow.session.flush()
        uow.session.add_all(parsed)
        uow.commit()
    return ImportReport(len(parsed), tuple(sorted({code for code, _c in groups})))


def _row(number: int, cells: dict[str, object],
         catalogue: dict[str, LegalProvision]) -> tuple[DiscretionStandard | None, list[FieldError]]:  # fmt: skip
    """One row as a level, or the errors of its cells (each "第N行“列”")."""

    def where(column: str) -> str:
        return f"第{number}行“{column}”"

    errors: list[FieldError] = []
    code, condition, level = (_text(cells.get(c)) for c in (CODE, CONDITION, LEVEL))
    provision = catalogue.get(code)
    if not code:
        errors.append(FieldError(where(CODE), "不能为空。"))
    elif provision is None:
        errors.append(FieldError(where(CODE), f"法律条款库中没有编码为“{code}”的条款。"))
    elif condition not in {t.condition for t in provision.tiers}:
        named = "、".join(t.condition or "空（一般情形）" for t in provision.tiers)
        errors.append(
            FieldError(where(CONDITION), f"“{condition}”不是{code}的处罚情形（可选：{named}）。")
        )
    if level not in {v.value for v in Level}:
        allowed = "、".join(v.value for v in Level)
        errors.append(FieldError(where(LEVEL), f"“{level}”不是裁量阶次（可选：{allowed}）。"))
    bounds: list[int | None] = []
    for column in (LOW, HIGH):
        raw = cells.get(column)
        try:
            bounds.append(parse_yuan(raw, where(column)) if _text(raw) else None)
        except FieldError as error:
            errors.append(error)
            bounds.append(None)
    low, high = bounds
    if low is not None and high is not None and low > high:
        errors.append(FieldError(where(LOW), f"下限{low / 100:.2f}元高于上限{high / 100:.2f}元。"))
    if (
        low is None
        and high is None
        and not any(e.field.startswith(f"第{number}行“罚款") for e in errors)
    ):
        errors.append(FieldError(where(HIGH), "罚款下限和上限至少填写一个。"))
    if errors:
        return None, errors
    source = _text(cells.get(SOURCE)) or "本机关裁量基准（导入）"
    return DiscretionStandard(provision_code=code, condition=condition, level=level,
                              min_fine_fen=low, max_fine_fen=high,
                              circumstances=_text(cells.get(TYPICAL)), verified=True,
                              source=source), []  # fmt: skip
