"""A small hand-made district for the inspection tests: institutions, officers, one conflict."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from database.models import (
    Institution,
    InstitutionKind,
    InstitutionStatus,
    Officer,
    OfficerConflict,
    OfficeSetting,
)
from desktop.app import AppContext


@dataclass(frozen=True)
class District:
    """Ids of what the fixture created."""

    cosmetic: list[int]  # 医疗美容 institutions (incl. one 其他医疗机构 with a filing)
    others: list[int]  # life beauty, unlicensed, cancelled, other medical without filing
    unlicensed: list[int]
    officers: list[int]
    conflicted_officer: int
    conflicted_institution: int


@pytest.fixture
def district(ctx: AppContext) -> District:
    """37 医疗美容 institutions and a few others; 6 officers, one declaring a conflict."""
    with ctx.uow_factory() as uow:
        s = uow.session
        s.merge(OfficeSetting(key="short_name", value="青"))
        kinds = [InstitutionKind.COSMETIC_OUTPATIENT, InstitutionKind.COSMETIC_CLINIC,
                 InstitutionKind.COSMETIC_HOSPITAL]  # fmt: skip
        cosmetic = [
            Institution(name=f"测试{n:02d}医疗美容机构", kind=kinds[n % 3], town="城关街道",
                        address=f"测试路{n}号")
            for n in range(36)
        ]  # fmt: skip
        cosmetic.append(
            Institution(name="测试人民医院", kind=InstitutionKind.OTHER_MEDICAL,
                        cosmetic_filed=True, town="东湖街道")
        )  # fmt: skip
        unlicensed = [
            Institution(name=f"无名美容工作室{n}", kind=InstitutionKind.UNLICENSED, town="南港镇",
                        address=f"南港镇滨江路{n}号")
            for n in range(3)
        ]  # fmt: skip
        others = [
            Institution(name="测试美容美体店", kind=InstitutionKind.LIFE_BEAUTY, town="城关街道"),
            Institution(name="测试中医医院", kind=InstitutionKind.OTHER_MEDICAL, town="城关街道"),
            Institution(name="已注销医疗美容诊所", kind=InstitutionKind.COSMETIC_CLINIC,
                        status=InstitutionStatus.CANCELLED, town="城关街道"),
            *unlicensed,
        ]  # fmt: skip
        officers = [
            Officer(name=f"执法员{n}", badge_no=f"ZJ3399012026{n:04d}", department="监督科")
            for n in range(6)
        ]
        s.add_all([*cosmetic, *others, *officers])
        s.flush()
        s.add(OfficerConflict(officer_id=officers[0].id, institution_id=cosmetic[0].id,
                              reason="配偶在该机构任职"))  # fmt: skip
        uow.commit()
        return District(
            cosmetic=[i.id for i in cosmetic],
            others=[i.id for i in others],
            unlicensed=[i.id for i in unlicensed],
            officers=[o.id for o in officers],
            conflicted_officer=officers[0].id,
            conflicted_institution=cosmetic[0].id,
        )
