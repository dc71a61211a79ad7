"""Forms of the investigation stage: 询问笔录, 立案报告, 案件调查终结报告, 合议记录, 陈述和申辩笔录."""

from __future__ import annotations

import re

from database.models import Case, PartyType
from forms.common import (
    CASE_BASIC_FIELDS,
    LEGAL_FIELDS,
    OFFICE_FIELDS,
    OFFICER_FIELDS,
    PENALTY_FIELDS,
    case_basics,
    cn_date,
    legal_context,
    office_context,
    officers_context,
    party_context,
    party_fields,
    penalty_context,
)
from forms.engine import Field, FieldKind, FormDefinition, FormSource, Subject, optional_fields
from forms.outcomes import NO_PENALTY, PENALTY, TRANSFER, outcome, proposal


def require_case(source: FormSource) -> Case:
    """The case of a case form (the service always passes one)."""
    if source.case is None:
        raise ValueError("this form is generated from a case")
    return source.case


def _case_common(source: FormSource) -> dict[str, object]:
    case = require_case(source)
    return {
        **office_context(source),
        **party_context(case),
        **officers_context(case.officers),
        **case_basics(case),
    }


COMMON_FIELDS = (*OFFICE_FIELDS, *party_fields(), *OFFICER_FIELDS, *CASE_BASIC_FIELDS)


def inquiry_context(source: FormSource) -> dict[str, object]:
    """询问笔录: who is asked (identity as the 规范's form asks it), by whom and who records; the
    questions and answers are typed by the clerk. A 个人 party asked in person gives the party's
    own 身份证号, 住址 and phone; anyone else's identity is filled in by the clerk."""
    case = require_case(source)
    person = case.party_type is PartyType.PERSON
    officers = list(case.officers)
    recorder = officers[1] if len(officers) > 1 else None
    if person:
        asked, relation = case.party_name, "当事人本人"
    elif case.party_representative:
        asked, relation = case.party_representative, "法定代表人（负责人）"
    else:
        asked, relation = "", ""
    return {
        **_case_common(source),
        "inquiry_date": cn_date(case.inquired_on),  # the 询问 itself, never another step
        "inquiry_time": "",
        "inquiry_place": source.office.get("address", ""),
        "inquired_person": asked,
        "inquired_relation": relation,
        "inquired_gender": "",
        "inquired_age": "",
        "inquired_id_number": case.party_id_number if person else "",
        "inquired_employer": ""
        if person
        else f"{case.party_name}　法定代表人（负责人）" * bool(case.party_representative),
        "inquired_address": case.party_address if person else "",
        "inquired_phone": case.party_phone,
        # One officer asks, the other records (two officers, 行政处罚法 第四十二条).
        "asker_text": f"{officers[0].name}（执法证号：{officers[0].badge_no}）" if officers else "",
        "recorder": recorder.name if recorder else "",
        "recorder_text": f"{recorder.name}（执法证号：{recorder.badge_no}）" if recorder else "",
        "qa_text": "",
    }


INQUIRY_RECORD = FormDefinition(
    id="inquiry_record",
    name="询问笔录",
    template="inquiry_record.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        Field("inquiry_date", "询问日期", FieldKind.DATE, required=True),
        Field("inquiry_time", "询问起止时间", help="如 9时30分至10时40分；留空则现场手写"),
        Field("inquiry_place", "询问地点", required=True),
        Field("inquired_person", "被询问人", required=True),
        Field("inquired_gender", "被询问人性别"),
        Field("inquired_age", "被询问人年龄"),
        Field("inquired_id_number", "被询问人身份证号"),
        Field("inquired_employer", "工作单位及职务"),
        Field("inquired_address", "被询问人住址"),
        Field("inquired_phone", "被询问人联系电话"),
        Field("inquired_relation", "与当事人关系"),
        Field("asker_text", "询问人及执法证号", required=True),
        Field("recorder", "记录人"),
        Field("recorder_text", "记录人及执法证号", required=True),
        Field(
            "qa_text", "询问内容（问答）", FieldKind.LONG_TEXT, help="留空则打印空白横线供现场手写"
        ),
    ),
    build_context=inquiry_context,
    date_field="inquiry_date",
    dated_by=lambda s: require_case(s).inquired_on,
)


def filing_context(source: FormSource) -> dict[str, object]:
    """立案报告: the preliminary facts and the request to open the case."""
    case = require_case(source)
    return {
        **_case_common(source),
        **legal_context(source),
        "filing_reason": "经初步调查，当事人涉嫌违法，属于本机关管辖，依法需要给予行政处罚，建议立案调查。",
        "decision_due": cn_date(source.deadlines.get("decision_due")),
        "filed_year": str(case.filed_on.year),
    }


FILING_REPORT = FormDefinition(
    id="filing_report",
    name="立案报告",
    template="filing_report.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        Field("filing_reason", "立案理由", FieldKind.LONG_TEXT, required=True),
        Field("decision_due", "作出决定期限（立案之日起九十日）", FieldKind.DATE, computed=True),
        Field("filed_year", "立案年度", computed=True),
    ),
    build_context=filing_context,
    date_field="filed_date",
    dated_by=lambda s: require_case(s).filed_on,
)


