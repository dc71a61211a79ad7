"""法制审核意见书 and 集体讨论记录 (行政处罚法 第五十八条、第五十七条第二款): the review of a case
before its decision, and the 负责人's collective discussion — a different, heavier body than the
承办机构's 合议 (forms.case_forms.DELIBERATION_RECORD)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forms.case_forms import COMMON_FIELDS, require_case
from forms.common import (
    LEGAL_FIELDS,
    PENALTY_FIELDS,
    case_basics,
    cn_date,
    legal_context,
    office_context,
    officers_context,
    party_context,
    penalty_context,
)
from forms.engine import Field, FieldKind, FormDefinition, FormSource, Subject
from forms.review_terms import LegalReviewResult, parse_members


def level_text(case: Any, levels: Sequence[Any]) -> str:
    """裁量阶次 as printed: 一般（¥32,000.00至¥55,000.00；…）, the circumstance and its ground after."""
    level = str(case.discretion_level or "")
    chosen = next((t for t in levels if t.level == level), None)
    text = level
    if chosen is not None:
        note = "" if chosen.verified else "；软件示例，未核对"
        text = f"{level}（{chosen.range_text}{note}）"
    circumstance = str(case.discretion_circumstance or "")
    if circumstance:
        text += f"；{circumstance}：{case.discretion_ground}"
    return text


def _review_common(source: FormSource) -> dict[str, object]:
    case = require_case(source)
    return {
        **office_context(source),
        **party_context(case),
        **officers_context(case.officers),
        **case_basics(case),
        **legal_context(source),
        **penalty_context(case, source.provision),
        "discretion_level": level_text(case, source.discretion_levels),
        "range_override_reason": case.range_override_reason,
    }


_DISCRETION_FIELDS = (
    Field("discretion_level", "裁量阶次与情节", computed=True),
    Field("range_override_reason", "超出法定幅度的理由", FieldKind.LONG_TEXT),
)


def legal_review_context(source: FormSource) -> dict[str, object]:
    """法制审核意见书: what was reviewed (facts, law, the proposed penalty and its 裁量), the
    reviewer's opinion and conclusion."""
    case = require_case(source)
    return {
        **_review_common(source),
        "review_date": cn_date(case.legal_review_on),
        "reviewer": case.legal_reviewer,
        "review_opinion": case.legal_review_opinion,
        "review_result": str(case.legal_review_result or ""),
    }


LEGAL_REVIEW_OPINION = FormDefinition(
    id="legal_review_opinion",
    name="法制审核意见书",
    template="legal_review_opinion.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        *PENALTY_FIELDS,
        *_DISCRETION_FIELDS,
        Field("review_date", "法制审核日期", FieldKind.DATE, required=True),
        Field("reviewer", "法制审核人员", required=True),
        Field("review_opinion", "审核意见", FieldKind.LONG_TEXT, required=True),
        Field("review_result", "审核结论", FieldKind.CHOICE, required=True,
              choices=tuple(r.value for r in LegalReviewResult)),
    ),
    build_context=legal_review_context,
    date_field="review_date",
    dated_by=lambda s: require_case(s).legal_review_on,
)  # fmt: skip


def discussion_context(source: FormSource) -> dict[str, object]:
    """集体讨论记录: when, who presided, who took part (role) and what each said, the 法制审核
    opinion before them, the conclusion."""
    case = require_case(source)
    try:
        members = parse_members(case.discussion_members)
    except ValueError:
        members = []  # the editor refuses such a list; an old one prints as missing
    names = [o.name for o in case.officers]
    return {
        **_review_common(source),
        "discussion_date": cn_date(case.discussion_on),
        "discussion_place": source.office.get("address", ""),
        "host": case.discussion_host,
        "recorder": names[0] if names else "",
        "members": [{"name": m.name, "role": m.role, "opinion": m.opinion} for m in members],
        "member_names": "、".join(f"{m.name}（{m.role}）" for m in members),
        "legal_review_opinion": case.legal_review_opinion,
        "conclusion": case.discussion_conclusion,
    }


COLLECTIVE_DISCUSSION_RECORD = FormDefinition(
    id="collective_discussion_record",
    name="集体讨论记录",
    template="collective_discussion_record.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        *PENALTY_FIELDS,
        *_DISCRETION_FIELDS,
        Field("discussion_date", "集体讨论日期", FieldKind.DATE, required=True),
        Field("discussion_place", "地点", required=True),
        Field("host", "主持人", required=True),
        Field("recorder", "记录人", required=True),
        Field("members", "参加人及其意见", FieldKind.TABLE, required=True,
              columns=(("name", "姓名"), ("role", "职务"), ("opinion", "意见"))),
        Field("member_names", "参加人", computed=True),
        Field("legal_review_opinion", "法制审核意见", FieldKind.LONG_TEXT),
        Field("conclusion", "讨论结论", FieldKind.LONG_TEXT, required=True),
    ),
    build_context=discussion_context,
    date_field="discussion_date",
    dated_by=lambda s: require_case(s).discussion_on,
)  # fmt: skip
