"""Context pieces shared by many forms: office, party, officers, dates, legal wording, penalties."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from database.models import Case, Institution, LegalProvision, Officer, PartyType
from forms.case_penalty import kind_lines, suspension_kind
from forms.engine import Field, FieldKind, FormSource
from forms.money import fen_to_capitals, fen_to_figures
from forms.review_terms import discretion_text

#: Lowest number of officers on any enforcement record (行政处罚法 第四十二条).
MIN_OFFICERS = 2


def cn_date(day: date | None) -> str:
    """2026年3月5日 (GB/T 9704: full year, no padding); empty for no date."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_time(moment: datetime | None) -> str:
    """9时05分; empty for no time."""
    return "" if moment is None else f"{moment.hour}时{moment.minute:02d}分"


def office_context(source: FormSource) -> dict[str, object]:
    """The office settings the templates print."""
    office = source.office
    return {
        "authority_name": office.get("authority_name", ""),
        "supervision_institute": office.get("supervision_institute", ""),
        "office_address": office.get("address", ""),
        "office_phone": office.get("phone", ""),
        "office_contact": office.get("contact", ""),
        "office_postcode": office.get("postcode", ""),
        "number": source.number,
    }


OFFICE_FIELDS = (
    Field("authority_name", "机关名称", required=True, computed=True, help="来自单位设置"),
    Field("supervision_institute", "卫生监督机构名称", computed=True),
    Field("office_address", "机关地址", computed=True),
    Field("office_phone", "联系电话", computed=True),
    Field("office_contact", "联系人", computed=True),
    Field("office_postcode", "邮政编码", computed=True),
)


def number_field(label: str = "文号") -> Field:
    """The 文号 field, allocated by the register at generation."""
    return Field("number", label, computed=True, help="生成时由文号登记簿分配")


def party_context(case: Case) -> dict[str, object]:
    """当事人 block of a case."""
    person = case.party_type is PartyType.PERSON
    return {
        "party_name": case.party_name,
        "party_type": case.party_type.value,
        "party_address": case.party_address,
        "party_id_label": "身份证号" if person else "统一社会信用代码",
        "party_id_value": case.party_id_number if person else case.party_credit_code,
        "party_representative": "" if person else case.party_representative,
        "party_phone": case.party_phone,
        "party_you": "你" if person else "你单位",
        "party_is_person": person,
    }


def party_fields(address_label: str = "地址", *, id_required: bool = False) -> tuple[Field, ...]:
    """Fields of the 当事人 block."""
    return (
        Field("party_name", "当事人", required=True),
        Field(
            "party_type", "当事人类型", FieldKind.CHOICE, choices=("机构", "个人"), computed=True
        ),
        Field("party_address", address_label, required=True),
        Field("party_id_label", "证件类别", computed=True),
        Field("party_id_value", "统一社会信用代码或身份证号", required=id_required),
        Field("party_representative", "法定代表人（负责人）"),
        Field("party_phone", "联系电话"),
        Field("party_you", "称谓（你/你单位）", computed=True),
        Field("party_is_person", "当事人为个人", FieldKind.BOOL, computed=True),
    )


def institution_party_context(inst: Institution) -> dict[str, object]:
    """被检查人 / 被监督人 block from an institution."""
    return {
        "party_name": inst.name,
        "party_address": inst.address,
        "party_id_value": inst.credit_code or "",
        "party_license_no": inst.license_no or "",
        "party_representative": inst.legal_representative or inst.principal,
        "party_phone": inst.phone,
    }


INSTITUTION_PARTY_FIELDS = (
    Field("party_name", "被检查（监督）单位", required=True),
    Field("party_address", "地址", required=True),
    Field("party_id_value", "统一社会信用代码"),
    Field("party_license_no", "执业许可证登记号"),
    Field("party_representative", "法定代表人（负责人）"),
    Field("party_phone", "联系电话"),
)


def officers_context(officers: Sequence[Officer]) -> dict[str, object]:
    """执法人员: a list, two fixed slots and one sentence (empty when fewer than two)."""
    rows = [{"name": o.name, "badge_no": o.badge_no} for o in officers]
    enough = len(rows) >= MIN_OFFICERS
    padded = [*rows, {"name": "", "badge_no": ""}, {"name": "", "badge_no": ""}]
    return {
        "officers": rows,
        "officers_text": "、".join(f"{r['name']}（执法证号：{r['badge_no']}）" for r in rows)
        if enough
        else "",
        "officer_names": "、".join(r["name"] for r in rows) if enough else "",
        "officer1_name": padded[0]["name"],
        "officer1_badge": padded[0]["badge_no"],
        "officer2_name": padded[1]["name"],
        "officer2_badge": padded[1]["badge_no"],
    }


OFFICER_FIELDS = (
    Field("officers_text", "执法人员（至少两名）", required=True, computed=True),
    Field("officer_names", "执法人员姓名", computed=True),
    Field("officer1_name", "执法人员一", computed=True),
    Field("officer1_badge", "执法证号一", computed=True),
    Field("officer2_name", "执法人员二", computed=True),
    Field("officer2_badge", "执法证号二", computed=True),
    Field("officers", "执法人员名单", FieldKind.TABLE, computed=True,
          columns=(("name", "姓名"), ("badge_no", "执法证号"))),
)  # fmt: skip


#: A bracketed catalogue remark meant for the clerk, not the party (条款序号未核对原文,
#: 药品监管部门职责，移送时参考, 二者择一, the kind a phrase is catalogued as …): it stays in the
#: catalogue but is not printed.
_CATALOGUE_REMARK = re.compile(
    r"（[^（）]*(?:核对|核实|参考|另行|未核|择一|没收非法财物|不属行政处罚|归为|min/max)[^（）]*）"
)