def investigation_context(source: FormSource) -> dict[str, object]:
    """案件调查终结报告: facts, evidence, legal basis and what it proposes (a penalty, 不予行政处罚
    on its ground, or 移送)."""
    case = require_case(source)
    legal = legal_context(source)
    return {
        **_case_common(source),
        **legal,
        **penalty_context(case, source.provision),
        "ended_date": cn_date(case.investigation_ended_on),
        "outcome": outcome(case),
        "proposal": proposal(case, str(legal["discretion"])),
        "range_override_reason": case.range_override_reason,
    }


INVESTIGATION_REPORT = FormDefinition(
    id="investigation_report",
    name="案件调查终结报告",
    template="investigation_report.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        *optional_fields(PENALTY_FIELDS, "penalty_text"),
        Field("ended_date", "调查终结日期", FieldKind.DATE, required=True),
        Field("outcome", "处理结果", FieldKind.CHOICE, computed=True,
              choices=(PENALTY, NO_PENALTY, TRANSFER)),
        Field("proposal", "处理意见", FieldKind.LONG_TEXT, required=True,
              help="处罚、不予行政处罚（须选定不予处罚情形）或移送（须填写移送机关）"),
        Field(
            "range_override_reason",
            "超出法定幅度的理由",
            FieldKind.LONG_TEXT,
            help="处罚超出条款法定幅度时，案件中记录的理由，供法制审核",
        ),
    ),
    build_context=investigation_context,
    date_field="ended_date",
    dated_by=lambda s: require_case(s).investigation_ended_on,
)  # fmt: skip


#: Fewest people at a 合议 (主持人 included); the office's members join the case officers.
MIN_DELIBERATION = 3


def deliberation_people(source: FormSource) -> list[dict[str, str]]:
    """参加合议人员: the chair and members from the office settings (合议主持人, 合议成员) and the
    case officers, each once; an empty list when fewer than three (the pre-flight then asks)."""
    case = require_case(source)
    chair = source.office.get("deliberation.chair", "").strip()
    members = [m.strip() for m in re.split("[、,，;；\\s]+",
                                           source.office.get("deliberation.members", "")) if m.strip()]  # fmt: skip
    officers = [o.name for o in case.officers]
    people: list[dict[str, str]] = []
    for name, role in (
        ([(chair, "（主持人）")] if chair else [])
        + [(m, "") for m in members]
        + [(o, "（承办人）") for o in officers]
    ):
        if name not in {p["name"] for p in people}:
            people.append({"name": name, "role": role, "opinion": ""})
    return people if len(people) >= MIN_DELIBERATION else []


def deliberation_context(source: FormSource) -> dict[str, object]:
    """合议记录: who deliberated (主持人 from the office, not a case officer), when, the 承办人's
    proposal, each participant's opinion (written in by hand unless typed) and the 结论."""
    case = require_case(source)
    people = deliberation_people(source)
    officers = [o.name for o in case.officers]
    chair = source.office.get("deliberation.chair", "").strip()
    recorder = source.office.get("deliberation.recorder", "").strip()
    return {
        **_case_common(source),
        **legal_context(source),
        **penalty_context(case, source.provision),
        "meeting_date": cn_date(case.deliberated_on),
        "meeting_place": source.office.get("supervision_institute", "") or "本机关会议室",
        "chair": chair,
        "recorder": recorder or (officers[-1] if officers else ""),
        "participants": people,
        "participant_names": "、".join(p["name"] for p in people),
        "conclusion": "",
    }


DELIBERATION_RECORD = FormDefinition(
    id="deliberation_record",
    name="合议记录",
    template="deliberation_record.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        *PENALTY_FIELDS,
        Field("meeting_date", "合议日期", FieldKind.DATE, required=True),
        Field("meeting_place", "合议地点", required=True),
        Field("chair", "主持人", required=True, help="单位设置“合议主持人”"),
        Field("recorder", "记录人", required=True),
        Field("participants", "参加合议人员（至少三人，含主持人）", FieldKind.TABLE, required=True,
              columns=(("name", "姓名"), ("role", "身份"), ("opinion", "意见")),
              help="单位设置“合议成员”与本案承办人；意见留空则现场手写"),
        Field("participant_names", "参加人员", computed=True),
        Field("conclusion", "合议结论", FieldKind.LONG_TEXT, help="留空则现场手写"),
    ),
    build_context=deliberation_context,
    date_field="meeting_date",
    dated_by=lambda s: require_case(s).deliberated_on,
)


def statement_context(source: FormSource) -> dict[str, object]:
    """陈述和申辩笔录: the party's statement after the 事先告知."""
    case = require_case(source)
    return {
        **_case_common(source),
        "statement_date": cn_date(case.statement_on),
        "statement_place": source.office.get("address", ""),
        "statement_person": case.party_representative or case.party_name,
        "notice_number": source.issued_numbers.get("penalty_notice", ""),
        "statement_text": "",
    }


STATEMENT_RECORD = FormDefinition(
    id="statement_record",
    name="陈述和申辩笔录",
    template="statement_record.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        Field("statement_date", "陈述申辩日期", FieldKind.DATE, required=True),
        Field("statement_place", "地点", required=True),
        Field("statement_person", "陈述申辩人", required=True),
        Field("notice_number", "行政处罚事先告知书文号", computed=True),
        Field(
            "statement_text",
            "陈述申辩内容",
            FieldKind.LONG_TEXT,
            help="留空则打印空白横线供现场手写",
        ),
    ),
    build_context=statement_context,
    date_field="statement_date",
    dated_by=lambda s: require_case(s).statement_on,
)
