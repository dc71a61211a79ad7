"""The hostile-input corpus: each entry gives a clear Chinese error and changes no stored data."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_corpus import HOSTILE_TEXT, TEMPLATES_DIR, Bases, Hostile, corpus
from trust_fixtures import case_input

from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.common.xlsx_safety import clean_text
from desktop.paths import file_store_dir
from desktop.trust.crypto import export_key
from desktop.trust.file_store import FileStore

CORPUS = corpus()
KEY_PASSPHRASE = "语料库口令-2026"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _snapshot(folder: Path) -> tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Every row of every table, every data file, and what sits beside the data folder."""
    connection = sqlite3.connect(f"file:{folder / 'casedesk.db'}?mode=ro", uri=True)
    digest = hashlib.sha256()
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    finally:
        connection.close()
    files = tuple(
        (p.relative_to(folder).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("casedesk.db")
    )
    return digest.hexdigest(), files, tuple(sorted(p.name for p in folder.parent.iterdir()))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Bases]]:
    """A data folder with records, a stored file, a locked case; plus a valid backup and key."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "data"
    ctx = build_context(str(folder))
    ctx.cases.create(case_input("青卫医案〔2026〕1号"))
    ctx.cases.create(case_input("青卫医案〔2026〕2号", closed_on=None))
    FileStore(file_store_dir(folder)).put(b"evidence scan")
    spare = root / "spare"
    backup = ctx.backups.backup(spare / "valid.zip").path.read_bytes()
    export_key(ctx.engine, ctx.cipher, spare / "valid.key", KEY_PASSPHRASE)
    key = (spare / "valid.key").read_bytes()
    ctx.close()
    yield folder, Bases(backup_zip=backup, key_file=key)


def _invoke(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as exit_:  # argparse usage errors
        return int(exit_.code or 0)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=e.known_gap))
        if e.known_gap
        else e
        for e in CORPUS
    ],
    ids=[e.id for e in CORPUS],
)
def test_hostile_input_is_refused_clearly_and_changes_nothing(
    entry: Hostile,
    office: tuple[Path, Bases],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    folder, bases = office
    monkeypatch.setenv("CORPUS_KEY_PASSPHRASE", KEY_PASSPHRASE)
    path = tmp_path / f"输入{entry.suffix}"
    if entry.suffix == ".dir":  # a copy of the shipped templates with some files replaced
        shutil.copytree(TEMPLATES_DIR, path)
        with zipfile.ZipFile(io.BytesIO(entry.make(bases))) as replaced:
            for name in replaced.namelist():
                (path / name).write_bytes(replaced.read(name))
    elif entry.suffix:
        path.write_bytes(entry.make(bases))
    before = _snapshot(folder)
    capfd.readouterr()
    code = _invoke(
        ["--data-dir", str(folder), *[a.replace("{file}", str(path)) for a in entry.command]]
    )
    out, err = capfd.readouterr()
    assert code != 0, out
    assert _CJK.search(err or out), err
    assert "Traceback" not in err + out
    assert _snapshot(folder) == before


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 200
    assert {e.id.split("-")[0] for e in CORPUS} >= {
        "institutions",
        "cases",
        "calendar",
        "restore",
        "key",
        "argv",
    }


def test_a_file_locked_by_word_or_excel_is_reported(
    office: tuple[Path, Bases],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    folder, _bases = office
    locked = tmp_path / "机构名录.xlsx"
    locked.write_bytes(b"PK")

    def sharing_violation(*_args: object, **_kwargs: object) -> None:
        # What Windows raises while Excel/WPS has the file open.
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(locked))

    monkeypatch.setattr("desktop.common.xlsx_reading.load_workbook", sharing_violation)
    before = _snapshot(folder)
    assert _invoke(["--data-dir", str(folder), "import", "institutions", str(locked)]) == 1
    assert "文件被占用" in capfd.readouterr().err
    assert _snapshot(folder) == before


def test_an_unreadable_backup_is_reported(
    office: tuple[Path, Bases],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    folder, bases = office
    archive = tmp_path / "备份.zip"
    archive.write_bytes(bases.backup_zip)

    def sharing_violation(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(archive))

    monkeypatch.setattr("desktop.trust.restore.zipfile.ZipFile", sharing_violation)
    before = _snapshot(folder)
    assert _invoke(["--data-dir", str(folder), "restore", str(archive)]) == 1
    assert "文件被占用或没有权限" in capfd.readouterr().err
    assert _snapshot(folder) == before


def test_xml_special_characters_are_data_not_errors(ctx: AppContext) -> None:
    tricky = "A&B <医疗美容> \"诊所\" 'x' ]]> &amp; \u00a0—“引号”"
    case_id = ctx.cases.create(case_input(facts=tricky, cause=tricky[:60]))
    assert ctx.cases.get(case_id).facts == tricky


def test_exported_cells_never_become_formulas(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    from desktop.common.xlsx_safety import append_row

    values: list[object] = [*[v for v in HOSTILE_TEXT.values() if isinstance(v, str)], 12, None]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    append_row(sheet, ["名称"] * len(values))
    append_row(sheet, values)
    book.save(tmp_path / "export.xlsx")
    read = load_workbook(tmp_path / "export.xlsx").active
    assert read is not None
    cells = next(iter(read.iter_rows(min_row=2, values_only=False)))
    for cell, value in zip(cells, values, strict=True):
        assert cell.data_type != "f", cell.value
        if isinstance(value, str):
            assert cell.value == clean_text(value)
