"""Editors of the records (机构, 案件) as data: fields, Chinese labels, kinds, choices, sections.

The desktop draws its record editors from these lists, the way it draws document editors from
the document forms: adding a field is a line here, not a widget. Values travel as plain Python
(str, bool, int 分, date, enum member); `to_value` turns an editor's text into the record value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from database.models.enums import (
    CampaignCategory,
    CaseSource,
    CaseStatus,
    CauseCategory,
    CheckResult,
    ComplaintResult,
    InstitutionKind,
    InstitutionStatus,
    NoPenaltyGround,
    PartyType,
    PlanKind,
    ReviewResult,
    StaffRole,
)
from forms.case_penalty import (
    OtherKind,
    confiscation_text,
    other_kind_names,
    parse_confiscation,
)
from forms.penalty_kinds import SEPARATOR
from forms.review_terms import Circumstance, LegalReviewResult, Level
from forms.validators import (
    FieldError,
    parse_date,
    parse_yuan,
    split_list,
    validate_credit_code,
)

__all__ = [
    "CASE_FIELDS",
    "COMPLAINT_FIELDS",
    "CREDIT_FIELDS",
    "INSPECTION_FIELDS",
    "INSTITUTION_FIELDS",
    "OFFICER_CONFLICT_FIELDS",
    "OFFICER_FIELDS",
    "PLAN_FIELDS",
    "RIGHTS_FIELDS",
    "SCORE_FIELDS",
    "STAFF_FIELDS",
    "CampaignCategory",
    "CaseSource",
    "CaseStatus",
    "CauseCategory",
    "CheckResult",
    "ComplaintResult",
    "InstitutionKind",
    "InstitutionStatus",
    "NoPenaltyGround",
    "OtherKind",
    "PartyType",
    "PlanKind",
    "RecordField",
    "StaffRole",
    "YesNo",
]


@dataclass(frozen=True, slots=True)
class RecordField:
    """One editable attribute of a record: attribute name, label, kind ('text', 'long_text',
    'date', 'money', 'choice', 'bool', 'list', 'record', 'records', 'checks', 'items', 'int'),
    rules and the section it is shown in.

    A 'record' field holds the id of another record picked from a list; `source` names the list
    ("institutions", "plans") that the editor is given; 'records' holds several such ids.
    'checks' is several of the enum's values, kept 、-separated in enum order; 'items' is the
    没收非法财物 list, one "名称 数量单位" per line.
    """

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    section: str = "基本信息"
    enum: type[StrEnum] | None = None
    optional_choice: bool = False
    check: str = ""  #: "credit_code" runs the GB 32100 check while typing; "time" reads 时:分
    help: str = ""
    source: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        """The Chinese choices of a choice field ('' first when it may stay empty)."""
        values = tuple(m.value for m in self.enum) if self.enum else ()
        return ("", *values) if self.optional_choice else values

    def to_value(self, raw: object) -> object:
        """The record value for an editor's raw value; raises FieldError naming the field."""
        convert = _CONVERTERS.get(self.kind)
        if convert is not None:
            return convert(self, raw)
        text = str(raw or "").strip()
        if self.required and not text:
            raise FieldError(self.label, "不能为空。")
        if self.kind == "choice" and self.enum is not None:
            return _choice(self.enum, text, self.label)
        if self.check == "credit_code" and text:
            return validate_credit_code(text, self.label)
        if self.check == "time":
            return _parse_time(text, self.label)
        return text

    def to_raw(self, value: object) -> object:
        """The editor's raw value for a record value (the inverse of to_value)."""
        if self.kind == "checks":
            return other_kind_names(str(value or "")) if self.enum is OtherKind else _parts(value)
        if self.kind == "records":
            return tuple(value) if isinstance(value, tuple | list) else ()
        if self.kind == "items":
            return confiscation_text(value) if isinstance(value, tuple | list) else ""
        if self.kind == "list":
            items = value if isinstance(value, tuple | list) else ()
            return "、".join(v.value if isinstance(v, StrEnum) else str(v) for v in items)
        if self.kind in ("date", "bool", "money", "record"):
            return value
        if isinstance(value, StrEnum):
            return value.value
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return "" if value is None else str(value)


