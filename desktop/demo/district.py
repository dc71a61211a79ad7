"""A realistic, fictional district (青溪区) for demos, screenshots and tests. Deterministic by seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select

from database.models import (
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    CosmeticProject,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    InstitutionSubject,
    Officer,
    OfficeSetting,
    PartyType,
    Staff,
    StaffRole,
)
from database.unit_of_work import UowFactory
from desktop.cases.cases import CaseInput, apply_case
from desktop.common.errors import ConflictError
from desktop.demo.inspections import load_demo_inspections
from forms.validators import CREDIT_CODE_CHARSET, id_number_check_char, make_credit_code

TOWNS = ("城关街道", "东湖街道", "西园街道", "南港镇", "北塘镇", "白沙镇", "桃源镇", "青山镇")
#: Fictional administrative division code used in demo 统一社会信用代码 and 身份证号.
REGION = "339901"

OFFICE = {
    "authority_name": "青溪区卫生健康委员会",
    "short_name": "青",
    "supervision_institute": "青溪区卫生健康监督所",
    "address": "青溪区城关街道人民路88号",
    "postcode": "339900",
    "phone": "0599-86660000",
    "contact": "林晓",
    "review_organ": "青溪区人民政府",
    "court": "青溪区人民法院",
    "bank_name": "中国农业银行青溪支行",
    "bank_account": "19-990101040000001",
    "payee": "青溪区财政局",
    "region": "青溪区",
}

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华慧建国晓玲婷宇浩然子涵欣怡思远雨萱博文嘉怡俊杰"
_STREETS = (
    "人民路",
    "解放路",
    "青溪大道",
    "滨江路",
    "文化路",
    "建设路",
    "花园街",
    "新华路",
    "湖滨路",
    "望江路",
)

_COSMETIC_NAMES = ("美莱", "艺星", "华韩", "悦容", "伊美", "丽都", "新颜", "雅姿", "臻美", "凯润", "禾美", "初见",
                   "名媛", "俪人", "焕颜", "铂悦")  # fmt: skip
_BEAUTY_NAMES = ("静颜", "花漾", "素问", "水漾", "美汐", "兰亭", "如玉", "莲悦", "青黛", "锦瑟", "芳华", "雪肌",
                 "漫妮", "若水", "澜庭", "沐光")  # fmt: skip
_OTHER_MEDICAL = ("青溪区人民医院", "青溪区中医医院", "青溪区妇幼保健院", "青溪博爱医院", "青溪仁和医院",
                  "南港镇卫生院", "东湖口腔医院", "青溪康华医院")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Violation:
    """A demo violation: what happened, which category, which articles, a typical fine."""

    cause: str
    category: CauseCategory
    campaign: CampaignCategory | None
    facts: str
    violated: str
    basis: str
    fine_yuan: tuple[int, int]
    warning: bool = True
    confiscate: bool = False
    for_person: bool = False
    #: The heavier measure its 处罚依据 allows: "吊销" or "停业" (责令停业整顿), else none.
    heavier: str = ""


VIOLATIONS: tuple[Violation, ...] = (
    Violation("未取得《医疗机构执业许可证》擅自执业案", CauseCategory.QUALIFICATION,
              CampaignCategory.UNLICENSED_PRACTICE,
              "当事人在{addr}未取得《医疗机构执业许可证》，擅自为顾客实施注射玻尿酸等医疗美容项目，违法所得{gain}元。",
              "《医疗机构管理条例》第二十三条第一款", "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
              (50000, 200000), warning=False, confiscate=True, for_person=True),
    Violation("使用非卫生技术人员从事医疗卫生技术工作案", CauseCategory.PERSONNEL, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人于{day}安排未取得医师资格的美容师为顾客实施肉毒毒素注射。",
              "《医疗机构管理条例》第二十七条", "《医疗机构管理条例》第四十七条", (10000, 50000),
              warning=False, heavier="吊销"),
    Violation("超出登记的诊疗科目范围开展诊疗活动案", CauseCategory.QUALIFICATION, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人核准登记的诊疗科目不含美容外科，于{day}为顾客实施双眼皮切开术。",
              "《医疗机构管理条例》第二十六条", "《医疗机构管理条例》第四十六条", (10000, 30000),
              heavier="吊销"),
    Violation("医师未按照注册的执业地点执业案", CauseCategory.PERSONNEL, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人聘用的医师{person}执业地点注册在外区医疗机构，于{day}在本机构从事医疗美容诊疗活动。",
              "《中华人民共和国医师法》第十四条", "《中华人民共和国医师法》第五十七条", (10000, 30000)),
    Violation("未按规定书写、保管病历案", CauseCategory.QUALITY, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人{day}实施的医疗美容项目病历缺少手术记录及知情同意书。",
              "《医疗纠纷预防和处理条例》第十五条", "《医疗纠纷预防和处理条例》第四十七条", (10000, 20000)),
    Violation("未落实医疗质量安全核心制度案", CauseCategory.QUALITY, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人未建立手术分级管理制度，{day}检查时未能提供术前讨论记录。",
              "《医疗纠纷预防和处理条例》第十条", "《医疗纠纷预防和处理条例》第四十七条", (10000, 20000)),
    Violation("使用未经注册的医疗器械案", CauseCategory.DRUGS, CampaignCategory.DEVICES,
              "当事人于{day}使用无医疗器械注册证的射频美容仪为顾客提供服务。",
              "《医疗器械监督管理条例》第五十五条", "《医疗器械监督管理条例》第八十六条", (20000, 50000),
              warning=False, confiscate=True),
    Violation("违规使用药品案", CauseCategory.DRUGS, CampaignCategory.DRUGS,
              "当事人从无药品经营资质的个人处购进A型肉毒毒素并于{day}使用。",
              "《中华人民共和国药品管理法》第五十五条", "《中华人民共和国药品管理法》第一百二十九条", (100000, 300000),
              warning=False, confiscate=True),
    Violation("未取得医疗广告审查证明发布医疗广告案", CauseCategory.OTHER, CampaignCategory.ADVERTISING,
              "当事人未取得《医疗广告审查证明》，于{day}在微信公众号发布“无痕隆鼻”医疗广告。",
              "《医疗广告管理办法》第三条", "《医疗广告管理办法》第二十条", (0, 0),
              heavier="停业"),
    Violation("违规发布医疗美容互联网信息案", CauseCategory.OTHER, CampaignCategory.INTERNET,
              "当事人于{day}在短视频平台发布含有疗效保证内容的医疗美容信息。",
              "《医疗广告管理办法》第七条", "《医疗广告管理办法》第二十条", (0, 0),
              heavier="停业"),
    Violation("违规开展药品寄递业务案", CauseCategory.DRUGS, CampaignCategory.DELIVERY,
              "当事人于{day}通过快递向顾客寄递处方药品玻尿酸。",
              "《中华人民共和国药品管理法》第六十一条", "《中华人民共和国药品管理法》第一百一十五条",
              (1500000, 3000000), warning=False),
    Violation("医疗废物管理不规范案", CauseCategory.OTHER, None,
              "当事人将使用后的注射器与生活垃圾混合存放，{day}检查时未能提供医疗废物交接登记。",
              "《医疗废物管理条例》第十六条", "《医疗废物管理条例》第四十六条", (2000, 5000)),
    Violation("开展未备案的医疗美容项目案", CauseCategory.TECHNOLOGY, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人未备案三级美容外科项目，于{day}为顾客实施自体脂肪填充术。",
              "《医疗美容服务管理办法》第十六条", "《医疗机构管理条例》第四十六条", (10000, 30000)),
    Violation("护士未经执业注册从事护理活动案", CauseCategory.PERSONNEL, CampaignCategory.MEDICAL_INSTITUTION,
              "当事人允许未取得护士执业证书的人员{person}于{day}从事注射护理工作。",
              "《护士条例》第二十一条", "《护士条例》第二十八条", (0, 0)),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoOptions:
    """How much demo data, from which seed, ending on which day."""

    seed: int = 2024
    cases: int = 240
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What load_demo created."""

    institutions: int
    staff: int
    officers: int
    cases: int

    def __str__(self) -> str:
        return (
            f"示例辖区（青溪区）已载入：机构 {self.institutions} 家，人员 {self.staff} 人，"
            f"执法人员 {self.officers} 人，案件 {self.cases} 件。"
        )


