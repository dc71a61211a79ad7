"""Helpers that forge backups the way an intruder would: change members, recompute the hashes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Manifest = dict[str, Any]


def members(archive: Path) -> dict[str, bytes]:
    """Every member of a zip by name."""
    with zipfile.ZipFile(archive) as source:
        return {name: source.read(name) for name in source.namelist()}


def rewrite(
    archive: Path,
    out: Path,
    change: Callable[[dict[str, bytes]], None] = lambda _files: None,
    manifest_change: Callable[[Manifest], None] = lambda _m: None,
    *,
    rehash: bool = True,
) -> Path:
    """A copy of a backup with members changed and (by default) the manifest's hashes and sizes
    recomputed to match, as a careful forger would; the MAC is left as it was."""
    files = members(archive)
    manifest: Manifest = json.loads(files.pop("manifest.json"))
    change(files)
    if rehash:
        manifest["files"] = [
            {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(files.items())
        ]
    manifest_change(manifest)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
        target.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
    return out


def edit_database(sql: str, scratch: Path) -> Callable[[dict[str, bytes]], None]:
    """A member change that runs SQL on the backup's database."""

    def change(files: dict[str, bytes]) -> None:
        path = scratch / "forged.db"
        path.write_bytes(files["casedesk.db"])
        connection = sqlite3.connect(path)
        connection.executescript(sql)
        connection.commit()
        connection.close()
        files["casedesk.db"] = path.read_bytes()

    return change
