"""The demo district's cases: the violations they are drawn from (each with its catalogue code)
and the staged cases that show every step of the procedure."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from database.models import (
    CampaignCategory,
    CaseSource,
    CauseCategory,
    Institution,
    InstitutionKind,
    NoPenaltyGround,
    Officer,
    PartyType,
    ReviewResult,
)
from desktop.cases.cases import CaseInput
from desktop.demo.registers import TOWNS, Maker
from forms.case_penalty import ConfiscationLine

#: Who a violation's cases are against: a licensed 医疗机构, a 医师 (医师法 punishes the doctor),
#: an unlicensed venue or person (无证), or a 生活美容 venue (公共场所).
INSTITUTION, DOCTOR, UNLICENSED, BEAUTY = "机构", "个人", "无证", "生活美容"


@dataclass(frozen=True, slots=True)
class Heavier:
    """A heavier tier some decided cases fall in: its 处罚情形, its fine (元, (0, 0) = none),
    the kinds it imposes, and the sentence the facts add (with {ordered}: the 责令改正 day)."""

    condition: str
    fine_yuan: tuple[int, int]
    facts: str
    warning: bool = False
    revocation: bool = False


@dataclass(frozen=True, slots=True)
class Violation:
    """A demo violation: what happened, under which catalogue row (violated/basis are that row's
    citations), the first tier's fine and kinds, and who the party is."""

    cause: str
    category: CauseCategory
    campaign: CampaignCategory | None
    code: str
    facts: str
    violated: str
    basis: str
    fine_yuan: tuple[int, int]
    warning: bool = True
    confiscate: bool = False
    party: str = INSTITUTION
    #: The first tier requires 责令停止执业活动 (基本医疗卫生与健康促进法 第九十九条第一款).
    suspension: bool = False
    #: 没收非法财物 found on the spot (名称, 单位, the least quantity).
    goods: tuple[tuple[str, str, int], ...] = ()
    heavier: Heavier | None = None
    #: Why the demo never decides these cases ('' = it does): another authority applies the row
    #: (移送: desktop.demo.transfers records the transfer), or the catalogue does not know the
    #: row's penalty (the note says so).
    undecided: str = ""


#: The row is the 药品监管部门's (药品管理法, 医疗器械监督管理条例 第八十六条): the note of such a
#: case until its transfer is recorded.
_TO_DRUGS = "拟移送药品监督管理部门：该条款由药品监管部门实施，本机关不作出处罚决定。"
_ADS = "医疗广告管理办法第二十条罚则原文待核（条款库未录处罚档次），暂未作出处罚决定。"
_OVERDUE = "{ordered}本机关责令其限期改正，逾期复查时仍未改正。"
#: 第九十九条第一款 "没收…药品、医疗器械": what an unlicensed injector has on the spot (名称,
#: 单位, the least quantity).
UNLICENSED_GOODS = (("玻尿酸注射液", "支", 2), ("A型肉毒毒素注射剂", "支", 1),
                    ("一次性使用无菌注射器", "支", 10))  # fmt: skip


def goods_items(goods: tuple[tuple[str, str, int], ...], gain: int) -> tuple[ConfiscationLine, ...]:
    """The 没收非法财物 of a case, in quantities that vary with its 违法所得 (no extra draw, so
    the rest of the demo stays as it was)."""
    return tuple(ConfiscationLine(name, str(least + gain % 5), unit) for name, unit, least in goods)


