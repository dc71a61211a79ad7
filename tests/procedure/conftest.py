"""Fixtures of the scenario suite: the district set up once through the command line, a private
copy and a desk per test, and the catalogue's terms the scenarios rely on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from procedure_desk import Desk, set_up_district

from database.models import LegalProvision


@pytest.fixture(scope="session")
def district_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The district set up once; each test copies it."""
    folder = tmp_path_factory.mktemp("procedure-district")
    set_up_district(folder)
    return folder


@pytest.fixture
def desk(
    district_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[Desk]:
    """A private copy of the district and an output folder."""
    data = tmp_path / "district"
    shutil.copytree(district_template, data)
    out = tmp_path / "out"
    out.mkdir()
    yield Desk(data, capsys, out)


#: Whose the provisions are, until the catalogue (issue 21) says so itself.
AUTHORITIES = {"YP-": "药品监管", "QX-": "药品监管"}
#: What the catalogue will make mandatory for 无证行医 (基本医疗卫生与健康促进法 第九十九条第一款).
MANDATORY = {"YLJG-01": "责令停止执业活动、没收违法所得、罚款"}


@pytest.fixture
def catalogue_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue's authority and mandatory kinds for the provisions the scenarios use,
    added only where the catalogue does not have them yet (it wins once merged)."""
    if not hasattr(LegalProvision, "authority"):
        monkeypatch.setattr(LegalProvision, "authority", property(
            lambda p: next((a for prefix, a in AUTHORITIES.items() if p.code.startswith(prefix)),
                           "卫生健康")), raising=False)  # fmt: skip
    if not hasattr(LegalProvision, "mandatory_kinds"):
        monkeypatch.setattr(LegalProvision, "mandatory_kinds",
                            property(lambda p: MANDATORY.get(p.code, "")), raising=False)  # fmt: skip
