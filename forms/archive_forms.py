"""Forms of the case file (卷宗): 卷宗封面 and 卷内目录, given the case and its item list."""

from __future__ import annotations

from forms.case_forms import require_case
from forms.common import OFFICE_FIELDS, cn_date, office_context
from forms.engine import Field, FieldKind, FileItem, FormDefinition, FormSource, Subject
from forms.outcomes import decision_number

#: Retention periods (保管期限) of enforcement files.
RETENTION_CHOICES = ("永久", "30年", "10年")


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
        "retention": "30年",
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
        Field("archive_no", "归档号", help="年度加四位结案流水号，如 20260001"),
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
