"""The one list of unverified defaults (desktop.records.unverified) against the settings' own
defaults, docs/legal-rules.md and `casedesk office show` (the 设置 page:
tests/ui/test_ui_settings_unverified.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_inprocess import casedesk_here
from test_records_cli import casedesk

from desktop.records.office import OFFICE_KEYS
from desktop.records.unverified import UNVERIFIED_DEFAULTS, UNVERIFIED_SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "legal-rules.md"
_DEFAULTS = {k.key: k for k in OFFICE_KEYS}


def _says_unverified(text: str) -> bool:
    return "未经核实" in text or "示例" in text


def test_the_list_matches_the_settings_and_the_docs() -> None:
    section = DOCS.read_text(encoding="utf-8").split("## 未经核实的默认值", 1)[1]
    for entry in UNVERIFIED_DEFAULTS:
        assert entry.name in section, entry.name
        if entry.key:
            # The value the note names is the setting's shipped default (no drift).
            assert entry.key in section and _DEFAULTS[entry.key].default in entry.value, entry.key


def test_office_show_marks_a_setting_still_at_its_unverified_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    assert casedesk_here(capsys, data, "init").returncode == 0
    shown = casedesk(data, "office", "show").stdout  # once as a child process, the rest in this one
    for key in UNVERIFIED_SETTINGS:
        line = next(ln for ln in shown.splitlines() if ln.startswith(_DEFAULTS[key].label + "\t"))
        assert "未经核实" in line, line
    assert (
        casedesk_here(capsys, data, "office", "set", "hearing.amount_individual=5000").returncode
        == 0
    )
    shown = casedesk_here(capsys, data, "office", "show").stdout
    assert f"{_DEFAULTS['hearing.amount_individual'].label}\t5000\n" in shown  # the office's own
    rows = {
        r["key"]: r
        for r in json.loads(casedesk_here(capsys, data, "office", "show", "--json").stdout)
    }
    assert all(_says_unverified(rows[key]["unverified"]) for key in UNVERIFIED_SETTINGS)
    assert rows["authority_name"]["unverified"] == ""
