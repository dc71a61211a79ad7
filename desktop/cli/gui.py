"""`casedesk gui`: the desktop window (the default when no command is given)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.common.errors import CasedeskError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add gui."""
    gui = subparsers.add_parser("gui", help="启动桌面程序")
    gui.add_argument("--page", default="", help="打开的页面（中文名或英文 id）")
    gui.add_argument("--screenshot", type=Path, help="打开页面、绘制完成后截图保存并退出")
    # The window paints first and opens the database itself, in the background.
    gui.set_defaults(handler=_gui, needs_context=False)


def _gui(_ctx: object, args: argparse.Namespace) -> int:
    try:
        from desktop.ui.main import start_gui
    except ImportError as error:
        raise CasedeskError(f"桌面界面无法启动：{error}") from error
    return int(start_gui(args.data_dir, args.db, page=args.page, screenshot=args.screenshot))
