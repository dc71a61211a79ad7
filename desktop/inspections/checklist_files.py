"""A checklist's items as a small file a clerk edits: JSON (the bundled default's format) or XLSX.

XLSX: first sheet, first row headers 处室, 序号, 检查内容*, 案由分类, 条款编码, 案由 (order free,
extra columns ignored); one item a row, blank rows skipped. JSON: {"items": [{"text": …,
"department": …, "label": …, "cause_category": …, "provision_code": …, "case_cause": …}]}.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from openpyxl import Workbook

from desktop.common.errors import CasedeskError, ValidationError
from desktop.common.xlsx_reading import open_read_only
from desktop.common.xlsx_safety import append_row
from desktop.inspections.checklists import ChecklistData, ChecklistItemData
from forms.validators import FieldError

#: XLSX header of each item attribute, in the order an export writes them.
ITEM_HEADERS = {
    "department": "处室",
    "label": "序号",
    "text": "检查内容",
    "cause_category": "案由分类",
    "provision_code": "条款编码",
    "case_cause": "案由",
}


def read_items(path: Path) -> tuple[ChecklistItemData, ...]:
    """The items of a .json or .xlsx file; errors name the row (or item) and the column."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise CasedeskError(f"检查清单文件 {path.name} 应为 .json 或 .xlsx 文件。")
    if not path.is_file():
        raise CasedeskError(f"找不到检查清单文件 {path}。")
    return _read_json(path) if suffix == ".json" else _read_xlsx(path)


def write_items(checklist: ChecklistData, path: Path) -> None:
    """Write a checklist's items to .json or .xlsx (the format read_items reads back)."""
    rows = [{k: getattr(i, k) for k in ITEM_HEADERS} for i in checklist.items]
    if path.suffix.lower() == ".json":
        text = json.dumps({"name": checklist.name, "items": rows}, ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")
        return
    if path.suffix.lower() != ".xlsx":
        raise CasedeskError(f"检查清单文件 {path.name} 应为 .json 或 .xlsx 文件。")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "检查清单"
    append_row(sheet, list(ITEM_HEADERS.values()))
    for row in rows:
        append_row(sheet, list(row.values()))
    sheet.column_dimensions["C"].width = 80
    book.save(path)


def _item(values: dict[str, object], where: str) -> ChecklistItemData:
    """One item from its attribute values; text that is not text is an error naming `where`."""
    texts: dict[str, str] = {}
    for key, header in ITEM_HEADERS.items():
        value = values.get(key)
        if value is not None and not isinstance(value, str | int):
            raise FieldError(f"{where} {header}", "应为文字。")
        texts[key] = "" if value is None else str(value).strip()
    if not texts["text"]:
        raise FieldError(f"{where} 检查内容", "不能为空。")
    return ChecklistItemData(
        text=texts["text"],
        department=texts["department"],
        label=texts["label"],
        cause_category=texts["cause_category"],
        provision_code=texts["provision_code"],
        case_cause=texts["case_cause"],
    )


def _read_json(path: Path) -> tuple[ChecklistItemData, ...]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CasedeskError(f"检查清单文件 {path.name} 不是有效的 UTF-8 JSON：{error}") from None
    items = raw.get("items") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise CasedeskError(f"检查清单文件 {path.name} 应含 items 列表。")
    result, errors = [], []
    for number, entry in enumerate(items, start=1):
        try:
            if not isinstance(entry, dict):
                raise FieldError(f"第{number}项", "应为一个对象（含 text 等键）。")
            result.append(_item(entry, f"第{number}项"))
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors, f"检查清单文件 {path.name}")
    return tuple(result)


def _read_xlsx(path: Path) -> tuple[ChecklistItemData, ...]:
    try:
        book = open_read_only(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise CasedeskError(f"无法读取检查清单文件 {path.name}：{error}") from None
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise CasedeskError(f"检查清单文件 {path.name} 是空的。")
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    if ITEM_HEADERS["text"] not in headers:
        raise CasedeskError(f"检查清单文件 {path.name} 缺少必需的列：检查内容。")
    columns = {key: headers.index(h) for key, h in ITEM_HEADERS.items() if h in headers}
    result, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        values = {key: row[index] if index < len(row) else None for key, index in columns.items()}
        try:
            result.append(_item(values, f"第{number}行"))
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors, f"检查清单文件 {path.name}")
    return tuple(result)
