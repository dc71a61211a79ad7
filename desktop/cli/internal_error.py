"""The last guard of every command: an exception nobody expected becomes a Chinese message, a log
entry with its traceback in the data folder's logs/casedesk.log (the file the window logs to),
and exit status 70. Never a traceback on the clerk's screen."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop import paths

#: sysexits.h EX_SOFTWARE: an internal software error (1 is a refused input, 2 a usage error).
INTERNAL_ERROR_EXIT = 70
#: Every internal-error log entry starts with this (the test suite fails on such an entry).
INTERNAL_ERROR_MARK = "内部错误"
#: The log file under the data folder, as the window's configure_logging writes it.
LOG_NAME = Path("logs") / "casedesk.log"

log = logging.getLogger("casedesk.cli")


def report_internal_error(error: BaseException, data_dir: str | None, command: str | None) -> str:
    """Log the traceback (only the command's name, never its arguments: they may hold a
    身份证号); return the sentence for the clerk."""
    handler: logging.Handler | None = None
    path: Path | None = None
    try:
        path = paths.data_dir(data_dir) / LOG_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log.addHandler(handler)
    except OSError:
        path = None
    try:
        log.error("%s：命令 %s 失败", INTERNAL_ERROR_MARK, command or "（无）", exc_info=error)
    finally:
        if handler is not None:
            log.removeHandler(handler)
            handler.close()
    where = f"详见日志 {path}" if path is not None else "日志无法写入"
    return (
        f"{INTERNAL_ERROR_MARK}：{type(error).__name__}：{error}。操作未完成，{where}；"
        "请把日志发给信息科或开发者。"
    )
