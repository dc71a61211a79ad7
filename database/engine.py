"""Engine set-up: SQLite (WAL, foreign keys, busy timeout) by default, any SQLAlchemy URL else."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path, PureWindowsPath
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

#: How long a writer waits for another process's write transaction before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class DatabaseLocationError(Exception):
    """The database URL cannot be used: not a URL, an unknown database or driver, or a place
    SQLite must not live (a network share)."""


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


#: GetDriveTypeW's answer for a drive letter mapped to a network share.
_DRIVE_REMOTE = 4


def _drive_is_remote(drive: str) -> bool:
    """Whether a drive letter such as "Z:" is mapped to a network share (Windows only)."""
    if sys.platform != "win32":
        return False
    import ctypes

    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE)


def _on_network_share(database: str) -> bool:
    # \\?\C:\… is a local long path, \\?\UNC\server\share\… a share.
    for prefix in ("\\\\?\\", "\\\\.\\", "//?/", "//./"):
        if database.startswith(prefix):
            rest = database[len(prefix) :]
            return rest[:4].upper() in ("UNC\\", "UNC/") or _on_network_share(rest)
    if database.startswith(("\\\\", "//")):
        return True
    # Office PCs usually reach the share through a mapped letter (Z:), not the UNC name.
    drive = PureWindowsPath(database).drive
    return len(drive) == 2 and drive[1] == ":" and _drive_is_remote(drive)


def _refuse_network_share(database: str) -> None:
    # SQLite's locking is unreliable over SMB: several clerks on one file corrupt it.
    if _on_network_share(database):
        raise DatabaseLocationError(
            f"数据库文件位于网络共享目录（{database}），SQLite 不能在网络共享上多人使用，"
            "否则可能损坏数据。请改用本机目录，或由信息科配置单位的 PostgreSQL 服务器"
            "（--db postgresql+psycopg://…）。"
        )


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


#: Execution option a read-only unit of work sets, so that it does not queue for the write lock.
READONLY_OPTION = "casedesk_readonly"


def _on_sqlite_begin(conn: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so two processes allocating document
    # numbers queue (busy_timeout) instead of failing with "database is locked" when a
    # read lock cannot be upgraded. Reads use a plain deferred BEGIN.
    if conn.get_execution_options().get(READONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


#: How to write the two kinds of database URL casedesk supports (shown when one is wrong).
URL_EXAMPLES = "sqlite:///D:/卫生监督/casedesk.db 或 postgresql+psycopg://用户@服务器/数据库"


def _parse_url(url: str) -> URL:
    # --db and CASEDESK_DB are typed by people: a typo is a Chinese message, not a traceback.
    try:
        return make_url(url)
    except ArgumentError:
        raise DatabaseLocationError(
            f"数据库地址“{url}”无法识别，应写作 {URL_EXAMPLES}（--db 或 CASEDESK_DB）。"
        ) from None


def _create_engine(parsed: URL, **kwargs: Any) -> Engine:
    try:
        return create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError):
        shown = parsed.render_as_string(hide_password=True)
        raise DatabaseLocationError(
            f"不支持数据库地址“{shown}”中的数据库类型或驱动（{parsed.drivername}），"
            f"应写作 {URL_EXAMPLES}。"
        ) from None


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for a database URL, with the per-dialect connection settings."""
    parsed = _parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            _refuse_network_share(database)
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = _create_engine(parsed, echo=echo, connect_args={"timeout": 30})
        # Let SQLAlchemy drive transactions instead of pysqlite's implicit BEGIN.
        event.listen(engine, "connect", _on_sqlite_connect)

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return _create_engine(parsed, echo=echo, pool_pre_ping=True)
