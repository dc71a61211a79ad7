"""Forms of an inspection: 现场笔录 and 卫生监督意见书 (read from Inspection + its institution)."""

from __future__ import annotations

from database.models import CheckResult, Inspection
from forms.common import (
    INSTITUTION_PARTY_FIELDS,
    OFFICE_FIELDS,
    OFFICER_FIELDS,
    cn_date,
    cn_time,
    institution_party_context,
    number_field,
    office_context,
    officers_context,
)
from forms.engine import Field, FieldKind, FormDefinition, FormSource, Subject


def require_inspection(source: FormSource) -> Inspection:
    """The inspection of an inspection form (the service always passes one)."""
    if source.inspection is None:
        raise ValueError("this form is generated from an inspection")
    return source.inspection


def _inspection_common(source: FormSource) -> dict[str, object]:
    inspection = require_inspection(source)
    party = institution_party_context(source.institution) if source.institution else {}
    return {
        **office_context(source),
        "party_name": "",
        "party_address": "",
        "party_id_value": "",
        "party_license_no": "",
        "party_representative": "",
        "party_phone": "",
        **party,
        **officers_context(inspection.officers),
        "inspection_date": cn_date(inspection.inspected_on),
    }


#: What the 现场笔录 prints for an item looked at without a remark: a record states what was
#: done and seen; 合格/不合格 stays in the checklist data and the 意见书.
SEEN_WITHOUT_NOTE = "已查看"


def _seen(result: CheckResult, note: str) -> str:
    """现场所见 of one item: the remark, or that the item does not exist here (不涉及 is a fact,
    not a judgment), or that it was looked at."""
    if note:
        return note
    return result.value if result is CheckResult.NOT_APPLICABLE else SEEN_WITHOUT_NOTE


def _results(inspection: Inspection) -> list[dict[str, str]]:
    return [
        {"no": str(i), "item": r.item_text, "result": r.result.value, "note": r.note,
         "seen": _seen(r.result, r.note)}
        for i, r in enumerate(inspection.results, start=1)
    ]  # fmt: skip


def site_record_context(source: FormSource) -> dict[str, object]:
    """现场笔录: time, place, who was present, what was observed (facts only, no judgement)."""
    inspection = require_inspection(source)
    results = _results(inspection)
    failed = [r for r in inspection.results if r.result is CheckResult.FAIL]
    summary = "；".join(f"{r.item_text}：{r.note or '不符合要求'}" for r in failed)
    start, end = cn_time(inspection.started_at), cn_time(inspection.ended_at)
    return {
        **_inspection_common(source),
        "time_range": f"{start}至{end}" if start and end else "",
        "location": inspection.location
        or (source.institution.address if source.institution else ""),
        "present_person": inspection.present_person,
        "present_title": inspection.present_person_title,
        "results": results,
        "recorder": inspection.officers[1].name if len(inspection.officers) > 1 else "",
        "findings": inspection.findings,
        "failed_summary": summary,
    }


SITE_RECORD = FormDefinition(
    id="site_record",
    name="现场笔录",
    template="site_record.docx",
    version="1.1",
    subject=Subject.INSPECTION,
    fields=(
        *OFFICE_FIELDS,
        *INSTITUTION_PARTY_FIELDS,
        *OFFICER_FIELDS,
        Field("inspection_date", "检查日期", FieldKind.DATE, required=True),
        Field("time_range", "检查时间（起止）", help="如 9时30分至10时40分"),
        Field("location", "检查地点", required=True),
        Field("present_person", "在场人员", required=True),
        Field("present_title", "在场人员职务"),
        Field(
            "results",
            "检查的项目及现场所见",
            FieldKind.TABLE,
            computed=True,
            columns=(("no", "序号"), ("item", "检查项目"), ("seen", "现场所见")),
        ),
        Field("recorder", "记录人", required=True),
        Field("findings", "现场检查情况", FieldKind.LONG_TEXT, required=True),
        Field("failed_summary", "不合格项目摘要", FieldKind.LONG_TEXT, computed=True),
    ),
    build_context=site_record_context,
    date_field="inspection_date",
    dated_by=lambda s: require_inspection(s).inspected_on,
)


def opinion_context(source: FormSource) -> dict[str, object]:
    """卫生监督意见书: the requirements, with deadline and basis when ordering correction."""
    inspection = require_inspection(source)
    return {
        **_inspection_common(source),
        "opinions": inspection.opinions,
        "correction_due": cn_date(source.deadlines.get("correction_due")),
    }


SUPERVISION_OPINION = FormDefinition(
    id="supervision_opinion",
    name="卫生监督意见书",
    template="supervision_opinion.docx",
    version="1.0",
    subject=Subject.INSPECTION,
    fields=(
        *OFFICE_FIELDS,
        *INSTITUTION_PARTY_FIELDS,
        *OFFICER_FIELDS,
        number_field("编号"),
        Field("inspection_date", "日期", FieldKind.DATE, required=True),
        Field("opinions", "监督意见", FieldKind.LONG_TEXT, required=True),
        Field("correction_due", "改正期限", FieldKind.DATE),
    ),
    build_context=opinion_context,
    number_series="opinion",
    date_field="inspection_date",
    dated_by=lambda s: require_inspection(s).inspected_on,
)