class _Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.codes: set[str] = set()

    def person_name(self) -> str:
        return self.rng.choice(_SURNAMES) + "".join(
            self.rng.sample(_GIVEN, self.rng.choice((1, 2)))
        )

    def address(self, town: str) -> str:
        return f"青溪区{town}{self.rng.choice(_STREETS)}{self.rng.randint(1, 399)}号"

    def credit_code(self, prefix: str = "91") -> str:
        while True:
            body = "".join(self.rng.choice(CREDIT_CODE_CHARSET[:10] + "ABCDEFGH") for _ in range(8))
            code = make_credit_code(prefix + REGION + body)
            if code[16] in CREDIT_CODE_CHARSET and code not in self.codes:
                self.codes.add(code)
                return code

    def id_number(self) -> str:
        born = date(1965, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 35))
        first17 = f"{REGION}{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
        return first17 + id_number_check_char(first17)

    def phone(self) -> str:
        return f"1{self.rng.choice((3, 5, 8))}{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}"


def _institutions(make: _Maker) -> list[Institution]:
    rng = make.rng
    plan: list[tuple[InstitutionKind, str]] = []
    for i, brand in enumerate(_COSMETIC_NAMES):
        kind = (
            InstitutionKind.COSMETIC_HOSPITAL
            if i < 3
            else InstitutionKind.COSMETIC_OUTPATIENT
            if i < 9
            else InstitutionKind.COSMETIC_CLINIC
        )
        suffix = {InstitutionKind.COSMETIC_HOSPITAL: "医疗美容医院",
                  InstitutionKind.COSMETIC_OUTPATIENT: "医疗美容门诊部",
                  InstitutionKind.COSMETIC_CLINIC: "医疗美容诊所"}[kind]  # fmt: skip
        plan.append((kind, f"青溪{brand}{suffix}"))
    plan += [(InstitutionKind.OTHER_MEDICAL, name) for name in _OTHER_MEDICAL]
    plan += [(InstitutionKind.LIFE_BEAUTY, f"青溪{n}美容美体店") for n in _BEAUTY_NAMES]
    plan += [(InstitutionKind.UNLICENSED, f"{t}{rng.choice(_STREETS)}无名美容工作室")
             for t in TOWNS]  # fmt: skip
    result = []
    for kind, name in plan:
        town = next((t for t in TOWNS if name.startswith(t)), rng.choice(TOWNS))
        medical = kind not in (InstitutionKind.LIFE_BEAUTY, InstitutionKind.UNLICENSED)
        status = InstitutionStatus.ACTIVE
        if rng.random() < 0.08:
            status = rng.choice((InstitutionStatus.SUSPENDED, InstitutionStatus.CANCELLED))
        inst = Institution(
            name=name,
            kind=kind,
            credit_code=None if kind is InstitutionKind.UNLICENSED else make.credit_code(),
            license_no=f"PDY{rng.randint(10000000, 99999999)}{REGION}{rng.randint(10, 99)}D2192"
            if medical
            else None,
            town=town,
            address=make.address(town),
            legal_representative=make.person_name(),
            principal=make.person_name(),
            phone=make.phone(),
            status=status,
            credit_grade=rng.choice(("A", "B", "B", "C", "")) if medical else "",
            cosmetic_filed=kind in (InstitutionKind.COSMETIC_HOSPITAL, InstitutionKind.COSMETIC_OUTPATIENT,
                                    InstitutionKind.COSMETIC_CLINIC) or (medical and rng.random() < 0.5),
            licence_valid_until=date(2027, 12, 31) if medical else None,
        )  # fmt: skip
        if medical:
            inst.subjects = [
                InstitutionSubject(name=s)
                for s in rng.sample(
                    [
                        "医疗美容科",
                        "美容外科",
                        "美容皮肤科",
                        "美容牙科",
                        "美容中医科",
                        "麻醉科",
                        "内科",
                        "外科",
                    ],
                    3,
                )
            ]
            if inst.cosmetic_filed:
                inst.cosmetic_projects = [
                    CosmeticProject(category="美容外科", name="重睑成形术", surgery_grade=1),
                    CosmeticProject(
                        category="美容外科", name="隆鼻术（假体植入）", surgery_grade=2
                    ),
                    CosmeticProject(category="美容皮肤科", name="注射填充", surgery_grade=None),
                ]
            inst.staff = [_staff(make) for _ in range(rng.randint(3, 7))]
        result.append(inst)
    return result


