"""Forms of the case file (卷宗): 卷宗封面 and 卷内目录, given the case and its item list."""

from __future__ import annotations

from collections.abc import Sequence

from forms.case_forms import require_case
from forms.common import OFFICE_FIELDS, cn_date, office_context
from forms.engine import Field, FieldKind, FileItem, FormDefinition, FormSource, Subject
from forms.outcomes import decision_number

#: Retention periods (保管期限) of enforcement files and their codes in the 归档号 (DA/T 22-2015
#: 档号 practice: 永久 Y, 定期30年 D30, 定期10年 D10; the code letters are practice, unverified).
RETENTION_CODES = {"永久": "Y", "30年": "D30", "10年": "D10"}
RETENTION_CHOICES = tuple(RETENTION_CODES)
DEFAULT_RETENTION = "30年"


def full_archive_number(fonds_no: str, year: int, retention: str, item_no: int) -> str:
    """归档号 全宗号-年度-保管期限代码-件号 (Q031-2026-D30-0007); without a 全宗号 in 设置 it
    starts at the year."""
    code = RETENTION_CODES.get(retention, retention)
    parts = [fonds_no.strip(), str(year), code, f"{item_no:04d}"]
    return "-".join(p for p in parts if p)


def _pages(item: FileItem) -> str:
    if item.first_page is None:
        return ""
    if item.last_page is None or item.last_page == item.first_page:
        return str(item.first_page)
    return f"{item.first_page}-{item.last_page}"


def item_rows(items: tuple[FileItem, ...] | list[FileItem]) -> list[dict[str, str]]:
    """卷内目录 rows: 序号, 题名, 文号, 日期, 页号, 备注."""
    return [
        {
            "no": str(i),
            "title": item.title,
            "number": item.number,
            # Archive indexes write dates as 8 digits (DA/T 22 practice): 20260315.
            "date": f"{item.day:%Y%m%d}" if item.day else "",
            "pages": _pages(item),
            "note": item.note,
        }
        for i, item in enumerate(items, start=1)
    ]


def _archive_common(source: FormSource) -> dict[str, object]:
    case = require_case(source)
    items = list(source.items)
    last_pages = [i.last_page or i.first_page for i in items if i.first_page is not None]
    return {
        **office_context(source),
        "case_no": case.case_no,
        "case_title": case.cause if case.cause.endswith("案") else f"{case.cause}案",
        "party_name": case.party_name,
        "decision_number": decision_number(source.issued_numbers),
        "filed_date": cn_date(case.filed_on),
        "closed_date": cn_date(case.closed_on),
        "item_count": str(len(items)),
        "page_count": str(max(last_pages)) if last_pages else "",
        "items": item_rows(items),
    }


ARCHIVE_FIELDS = (
    *OFFICE_FIELDS,
    Field("case_no", "案件编号", required=True, computed=True),
    Field("case_title", "案件名称", required=True),
    Field("party_name", "当事人", required=True),
    Field("decision_number", "决定书文号", help="行政处罚决定书或不予行政处罚决定书的文号"),
    Field("filed_date", "立案日期", FieldKind.DATE, required=True, computed=True),
    Field("closed_date", "结案日期", FieldKind.DATE),
    Field("item_count", "卷内件数", computed=True),
    Field("page_count", "总页数", computed=True),
    Field("items", "卷内文件", FieldKind.TABLE, computed=True,
          columns=(("no", "序号"), ("title", "题名"), ("number", "文号"), ("date", "日期"),
                   ("pages", "页号"), ("note", "备注"))),
)  # fmt: skip


def cover_context(source: FormSource) -> dict[str, object]:
    """卷宗封面: 案件名称, 文号, 办案机构, dates, retention, counts, 归档号."""
    case = require_case(source)
    year = case.closed_on.year if case.closed_on else case.filed_on.year
    return {
        **_archive_common(source),
        "handling_unit": source.office.get("supervision_institute", "")
        or source.office.get("authority_name", ""),
        "retention": source.office.get("archive.retention", "") or DEFAULT_RETENTION,
        "archive_year": str(year),
        "archive_no": "",
    }


FILE_COVER = FormDefinition(
    id="file_cover",
    name="卷宗封面",
    template="file_cover.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *ARCHIVE_FIELDS,
        Field("handling_unit", "办案机构", required=True),
        Field("retention", "保管期限", FieldKind.CHOICE, required=True, choices=RETENTION_CHOICES),
        Field("archive_year", "归档年度", computed=True),
        Field("archive_no", "归档号", help="全宗号-年度-保管期限-件号，如 Q031-2026-D30-0007"),
    ),
    build_context=cover_context,
    date_field="filed_date",
)


def index_context(source: FormSource) -> dict[str, object]:
    """卷内目录: one row per filed document with its page range."""
    return _archive_common(source)


FILE_INDEX = FormDefinition(
    id="file_index",
    name="卷内目录",
    template="file_index.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=ARCHIVE_FIELDS,
    build_context=index_context,
    date_field="filed_date",
)


def file_statement(item_count: int, pages: int, missing: Sequence[str] = ()) -> str:
    """本卷情况说明: 件数, 页数 (the numbered ones) and what the file lacks."""
    text = f"本卷共有文件{item_count}件，共{pages}页（封面、卷内目录和本表不编页号，不计入页数）。"
    if missing:
        return text + f"卷内缺少：{'、'.join(missing)}。"
    return text + "卷内文件齐全，无缺页、破损。"


def note_context(source: FormSource) -> dict[str, object]:
    """卷内备考表: 本卷情况说明 (件数, 页数, what the file lacks), 立卷人, 检查人 (设置) and 立卷时间
    (the day the file is put together: an archive act of its own, not a case date)."""
    common = _archive_common(source)
    gaps = [i.title for i in source.items if i.note == "缺"]
    return {
        **common,
        "archive_no": "",
        "file_statement": file_statement(
            len(source.items), int(str(common["page_count"] or 0)), gaps
        ),
        "filer": source.office.get("archive.filer", ""),
        "checker": source.office.get("archive.checker", ""),
        "filed_at": cn_date(source.today),
    }


FILE_NOTE = FormDefinition(
    id="file_note",
    name="卷内备考表",
    template="file_note.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *ARCHIVE_FIELDS,
        Field("archive_no", "归档号"),
        Field("file_statement", "本卷情况说明", FieldKind.LONG_TEXT, required=True),
        Field("filer", "立卷人", help="单位设置“立卷人”"),
        Field("checker", "检查人", help="单位设置“卷宗检查人”"),
        Field("filed_at", "立卷时间", FieldKind.DATE, required=True),
    ),
    build_context=note_context,
    date_field="filed_at",
)