VIOLATIONS: tuple[Violation, ...] = (
    Violation("未取得《医疗机构执业许可证》擅自执业案", CauseCategory.QUALIFICATION,
              CampaignCategory.UNLICENSED_PRACTICE, "YLJG-01",
              "当事人未取得《医疗机构执业许可证》，于{day}在{addr}为顾客注射“玻尿酸”“肉毒素”等，违法所得人民币{gain}元。",
              "《医疗机构管理条例》第二十三条", "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
              (50000, 200000), warning=False, confiscate=True, party=UNLICENSED, suspension=True,
              goods=UNLICENSED_GOODS),
    Violation("使用非卫生技术人员从事医疗卫生技术工作案", CauseCategory.PERSONNEL,
              CampaignCategory.MEDICAL_INSTITUTION, "YLJG-05",
              "当事人于{day}安排未取得任何卫生专业技术资格的美容师{person}为顾客实施“水光针”注射。",
              "《医疗机构管理条例》第二十七条", "《医疗机构管理条例》第四十七条", (10000, 50000),
              warning=False,
              heavier=Heavier("情节严重", (0, 0), "该美容师曾致顾客注射部位感染，当事人仍安排其继续注射，情节严重。",
                              revocation=True)),
    Violation("超出登记的诊疗科目范围开展诊疗活动案", CauseCategory.QUALIFICATION,
              CampaignCategory.MEDICAL_INSTITUTION, "YLJG-04",
              "当事人核准登记的诊疗科目为“医疗美容科；美容皮肤科”，于{day}开展双眼皮切开美容外科手术，违法所得{gain}元。",
              "《医疗机构管理条例》第二十六条", "《医疗机构管理条例》第四十六条", (10000, 30000),
              confiscate=True),
    Violation("医师未按照注册的执业地点执业案", CauseCategory.PERSONNEL, CampaignCategory.MEDICAL_INSTITUTION,
              "YS-02",
              "当事人执业地点注册在外区医疗机构，于{day}在未作执业地点备案的{inst}坐诊并实施注射，违法所得{gain}元。",
              "《中华人民共和国医师法》第十四条第一款", "《中华人民共和国医师法》第五十七条", (10000, 30000),
              confiscate=True, party=DOCTOR),
    Violation("未按规定填写、保管病历资料案", CauseCategory.QUALITY, CampaignCategory.MEDICAL_INSTITUTION,
              "YLZL-02", "当事人{day}实施的医疗美容项目中，多份门诊病历未记录注射药品名称、批号及剂量。",
              "《医疗纠纷预防和处理条例》第十五条第一款", "《医疗纠纷预防和处理条例》第四十七条第四项",
              (10000, 30000)),
    Violation("医疗质量管理和医疗技术管理制度不健全案", CauseCategory.QUALITY,
              CampaignCategory.MEDICAL_INSTITUTION, "YLZL-05",
              "当事人未建立手术分级管理制度，{day}检查时未能提供术前讨论记录。",
              "《中华人民共和国基本医疗卫生与健康促进法》第四十三条",
              "《中华人民共和国基本医疗卫生与健康促进法》第一百零一条", (10000, 30000)),
    Violation("使用未依法注册的医疗器械案", CauseCategory.DRUGS, CampaignCategory.DEVICES, "QX-01",
              "当事人于{day}使用未取得医疗器械注册证的“射频美容仪”为顾客治疗。",
              "《医疗器械监督管理条例》第五十五条", "《医疗器械监督管理条例》第八十六条第三项", (0, 0),
              warning=False, undecided=_TO_DRUGS),
    Violation("从无药品经营资质的个人处购进药品案", CauseCategory.DRUGS, CampaignCategory.DRUGS, "YP-01",
              "当事人从无药品经营资质的个人处购进“A型肉毒毒素”5盒，于{day}使用。",
              "《中华人民共和国药品管理法》第五十五条", "《中华人民共和国药品管理法》第一百二十九条", (0, 0),
              warning=False, undecided=_TO_DRUGS),
    Violation("未取得医疗广告审查证明发布医疗广告案", CauseCategory.OTHER, CampaignCategory.ADVERTISING,
              "GG-01", "当事人未取得《医疗广告审查证明》，于{day}在微信公众号发布“无痕隆鼻”医疗广告。",
              "《医疗广告管理办法》第三条", "《医疗广告管理办法》第二十条", (0, 0), undecided=_ADS),
    Violation("违规发布医疗美容互联网信息案", CauseCategory.OTHER, CampaignCategory.INTERNET, "GG-02",
              "当事人于{day}在短视频平台发布含有疗效保证内容的医疗美容信息。",
              "《医疗广告管理办法》第七条", "《医疗广告管理办法》第二十条", (0, 0), undecided=_ADS),
    Violation("未取得药品经营许可证寄递销售处方药案", CauseCategory.DRUGS, CampaignCategory.DELIVERY,
              "YP-02", "当事人未取得《药品经营许可证》，于{day}通过快递向顾客寄递销售“玻尿酸”“利多卡因”等处方药。",
              "《中华人民共和国药品管理法》第五十一条第一款", "《中华人民共和国药品管理法》第一百一十五条",
              (0, 0), warning=False, undecided=_TO_DRUGS),
    Violation("将医疗废物混入生活垃圾案", CauseCategory.OTHER, None, "YF-03",
              "当事人于{day}将使用后的注射器、针头等损伤性医疗废物混入生活垃圾桶内。",
              "《医疗废物管理条例》第十四条第二款", "《医疗废物管理条例》第四十七条第一项", (5000, 10000),
              heavier=Heavier("逾期不改正", (10000, 30000), _OVERDUE)),
    Violation("开展未备案的医疗美容项目案", CauseCategory.TECHNOLOGY, CampaignCategory.MEDICAL_INSTITUTION,
              "MR-01", "当事人未将“自体脂肪移植”项目向登记机关备案，于{day}开展该项目，违法所得{gain}元。",
              "《医疗美容服务管理办法》第十六条第二款", "《医疗机构管理条例》第四十六条", (10000, 30000),
              confiscate=True),
    Violation("允许未取得护士执业证书的人员从事护理活动案", CauseCategory.PERSONNEL,
              CampaignCategory.MEDICAL_INSTITUTION, "HS-01",
              "当事人允许未取得护士执业证书的人员{person}于{day}在治疗室从事静脉输液等护理活动。",
              "《护士条例》第二十一条第一款第一项", "《护士条例》第二十八条第二项", (0, 0)),
    Violation("重复使用一次性使用的医疗器械案", CauseCategory.DRUGS, CampaignCategory.MEDICAL_INSTITUTION,
              "XD-01", "当事人于{day}将一次性使用无菌注射针清洗后重复用于不同顾客的“水光针”注射。",
              "《医疗器械监督管理条例》第四十九条第二款", "《医疗器械监督管理条例》第九十条第二项", (0, 0),
              heavier=Heavier("拒不改正", (50000, 100000),
                              "{ordered}本机关责令其改正，当事人拒不改正，复查时仍重复使用。")),
    Violation("未按规定对顾客用品用具进行清洗消毒案", CauseCategory.OTHER, None, "GGCS-02",
              "当事人店内毛巾、美容工具未一客一换消毒，一次性美容床单重复使用（{day}检查发现）。",
              "《公共场所卫生管理条例实施细则》第十四条",
              "《公共场所卫生管理条例》第十四条第一款第一项、《公共场所卫生管理条例实施细则》第三十六条第二项",
              (500, 2000), party=BEAUTY),
    Violation("安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作案", CauseCategory.OTHER, None,
              "GGCS-03", "当事人于{day}安排未取得有效健康合格证明的美容师{person}等2名从业人员直接为顾客服务。",
              "《公共场所卫生管理条例实施细则》第十条第一款",
              "《公共场所卫生管理条例》第十四条第一款第二项、《公共场所卫生管理条例实施细则》第三十八条",
              (500, 5000), party=BEAUTY),
)  # fmt: skip


