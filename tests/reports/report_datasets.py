"""Hand-built data sets for the annex tests, shared by the SQLite and PostgreSQL runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from database.models import (
    CampaignCategory,
    Case,
    CaseSource,
    CauseCategory,
    Complaint,
    Inspection,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    PartyType,
)
from database.models import CampaignCategory as G
from database.models import CaseSource as S
from database.models import CauseCategory as C
from database.models import InstitutionKind as K
from desktop.app import AppContext

START, END = date(2026, 3, 1), date(2026, 3, 31)
JUNE = (date(2026, 6, 1), date(2026, 6, 30))
SEPT = (date(2026, 9, 1), date(2026, 9, 30))
PERIOD = (date(2026, 5, 1), date(2026, 5, 31))


class Records:
    """Adds rows in one session; call done() to commit."""

    def __init__(self, ctx: AppContext) -> None:
        self._uow = ctx.uow_factory()
        self._uow.__enter__()
        self.session = self._uow.session

    def institution(
        self,
        name: str,
        kind: InstitutionKind,
        *,
        status: InstitutionStatus = InstitutionStatus.ACTIVE,
        cosmetic_filed: bool = False,
        credit_grade: str = "",
        address: str = "",
    ) -> Institution:
        inst = Institution(
            name=name,
            kind=kind,
            status=status,
            cosmetic_filed=cosmetic_filed,
            credit_grade=credit_grade,
            address=address,
        )
        self.session.add(inst)
        self.session.flush()
        return inst

    def inspect(
        self, inst: Institution, on: date, *, revisit: bool = False, again: bool | None = None
    ) -> Inspection:
        row = Inspection(
            institution_id=inst.id, inspected_on=on, is_revisit=revisit, illegal_again=again
        )
        self.session.add(row)
        self.session.flush()
        return row

    def case(
        self,
        party: Institution | str,
        *,
        filed: date,
        source: CaseSource = CaseSource.ROUTINE,
        cause_category: CauseCategory = CauseCategory.OTHER,
        campaign: CampaignCategory | None = None,
        party_kind: InstitutionKind | None = None,
        **fields: Any,
    ) -> Case:
        is_inst = isinstance(party, Institution)
        row = Case(
            case_no=f"测卫医案〔2026〕{self.session.scalar(select(func.count(Case.id))) + 1}号",
            source=source,
            cause_category=cause_category,
            campaign_category=campaign,
            party_type=PartyType.ORGANISATION if is_inst else PartyType.PERSON,
            institution_id=party.id if is_inst else None,
            party_name=party.name if is_inst else party,
            party_kind=party.kind if is_inst else party_kind,
            cause=fields.pop("cause", "未取得资质开展医疗美容"),
            filed_on=filed,
            **fields,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def complaint(self, received: date, **fields: Any) -> Complaint:
        row = Complaint(received_on=received, content="举报非法医疗美容", **fields)
        self.session.add(row)
        self.session.flush()
        return row

    def done(self) -> None:
        self._uow.commit()
        self.close()

    def close(self) -> None:
        if self._uow._session is not None:
            self._uow.__exit__(None, None, None)


def annex1_data(r: Records) -> None:
    """附表1 district for March 2026 (see test_reports_annex1 for the stated answers)."""
    l1 = r.institution("青溪丽人美容店", K.LIFE_BEAUTY)
    r.institution("青溪已注销美容店", K.LIFE_BEAUTY, status=InstitutionStatus.CANCELLED)
    c1 = r.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    c2 = r.institution(
        "青溪雅美医疗美容诊所", K.COSMETIC_CLINIC, status=InstitutionStatus.SUSPENDED
    )
    o1 = r.institution("青溪仁和医院", K.OTHER_MEDICAL, cosmetic_filed=True)
    o2 = r.institution("青溪社区卫生服务中心", K.OTHER_MEDICAL)
    u1 = r.institution("北塘无名工作室", K.UNLICENSED)
    c3 = r.institution("青溪医疗美容医院", K.COSMETIC_HOSPITAL)
    r.inspect(l1, date(2026, 3, 10))
    r.inspect(c1, date(2026, 3, 31))
    r.inspect(c1, date(2026, 3, 15))
    r.inspect(c3, date(2026, 2, 28))  # before the period
    r.inspect(o2, date(2026, 3, 12))  # not a 医疗美容 institution
    # K1: 随机抽查 counts under 日常监督检查; filed on the first day, closed on the last; 分 amounts.
    r.case(
        c1,
        filed=START,
        source=S.RANDOM,
        cause_category=C.PERSONNEL,
        decided_on=date(2026, 3, 20),
        closed_on=END,
        warning=True,
        fine_fen=1_234_567,
        confiscation_fen=50,
    )
    # K2: 责令改正 alone is no penalty; filed before the period.
    r.case(
        o1,
        filed=date(2026, 2, 28),
        source=S.COMPLAINT,
        cause_category=C.QUALIFICATION,
        decided_on=date(2026, 3, 5),
        order_correction=True,
    )
    # K3: 专项检查 filed on the last day, decided after the period: its amount does not count.
    r.case(
        c2,
        filed=END,
        source=S.SPECIAL,
        cause_category=C.TECHNOLOGY,
        decided_on=date(2026, 4, 1),
        fine_fen=100_000,
    )
    # K4: transfer to the judiciary without penalty, closed in the period.
    r.case(
        c3,
        filed=date(2026, 1, 10),
        source=S.SUPERIOR,
        cause_category=C.DRUGS,
        decided_on=date(2026, 3, 10),
        closed_on=date(2026, 3, 15),
        judicial_transfer=True,
    )
    # K5: decided but not closed.
    r.case(
        l1,
        filed=date(2026, 3, 2),
        source=S.ROUTINE,
        cause_category=C.QUALIFICATION,
        decided_on=date(2026, 3, 25),
        fine_fen=50_000,
    )
    # K6: a 个人 party of a 生活美容 venue: counts in the row, not as a 单位.
    r.case(
        "张某",
        party_kind=K.LIFE_BEAUTY,
        filed=date(2026, 3, 15),
        source=S.COMPLAINT,
        cause_category=C.OTHER,
        decided_on=date(2026, 3, 16),
        fine_fen=20_000,
        confiscation_fen=1,
    )
    # K7: an unlicensed venue is in neither row.
    r.case(
        u1, filed=date(2026, 3, 3), source=S.COMPLAINT, decided_on=date(2026, 3, 4), fine_fen=9_900
    )
    # K8: 其他部门移送 has no source column but counts under its 案由.
    r.case(
        c1,
        filed=date(2026, 3, 10),
        source=S.TRANSFER,
        cause_category=C.QUALITY,
        decided_on=date(2026, 3, 11),
        warning=True,
    )
    # K9: revocation decided on the last day; closed after the period.
    r.case(
        c2,
        filed=date(2026, 1, 5),
        source=S.SUPERIOR,
        cause_category=C.TECHNOLOGY,
        decided_on=END,
        closed_on=date(2026, 4, 2),
        revocation=True,
    )
    r.done()


def annex2_data(r: Records) -> None:
    """附表2 district for June 2026."""
    u1 = r.institution("北塘无名工作室", K.UNLICENSED, address="北塘镇滨江路1号")
    u2 = r.institution("南岗无名工作室", K.UNLICENSED)
    u3 = r.institution("东湖无名工作室", K.UNLICENSED)
    c1 = r.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    r.inspect(u1, JUNE[0], revisit=True, again=True)
    r.inspect(u1, date(2026, 6, 20), revisit=True, again=True)  # same venue: one 户
    r.inspect(u2, JUNE[1], revisit=True, again=False)
    r.inspect(u3, date(2026, 5, 31), revisit=True, again=True)  # before the period
    r.case(
        u1,
        filed=date(2026, 5, 2),
        decided_on=JUNE[0],
        warning=True,
        fine_fen=1_234_500,
        cause="未取得医疗机构执业许可证擅自执业",
    )
    r.case(
        "李某",
        campaign=G.UNLICENSED_PRACTICE,
        filed=date(2026, 6, 2),
        decided_on=JUNE[1],
        fine_fen=1,
        confiscation_fen=99,
        judicial_transfer=True,
        party_address="南岗路8号",
        cause="非医师行医",
    )
    # A transfer without penalty: counts as 移送 but not as a 行政处罚户(人)次.
    r.case(
        "王某",
        campaign=G.UNLICENSED_PRACTICE,
        filed=date(2026, 6, 3),
        decided_on=date(2026, 6, 15),
        judicial_transfer=True,
    )
    r.case(u1, filed=date(2026, 6, 5), decided_on=date(2026, 7, 1), fine_fen=500_000)  # after
    r.case(c1, filed=date(2026, 6, 5), decided_on=date(2026, 6, 10), fine_fen=700_000)  # licensed
    r.done()


def shanxi_data(r: Records) -> None:
    """山西附件1 district for September 2026."""
    u1 = r.institution("北塘无名工作室", K.UNLICENSED)
    l1 = r.institution("青溪丽人美容店", K.LIFE_BEAUTY, credit_grade="甲")
    c1 = r.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT, credit_grade="A")
    c2 = r.institution(
        "青溪雅美医疗美容诊所",
        K.COSMETIC_CLINIC,
        status=InstitutionStatus.CANCELLED,
        credit_grade="B",
    )
    c3 = r.institution("青溪医疗美容医院", K.COSMETIC_HOSPITAL)
    r.institution("青溪仁和医院", K.OTHER_MEDICAL, cosmetic_filed=True)
    r.inspect(u1, SEPT[0])
    r.inspect(l1, SEPT[1])
    r.inspect(c1, date(2026, 9, 9))
    s1 = r.case(
        u1,
        campaign=G.UNLICENSED_PRACTICE,
        filed=SEPT[0],
        decided_on=date(2026, 9, 10),
        warning=True,
        order_correction=True,
        fine_fen=300_000,
    )
    r.case(
        "张某",
        campaign=G.UNLICENSED_PRACTICE,
        filed=SEPT[1],
        decided_on=SEPT[1],
        fine_fen=5_000,
        confiscation_fen=123_456,
        judicial_transfer=True,
    )
    s4 = r.case(
        c1,
        campaign=G.MEDICAL_INSTITUTION,
        filed=date(2026, 8, 31),
        decided_on=date(2026, 9, 5),
        suspension=True,
        fine_fen=1_000_000,
    )
    r.case(
        c1,
        campaign=G.MEDICAL_INSTITUTION,
        filed=date(2026, 9, 2),
        decided_on=date(2026, 9, 20),
        suspension=True,
    )
    r.case(c2, campaign=G.DRUGS, filed=date(2026, 9, 3))
    r.case(
        c3,
        campaign=G.ADVERTISING,
        filed=date(2026, 9, 4),
        decided_on=date(2026, 10, 1),
        fine_fen=200_000,
    )
    s8 = r.case(
        "王某",
        campaign=G.DELIVERY,
        filed=date(2026, 9, 5),
        decided_on=date(2026, 9, 6),
        order_correction=True,
    )
    r.case(c3, filed=date(2026, 9, 7), decided_on=date(2026, 9, 8), fine_fen=1)  # no category
    r.complaint(
        SEPT[0],
        closed_on=date(2026, 9, 10),
        replied_on=date(2026, 9, 11),
        reporter_satisfied=True,
        case_id=s1.id,
    )
    r.complaint(SEPT[1])
    r.complaint(
        date(2026, 8, 20),
        closed_on=date(2026, 9, 2),
        replied_on=date(2026, 9, 3),
        reporter_satisfied=False,
        case_id=s4.id,
    )
    r.complaint(
        date(2026, 9, 15),
        closed_on=date(2026, 10, 2),
        replied_on=date(2026, 10, 3),
        reporter_satisfied=True,
        case_id=s8.id,
    )
    r.done()


def typical_data(r: Records) -> None:
    """Typical cases for May 2026."""
    c1 = r.institution("青溪美莱医疗美容门诊部", K.COSMETIC_OUTPATIENT)
    r.case(
        c1,
        filed=date(2026, 4, 1),
        decided_on=date(2026, 5, 6),
        is_typical=True,
        cause="超范围开展二级手术项目",
        order_correction=True,
        fine_fen=2_000_050,
        facts="当事人在诊室提供隆胸相关手术咨询和设计，不具备条件开展隆胸",
        violated_provisions="《医疗美容服务管理办法》第十七条",
        penalty_basis="《医疗机构管理条例实施细则》第八十条",
    )
    r.case(
        '=HYPERLINK("http://x")',
        filed=date(2026, 4, 2),
        decided_on=PERIOD[1],
        is_typical=True,
        cause="非医师行医",
        warning=True,
        violated_provisions="《中华人民共和国医师法》第十三条",
        penalty_basis="依据《中华人民共和国医师法》第五十九条",
    )
    r.case(c1, filed=date(2026, 4, 3), decided_on=date(2026, 6, 1), is_typical=True)  # after
    r.case(c1, filed=date(2026, 4, 4), decided_on=date(2026, 5, 9))  # not typical
    r.done()