def printed_range(range_text: str) -> str:
    """The statutory penalty range as a document prints it: without catalogue remarks."""
    return _CATALOGUE_REMARK.sub("", range_text).strip().rstrip("。；;，,")


def legal_context(source: FormSource) -> dict[str, object]:
    """违反条款 / 处罚依据: the catalogue's citation when the case names its provision (the
    clerk's wording is the facts, not the law), else the case's own wording, else the
    provision's; the statutory range of the tier the case's 处罚情形 selects."""
    case, provision = source.case, source.provision
    coded = bool(case and case.provision_code and provision)
    violated, basis = (case.violated_provisions, case.penalty_basis) if case else ("", "")
    if provision is not None and (coded or not violated):
        violated = provision.violated_article
    if provision is not None and (coded or not basis):
        basis = provision.basis_article
    tier = provision.tier_for(case.penalty_tier_condition if case else "") if provision else None
    stated = tier.range_text if tier is not None else (provision.range_text if provision else "")
    return {
        "violated": violated,
        "violated_text": provision.violated_text if provision else "",
        "basis": basis,
        "basis_text": provision.basis_text if provision else "",
        "range_text": printed_range(stated),
        "discretion": discretion_text(case) if case else "",
    }


LEGAL_FIELDS = (
    Field("violated", "违反条款", FieldKind.LONG_TEXT, required=True),
    Field("violated_text", "违反条款内容", FieldKind.LONG_TEXT, computed=True),
    Field("basis", "处罚依据", FieldKind.LONG_TEXT, required=True),
    Field("basis_text", "处罚依据内容", FieldKind.LONG_TEXT, computed=True),
    Field("range_text", "法定处罚幅度", computed=True),
    Field("discretion", "裁量理由", FieldKind.LONG_TEXT),
)


def suspension_as(provision: LegalProvision | None, case: Case) -> str:
    """The kind the case's 停业 field imposes under the tier its 处罚情形 selects: 责令停止执业活动
    where that tier names it (基本医疗卫生与健康促进法 第九十九条), else 责令停产停业 (责令停业整顿)."""
    tier = provision.tier_for(case.penalty_tier_condition) if provision else None
    return suspension_kind(tier.measures.split("、") if tier is not None else ())


def penalty_lines(case: Case, provision: LegalProvision | None = None) -> list[str]:
    """The measures of a decision, one per line, in the law's words, each kind once; none for
    不予处罚 (that is a decision of its own, 不予行政处罚决定书, not a penalty)."""
    return kind_lines(case, suspension_as(provision, case))


def penalty_context(case: Case, provision: LegalProvision | None = None) -> dict[str, object]:
    """处罚内容 in words and the amounts in figures and capitals."""
    lines = penalty_lines(case, provision)
    numbered = "；".join(f"{i}.{line}" for i, line in enumerate(lines, start=1))
    total = case.fine_fen + case.confiscation_fen
    return {
        "penalty_lines": lines,
        "penalty_text": numbered,
        "fine_figures": fen_to_figures(case.fine_fen) if case.fine_fen else "",
        "fine_capitals": fen_to_capitals(case.fine_fen) if case.fine_fen else "",
        "confiscation_figures": fen_to_figures(case.confiscation_fen)
        if case.confiscation_fen
        else "",
        "confiscation_capitals": fen_to_capitals(case.confiscation_fen)
        if case.confiscation_fen
        else "",
        "total_figures": fen_to_figures(total) if total else "",
        "total_capitals": fen_to_capitals(total) if total else "",
        "order_correction": "责令当事人立即改正上述违法行为。" if case.order_correction else "",
        "judicial_transfer": "涉嫌犯罪，依法移送司法机关。" if case.judicial_transfer else "",
    }


PENALTY_FIELDS = (
    Field("penalty_text", "处罚内容", FieldKind.LONG_TEXT, required=True, computed=True),
    Field("penalty_lines", "处罚内容（逐项）", FieldKind.TABLE, computed=True),
    Field("fine_figures", "罚款金额（小写）", FieldKind.MONEY, computed=True),
    Field("fine_capitals", "罚款金额（大写）", FieldKind.MONEY, computed=True),
    Field("confiscation_figures", "没收违法所得（小写）", FieldKind.MONEY, computed=True),
    Field("confiscation_capitals", "没收违法所得（大写）", FieldKind.MONEY, computed=True),
    Field("total_figures", "罚没合计（小写）", FieldKind.MONEY, computed=True),
    Field("total_capitals", "罚没合计（大写）", FieldKind.MONEY, computed=True),
    Field("order_correction", "责令改正", computed=True),
    Field("judicial_transfer", "移送司法机关", computed=True),
)


def case_basics(case: Case) -> dict[str, object]:
    """案号, 案由, 来源, facts and evidence."""
    return {
        "case_no": case.case_no,
        "cause": case.cause,
        "source": case.source.value,
        "facts": case.facts,
        "evidence": case.evidence,
        "filed_date": cn_date(case.filed_on),
        "accepted_date": cn_date(case.accepted_on),
    }


CASE_BASIC_FIELDS = (
    Field("case_no", "案件编号", required=True, computed=True),
    Field("cause", "案由", required=True),
    Field("source", "案件来源", FieldKind.CHOICE, computed=True,
          choices=("上级交办", "社会举报", "日常监督检查", "随机抽查", "专项检查", "其他部门移送")),
    Field("facts", "违法事实", FieldKind.LONG_TEXT, required=True),
    Field("evidence", "证据", FieldKind.LONG_TEXT),
    Field("filed_date", "立案日期", FieldKind.DATE, required=True, computed=True),
    Field("accepted_date", "受理日期", FieldKind.DATE, computed=True),
)  # fmt: skip