def _staff(make: _Maker) -> Staff:
    rng = make.rng
    role = rng.choice((StaffRole.DOCTOR, StaffRole.DOCTOR, StaffRole.NURSE, StaffRole.NURSE,
                       StaffRole.PHARMACIST, StaffRole.TECHNICIAN))  # fmt: skip
    return Staff(
        name=make.person_name(),
        role=role,
        id_number=make.id_number(),
        certificate_no=f"{rng.randint(10**14, 10**15 - 1)}",
        practice_place="本机构" if rng.random() < 0.9 else "外区医疗机构",
        scope={
            StaffRole.DOCTOR: "外科专业",
            StaffRole.NURSE: "护理",
            StaffRole.PHARMACIST: "药学",
            StaffRole.TECHNICIAN: "医学检验",
        }[role],
        chief_cosmetic_doctor=role is StaffRole.DOCTOR and rng.random() < 0.4,
        registration_valid_until=date(2028, 6, 30),
        phone=make.phone(),
    )


def _officers(make: _Maker) -> list[Officer]:
    departments = ("医疗卫生监督科", "医疗卫生监督科", "稽查科", "综合监督科")
    return [
        Officer(name=make.person_name(), badge_no=f"ZJ{REGION}{2020 + i % 5}{i + 1:04d}",
                department=departments[i % len(departments)], phone=make.phone())
        for i in range(12)
    ]  # fmt: skip


