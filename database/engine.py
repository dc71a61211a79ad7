"""Engine set-up: SQLite (WAL, foreign keys, busy timeout) by default, any SQLAlchemy URL else."""

from __future__ import annotations

import contextlib
import os
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


def private_database_file(path: Path) -> None:
    """Create the SQLite file owner-only (0600) before SQLite does, or make an existing one so:
    SQLite gives its -wal and -shm files the mode of the database file. Folders it needs are
    made 0700. Nothing on Windows (the profile's ACL protects it; chmod only sets read-only)."""
    if sys.platform == "win32":
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        return  # SQLite reports a folder it cannot write to in its own words
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        # Not there, not ours, or a file system without modes: left as it is.
        with contextlib.suppress(OSError):
            os.chmod(path.parent / name, 0o600)


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


def is_in_memory(parsed: URL) -> bool:
    """Whether a SQLite URL names no file (sqlite://, :memory:, mode=memory in the query or in
    a file: URI)."""
    database = parsed.database or ""
    return (
        parsed.get_backend_name() == "sqlite"
        and (database in ("", ":memory:") or database.startswith("file::memory:")
             or parsed.query.get("mode") == "memory" or "mode=memory" in database)
    )  # fmt: skip


def refuse_in_memory(url: str) -> None:
    """An in-memory SQLite database would "import" and lose everything on exit: refused."""
    if is_in_memory(_parse_url(url)):
        raise DatabaseLocationError(
            f"数据库地址“{url}”是内存数据库：程序退出后其中的数据全部丢失，不能使用。"
            f"请写出数据库文件的路径，应写作 {URL_EXAMPLES}（--db 或 CASEDESK_DB）。"
        )


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for a database URL, with the per-dialect connection settings."""
    parsed = _parse_url(url)
    refuse_in_memory(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database:
            _refuse_network_share(database)
            private_database_file(Path(database))
        engine = _create_engine(parsed, echo=echo, connect_args={"timeout": 30})
        # Let SQLAlchemy drive transactions instead of pysqlite's implicit BEGIN.
        event.listen(engine, "connect", _on_sqlite_connect)

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return _create_engine(parsed, echo=echo, pool_pre_ping=True)