#: The grounds of the demo's 不予处罚 cases (行政处罚法 第三十三条第一款), alternately.
NO_PENALTY_GROUNDS = (NoPenaltyGround.MINOR_CORRECTED, NoPenaltyGround.FIRST_OFFENCE)
#: Where the demo's 无证行医 cases suspected of a crime go (行政处罚法 第二十七条).
POLICE = "青溪区公安分局"
CRIME_REASON = "当事人未取得医师执业资格非法行医，情节严重，涉嫌构成非法行医罪（《中华人民共和国刑法》第三百三十六条）"


def demo_note(code: str) -> str:
    """The note a demo case of this catalogue row carries (why it is not decided)."""
    return next((v.undecided for v in VIOLATIONS if v.code == code), "")


def _fine(rng: random.Random, low: int, high: int) -> int:
    """A fine in 分 inside [low, high] 元, in round hundreds or thousands of 元."""
    step = 1000 if high - low >= 10000 else 100
    return rng.randrange(low, high + 1, step) * 100


def _party(make: Maker, violation: Violation,
           insts: list[Institution]) -> tuple[PartyType, Institution | None, str]:  # fmt: skip
    """Who the case is against: a person or a venue of the kind the row punishes."""
    rng = make.rng
    if violation.party == DOCTOR or (violation.party == UNLICENSED and rng.random() < 0.6):
        return PartyType.PERSON, None, make.person_name()
    venues = {UNLICENSED: (InstitutionKind.UNLICENSED, InstitutionKind.LIFE_BEAUTY),
              BEAUTY: (InstitutionKind.LIFE_BEAUTY,)}.get(violation.party)  # fmt: skip
    medical = (InstitutionKind.UNLICENSED, InstitutionKind.LIFE_BEAUTY)
    pool = [i for i in insts if (i.kind in venues if venues else i.kind not in medical)]
    inst = rng.choice(pool)
    return PartyType.ORGANISATION, inst, inst.name


