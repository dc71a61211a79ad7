"""Errors as Chinese messages: one place for expected errors, one hook for unexpected ones."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.common.errors import CasedeskError
from desktop.common.sentences import tidy
from desktop.ui.text import tr

log = logging.getLogger("casedesk.ui")

#: Dialogs kept alive while shown (they are non-modal so a failing timer cannot stack them).
_open_dialogs: list[QMessageBox] = []


def message_for(error: BaseException) -> str:
    """The sentence a clerk reads for this error."""
    if isinstance(error, CasedeskError):
        return tidy(str(error))  # a message built from parts never says "。。"
    if isinstance(error, PermissionError):
        return tr("没有权限读写文件“{0}”，请检查文件是否被其他程序（如 Word/WPS）占用。").format(
            getattr(error, "filename", "") or ""
        )
    if isinstance(error, FileNotFoundError):
        return tr("找不到文件“{0}”。").format(getattr(error, "filename", "") or "")
    return tr(
        "程序遇到意外错误（{0}），操作未完成。已记录到日志，点“显示详情”可查看技术细节。"
    ).format(type(error).__name__)


def details_for(error: BaseException) -> str:
    """The traceback text, one click away in the dialog."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def show_error(parent: QWidget | None, error: BaseException, title: str = "") -> QMessageBox:
    """Show an error as a Chinese message with the details one click away (non-modal)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or tr("出错了"))
    box.setText(message_for(error))
    if not isinstance(error, CasedeskError) or error.__cause__ is not None:
        box.setDetailedText(details_for(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    _open_dialogs.append(box)
    box.finished.connect(lambda _r, b=box: _open_dialogs.remove(b) if b in _open_dialogs else None)
    box.open()
    return box


def configure_logging(log_dir: Path) -> Path:
    """Log to casedesk.log in the data folder; returns the file."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "casedesk.log"
    root = logging.getLogger("casedesk")
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(parent: Callable[[], QWidget | None] = lambda: None) -> ExceptHook:
    """Turn an unexpected exception anywhere (slots, timers) into a log entry and a dialog."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.error("未处理的异常", exc_info=(kind, error, tb))
        if QApplication.instance() is None:
            previous(kind, error, tb)
            return
        error.__traceback__ = error.__traceback__ or tb
        show_error(parent(), error, tr("意外错误"))

    sys.excepthook = hook
    return previous


def open_dialogs() -> list[QMessageBox]:
    """The error dialogs now shown (tests look at them).

    A dialog whose parent window was closed is deleted with it without `finished`: drop those.
    """
    _open_dialogs[:] = [b for b in _open_dialogs if shiboken6.isValid(b)]
    return list(_open_dialogs)
