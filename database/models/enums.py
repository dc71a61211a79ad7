"""Enumerations of DESIGN.md, stored by their Chinese values."""

from __future__ import annotations

from enum import StrEnum


class InstitutionKind(StrEnum):
    """机构类别."""

    COSMETIC_HOSPITAL = "医疗美容医院"
    COSMETIC_OUTPATIENT = "医疗美容门诊部"
    COSMETIC_CLINIC = "医疗美容诊所"
    OTHER_MEDICAL = "其他医疗机构"
    LIFE_BEAUTY = "生活美容机构"
    UNLICENSED = "无证场所"


#: The three kinds that are 医疗美容 institutions by their licence.
COSMETIC_KINDS = (
    InstitutionKind.COSMETIC_HOSPITAL,
    InstitutionKind.COSMETIC_OUTPATIENT,
    InstitutionKind.COSMETIC_CLINIC,
)


class InstitutionStatus(StrEnum):
    """机构状态."""

    ACTIVE = "正常"
    SUSPENDED = "停业"
    CANCELLED = "注销"


class StaffRole(StrEnum):
    """卫生技术人员类别."""

    DOCTOR = "医师"
    NURSE = "护士"
    PHARMACIST = "药师"
    TECHNICIAN = "技师"


class PartyType(StrEnum):
    """当事人类型."""

    ORGANISATION = "机构"
    PERSON = "个人"


class CaseSource(StrEnum):
    """案件来源."""

    SUPERIOR = "上级交办"
    COMPLAINT = "社会举报"
    ROUTINE = "日常监督检查"
    RANDOM = "随机抽查"
    SPECIAL = "专项检查"
    TRANSFER = "其他部门移送"


class CauseCategory(StrEnum):
    """案由分类 (附表1 columns)."""

    QUALIFICATION = "机构资质"
    PERSONNEL = "人员管理"
    TECHNOLOGY = "医疗技术"
    QUALITY = "医疗质量和医疗文书"
    DRUGS = "药品和医疗器械"
    OTHER = "其他"


class CampaignCategory(StrEnum):
    """专项整治类别 (山西附件1 columns)."""

    UNLICENSED_PRACTICE = "无证行医"
    MEDICAL_INSTITUTION = "医疗机构"
    DRUGS = "药品"
    DEVICES = "医疗器械"
    ADVERTISING = "违法发布医疗美容广告"
    INTERNET = "违规发布互联网信息"
    DELIVERY = "违规开展寄递业务"


class CaseStatus(StrEnum):
    """案件所处环节 (受理 → 结案)."""

    ACCEPTED = "受理"
    FILED = "立案"
    INVESTIGATING = "调查"
    NOTIFIED = "告知"
    HEARING = "陈述申辩/听证"
    DECIDED = "决定"
    SERVED = "送达"
    EXECUTING = "执行"
    CLOSED = "结案"


class PlanKind(StrEnum):
    """检查工作方案类型."""

    DOUBLE_RANDOM = "双随机联合检查"
    CAMPAIGN = "专项整治"
    ROUTINE = "日常监督"
    REVISIT = "回头看"


class CheckResult(StrEnum):
    """检查项目结论."""

    PASS = "合格"
    FAIL = "不合格"
    NOT_APPLICABLE = "不涉及"


class ComplaintResult(StrEnum):
    """投诉举报处理结果."""

    FILED = "立案"
    NOT_FILED = "不予立案"


class NoPenaltyGround(StrEnum):
    """不予行政处罚的法定情形 (行政处罚法 第三十条、第三十一条、第三十三条、第三十六条)."""

    MINOR = "不满十四周岁（第三十条）"
    MENTAL = "精神病人、智力残疾人不能辨认或者控制行为（第三十一条）"
    MINOR_CORRECTED = "轻微并及时改正，没有造成危害后果（第三十三条第一款）"
    FIRST_OFFENCE = "初次违法，危害后果轻微并及时改正（第三十三条第一款）"
    NO_FAULT = "有证据足以证明没有主观过错（第三十三条第二款）"
    TIME_BARRED = "违法行为超过追责期限未被发现（第三十六条）"


class ReviewResult(StrEnum):
    """复核意见 on the party's 陈述、申辩 or 听证 (行政处罚法 第四十五条第一款)."""

    ACCEPTED = "采纳"
    PARTLY = "部分采纳"
    REJECTED = "不采纳"


class TierCondition(StrEnum):
    """处罚情形: the condition under which a provision's heavier tier applies (the case records
    which one is met; none = the provision's first tier). The wording is the statutes' own:
    "逾期不改正的" (e.g. 医疗废物管理条例 第四十五条), "拒不改正的" (医疗器械监督管理条例 第九十条),
    "情节严重的", "造成危害后果的" (医疗机构管理条例 第四十八条), "情节特别严重的", "造成严重后果的"
    (医疗纠纷预防和处理条例 第四十五条); 法定加重情形 groups the cases 公共场所卫生管理条例实施细则
    第三十五条 lists (曾受处罚、擅自营业三个月以上、涂改转让倒卖伪造许可证)."""

    OVERDUE = "逾期不改正"
    REFUSED = "拒不改正"
    SERIOUS = "情节严重"
    HARM = "造成危害后果"
    VERY_SERIOUS = "情节特别严重"
    GRAVE_HARM = "造成严重后果"
    STATUTORY = "法定加重情形"


#: Conditions that follow a 责令改正: the case must record the day correction was ordered.
CORRECTION_CONDITIONS = (TierCondition.OVERDUE, TierCondition.REFUSED)


class ProvisionParty(StrEnum):
    """Whom a provision's 处罚依据 punishes."""

    ORGANISATION = "机构"
    PERSON = "个人"
    EITHER = "机构或个人"
