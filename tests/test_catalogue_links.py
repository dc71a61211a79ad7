"""Data that points into the provision catalogue points at rows that exist."""

from __future__ import annotations

import csv
import json
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "database" / "seed_data"


def test_checklist_provision_codes_exist_in_the_catalogue() -> None:
    codes = {
        row["code"] for row in csv.DictReader((SEED / "provisions.csv").open(encoding="utf-8"))
    }
    checklist = json.loads((SEED / "checklist_cosmetic.json").read_text(encoding="utf-8"))
    used = [item["provision_code"] for item in checklist["items"] if item["provision_code"]]
    assert len(used) >= 12
    assert [code for code in used if code not in codes] == []
