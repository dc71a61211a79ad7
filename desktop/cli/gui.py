"""`casedesk gui`: the desktop window (the default when no command is given)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app import AppContext
from desktop.services.errors import CasedeskError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add gui."""
    gui = subparsers.add_parser("gui", help="启动桌面程序")
    gui.add_argument("--page", default="", help="打开的页面（中文名或英文 id）")
    gui.add_argument("--screenshot", type=Path, help="打开页面、绘制完成后截图保存并退出")
    gui.set_defaults(handler=_gui)


def _gui(ctx: AppContext, args: argparse.Namespace) -> int:
    try:
        from desktop.ui.main import run_gui
    except ImportError as error:
        raise CasedeskError(f"桌面界面无法启动：{error}") from error
    return int(run_gui(ctx, page=args.page, screenshot=args.screenshot))
