"""The demo district's cases: the violations they are drawn from (each with its catalogue code)
and the staged cases that show every step of the procedure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from database.models import (
    CampaignCategory,
    CaseSource,
    CauseCategory,
    Institution,
    InstitutionKind,
    NoPenaltyGround,
    Officer,
    PartyType,
)
from desktop.cases.cases import CaseInput
from desktop.demo.registers import TOWNS, Maker


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


#: The grounds of the demo's 不予处罚 cases (行政处罚法 第三十三条第一款), alternately.
NO_PENALTY_GROUNDS = (NoPenaltyGround.MINOR_CORRECTED, NoPenaltyGround.FIRST_OFFENCE)
#: Where the demo's 无证行医 cases suspected of a crime go (行政处罚法 第二十七条).
POLICE = "青溪区公安分局"
CRIME_REASON = "当事人未取得医师执业资格非法行医，情节严重，涉嫌构成非法行医罪（《中华人民共和国刑法》第三百三十六条）"


def make_case_input(make: Maker, index: int, year_start: date, today: date,
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
        # 第三十三条第一款: the demo's 不予处罚 cases were minor and corrected, some a first offence.
        no_penalty_ground=(NO_PENALTY_GROUNDS[index % 2] if no_penalty else None),
        transfer_organ=POLICE if transfer else "",
        transferred_on=decided if transfer else None,
        transfer_reason=CRIME_REASON if transfer else "",
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


def staged_input(staged: StagedCase, index: int, today: date,
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
