"""Issue 16: hostile inputs beyond the corpus. A refused one gives its exact Chinese message,
a non-zero exit and no traceback, and leaves every table and file as it was (nothing
half-imported); an accepted one stores the value the clerk meant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_inputs_more import Accepted, Refused, accepted, refused
from test_trust_hostile import _snapshot
from trust_fixtures import case_input

from database.models import InstitutionKind
from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.records.institutions import InstitutionInput

REFUSED = refused()
ACCEPTED = accepted()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder with an institution (id 1) and two cases, one closed and locked."""
    folder = tmp_path_factory.mktemp("more") / "data"
    ctx = build_context(str(folder))
    ctx.institutions.create(
        InstitutionInput(name="青溪语料诊所", kind=InstitutionKind.COSMETIC_CLINIC)
    )
    ctx.cases.create(case_input("青卫医案〔2026〕1号"))
    ctx.cases.create(case_input("青卫医案〔2026〕2号", closed_on=None))
    ctx.close()
    yield folder


def _run(folder: Path, entry: Refused | Accepted, tmp_path: Path) -> int:
    """Run the entry's command on its file; the exit status."""
    path = tmp_path / f"输入{entry.suffix}"
    if entry.suffix:
        path.write_bytes(entry.make())
    argv = ["--data-dir", str(folder), *[a.replace("{file}", str(path)) for a in entry.command]]
    try:
        return run(argv)
    except SystemExit as exit_:  # argparse usage errors
        return int(exit_.code or 0)


def test_there_are_at_least_25_new_hostile_inputs() -> None:
    ids = [e.id for e in [*REFUSED, *ACCEPTED]]
    assert len(ids) == len(set(ids)) and len(ids) >= 25


@pytest.mark.parametrize("entry", REFUSED, ids=[e.id for e in REFUSED])
def test_hostile_input_is_refused_with_its_message_and_changes_nothing(
    entry: Refused, office: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(office)
    capfd.readouterr()
    code = _run(office, entry, tmp_path)
    out, err = capfd.readouterr()
    assert code == 1, out + err
    assert entry.message in err, err
    assert "Traceback" not in out + err
    assert _snapshot(office) == before


@pytest.mark.parametrize("entry", ACCEPTED, ids=[e.id for e in ACCEPTED])
def test_hostile_input_is_read_as_the_clerk_meant(
    entry: Accepted, ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code = _run(ctx.data_dir, entry, tmp_path)
    out, err = capfd.readouterr()
    assert code == 0, err
    assert out.startswith("导入完成：新增")
    entry.check(ctx)