def _date_value(field: RecordField, raw: object) -> date | None:
    day = raw if isinstance(raw, date) or raw is None else parse_date(raw, field.label)
    if field.required and day is None:
        raise FieldError(field.label, "不能为空。")
    return day


def _list_value(field: RecordField, raw: object) -> tuple[object, ...]:
    items = split_list(str(raw or ""))
    if field.enum is None:
        return items
    return tuple(_choice(field.enum, item, field.label) for item in items)


def _parts(raw: object) -> tuple[str, ...]:
    """The items of a multi-value raw value: picked in the editor, or typed 甲、乙."""
    if isinstance(raw, tuple | list):
        return tuple(str(v).strip() for v in raw if str(v).strip())
    return split_list(str(raw or ""))


def _checks_value(field: RecordField, raw: object) -> str:
    """The chosen values 、-separated in the enum's order; an unknown one is an error."""
    picked = set(_parts(raw))
    allowed = [m.value for m in field.enum] if field.enum else sorted(picked)
    unknown = sorted(picked - set(allowed))
    if unknown:
        raise FieldError(
            field.label, f"“{'、'.join(unknown)}”不是可选值（可选：{'、'.join(allowed)}）。"
        )
    return SEPARATOR.join(v for v in allowed if v in picked)


def _records_value(field: RecordField, raw: object) -> tuple[int, ...]:
    """Picked record ids; typed text is matched to ids by the caller (the command line)."""
    ids: list[int] = []
    for part in raw if isinstance(raw, tuple | list) else _parts(raw):
        if isinstance(part, int) and not isinstance(part, bool):
            ids.append(part)
        elif str(part).strip().isdigit():
            ids.append(int(str(part).strip()))
        else:
            raise FieldError(field.label, f"“{part}”不在列表中，请从列表中选择。")
    if field.required and not ids:
        raise FieldError(field.label, "请选择。")
    return tuple(dict.fromkeys(ids))


#: Kinds whose value is not plain text, with their conversion.
_CONVERTERS: dict[str, Callable[[RecordField, object], object]] = {
    "checks": _checks_value,
    "records": _records_value,
    "items": lambda field, raw: parse_confiscation(str(raw or ""), field.label),
    "bool": lambda field, raw: bool(raw),
    "date": _date_value,
    "money": lambda field, raw: parse_yuan(raw, field.label),
    "record": lambda field, raw: _record_id(raw, field.label, field.required),
    "int": lambda field, raw: _whole_number(str(raw or "").strip(), field.label, field.required),
    "list": _list_value,
}


def _choice(enum: type[StrEnum], text: str, label: str) -> StrEnum | None:
    """The enumeration member for its Chinese text ('' is None)."""
    if not text:
        return None
    try:
        return enum(text)
    except ValueError:
        raise FieldError(label, f"“{text}”不是可选值。") from None


def _whole_number(text: str, label: str, required: bool) -> int | None:
    """A whole number as typed ('' is None unless required)."""
    if not text:
        if required:
            raise FieldError(label, "不能为空。")
        return None
    if not text.isdigit():
        raise FieldError(label, f"“{text}”不是整数。")
    return int(text)


