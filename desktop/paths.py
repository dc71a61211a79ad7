"""Where things live: bundled read-only files and the per-user data folder (Qt-free)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

#: Environment overrides, as documented in DESIGN.md.
ENV_DATA_DIR = "CASEDESK_DATA_DIR"
ENV_DB = "CASEDESK_DB"
ENV_FILE_STORE = "CASEDESK_FILE_STORE"
DB_FILE_NAME = "casedesk.db"


def bundle_root() -> Path:
    """The folder holding templates/ (the checkout, or the PyInstaller bundle)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    """The shipped DOCX/XLSX templates."""
    return bundle_root() / "templates"


def data_dir(override: str | None = None) -> Path:
    """The user's data folder: --data-dir, else CASEDESK_DATA_DIR, else the platform default."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    path = Path(chosen) if chosen else Path(user_data_dir("casedesk", appauthor=False))
    return path.expanduser().resolve()


def database_url(data_folder: Path, override: str | None = None) -> str:
    """--db, else CASEDESK_DB, else the SQLite file in the data folder; an in-memory SQLite
    database is refused (everything imported into it is lost when the program exits)."""
    chosen = override or os.environ.get(ENV_DB)
    if chosen:
        if in_memory_database(chosen):
            from desktop.common.errors import CasedeskError  # loaded only when refusing

            raise CasedeskError(
                f"数据库 {chosen} 是内存数据库：内存数据库会在退出时丢失全部数据，请指定文件"
                "（如 --db sqlite:///D:/casedesk/casedesk.db），或不指定 --db 使用数据目录中的数据库。"
            )
        return chosen
    return f"sqlite:///{data_folder / DB_FILE_NAME}"


def in_memory_database(url: str) -> bool:
    """Whether a URL names an in-memory SQLite database (sqlite://, sqlite:///:memory:,
    a file: URI with mode=memory)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from database.engine import is_in_memory  # the engine's own test, loaded only with --db

    try:
        return is_in_memory(make_url(url))
    except ArgumentError:
        return False  # not a URL at all: the engine says so in Chinese


def file_store_dir(data_folder: Path) -> Path:
    """The content-addressed store for documents and attachments: CASEDESK_FILE_STORE (e.g. an
    office share such as \\\\server\\casedesk-files), else files/ in the data folder."""
    chosen = os.environ.get(ENV_FILE_STORE)
    return Path(chosen).expanduser() if chosen else data_folder / "files"
