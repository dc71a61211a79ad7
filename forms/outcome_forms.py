"""The decisions that are not a penalty: 不予行政处罚决定书 (行政处罚法 第三十条、第三十一条、
第三十三条、第三十六条, 第五十七条第一款第二项) and 案件移送书 (第二十七条; to another authority
when the provision is not the 卫生健康 office's)."""

from __future__ import annotations

from forms.case_forms import COMMON_FIELDS, _case_common, require_case
from forms.common import LEGAL_FIELDS, cn_date, legal_context, number_field
from forms.engine import Field, FieldKind, FormDefinition, FormSource, Subject, optional_fields
from forms.legal_bases import ART_33_3
from forms.outcomes import competence, ground_terms, transfer_basis, transfer_materials

NO_PENALTY_DECISION_NAME = "不予行政处罚决定书"
TRANSFER_LETTER_NAME = "案件移送书"


def _no_penalty_remedy(source: FormSource) -> str:
    """复议/诉讼 as in the 行政处罚决定书, without what only a penalty needs (执行)."""
    office = source.office
    return (
        f"如不服本决定，可以在收到本决定书之日起六十日内向{office.get('review_organ', '')}"
        f"申请行政复议，或者在六个月内向{office.get('court', '')}提起行政诉讼。"
    )


def no_penalty_context(source: FormSource) -> dict[str, object]:
    """不予行政处罚决定书: the facts, the ground and its article, what is ordered, the remedy."""
    case = require_case(source)
    terms = ground_terms(case)
    legal = legal_context(source)
    rule = f"{legal['violated']}的规定" if legal["violated"] else "法律、法规的规定"
    return {
        **_case_common(source),
        **legal,
        "ground": case.no_penalty_ground.value if case.no_penalty_ground else "",
        "ground_finding": terms.finding if terms else "",
        "ground_article": terms.basis.citation if terms else "",
        "ground_order": terms.order if terms else "",
        "education_sentence": f"依据{ART_33_3.citation}的规定，本机关对当事人予以教育："
        f"当事人应当严格遵守{rule}，杜绝此类违法行为再次发生。",
        "order_correction": "责令当事人立即改正上述违法行为。" if case.order_correction else "",
        "decision_date": cn_date(case.decided_on),
        "remedy_sentence": _no_penalty_remedy(source),
        "review_organ": source.office.get("review_organ", ""),
        "court": source.office.get("court", ""),
    }


NO_PENALTY_DECISION = FormDefinition(
    id="no_penalty_decision",
    name=NO_PENALTY_DECISION_NAME,
    template="no_penalty_decision.docx",
    version="1.0",
    subject=Subject.CASE,
    fields=(
        *[f for f in COMMON_FIELDS if f.name not in ("party_address", "evidence")],
        Field("party_address", "送达地址", required=True),
        Field("evidence", "证据", FieldKind.LONG_TEXT, required=True),
        *optional_fields(LEGAL_FIELDS, "basis"),
        number_field(),
        Field("ground", "不予处罚情形", required=True, computed=True,
              help="在案件中选择（行政处罚法规定的情形）"),
        Field("ground_finding", "不予处罚的理由", FieldKind.LONG_TEXT, required=True, computed=True),
        Field("ground_article", "不予处罚的法律依据", required=True, computed=True),
        Field("ground_order", "监护人责任", computed=True),
        Field("education_sentence", "教育", computed=True),
        Field("order_correction", "责令改正", computed=True),
        Field("decision_date", "决定日期", FieldKind.DATE, required=True),
        Field("remedy_sentence", "复议诉讼途径和期限", FieldKind.LONG_TEXT, required=True,
              computed=True),
        Field("review_organ", "行政复议机关", required=True, computed=True),
        Field("court", "行政诉讼管辖法院", required=True, computed=True),
    ),
    build_context=no_penalty_context,
    number_series="no_penalty",
    date_field="decision_date",
    dated_by=lambda s: require_case(s).decided_on,
)  # fmt: skip


def transfer_context(source: FormSource) -> dict[str, object]:
    """案件移送书: to whom, why, on which article, with which materials."""
    case = require_case(source)
    materials = transfer_materials(case)
    organ = case.transfer_organ.strip()
    legal = legal_context(source)
    return {
        **_case_common(source),
        **legal,
        "competence": competence(case, source.competent_department, str(legal["basis"])),
        "letter_title": "涉嫌犯罪案件移送书" if case.judicial_transfer else TRANSFER_LETTER_NAME,
        "transfer_organ": organ,
        "transfer_date": cn_date(case.transferred_on),
        "transfer_reason": case.transfer_reason.strip().rstrip("。"),
        "transfer_basis": transfer_basis(case),
        "materials": [f"{n}.{m}" for n, m in enumerate(materials, start=1)],
        "judicial": "是" if case.judicial_transfer else "否",
    }


TRANSFER_LETTER = FormDefinition(
    id="transfer_letter",
    name=TRANSFER_LETTER_NAME,
    template="transfer_letter.docx",
    version="1.1",
    subject=Subject.CASE,
    fields=(
        *COMMON_FIELDS,
        *optional_fields(LEGAL_FIELDS, "violated", "basis"),
        number_field(),
        Field("letter_title", "文书标题", computed=True),
        Field("transfer_organ", "移送机关", required=True, help="在案件中填写（如 青溪区公安分局）"),
        Field("transfer_date", "移送日期", FieldKind.DATE, required=True),
        Field("transfer_reason", "移送理由", FieldKind.LONG_TEXT, required=True),
        Field("transfer_basis", "移送依据", computed=True),
        Field("competence", "管辖", computed=True,
              help="另一机关实施的条款（法律条款库的移送条款）：依照处罚依据由该机关实施行政处罚"),
        Field("materials", "移送材料", FieldKind.TABLE, computed=True),
        Field("judicial", "移送司法机关", FieldKind.CHOICE, choices=("是", "否"), computed=True),
    ),
    build_context=transfer_context,
    number_series="transfer",
    date_field="transfer_date",
    dated_by=lambda s: require_case(s).transferred_on,
)  # fmt: skip
