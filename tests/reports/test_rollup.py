"""The roll-up (issue 20): three demo districts and a hand-filled workbook summed, cell by cell;
a roll-up of roll-ups; the output in the seed's layout with 分单位 and 来源."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from rollup_data import (
    HAND_UNIT,
    PERIOD,
    TABLES,
    District,
    cells_of,
    hand_annex1,
    hand_annex2,
    hand_cells,
    hand_shanxi1,
    load,
    make_districts,
)

from desktop.cli.main import run
from desktop.reports import annex1
from desktop.reports.rollup import render_rollup, roll_up
from desktop.reports.xlsx import FIRST_HEADER_ROW

HANDS = {"annex1": hand_annex1, "annex2": hand_annex2, "shanxi1": hand_shanxi1}


@dataclass(frozen=True)
class Inputs:
    districts: list[District]
    hand: dict[str, Path]
    folder: Path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Inputs]:
    folder = tmp_path_factory.mktemp("rollup")
    districts = make_districts(folder)
    hand = {}
    for name in TABLES:
        hand[name] = folder / f"hand_{name}.xlsx"
        HANDS[name](districts[0].xlsx[name], hand[name])
    yield Inputs(districts, hand, folder)


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


def _independent_sum(
    inputs: Inputs, name: str
) -> tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]]:
    """Each district's JSON export plus the numbers typed by hand, added up here."""
    rows: dict[str, dict[str, Decimal]] = {}
    footer: dict[str, Decimal] = {}
    hand_rows, hand_footer, _ = hand_cells(name)
    sources = [cells_of(load(d.json[name])) for d in inputs.districts] + [hand_rows]
    for cells in sources:
        for label, values in cells.items():
            for key, value in values.items():
                rows.setdefault(label, {})[key] = rows.get(label, {}).get(key, 0) + _number(value)
    for data in [load(d.json[name])["footer"] for d in inputs.districts] + [hand_footer]:
        for key, value in data.items():
            footer[key] = footer.get(key, 0) + _number(value)
    return rows, footer


def _inputs_of(inputs: Inputs, name: str) -> list[Path]:
    """District 1 as JSON, districts 2 and 3 as casedesk XLSX, and the hand-filled workbook."""
    d = inputs.districts
    return [d[0].json[name], d[1].xlsx[name], d[2].xlsx[name], inputs.hand[name]]


def _accept() -> dict[str, str]:
    return {"结案数大于立案数": "上期立案本期结案", "处罚单位数大于机构数": "被处罚机构已注销"}


@pytest.mark.parametrize("name", TABLES)
def test_rollup_equals_the_independent_sum_cell_by_cell(inputs: Inputs, name: str) -> None:
    rollup = roll_up(name, *PERIOD, _inputs_of(inputs, name), unit="江州市",
                     filled_on=PERIOD[1], accept=_accept())  # fmt: skip
    out = json.loads(render_rollup(rollup, "json"), parse_float=Decimal)
    expected_rows, expected_footer = _independent_sum(inputs, name)
    got = cells_of(out)
    assert set(got) == set(expected_rows)
    for label, cells in expected_rows.items():
        assert set(got[label]) == set(cells), label
        for key, value in cells.items():
            assert _number(got[label][key]) == value, (label, key)
    assert {k: _number(v) for k, v in out["footer"].items()} == expected_footer
    assert [s["unit"] for s in out["sources"]] == ["青溪区", "白沙县", "云岭区", HAND_UNIT]
    assert [u["unit"] for u in out["units"]] == ["青溪区", "白沙县", "云岭区", HAND_UNIT]
    if name == "annex2":
        expected_details = [x for d in inputs.districts for x in load(d.json[name])["details"]]
        assert out["details"] == expected_details + hand_cells(name)[2]
    assert sum(1 for v in expected_rows.values() for x in v.values() if x) > 3  # not all zero


