"""Every command that has --json emits valid JSON (issue 15 point 9): run each on the demo
district and read the output back with json.loads; paths come out as strings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from database.models import Case, Checklist, Inspection, LegalProvision
from desktop.app import AppContext
from desktop.cli.main import build_parser, run


def json_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> set[tuple[str, ...]]:
    """The command paths (“officers list”) whose parser has a --json option."""
    found = {path} if any("--json" in a.option_strings for a in parser._actions) else set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= json_commands(sub, (*path, name))
    return found


def _ids(ctx: AppContext) -> dict[str, Any]:
    with ctx.uow_factory(readonly=True) as uow:
        session = uow.session
        closed = session.scalars(
            select(Case).where(Case.locked.is_(True), Case.fine_fen > 0).order_by(Case.id)
        ).first()
        assert closed is not None
        return {
            "case_no": closed.case_no,
            "case_id": closed.id,
            "checklist": session.scalars(select(Checklist.id).order_by(Checklist.id)).first(),
            "code": session.scalars(
                select(LegalProvision.code).order_by(LegalProvision.code)
            ).first(),
            "inspection": session.scalars(select(Inspection.id).order_by(Inspection.id)).first(),
        }


def test_every_json_command_prints_valid_json(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(demo_ctx.data_dir)
    ids = _ids(demo_ctx)
    reopened = ids["case_no"]
    demo_ctx.audit.reopen_case(ids["case_id"], "测试：补发决定书")

    def call(*argv: str, codes: tuple[int, ...] = (0,)) -> Any:
        code = run(["--data-dir", data, *argv])
        captured = capsys.readouterr()
        assert code in codes, (argv, captured.err)
        assert "Traceback" not in captured.err, argv
        return json.loads(captured.out)  # the whole of stdout is one JSON document

    plans = call("plans", "list", "--json")
    plan = plans[0]["id"]
    institution = call("list", "institutions", "--json")[0]["id"]
    commands: dict[tuple[str, ...], list[tuple[str, ...]]] = {
        ("list",): [("list", kind, "--json") for kind in ("institutions", "cases", "staff")],
        ("deadline",): [("deadline", "--from", "2026-09-30", "--working-days", "5", "--json")],
        ("holidays",): [("holidays", "list", "--year", "2026", "--json")],
        ("doc",): [
            (
                "doc",
                "行政处罚决定书",
                "--case",
                reopened,
                "--out",
                str(tmp_path / "单份"),
                "--json",
            ),
            (
                "doc",
                "filing_report",
                "--all-cases",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--out",
                str(tmp_path / "批量"),
                "--json",
            ),
        ],
        ("documents",): [("documents", "list", "--json")],
        ("deadlines",): [("deadlines", "--json")],
        ("plans",): [("plans", "targets", str(plan), "--json")],
        ("draw",): [("draw", "list", "--plan", str(plan), "--json")],
        ("inspections",): [("inspections", "--json")],
        ("complaints",): [("complaints", "--json")],
        ("officers", "list"): [("officers", "list", "--json")],
        ("officers", "conflict"): [("officers", "conflict", "list", "--json")],
        ("checklists",): [
            ("checklists", "list", "--json"),
            ("checklists", "show", str(ids["checklist"]), "--json"),
        ],
        ("scores",): [
            ("scores", "totals", "--json"),
            ("scores", "list", "--institution", str(institution), "--json"),
        ],
        ("evidence", "list"): [("evidence", "list", "--case", ids["case_no"], "--json")],
        ("check",): [("check", "--json"), ("check", "--legal", "--json")],
        ("case", "show"): [("case", "show", ids["case_no"], "--json")],
        ("office", "show"): [("office", "show", "--json")],
        ("provisions", "list"): [("provisions", "list", "--json")],
        ("provisions", "show"): [("provisions", "show", ids["code"], "--json")],
        ("publish", "status"): [
            ("publish", "status", "--from", "2026-10-01", "--to", "2026-10-31", "--json")
        ],
        ("discretion", "list"): [
            ("discretion", "list", "--json"),
            ("discretion", "list", ids["code"], "--json"),
        ],
    }
    # A new command with --json fails here until it is run below.
    assert set(commands) == json_commands(build_parser())
    outputs = {}
    for argvs in commands.values():
        for argv in argvs:
            outputs[argv] = call(*argv, codes=(0, 1) if argv[0] == "check" else (0,))

    single = outputs[commands[("doc",)][0]]
    assert isinstance(single["path"], str) and Path(single["path"]).is_file()
    assert single["number"].startswith("青卫医罚")
    listed = outputs[("documents", "list", "--json")]
    mine = [row for row in listed if row["id"] == single["id"]]
    assert mine and mine[0]["case_no"] == reopened  # filled, not ""
    assert all(row["case_no"] for row in listed if row["case_id"] is not None)

    published = outputs[commands[("publish", "status")][0]]
    assert published and all(
        row["案号"] and row["处罚决定日期"].startswith("2026-10") for row in published
    )
    levels = outputs[("discretion", "list", "--json")]
    assert levels and all(isinstance(row["min_fine_fen"], int) for row in levels)
    one = outputs[("discretion", "list", ids["code"], "--json")]
    assert all(row["code"] == ids["code"] for row in one)