def _case_input(make: _Maker, index: int, year_start: date, today: date,
                insts: list[Institution], officers: list[Officer]) -> CaseInput:  # fmt: skip
    rng = make.rng
    violation = rng.choice(VIOLATIONS)
    span = max((today - year_start).days - 1, 1)
    filed = year_start + timedelta(days=rng.randint(0, span))
    source = rng.choice(list(CaseSource))
    if violation.for_person and rng.random() < 0.6:
        party_type, inst = PartyType.PERSON, None
        party = make.person_name()
    else:
        party_type = PartyType.ORGANISATION
        venues = (InstitutionKind.UNLICENSED, InstitutionKind.LIFE_BEAUTY)
        pool = [i for i in insts if (i.kind in venues) == violation.for_person]
        inst = rng.choice(pool)
        party = inst.name
    town = inst.town if inst else rng.choice(TOWNS)
    gain = rng.randint(800, 9000) + rng.choice((0, 0, 50))
    acted = filed - timedelta(days=rng.randint(3, 30))  # the 违法行为发生日期 the facts state
    facts = violation.facts.format(addr=make.address(town), day=f"{acted:%Y年%-m月%-d日}",
                                   gain=gain, person=make.person_name())  # fmt: skip
    # How far the case has got, with realistic gaps between the steps.
    age = (today - filed).days
    stage = rng.random()
    if age > 120 and stage <= 0.3 and rng.random() < 0.9:
        # An office decides within the 90-day limit: only a few old cases are still open.
        stage = 0.3 + stage * 2
    notified = decided = served = closed = paid = published = None
    ended = filed + timedelta(days=rng.randint(10, 30)) if age > 30 and stage > 0.1 else None
    if ended and ended < today and stage > 0.2:
        notified = ended + timedelta(days=rng.randint(1, 5))
    if notified and notified + timedelta(days=10) < today and stage > 0.3:
        decided = notified + timedelta(days=rng.randint(6, 20))
    if decided and decided < today - timedelta(days=3):
        served = decided + timedelta(days=rng.randint(0, 3))
        published = decided + timedelta(days=rng.randint(1, 7))
    if served and served < today - timedelta(days=20) and stage > 0.35:
        paid = served + timedelta(days=rng.randint(3, 14))
        closed = paid + timedelta(days=rng.randint(1, 10))
        if closed > today:
            closed = None
    lo, hi = violation.fine_yuan
    fine = rng.randrange(lo, hi + 1, 1000) * 100 if decided and hi else 0
    no_penalty = bool(decided) and rng.random() < 0.05
    transfer = bool(decided) and violation.for_person and rng.random() < 0.15
    if no_penalty or transfer:
        fine = 0
    penalised = bool(decided) and not no_penalty
    handlers = rng.sample(officers, 2)
    return CaseInput(
        case_no=f"#{index}",  # numbered per year in filing order by load_demo
        party_name=party,
        party_type=party_type,
        source=source,
        cause_category=violation.category,
        campaign_category=violation.campaign,
        cause=party + violation.cause,
        act_on=acted,
        filed_on=filed,
        party_credit_code=(inst.credit_code or "") if inst else "",
        party_id_number=make.id_number() if party_type is PartyType.PERSON else "",
        party_kind=inst.kind if inst else None,
        party_address=inst.address if inst else make.address(town),
        party_representative=inst.legal_representative if inst else "",
        party_phone=make.phone(),
        town=town,
        facts=facts,
        evidence="现场笔录、询问笔录、现场照片、收费票据复印件",
        violated_provisions=violation.violated,
        penalty_basis=violation.basis,
        warning=penalised and not transfer and (violation.warning or fine == 0),
        fine_fen=fine if penalised else 0,
        confiscation_fen=gain * 100 if penalised and violation.confiscate and not transfer else 0,
        order_correction=bool(decided) and not transfer,
        suspension=penalised and rng.random() < 0.3 and violation.heavier == "停业",
        revocation=penalised and rng.random() < 0.12 and violation.heavier == "吊销",
        judicial_transfer=transfer,
        no_penalty=no_penalty,
        accepted_on=filed - timedelta(days=rng.randint(0, 5)),
        investigation_ended_on=ended,
        notified_on=notified,
        decided_on=decided,
        served_on=served,
        paid_on=paid,
        published_on=published,
        closed_on=closed,
        handler="、".join(o.name for o in handlers),
        is_typical=penalised and rng.random() < 0.08,
    )