def _record_id(raw: object, label: str, required: bool) -> int | None:
    """A picked record's id; typed text that matches no listed record is an error, not a guess."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = str(raw or "").strip()
    if text:
        raise FieldError(label, f"“{text}”不在列表中，请从下拉列表中选择。")
    if required:
        raise FieldError(label, "请选择。")
    return None


def _parse_time(text: str, label: str) -> time | None:
    """09:30 / 9:30 / 9时30分 as a time of day ('' is None)."""
    if not text:
        return None
    parts = text.replace("时", ":").replace("：", ":").rstrip("分").split(":")
    try:
        hour, minute = int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1] else 0
        return time(hour, minute)
    except (ValueError, IndexError):
        raise FieldError(label, f"“{text}”不是时间，请写成 9:30 的样子。") from None


_F = RecordField


class YesNo(StrEnum):
    """A yes/no that may stay unanswered (an optional choice)."""

    YES = "是"
    NO = "否"


#: The institution editor (机构), attribute names of InstitutionInput.
INSTITUTION_FIELDS: tuple[RecordField, ...] = (
    _F("name", "机构名称", required=True),
    _F("kind", "机构类别", "choice", required=True, enum=InstitutionKind),
    _F("credit_code", "统一社会信用代码", check="credit_code", help="18位，按 GB 32100 校验"),
    _F("license_no", "执业许可证登记号"),
    _F("town", "所在镇街"),
    _F("address", "地址"),
    _F("status", "状态", "choice", required=True, enum=InstitutionStatus),
    _F("legal_representative", "法定代表人", section="负责人"),
    _F("principal", "主要负责人", section="负责人"),
    _F("phone", "联系电话", section="负责人"),
    _F("subjects", "诊疗科目", "list", section="执业", help="以“、”“，”或“；”分隔"),
    _F("cosmetic_filed", "医疗美容科备案", "bool", section="执业"),
    _F("licence_valid_until", "许可证有效期至", "date", section="执业"),
    _F("last_verified_on", "最近校验日期", "date", section="执业"),
    _F("credit_grade", "依法执业信用评价", section="执业"),
)

#: The party's rights after the 告知 (行政处罚法 第四十四、四十五、六十三、六十四条): the windows
#: run from the 告知书送达日期; the 决定书 quotes the statement, the 复核意见 and the 听证.
RIGHTS_FIELDS: tuple[RecordField, ...] = (
    _F("notice_served_on", "告知书送达日期", "date", section="陈述申辩与听证",
       help="当事人收到事先告知书（及听证告知书）的日期，见送达回执；陈述申辩和听证期限自此起算"),
    _F("notified_kinds", "告知的处罚种类", section="陈述申辩与听证",
       help="事先告知书拟作出的处罚种类，以“、”分隔（生成告知书时自动记录）；"
            "陈述申辩后不得加重处罚（第四十五条）"),
    _F("notified_fine_fen", "告知的罚款金额(元)", "money", section="陈述申辩与听证",
       help="事先告知书拟处的罚款（生成告知书时自动记录）"),
    _F("statement_summary", "陈述申辩内容", "long_text", section="陈述申辩与听证",
       help="当事人陈述、申辩的要点（日期填在“陈述申辩日期”），决定书照录"),
    _F("review_result", "复核意见", "choice", enum=ReviewResult, optional_choice=True,
       section="陈述申辩与听证", help="对陈述申辩（听证）意见的复核：采纳、部分采纳或不采纳"),
    _F("review_reason", "复核理由", "long_text", section="陈述申辩与听证",
       help="采纳或不采纳的理由，决定书照录（第四十五条）"),
    _F("hearing_requested_on", "听证申请日期", "date", section="陈述申辩与听证",
       help="当事人要求听证的日期，应在告知书送达后五个工作日内（第六十四条）"),
    _F("hearing_summoned_on", "听证通知日期", "date", section="陈述申辩与听证",
       help="听证通知书的日期：应在举行听证的七个工作日前通知听证的时间、地点"
            "（第六十四条第二项、第八十五条），听证通知书以此为日期"),
    _F("hearing_on", "听证日期", "date", section="陈述申辩与听证"),
    _F("hearing_place", "听证地点", section="陈述申辩与听证"),
    _F("hearing_host", "听证主持人", section="陈述申辩与听证",
       help="由行政机关指定的非本案调查人员担任（第六十四条第四项）"),
    _F("hearing_outcome", "听证结论", "long_text", section="陈述申辩与听证",
       help="听证报告的处理意见及采纳情况，决定书写明"),
)  # fmt: skip

#: The case editor (案件), attribute names of CaseInput.
CASE_FIELDS: tuple[RecordField, ...] = (
    _F("case_no", "案号", required=True),
    _F("source", "案件来源", "choice", required=True, enum=CaseSource),
    _F("cause_category", "案由分类", "choice", required=True, enum=CauseCategory),
    _F("campaign_category", "专项整治类别", "choice", enum=CampaignCategory, optional_choice=True),
    _F("cause", "案由", required=True),
    _F("officer_ids", "执法人员", "records", source="officers",
       help="至少两名在职且有执法证号的执法人员（行政处罚法第四十二条）；已申报回避的不能选"),
    _F("handler", "承办人"),
    _F("party_name", "当事人", required=True, section="当事人"),
    _F("party_type", "当事人类型", "choice", required=True, enum=PartyType, section="当事人"),
    _F("party_credit_code", "统一社会信用代码", check="credit_code", section="当事人"),
    _F("party_id_number", "身份证号", section="当事人"),
    _F("party_address", "地址", section="当事人"),
    _F("party_representative", "法定代表人", section="当事人"),
    _F("party_phone", "联系电话", section="当事人"),
    _F("town", "所在镇街", section="当事人"),
    _F("facts", "违法事实", "long_text", section="事实与依据"),
    _F("evidence", "证据", "long_text", section="事实与依据"),
    _F("violated_provisions", "违反条款", "long_text", section="事实与依据"),
    _F("penalty_basis", "处罚依据", "long_text", section="事实与依据"),
    _F("provision_code", "条款编码", section="事实与依据"),
    _F("warning", "警告", "bool", section="处罚"),
    _F("fine_fen", "罚款金额(元)", "money", section="处罚"),
    _F("confiscation_fen", "没收违法所得(元)", "money", section="处罚"),
    _F("order_correction", "责令改正", "bool", section="处罚"),
    _F("suspension", "责令停业整顿", "bool", section="处罚",
       help="条款规定责令停止执业活动的（如无证行医），勾选此项（或在其他处罚种类中勾选），"
            "文书按条款写明"),
    _F("revocation", "吊销许可", "bool", section="处罚"),
    _F("other_kinds", "其他处罚种类", "checks", section="处罚", enum=OtherKind,
       help="行政处罚法第九条及卫生健康法律规定的其他处罚种类"),
    _F("confiscated_items", "没收非法财物", "items", section="处罚",
       help="每行一项：名称 数量单位，可加（价值N元），如 射频美容仪 1台（价值3000元）"),
    _F("licence_hold_term", "暂扣许可证件期限", section="处罚", help="如 三个月"),
    _F("practice_suspension_term", "暂停执业活动期限", section="处罚", help="如 六个月"),
    _F("reduced_subjects", "核减的诊疗科目", section="处罚", help="如 医疗美容科"),
    _F("occupation_ban", "限制从业的期限和范围", section="处罚"),
    # Choices are the chosen provision's tier conditions (the case editor fills them).
    _F("penalty_tier_condition", "处罚情形", "choice", section="处罚",
       help="空=一般情形（第一档）；逾期不改正、情节严重等按条款库的处罚档次选择"),
    _F("correction_ordered_on", "责令改正日期", "date", section="处罚",
       help="处罚情形为逾期不改正、拒不改正时必填，应早于处罚决定日期"),
    _F("is_typical", "典型案例", "bool", section="处罚", help="列入典型案例报送"),
    _F("no_penalty", "不予处罚", "bool", section="不予处罚与移送"),
    _F("no_penalty_ground", "不予处罚情形", "choice", enum=NoPenaltyGround, optional_choice=True,
       section="不予处罚与移送", help="行政处罚法第三十条、第三十一条、第三十三条、第三十六条"),
    _F("judicial_transfer", "移送司法机关", "bool", section="不予处罚与移送",
       help="涉嫌犯罪，移送公安机关（行政处罚法第二十七条）"),
    _F("transfer_organ", "移送机关", section="不予处罚与移送",
       help="公安机关，或条款所属的其他行政机关（如 市场监督管理局）"),
    _F("transferred_on", "移送日期", "date", section="不予处罚与移送"),
    _F("transfer_reason", "移送理由", "long_text", section="不予处罚与移送"),
    _F(
        "range_override_reason",
        "超出幅度的理由",
        "long_text",
        section="处罚",
        help="处罚超出所选条款的法定幅度时必填；打印在案件调查终结报告中，供法制审核",
    ),
    _F("discretion", "裁量理由", "long_text", section="裁量",
       help="有罚款的必填（如 鉴于当事人初次违法、积极配合调查，）；打印在调查终结报告、合议记录、"
            "集体讨论记录和决定书中"),
    _F("discretion_level", "裁量阶次", "choice", enum=Level, optional_choice=True, section="裁量",
       help="按裁量基准（casedesk discretion list 条款编码）选择；罚款应在该阶次的幅度内"),
    _F("discretion_circumstance", "裁量情节", "choice", enum=Circumstance, optional_choice=True,
       section="裁量", help="从轻、减轻（行政处罚法第三十条至第三十二条）或从重；减轻的罚款可低于阶次幅度"),
    _F("discretion_ground", "裁量情节依据", section="裁量",
       help="法定情形，如 主动消除或者减轻违法行为危害后果（第三十二条第一项）；从重可写“其他：…”"),
    _F("complex_case", "疑难复杂", "bool", section="法制审核与集体讨论",
       help="疑难复杂或情节复杂的案件须经法制审核和集体讨论（行政处罚法第五十七条第二款、第五十八条）"),
    _F("legal_reviewer", "法制审核人员", section="法制审核与集体讨论"),
    _F("legal_review_result", "法制审核结论", "choice", enum=LegalReviewResult, optional_choice=True,
       section="法制审核与集体讨论", help="审核未通过的，不得作出决定（第五十八条第一款）"),
    _F("legal_review_opinion", "法制审核意见", "long_text", section="法制审核与集体讨论"),
    _F("discussion_on", "集体讨论日期", "date", section="法制审核与集体讨论"),
    _F("discussion_host", "集体讨论主持人", section="法制审核与集体讨论"),
    _F("discussion_members", "集体讨论参加人", "long_text", section="法制审核与集体讨论",
       help="每行一人：姓名（职务）：意见，如 王某（副主任）：同意承办机构意见"),
    _F("discussion_conclusion", "集体讨论结论", "long_text", section="法制审核与集体讨论"),
    _F(
        "act_on",
        "违法行为发生日期",
        "date",
        section="环节日期",
        help="不晚于立案日期；按此日施行的规定处罚（行政处罚法第三十七条）",
    ),
    _F("accepted_on", "受理日期", "date", section="环节日期"),
    _F("filed_on", "立案日期", "date", required=True, section="环节日期"),
    _F("inquired_on", "询问日期", "date", section="环节日期", help="询问笔录的日期"),
    _F("investigation_ended_on", "调查终结日期", "date", section="环节日期"),
    _F("deliberated_on", "合议日期", "date", section="环节日期", help="合议记录的日期"),
    _F("notified_on", "告知日期", "date", section="环节日期"),
    _F("hearing_notified_on", "听证告知日期", "date", section="环节日期"),
    _F("statement_on", "陈述申辩日期", "date", section="环节日期"),
    _F("legal_review_on", "法制审核日期", "date", section="环节日期"),
    _F("decided_on", "处罚决定日期", "date", section="环节日期"),
    _F("served_on", "送达日期", "date", section="环节日期"),
    _F("paid_on", "缴款日期", "date", section="环节日期"),
    _F("published_on", "公示日期", "date", section="环节日期"),
    _F("closed_on", "结案日期", "date", section="环节日期"),
    *RIGHTS_FIELDS,
)  # fmt: skip

#: The inspection editor (检查记录): the plain attributes of InspectionInput; the object,
#: officers and checklist results have their own widgets. Labels match the service's errors.
INSPECTION_FIELDS: tuple[RecordField, ...] = (
    _F("inspected_on", "检查日期", "date", required=True),
    _F("start_time", "检查开始时间", check="time", help="如 9:30"),
    _F("end_time", "检查结束时间", check="time", help="如 10:40"),
    _F("plan_id", "工作方案", "record", source="plans", help="按工作方案开展的检查选其方案"),
    _F("location", "检查地点", help="空着则用机构地址"),
    _F("present_person", "在场人员"),
    _F("present_person_title", "在场人员职务"),
    _F("findings", "现场检查情况", "long_text", section="检查情况"),
    _F("opinions", "监督意见", "long_text", section="检查情况"),
    _F("entered_on", "录入平台日期", "date", section="检查情况"),
    _F("is_revisit", "回头看", "bool", section="检查情况", help="对曾被处罚的无证场所复查"),
    _F(
        "illegal_again",
        "回头看结果",
        "choice",
        enum=YesNo,
        optional_choice=True,
        section="检查情况",
        help="是否再次开展非法医疗美容",
    ),
)

#: The staff editor (机构 → 人员), attribute names of StaffInput; 身份证号 is checked by the service.
STAFF_FIELDS: tuple[RecordField, ...] = (
    _F("name", "姓名", required=True),
    _F("role", "类别", "choice", required=True, enum=StaffRole),
    _F("id_number", "身份证号", help="18位，按 GB 11643 校验"),
    _F("certificate_no", "执业证书编号"),
    _F("practice_place", "执业地点"),
    _F("scope", "执业范围"),
    _F("chief_cosmetic_doctor", "美容主诊医师", "bool"),
    _F("registration_valid_until", "注册有效期至", "date"),
    _F("phone", "联系电话"),
)


#: The officer editor (设置 → 执法人员), attribute names of OfficerInput; the service checks the
#: 执法证号's form and that no other officer holds it.
OFFICER_FIELDS: tuple[RecordField, ...] = (
    _F("name", "姓名", required=True),
    _F("badge_no", "执法证号", required=True, help="如 ZJ3301012024001，字母、数字，可带省份简称"),
    _F("department", "科室"),
    _F("phone", "联系电话"),
    _F("active", "在职", "bool", help="不在职的人员不参加双随机抽取，已有记录不变"),
)

#: A 回避 declaration of one officer, the arguments of OfficerService.add_conflict.
OFFICER_CONFLICT_FIELDS: tuple[RecordField, ...] = (
    _F("institution_id", "回避机构", "record", required=True, source="institutions"),
    _F("reason", "回避理由", "long_text", required=True, help="如 配偶在该机构任职"),
    _F("declared_on", "申报日期", "date", help="空着则为今天"),
)


#: The complaint editor (投诉举报), attribute names of ComplaintInput; `case_no` stands for the
#: linked case (case_id), looked up by its 案号. Labels match the service's errors.
COMPLAINT_FIELDS: tuple[RecordField, ...] = (
    _F("received_on", "受理日期", "date", required=True),
    _F("channel", "来源渠道", help="12345热线、来信、来访、电话、网络、上级转办、其他部门转来"),
    _F("institution_id", "被举报机构", "record", source="institutions",
       help="名录中的机构；不在名录中的写在“被举报对象”"),
    _F("target_name", "被举报对象"),
    _F("content", "投诉举报内容", "long_text", required=True),
    _F("anonymous", "匿名举报", "bool", section="举报人"),
    _F("reporter_name", "举报人", section="举报人"),
    _F("reporter_contact", "联系方式", section="举报人"),
    _F("handling", "调查处理情况", "long_text", section="处理与答复"),
    _F("result", "处理结果", "choice", enum=ComplaintResult, optional_choice=True,
       section="处理与答复"),
    _F("case_no", "立案案件", section="处理与答复", help="处理结果为立案时填写案号"),
    _F("closed_on", "办结日期", "date", section="处理与答复"),
    _F("replied_on", "答复日期", "date", section="处理与答复"),
    _F("reporter_satisfied", "举报人是否满意", "choice", enum=YesNo, optional_choice=True,
       section="处理与答复"),
)  # fmt: skip


#: The 工作方案 editor, attribute names of PlanInput and its TargetFilter; 参与部门 are lines of
#: text (plans.parse_department_lines). Labels match the service's errors.
PLAN_FIELDS: tuple[RecordField, ...] = (
    _F("kind", "方案类型", "choice", required=True, enum=PlanKind),
    _F("title", "方案名称", required=True, help="如 2026年医疗美容机构“双随机、一公开”联合检查工作方案"),
    _F("period_start", "开始日期", "date", required=True),
    _F("period_end", "结束日期", "date", required=True),
    _F("lead_department", "牵头部门"),
    _F("checklist_id", "检查清单", "record", source="checklists"),
    _F("note", "备注", "long_text"),
    _F("departments", "参与部门", "long_text", section="参与部门",
       help="每行一个部门：部门、责任科室、责任人、联络人、联系电话、通知日期、确认日期"
            "（日期写成 2026-03-02，未通知或未确认的留空）"),
    _F("kinds", "机构类别", "list", enum=InstitutionKind, section="检查对象",
       help="用顿号分隔，如 医疗美容医院、医疗美容门诊部；空着则不限"),
    _F("towns", "镇街", "list", section="检查对象", help="用顿号分隔；空着则不限"),
    _F("statuses", "机构状态", "list", enum=InstitutionStatus, section="检查对象",
       help="用顿号分隔，如 正常、停业；空着则为除注销外的全部"),
    _F("all_cosmetic", "医疗美容全覆盖", "bool", section="检查对象",
       help="全部医疗美容机构（含备案医疗美容项目的其他医疗机构），不论上面的类别"),
    _F("punished_unlicensed", "只含曾被处罚的无证场所", "bool", section="检查对象",
       help="“回头看”：方案开始前已作出处罚决定的无证场所"),
)  # fmt: skip


#: 不良执业行为记分 (institution editor → 记分与信用), attribute names of ScoreInput; `subject` is
#: the institution (0) or one of its staff (the staff id); `case_no` stands for the linked case.
SCORE_FIELDS: tuple[RecordField, ...] = (
    _F("subject", "记分对象", "record", required=True, source="subjects"),
    _F("points", "分值", "int", required=True, help="本次记分的分值（1–12 分）"),
    _F("occurred_on", "记分日期", "date", required=True),
    _F("reason", "记分事由", "long_text", required=True),
    _F("case_no", "记分依据", help="引起记分的案件案号；或选下面的检查记录"),
    _F("inspection_id", "依据的检查记录", "record", source="inspections"),
    _F("scoring_year", "记分周期（年）", "int", help="空着则按记分日期所在年度"),
)

#: 依法执业信用评价 of an institution, the arguments of ScoringService.evaluate.
CREDIT_FIELDS: tuple[RecordField, ...] = (
    _F("year", "评价年度", "int", required=True),
    _F("grade", "评价等级", required=True, help="如 A、B、C（按本地信用评价办法）"),
    _F("evaluated_on", "评价日期", "date"),
    _F("note", "备注", "long_text"),
)