def make_case_input(make: Maker, index: int, year_start: date, today: date,
                insts: list[Institution], officers: list[Officer]) -> CaseInput:  # fmt: skip
    rng = make.rng
    # Fewer of the cases the office does not decide itself (移送, 罚则待核) than of its own.
    violation = rng.choices(VIOLATIONS, [1 if v.undecided else 3 for v in VIOLATIONS])[0]
    span = max((today - year_start).days - 1, 1)
    filed = year_start + timedelta(days=rng.randint(0, span))
    source = rng.choice(list(CaseSource))
    party_type, inst, party = _party(make, violation, insts)
    town = inst.town if inst else rng.choice(TOWNS)
    gain = rng.randint(800, 9000) + rng.choice((0, 0, 50))
    acted = filed - timedelta(days=rng.randint(3, 30))  # the 违法行为发生日期 the facts state
    workplace = rng.choice([i for i in insts if i.license_no])
    facts = violation.facts.format(addr=make.address(town), day=f"{acted:%Y年%-m月%-d日}",
                                   gain=gain, person=make.person_name(), inst=workplace.name)  # fmt: skip
    # How far the case has got, with realistic gaps between the steps.
    age = (today - filed).days
    stage = rng.random()
    if age > 120 and stage <= 0.3 and rng.random() < 0.9:
        # An office decides within the 90-day limit: only a few old cases are still open.
        stage = 0.3 + stage * 2
    notified = decided = served = closed = paid = published = None
    ended = filed + timedelta(days=rng.randint(10, 30)) if age > 30 and stage > 0.1 else None
    if violation.undecided:
        notified = ended = None  # investigated, then 移送 or waiting: never decided here
    if ended and ended < today and stage > 0.2:
        # No document after the demo's today: a later day is today (a date, not a draw, is
        # changed, so every other case keeps its random steps).
        notified = min(ended + timedelta(days=rng.randint(1, 5)), today)
    if notified and notified + timedelta(days=10) < today and stage > 0.3:
        decided = min(notified + timedelta(days=rng.randint(6, 20)), today)
    if decided and decided < today - timedelta(days=3):
        served = decided + timedelta(days=rng.randint(0, 3))
        published = min(decided + timedelta(days=rng.randint(1, 7)), today)
    if served and served < today - timedelta(days=20) and stage > 0.35:
        paid = served + timedelta(days=rng.randint(3, 14))
        closed = paid + timedelta(days=rng.randint(1, 10))
        if closed > today:
            closed = None
    no_penalty = bool(decided) and rng.random() < 0.05
    transfer = bool(decided) and violation.party == UNLICENSED and rng.random() < 0.15
    penalised = bool(decided) and not no_penalty and not transfer
    heavier = violation.heavier if penalised and rng.random() < 0.15 else None
    low, high = heavier.fine_yuan if heavier else violation.fine_yuan
    fine = _fine(rng, low, high) if penalised and high else 0
    if violation.code == "YLJG-01" and fine:  # 违法所得五倍至二十倍, 不足一万元按一万元计
        counted = max(gain, 10000)
        fine = rng.randrange(5 * counted, 20 * counted + 1, 1000) * 100
    ordered = acted - timedelta(days=rng.randint(10, 20)) if heavier else None
    if heavier:
        facts += heavier.facts.format(ordered=f"{ordered:%Y年%-m月%-d日}")
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
        provision_code=violation.code,
        penalty_tier_condition=heavier.condition if heavier else "",
        correction_ordered_on=ordered,
        warning=penalised and (heavier.warning if heavier else violation.warning),
        fine_fen=fine,
        confiscation_fen=gain * 100 if penalised and violation.confiscate and not heavier else 0,
        confiscated_items=goods_items(violation.goods, gain) if penalised else (),
        order_correction=bool(decided) and not transfer,
        suspension=penalised and violation.suspension and not heavier,
        revocation=bool(heavier and heavier.revocation),
        judicial_transfer=transfer,
        no_penalty=no_penalty,
        # 第三十三条第一款: the demo's 不予处罚 cases were minor and corrected, some a first offence.
        no_penalty_ground=(NO_PENALTY_GROUNDS[index % 2] if no_penalty else None),
        transfer_organ=POLICE if transfer else "",
        transferred_on=decided if transfer else None,
        transfer_reason=CRIME_REASON if transfer else "",
        accepted_on=filed - timedelta(days=rng.randint(0, 5)),
        inquired_on=inquiry_day(filed, ended),
        deliberated_on=ended,
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


