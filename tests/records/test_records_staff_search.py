"""Search of 机构人员 across institutions: by name, 执业证书编号 or the exact 身份证号."""

from __future__ import annotations

import json

import pytest

from database.models import InstitutionKind, StaffRole
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.records.institutions import InstitutionInput
from desktop.records.staff import StaffInput
from forms.validators import id_number_check_char, make_credit_code


def _id_number(first17: str) -> str:
    return first17 + id_number_check_char(first17)


ZHOU_ID = _id_number("33990119850612002")
WU_ID = _id_number("33990119900305004")


@pytest.fixture
def staffed(ctx: AppContext) -> dict[str, int]:
    """Two institutions with three staff members; name → staff id."""
    clinic = ctx.institutions.create(
        InstitutionInput(name="青溪悦容医疗美容门诊部", kind=InstitutionKind.COSMETIC_OUTPATIENT,
                         credit_code=make_credit_code("91339901MA2B3C4D"))
    )  # fmt: skip
    hospital = ctx.institutions.create(
        InstitutionInput(name="青溪区人民医院", kind=InstitutionKind.OTHER_MEDICAL)
    )
    return {
        "周敏": ctx.staff.add(clinic, StaffInput(name="周敏", role=StaffRole.DOCTOR, id_number=ZHOU_ID,
                                                certificate_no="110330000012345")),
        "周晓雯": ctx.staff.add(hospital, StaffInput(name="周晓雯", role=StaffRole.NURSE,
                                                  certificate_no="202233001234")),
        "吴刚": ctx.staff.add(hospital, StaffInput(name="吴刚", role=StaffRole.DOCTOR, id_number=WU_ID,
                                                certificate_no="110330000067890")),
    }  # fmt: skip


def test_search_by_name_certificate_and_id_number(ctx: AppContext, staffed: dict[str, int]) -> None:
    by_name = ctx.staff.search("周")
    assert [(r.name, r.role, r.institution_name) for r in by_name] == [
        ("周敏", "医师", "青溪悦容医疗美容门诊部"),
        ("周晓雯", "护士", "青溪区人民医院"),
    ]
    assert [r.id for r in ctx.staff.search("0000678")] == [staffed["吴刚"]]
    # The 身份证号 is encrypted: found exactly (any case, spaces around), never by a part of it.
    assert [r.id for r in ctx.staff.search(f" {ZHOU_ID.lower()} ")] == [staffed["周敏"]]
    assert ctx.staff.search(ZHOU_ID[:10]) == []
    assert ctx.staff.search("没有这个人") == []
    assert len(ctx.staff.search("")) == 3
    assert len(ctx.staff.search("", limit=2)) == 2
    # An institution's own list carries its name too.
    [row] = ctx.staff.list(ctx.staff.search("周敏")[0].institution_id)
    assert (row.name, row.institution_name) == ("周敏", "青溪悦容医疗美容门诊部")


def test_cli_list_staff(
    ctx: AppContext, staffed: dict[str, int], capfd: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(ctx.data_dir)]
    if ctx.engine.dialect.name != "sqlite":
        args += ["--db", ctx.engine.url.render_as_string(hide_password=False)]
    assert run([*args, "list", "staff", "--search", WU_ID, "--json"]) == 0
    [found] = json.loads(capfd.readouterr().out)
    assert found == {
        "id": staffed["吴刚"],
        "institution_id": found["institution_id"],
        "name": "吴刚",
        "role": "医师",
        "certificate_no": "110330000067890",
        "chief_cosmetic_doctor": False,
        "registration_valid_until": None,
        "institution_name": "青溪区人民医院",
    }
    assert WU_ID not in json.dumps(found)  # the 身份证号 itself is never printed
    assert run([*args, "list", "staff", "--search", "周"]) == 0
    lines = capfd.readouterr().out.splitlines()
    assert [line.split("\t")[1:] for line in lines] == [
        ["周敏", "医师", "110330000012345", "青溪悦容医疗美容门诊部"],
        ["周晓雯", "护士", "202233001234", "青溪区人民医院"],
    ]
