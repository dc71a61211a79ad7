"""Fixtures of the scenario suite: the district set up once through the command line, a private
copy and a desk per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from procedure_desk import Desk, set_up_district


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