@dataclass(frozen=True, slots=True)
class StagedCase:
    """A demo case placed at a chosen step, so the 执行 and 陈述申辩/听证 steps have cases to show.

    Dates are days before the demo's today; the party is one institution of `kind` (the
    `pick`-th one), the violation one of VIOLATIONS.
    """

    violation: int
    kind: InstitutionKind
    pick: int
    filed: int
    ended: int
    notified: int
    statement: int | None = None
    hearing_notified: int | None = None
    decided: int | None = None
    served: int | None = None
    paid: int | None = None
    fine_yuan: int = 0
    #: 违法所得 named in the facts, confiscated once decided if the violation says so.
    gain_yuan: int = 0


STAGED_CASES: tuple[StagedCase, ...] = (
    # 陈述申辩 heard and not adopted, decided, served, the fine paid: 执行, awaiting 结案.
    StagedCase(1, InstitutionKind.COSMETIC_OUTPATIENT, 1, filed=80, ended=60, notified=55,
               statement=53, decided=40, served=38, paid=20, fine_yuan=30000),
    # 陈述申辩 held three days ago; the decision is still to be made.
    StagedCase(4, InstitutionKind.COSMETIC_CLINIC, 2, filed=35, ended=15, notified=9,
               statement=6),
    # 没收违法所得 and a 较大数额罚款 proposed: 事先告知 and 听证告知 two days ago, the 听证 window open.
    StagedCase(0, InstitutionKind.UNLICENSED, -1, filed=45, ended=10, notified=2,
               hearing_notified=2, gain_yuan=6800),
    # 听证 held on the party's request, then the 较大数额罚款 decided, served and paid: 执行.
    StagedCase(7, InstitutionKind.COSMETIC_HOSPITAL, 1, filed=110, ended=85, notified=80,
               hearing_notified=80, statement=70, decided=55, served=53, paid=30,
               fine_yuan=150000, gain_yuan=4200),
)  # fmt: skip


