"""Forms of the decision stage: 事先告知书, 听证告知书, 决定书, 送达回执, 结案报告.

Remedy wording follows ../shared/reference/legal-and-documents.md §1.3: 15 days to pay
(处罚法 67) with 3 % a day capped at the fine (72); 复议 within 60 days to the 本级人民政府
(复议法 2023 第二十条、第二十四条); 诉讼 within 6 months (行政诉讼法 46); no suspension (73).
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
from forms.hearing_forms import rights_summary
from forms.outcomes import decision_number, ground_terms, is_transfer, transfer_only

DECISION_NAME = "行政处罚决定书"
NO_PENALTY_NAME = "不予行政处罚决定书"


def _payment_sentence(source: FormSource) -> str:
    case = require_case(source)
    if not (case.fine_fen or case.confiscation_fen) or case.no_penalty:
        return ""
    office = source.office
    place = office.get("bank_name", "")
    account = office.get("bank_account", "")
    payee = office.get("payee", "")
    where = place + (f"（账号：{account}，收款单位：{payee}）" if account else "")
    return (
        f"罚没款自收到本决定书之日起十五日内缴至{where}。"
        "逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。"
    )


def _remedy_sentence(source: FormSource) -> str:
    office = source.office
    return (
        f"如不服本决定，可以在收到本决定书之日起六十日内向{office.get('review_organ', '')}"
        f"申请行政复议，或者在六个月内向{office.get('court', '')}提起行政诉讼。"
        "行政复议或者行政诉讼期间，本决定不停止执行。"
        "逾期不申请行政复议、不提起行政诉讼又不履行本决定的，本机关将依法申请人民法院强制执行。"
    )


def _served_due(source: FormSource, name: str) -> str:
    """A window's last day, printed only once the 告知书's service is recorded (the window runs
    from it; before, the notice says "自收到本告知书之日起" alone)."""
    served = require_case(source).notice_served_on is not None
    return cn_date(source.deadlines.get(name)) if served else ""


def notice_context(source: FormSource) -> dict[str, object]:
    """行政处罚事先告知书: the intended penalty and the 陈述申辩 window."""
    case = require_case(source)
    return {
        **_case_common(source),
        **legal_context(source),
        **penalty_context(case, source.provision),
        "notice_date": cn_date(case.notified_on),
        "statement_due": _served_due(source, "statement_due"),
    }


PENALTY_NOTICE = FormDefinition(
    id="penalty_notice",
    name="行政处罚事先告知书",
    template="penalty_notice.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        *PENALTY_FIELDS,
        number_field(),
        Field("notice_date", "告知日期", FieldKind.DATE, required=True),
        Field(
            "statement_due",
            "陈述申辩期限最后一日（送达后三个工作日）",
            FieldKind.DATE,
            computed=True,
            help="记录告知书送达日期后才打印",
        ),
    ),
    build_context=notice_context,
    number_series="notice",
    date_field="notice_date",
    dated_by=lambda s: require_case(s).notified_on,
)


def hearing_context(source: FormSource) -> dict[str, object]:
    """行政处罚听证告知书: the right to a hearing within five working days."""
    case = require_case(source)
    return {
        **_case_common(source),
        **legal_context(source),
        **penalty_context(case, source.provision),
        "hearing_notice_date": cn_date(case.hearing_notified_on or case.notified_on),
        "hearing_due": _served_due(source, "hearing_due"),
    }


HEARING_NOTICE = FormDefinition(
    id="hearing_notice",
    name="行政处罚听证告知书",
    template="hearing_notice.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *LEGAL_FIELDS,
        *PENALTY_FIELDS,
        number_field(),
        Field("hearing_notice_date", "告知日期", FieldKind.DATE, required=True),
        Field(
            "hearing_due",
            "听证申请期限最后一日（送达后五个工作日）",
            FieldKind.DATE,
            computed=True,
            help="记录告知书送达日期后才打印",
        ),
    ),
    build_context=hearing_context,
    number_series="hearing",
    date_field="hearing_notice_date",
    dated_by=lambda s: require_case(s).hearing_notified_on or require_case(s).notified_on,
)


def decision_context(source: FormSource) -> dict[str, object]:
    """行政处罚决定书 (处罚法 第五十九条 content)."""
    case = require_case(source)
    context = {
        **_case_common(source),
        **legal_context(source),
        **penalty_context(case, source.provision),
        "decision_date": cn_date(case.decided_on),
        "notice_date": cn_date(case.notice_served_on or case.notified_on),
        "notice_number": source.issued_numbers.get("penalty_notice", ""),
        "hearing_notice_number": source.issued_numbers.get("hearing_notice", ""),
        "statement_summary": rights_summary(source),
        "payment_sentence": _payment_sentence(source),
        "remedy_sentence": _remedy_sentence(source),
        "review_organ": source.office.get("review_organ", ""),
        "court": source.office.get("court", ""),
    }
    return context


PENALTY_DECISION = FormDefinition(
    id="penalty_decision",
    name=DECISION_NAME,
    template="penalty_decision.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *[f for f in COMMON_FIELDS if f.name != "party_address"],
        Field("party_address", "送达地址", required=True),
        *LEGAL_FIELDS,
        *PENALTY_FIELDS,
        number_field(),
        Field("decision_date", "决定日期", FieldKind.DATE, required=True),
        Field("notice_date", "事先告知书送达日期", FieldKind.DATE),
        Field("notice_number", "事先告知书文号", computed=True),
        Field("hearing_notice_number", "听证告知书文号", computed=True),
        Field("statement_summary", "陈述申辩及采纳情况", FieldKind.LONG_TEXT),
        Field("payment_sentence", "履行方式和期限", FieldKind.LONG_TEXT, computed=True),
        Field(
            "remedy_sentence",
            "复议诉讼途径和期限",
            FieldKind.LONG_TEXT,
            required=True,
            computed=True,
        ),
        Field("review_organ", "行政复议机关", required=True, computed=True),
        Field("court", "行政诉讼管辖法院", required=True, computed=True),
    ),
    build_context=decision_context,
    number_series="penalty",
    date_field="decision_date",
    dated_by=lambda s: require_case(s).decided_on,
)


def receipt_context(source: FormSource) -> dict[str, object]:
    """送达回执 of the decision."""
    case = require_case(source)
    number = decision_number(source.issued_numbers)
    name = DECISION_NAME if source.issued_numbers.get("penalty_decision") else NO_PENALTY_NAME
    return {
        **_case_common(source),
        "served_document": f"{name}（{number}）" if number else "",
        "decision_number": number,
        "served_date": cn_date(case.served_on),
        "service_place": case.party_address,
        "service_method": "直接送达",
        "receiver": "",
    }


SERVICE_RECEIPT = FormDefinition(
    id="service_receipt",
    name="送达回执",
    template="service_receipt.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        Field("served_document", "送达文书名称及文号", required=True),
        Field("decision_number", "决定书文号", computed=True),
        Field("served_date", "送达日期", FieldKind.DATE),
        Field("service_place", "送达地点", required=True),
        Field(
            "service_method",
            "送达方式",
            FieldKind.CHOICE,
            choices=("直接送达", "留置送达", "委托送达", "邮寄送达", "电子送达", "公告送达"),
        ),
        Field("receiver", "收件人", help="留空由收件人现场签名"),
    ),
    build_context=receipt_context,
    date_field="served_date",
    dated_by=lambda s: require_case(s).served_on,
)


#: 结案报告 处理结果 / 执行情况 of a case closed by transferring it (no 处罚 of our own).
TRANSFER_RESULT = "移送司法机关（涉嫌犯罪，依法移送司法机关处理）"
TRANSFER_DONE = "案件已移送司法机关。"
#: 结案理由 of each way a case ends.
CLOSING_REASONS = ("执行完毕", "不予行政处罚", "移送司法机关", "移送有管辖权的行政机关", "终止调查")


def _transfer_words(source: FormSource) -> tuple[str, str, str]:
    """(处理结果, 执行情况, 结案理由) of a transfer: to the 公安机关, or to another authority."""
    case = require_case(source)
    letter = source.issued_numbers.get("transfer_letter", "")
    organ = case.transfer_organ.strip()
    when = cn_date(case.transferred_on)
    how = (f"于{when}" if when else "") + (f"以{letter}" if letter else "")
    if case.judicial_transfer:
        done = f"案件已{how}移送{organ}。" if organ else TRANSFER_DONE
        return TRANSFER_RESULT, done, "移送司法机关"
    return f"移送{organ}处理", f"案件已{how}移送{organ}。", "移送有管辖权的行政机关"


def closing_context(source: FormSource) -> dict[str, object]:
    """结案报告: what was decided (or that the case was transferred) and how it was carried out."""
    case = require_case(source)
    paid = (
        f"当事人已于{cn_date(case.paid_on)}缴纳罚没款。"
        if case.paid_on and (case.fine_fen or case.confiscation_fen)
        else ""
    )
    penalty = penalty_context(case, source.provision)
    execution = paid + ("当事人已改正违法行为。" if case.order_correction else "")
    if transfer_only(case):
        # 移送-only: the 处理结果 is the transfer itself, not a 处罚 (nor 不予行政处罚).
        penalty["penalty_text"], done, reason = _transfer_words(source)
        execution += done
    elif case.no_penalty:
        terms = ground_terms(case)
        penalty["penalty_text"] = "不予行政处罚" + (f"（{terms.basis.citation}）" if terms else "")
        reason = "不予行政处罚"
        execution = execution or "决定不予行政处罚，无需执行。"
    else:
        reason = "执行完毕"
        if is_transfer(case):
            execution += _transfer_words(source)[1]
    return {
        **_case_common(source),
        **penalty,
        "decision_number": decision_number(source.issued_numbers),
        "decision_date": cn_date(case.decided_on),
        "execution": execution,
        "closing_reason": reason,
        "closed_date": cn_date(case.closed_on),
    }


CLOSING_REPORT = FormDefinition(
    id="closing_report",
    name="结案报告",
    template="closing_report.docx",
    version="1.2",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *PENALTY_FIELDS,
        Field("decision_number", "决定书文号", computed=True),
        Field("decision_date", "决定日期", FieldKind.DATE),
        Field("execution", "执行情况", FieldKind.LONG_TEXT, required=True),
        Field(
            "closing_reason",
            "结案理由",
            FieldKind.CHOICE,
            required=True,
            choices=CLOSING_REASONS,
        ),
        Field("closed_date", "结案日期", FieldKind.DATE, required=True),
    ),
    build_context=closing_context,
    date_field="closed_date",
    dated_by=lambda s: require_case(s).closed_on,
)
