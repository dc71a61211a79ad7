"""The demo district's registers: fictional names, addresses, 统一社会信用代码 and 身份证号 with valid
check digits, and the institutions, staff and 执法人员 made from them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from database.models import (
    CosmeticProject,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    InstitutionSubject,
    Officer,
    Staff,
    StaffRole,
)
from forms.validators import CREDIT_CODE_CHARSET, id_number_check_char, make_credit_code

TOWNS = ("城关街道", "东湖街道", "西园街道", "南港镇", "北塘镇", "白沙镇", "桃源镇", "青山镇")


#: Fictional administrative division code used in demo 统一社会信用代码 and 身份证号.
REGION = "339901"


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


class Maker:
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


def make_institutions(make: Maker) -> list[Institution]:
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
            inst.staff = [make_staff(make) for _ in range(rng.randint(3, 7))]
        result.append(inst)
    return result


def make_staff(make: Maker) -> Staff:
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


def make_officers(make: Maker) -> list[Officer]:
    departments = ("医疗卫生监督科", "医疗卫生监督科", "稽查科", "综合监督科")
    return [
        Officer(name=make.person_name(), badge_no=f"ZJ{REGION}{2020 + i % 5}{i + 1:04d}",
                department=departments[i % len(departments)], phone=make.phone())
        for i in range(12)
    ]  # fmt: skip