def _staged_input(staged: StagedCase, index: int, today: date,
                  insts: list[Institution], officers: list[Officer]) -> CaseInput:  # fmt: skip
    violation = VIOLATIONS[staged.violation]
    inst = [i for i in insts if i.kind is staged.kind][staged.pick]

    def day(days_before: int | None) -> date | None:
        return None if days_before is None else today - timedelta(days=days_before)

    filed = today - timedelta(days=staged.filed)
    decided = day(staged.decided)
    acted = filed - timedelta(days=7)
    facts = violation.facts.format(addr=inst.address, day=f"{acted:%Y年%-m月%-d日}",
                                   gain=staged.gain_yuan, person="")  # fmt: skip
    evidence = "现场笔录、询问笔录、现场照片"
    if staged.statement is not None:
        evidence += "、听证笔录" if staged.hearing_notified is not None else "、陈述和申辩笔录"
    return CaseInput(
        case_no=f"#staged{index}",
        party_name=inst.name,
        party_type=PartyType.ORGANISATION,
        source=CaseSource.COMPLAINT if index % 2 else CaseSource.ROUTINE,
        cause_category=violation.category,
        campaign_category=violation.campaign,
        cause=inst.name + violation.cause,
        act_on=acted,
        filed_on=filed,
        party_credit_code=inst.credit_code or "",
        party_kind=inst.kind,
        party_address=inst.address,
        party_representative=inst.legal_representative,
        party_phone=inst.phone,
        town=inst.town,
        facts=facts,
        evidence=evidence,
        violated_provisions=violation.violated,
        penalty_basis=violation.basis,
        warning=decided is not None and violation.warning,
        fine_fen=staged.fine_yuan * 100,
        confiscation_fen=staged.gain_yuan * 100 if decided and violation.confiscate else 0,
        order_correction=decided is not None,
        accepted_on=filed - timedelta(days=2),
        investigation_ended_on=day(staged.ended),
        notified_on=day(staged.notified),
        hearing_notified_on=day(staged.hearing_notified),
        statement_on=day(staged.statement),
        decided_on=decided,
        served_on=day(staged.served),
        paid_on=day(staged.paid),
        published_on=None if decided is None else decided + timedelta(days=3),
        handler="、".join(o.name for o in officers[2 * index : 2 * index + 2]),
    )


def load_demo(uow_factory: UowFactory, options: DemoOptions | None = None) -> DemoSummary:
    """Fill an empty database with the 青溪区 demo district (refuses a database with cases)."""
    options = options or DemoOptions()
    make = _Maker(random.Random(options.seed))
    with uow_factory() as uow:
        session = uow.session
        if session.scalar(select(func.count(Institution.id))) or session.scalar(
            select(func.count(Case.id))
        ):
            raise ConflictError("数据库中已有机构或案件，示例数据只能载入空数据库。")
        for key, value in OFFICE.items():
            session.merge(OfficeSetting(key=key, value=value))
        insts = _institutions(make)
        officers = _officers(make)
        session.add_all(insts)
        session.add_all(officers)
        session.flush()
        year_start = options.today - timedelta(days=365)
        randoms = [_case_input(make, i, year_start, options.today, insts, officers)
                   for i in range(1, options.cases + 1)]  # fmt: skip
        staged = [_staged_input(c, n, options.today, insts, officers)
                  for n, c in enumerate(STAGED_CASES)]  # fmt: skip
        inputs = sorted([*randoms, *staged], key=lambda d: d.filed_on)
        per_year: dict[int, int] = {}
        for data in inputs:
            per_year[data.filed_on.year] = per_year.get(data.filed_on.year, 0) + 1
            data = replace(
                data, case_no=f"青卫医案〔{data.filed_on.year}〕{per_year[data.filed_on.year]}号"
            )
            case = Case()
            with session.no_autoflush:
                apply_case(session, case, data)
            case.officers = [o for o in officers if o.name in data.handler.split("、")]
            session.add(case)
        uow.commit()
        staff_count = sum(len(i.staff) for i in insts)
    load_demo_inspections(uow_factory, options.seed, options.today)
    with uow_factory(readonly=True) as uow:
        # The inspection side adds the cases its findings opened: count what is stored.
        cases = int(uow.session.scalar(select(func.count(Case.id))) or 0)
    return DemoSummary(len(insts), staff_count, len(officers), cases)
