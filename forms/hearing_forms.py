"""Forms of the 听证 (行政处罚法 第六十四条): 听证通知书, 听证笔录, 听证报告; and the sentences a
决定书 says of the party's statement, the 复核 and the hearing (第四十五条、第六十五条).

The windows are counted from the 告知书's service (source.deadlines, desktop.documents.sources):
the decision says "在规定期限内" only of a statement made inside its window.
"""

from __future__ import annotations

from forms.case_forms import COMMON_FIELDS, _case_common, require_case
from forms.common import (
    LEGAL_FIELDS,
    PENALTY_FIELDS,
    cn_date,
    legal_context,
    number_field,
    penalty_context,
)
from forms.engine import Field, FieldKind, FormDefinition, FormSource, Subject


def _sentence(text: str) -> str:
    """A typed text as a sentence of the decision (ends with 。)."""
    text = text.strip().rstrip("。；;，,.")
    return text + "。" if text else ""


def hearing_sentence(source: FormSource) -> str:
    """What the decision says of the 听证: requested and held (with its 结论), or not asked for
    after the 听证告知; '' when the case had no 听证告知."""
    case = require_case(source)
    if case.hearing_requested_on is not None:
        held = (
            f"当事人于{cn_date(case.hearing_requested_on)}要求听证，本机关于"
            f"{cn_date(case.hearing_on)}在{case.hearing_place}举行了听证，听证主持人为"
            f"{case.hearing_host}。"
        )
        outcome = _sentence(case.hearing_outcome)
        return held + (f"听证结论：{outcome}" if outcome else "")
    if case.hearing_notified_on is not None or source.issued_numbers.get("hearing_notice"):
        return "当事人在规定期限内未要求听证。"
    return ""


def statement_sentence(source: FormSource) -> str:
    """What the decision says of the 陈述申辩: quoted, with "在规定期限内" only when it came
    inside the window (counted from the 告知书's service)."""
    case = require_case(source)
    if case.statement_on is None:
        said = _sentence(case.statement_summary)
        if case.hearing_requested_on:  # the party's case was put at the hearing
            return f"当事人在听证中提出的申辩意见：{said}" if said else ""
        return "当事人在规定期限内未提出陈述、申辩意见。"
    due = source.deadlines.get("statement_due")
    summary = _sentence(case.statement_summary)
    said = f"：{summary}" if summary else "。"
    if due is not None and case.statement_on <= due:
        return f"当事人于{cn_date(case.statement_on)}在规定期限内提出了陈述、申辩意见{said}"
    late = f"（已超过陈述申辩期限，期限至{cn_date(due)}止）" if due is not None else ""
    return f"当事人于{cn_date(case.statement_on)}提出了陈述、申辩意见{late}{said}"


def review_sentence(source: FormSource) -> str:
    """The 复核意见 and its reasons (第四十五条第一款)."""
    case = require_case(source)
    if case.review_result is None:
        return ""
    result = str(getattr(case.review_result, "value", case.review_result))
    reason = _sentence(case.review_reason)
    return f"本机关对当事人提出的事实、理由和证据进行了复核，复核意见为{result}" + (
        f"，理由如下：{reason}" if reason else "。"
    )


def rights_summary(source: FormSource) -> str:
    """The decision's paragraph on the party's rights: 听证, 陈述申辩, 复核."""
    return hearing_sentence(source) + statement_sentence(source) + review_sentence(source)


def _hearing_common(source: FormSource) -> dict[str, object]:
    case = require_case(source)
    return {
        **_case_common(source),
        **legal_context(source),
        **penalty_context(case, source.provision),
        "hearing_notice_number": source.issued_numbers.get("hearing_notice", ""),
        "requested_date": cn_date(case.hearing_requested_on),
        "hearing_date": cn_date(case.hearing_on),
        "hearing_place": case.hearing_place,
        "hearing_host": case.hearing_host,
    }


_HEARING_FIELDS = (
    *COMMON_FIELDS,
    *LEGAL_FIELDS,
    *PENALTY_FIELDS,
    Field("hearing_notice_number", "听证告知书文号", computed=True),
    Field("requested_date", "听证申请日期", FieldKind.DATE, required=True),
    Field("hearing_date", "听证日期", FieldKind.DATE, required=True),
    Field("hearing_place", "听证地点", required=True),
    Field("hearing_host", "听证主持人", required=True,
          help="行政机关指定的非本案调查人员（第六十四条第四项）"),
)  # fmt: skip


def summons_context(source: FormSource) -> dict[str, object]:
    """听证通知书: when and where, at least seven days before (第六十四条第二项); dated by the
    case's 听证通知日期, never the day it is made (a summons made afterwards keeps its date)."""
    case = require_case(source)
    return {**_hearing_common(source), "summons_date": cn_date(case.hearing_summoned_on)}


HEARING_SUMMONS = FormDefinition(
    id="hearing_summons",
    name="听证通知书",
    template="hearing_summons.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *_HEARING_FIELDS,
        number_field(),
        Field(
            "summons_date",
            "通知日期",
            FieldKind.DATE,
            required=True,
            help="案件的听证通知日期，应在举行听证的七个工作日前（第六十四条第二项、第八十五条）",
        ),
    ),
    build_context=summons_context,
    number_series="hearing_summons",
    date_field="summons_date",
    # Dated by the case's 听证通知日期 (empty: the form refuses, 缺少通知日期); the seven days
    # before the hearing are the procedure rule hearing_summoned's.
    dated_by=lambda s: require_case(s).hearing_summoned_on,
)


def record_context(source: FormSource) -> dict[str, object]:
    """听证笔录: who took part; the 调查人员's case and the party's 申辩 and 质证 are written at
    the hearing (第六十四条第七、八项)."""
    case = require_case(source)
    return {
        **_hearing_common(source),
        "party_agent": case.party_representative,
        "hearing_text": "",
    }


HEARING_RECORD = FormDefinition(
    id="hearing_record",
    name="听证笔录",
    template="hearing_record.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *_HEARING_FIELDS,
        Field("party_agent", "当事人（法定代表人）或委托代理人"),
        Field(
            "hearing_text",
            "听证记录（申辩和质证）",
            FieldKind.LONG_TEXT,
            help="留空则打印空白横线供现场记录",
        ),
    ),
    build_context=record_context,
    date_field="hearing_date",
    dated_by=lambda s: require_case(s).hearing_on,
)


def report_context(source: FormSource) -> dict[str, object]:
    """听证报告: the host's account and 处理意见 for the office's decision (第六十五条)."""
    case = require_case(source)
    return {
        **_hearing_common(source),
        "hearing_outcome": case.hearing_outcome,
        "statement_summary": case.statement_summary,
    }


HEARING_REPORT = FormDefinition(
    id="hearing_report",
    name="听证报告",
    template="hearing_report.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *_HEARING_FIELDS,
        Field("statement_summary", "当事人的申辩意见", FieldKind.LONG_TEXT),
        Field("hearing_outcome", "听证结论及处理意见", FieldKind.LONG_TEXT, required=True),
    ),
    build_context=report_context,
    date_field="hearing_date",
    dated_by=lambda s: require_case(s).hearing_on,
)