def inquiry_day(filed: date, ended: date | None) -> date | None:
    """The demo's 询问: three days after 立案, never after the investigation ended."""
    return None if ended is None else min(filed + timedelta(days=3), ended)


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
    # The 听证通知书 goes out the day after the request, 25 days (at least seven working days,
    # 行政处罚法 第六十四条第二项、第八十五条, whatever the holidays) before the hearing.
    StagedCase(2, InstitutionKind.COSMETIC_HOSPITAL, 1, filed=110, ended=92, notified=90,
               hearing_notified=90, statement=62, decided=55, served=53, paid=30,
               fine_yuan=100000, gain_yuan=4200),
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
                                   gain=staged.gain_yuan, person="", inst="")  # fmt: skip
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
        provision_code=violation.code,
        warning=decided is not None and violation.warning,
        suspension=decided is not None and violation.suspension,
        fine_fen=staged.fine_yuan * 100,
        confiscation_fen=staged.gain_yuan * 100 if decided and violation.confiscate else 0,
        order_correction=decided is not None,
        accepted_on=filed - timedelta(days=2),
        inquired_on=inquiry_day(filed, day(staged.ended)),
        deliberated_on=day(staged.ended),
        investigation_ended_on=day(staged.ended),
        notified_on=day(staged.notified),
        hearing_notified_on=day(staged.hearing_notified),
        statement_on=day(staged.statement),
        decided_on=decided,
        served_on=day(staged.served),
        paid_on=day(staged.paid),
        published_on=None if decided is None else decided + timedelta(days=3),
        handler="、".join(o.name for o in officers[2 * index : 2 * index + 2]),
        **_staged_rights(staged, day, officers[-1].name),
    )


def _staged_rights(staged: StagedCase, day: Callable[[int | None], date | None],
                   host: str) -> dict[str, Any]:  # fmt: skip
    """What the party said, the hearing it asked for and the office's 复核 (行政处罚法 第四十五条、
    第六十四条): a staged case with a statement has them, a decided one the 复核 too."""
    if staged.statement is None:
        return {}
    decided = staged.decided is not None
    if staged.hearing_notified is not None:
        return {
            "hearing_requested_on": day(staged.notified - 2),
            "hearing_summoned_on": day(staged.notified - 3),
            "hearing_on": day(staged.statement),
            "hearing_place": "青溪区卫生健康委员会听证室",
            "hearing_host": host,
            "hearing_outcome": "当事人对违法事实无异议，请求减轻罚款，但未提出法定减轻情节；"
            "听证主持人建议维持拟作出的行政处罚",
            "statement_summary": "当事人称违法所得已全部退还顾客，请求减轻罚款",
            "review_result": ReviewResult.REJECTED if decided else None,
            "review_reason": "退还违法所得不属于法定从轻、减轻情节，违法事实清楚" if decided else "",
        }
    return {
        "statement_summary": "当事人称系员工个人行为，机构不知情",
        "review_result": ReviewResult.REJECTED if decided else None,
        "review_reason": "员工在机构场所以机构名义开展诊疗活动，责任由机构承担" if decided else "",
    }