def test_rollup_xlsx_sheets_cell_by_cell_with_sources(inputs: Inputs) -> None:
    """附表1's sum sheet read at the seed layout's own places; 分单位 one row per unit and row;
    来源 with every file's sha256, unit, period and the warnings accepted with their reasons."""
    import hashlib

    paths = _inputs_of(inputs, "annex1")
    rollup = roll_up("annex1", *PERIOD, paths, unit="江州市", filled_on=PERIOD[1], accept=_accept())
    book = openpyxl.load_workbook(io.BytesIO(render_rollup(rollup, "xlsx")))
    assert book.sheetnames[1:] == ["分单位", "来源"]
    ws = book.worksheets[0]
    assert ws["A3"].value == "单位：江州市"
    expected, _ = _independent_sum(inputs, "annex1")
    body = FIRST_HEADER_ROW + 3
    for r, label in enumerate(annex1.ROW_LABELS, start=body):
        assert ws.cell(r, 1).value == label
        for c, column in enumerate(annex1.columns(), start=2):
            assert _number(ws.cell(r, c).value) == expected[label][column.key], (label, column.key)
    by_unit = book["分单位"]
    labels = [by_unit.cell(r, 1).value for r in range(body, body + 8)]
    assert labels[:2] == ["青溪区·生活美容机构", "青溪区·医疗美容机构"]
    assert labels[-1] == f"{HAND_UNIT}·医疗美容机构"
    sources = book["来源"]
    rows = [[c.value for c in row] for row in sources.iter_rows(min_row=4, max_row=7)]
    for row, path in zip(rows, paths, strict=True):
        assert row[1] == path.name
        assert row[2] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert row[4] == "2026-01-01 至 2026-10-31"
    assert [row[3] for row in rows] == ["青溪区", "白沙县", "云岭区", HAND_UNIT]
    accepted = "\n".join(str(row[5] or "") for row in rows)
    for warning in rollup.accepted:
        assert warning.reason in accepted


@pytest.mark.parametrize("name", TABLES)
def test_rollup_of_two_rollups_equals_rollup_of_their_inputs(inputs: Inputs, name: str) -> None:
    paths = _inputs_of(inputs, name)
    folder = inputs.folder / f"two-level-{name}"
    folder.mkdir()
    east = roll_up(name, *PERIOD, paths[:2], unit="东市", filled_on=PERIOD[1], accept=_accept())
    west = roll_up(name, *PERIOD, paths[2:], unit="西市", filled_on=PERIOD[1], accept=_accept())
    (folder / "east.json").write_bytes(render_rollup(east, "json"))
    (folder / "west.xlsx").write_bytes(render_rollup(west, "xlsx"))
    province = roll_up(name, *PERIOD, [folder / "east.json", folder / "west.xlsx"],
                       unit="省", filled_on=PERIOD[1], accept=_accept())  # fmt: skip
    flat = roll_up(name, *PERIOD, paths, unit="省", filled_on=PERIOD[1], accept=_accept())
    top, direct = (
        json.loads(render_rollup(province, "json")),
        json.loads(render_rollup(flat, "json")),
    )
    assert top["rows"] == direct["rows"]
    assert top["footer"] == direct["footer"]
    assert top["details"] == direct["details"]
    assert [s["unit"] for s in top["sources"]] == ["东市", "西市"]


def test_cli_rollup_writes_xlsx_and_refuses_with_the_reason(
    inputs: Inputs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "city")
    paths = [str(p) for p in _inputs_of(inputs, "annex2")]
    base = ["--data-dir", data, "rollup", "annex2", "--from", "2026-01-01", "--to", "2026-10-31"]
    out = tmp_path / "city.xlsx"
    assert run([*base, *paths, "--out", str(out), "--unit", "江州市"]) == 0
    assert "已汇总 4 个单位" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[1:] == ["分单位", "来源"]
    assert run([*base, paths[0], "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "单位：汇总表的单位未填写" in capsys.readouterr().err  # no 所在地区 in this office
    assert run(["--data-dir", data, "office", "set", "所在地区（报表单位）=江州市"]) == 0
    assert run([*base, paths[0], paths[0], "--out", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "错误：未汇总，1 个问题：" in err
    assert f"{paths[0]}：单位“青溪区”已在 {paths[0]} 中报送，同一单位只能汇总一次。" in err
    assert not (tmp_path / "x.xlsx").exists()
