"""Parser, dispatch and the one place where errors become Chinese messages and exit codes."""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from desktop import __version__
from desktop.app_mutex import hold_app_mutex
from desktop.cli.output import configure_output
from desktop.cli.registry import add_full_options, complain
from desktop.common.sentences import tidy

#: Command modules; each has register(subparsers) and sets `handler` (and optional `needs_db`).
COMMAND_MODULES = (
    "desktop.cli.records",
    "desktop.cli.gui",
    "desktop.cli.calendar",
    "desktop.cli.self_test",
    "desktop.cli.documents",
    "desktop.cli.inspections",
    "desktop.cli.officers",
    "desktop.cli.checklists",
    "desktop.cli.scores",
    "desktop.cli.reports",
    "desktop.cli.rollup",
    "desktop.cli.evidence",
    "desktop.cli.trust",
    "desktop.cli.cases",
    "desktop.cli.office",
    "desktop.cli.provisions",
    "desktop.cli.publish",
    "desktop.cli.discretion",
)


#: argparse's own English phrases and their Chinese (what a clerk reads after 命令行参数错误).
ARGPARSE_PHRASES = (
    ("the following arguments are required: ", "缺少参数 "),
    ("unrecognized arguments: ", "无法识别的参数 "),
    ("invalid choice: ", "不是可选值："),
    ("(choose from ", "（可选："),
    ("invalid int value: ", "不是整数："),
    ("expected one argument", "需要一个值"),
    ("not allowed with argument ", "不能与此参数同时使用："),
    ("argument ", "参数 "),
)


def chinese_usage_error(message: str) -> str:
    """An argparse error message with its English phrases in Chinese."""
    for english, chinese in ARGPARSE_PHRASES:
        message = message.replace(english, chinese)
    message = message.replace(": ", "：")
    return message.replace(")", "）") if "（可选：" in message else message


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its usage errors in Chinese and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage()
        self.exit(2, f"命令行参数错误：{chinese_usage_error(message)}\n")


#: Only these are imported when the window is started, so it paints without waiting for
#: SQLAlchemy, Alembic and the document engine to load (the window opens the database itself).
GUI_MODULES = ("desktop.cli.gui",)


def _starts_gui(argv: list[str]) -> bool:
    """Whether this command line only starts the window (no command, or `gui`)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    pre.add_argument("--db")
    _known, rest = pre.parse_known_args(argv)
    return not rest or rest[0] == "gui"


def build_parser(modules: tuple[str, ...] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The `casedesk` parser with these command modules."""
    parser = ChineseArgumentParser(prog="casedesk", description="卫生监督执法文书工作站")
    parser.add_argument("--version", action="version", version=f"casedesk {__version__}")
    parser.add_argument("--data-dir", help="数据目录（默认为用户数据目录，或 CASEDESK_DATA_DIR）")
    parser.add_argument("--db", help="数据库 URL（默认为数据目录中的 SQLite，或 CASEDESK_DB）")
    parser.add_argument("--self-test", action="store_true", help="自检后退出（同 self-test 命令）")
    add_full_options(parser, prefix="self_test_")
    subparsers = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)
    for module in _modules(modules):
        module.register(subparsers)
    return parser


def _modules(names: tuple[str, ...]) -> list[ModuleType]:
    return [importlib.import_module(name) for name in names]


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors that become a Chinese message and exit status 1 (imported only when one occurs)."""
    from database.engine import DatabaseLocationError
    from desktop.common.errors import CasedeskError

    return (CasedeskError, DatabaseLocationError)


def _database_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import OperationalError

    return (OperationalError,)


def run(argv: list[str]) -> int:
    """Parse and run one command (no command starts the desktop window), holding the app mutex
    so that the installer does not replace the program under it."""
    configure_output()  # before argparse or a command writes anything
    with hold_app_mutex():
        return _run(argv)


def _run(argv: list[str]) -> int:
    parser = build_parser(GUI_MODULES if _starts_gui(argv) else COMMAND_MODULES)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "self-test" if args.self_test else "gui"])
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    context = None
    try:
        if getattr(args, "needs_context", True):
            from desktop.app import build_context

            context = build_context(args.data_dir, args.db)
        return int(handler(context, args))
    except BrokenPipeError:
        return 0  # output piped into head/less that closed early
    except _user_errors() as error:
        complain(tidy(f"错误：{error}"))  # a message built from parts never says "。。"
        return 1
    except _database_errors() as error:
        complain(f"错误：无法打开或写入数据库：{getattr(error, 'orig', error)}")
        return 1
    except OSError as error:
        complain(f"错误：文件操作失败：{error}")
        return 1
    except KeyboardInterrupt:
        complain("已取消。")
        return 130
    except Exception as error:  # the last guard: a message and a log entry, never a traceback
        from desktop.cli.internal_error import INTERNAL_ERROR_EXIT, report_internal_error

        complain(report_internal_error(error, args.data_dir, args.command))
        return INTERNAL_ERROR_EXIT
    finally:
        if context is not None:
            context.close()
