"""backup, restore, audit verify/history/reopen, key export/import, check: the trust commands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop import paths
from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.common.errors import CasedeskError
from desktop.trust.backup import backup_cipher, create_backup
from desktop.trust.restore import RestoreOptions, restore_backup


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add backup, restore, audit, key and check."""
    backup = subparsers.add_parser("backup", help="备份数据库、文件库和设置（可在程序运行时进行）")
    backup.add_argument("--out", type=Path, required=True, help="备份文件（.zip）")
    backup.set_defaults(handler=_backup, needs_context=False)

    restore = subparsers.add_parser(
        "restore",
        help="从备份恢复（先校验签名、校验值和密钥，原数据保留；其他 casedesk 程序运行时拒绝）",
        description=(
            "从备份恢复。备份的清单带有用本单位数据密钥生成的签名：签名或任一文件的校验值不符即拒绝。"
            "旧版程序制作的备份没有签名，默认拒绝，加 --unsigned 才在核对每个文件的校验值后恢复。"
            "备份中的文书模板默认不恢复（列出并拒绝），加 --with-templates 才恢复。"
            "恢复前已使用的文号登记为作废（恢复备份前已使用），今后不会重复。"
        ),
    )
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--with-templates", action="store_true", help="同时恢复备份中的文书模板（请先核对）"
    )
    restore.add_argument(
        "--unsigned",
        action="store_true",
        help="接受旧版程序制作、没有签名的备份（仍核对每个文件的校验值）",
    )
    restore.add_argument("--key", type=Path, help="备份所用密钥的密钥备份文件（本机没有该密钥时）")
    restore.add_argument("--passphrase-env", help="--key：从该环境变量读取口令（默认在终端输入）")
    restore.set_defaults(handler=_restore, needs_context=False)

    audit = subparsers.add_parser(
        "audit",
        help="执法全过程记录：verify 校验，history 查看案件的记录，reopen 重新打开已结案案件",
    )
    audit.add_argument("action", choices=["verify", "history", "reopen"])
    audit.add_argument("--case", help="history、reopen：案号或案件编号")
    audit.add_argument("--reason", help="reopen：重新打开的理由（记入执法全过程记录）")
    audit.set_defaults(handler=_audit)

    key = subparsers.add_parser("key", help="个人信息加密密钥：导出备份或导入恢复")
    key.add_argument("action", choices=["export", "import"])
    key.add_argument("file", type=Path, help="密钥备份文件")
    key.add_argument("--passphrase-env", help="从该环境变量读取口令（默认在终端输入）")
    key.set_defaults(handler=_key, needs_context=False)

    check = subparsers.add_parser(
        "check", help="启动检查：中断留下的临时文件、未登记的文号；--legal 检查案件的法定程序"
    )
    check.add_argument("--repair", action="store_true", help="修复发现的问题")
    check.add_argument(
        "--legal",
        action="store_true",
        help="列出违反法定程序规则的案件（执法主体、处罚种类、执法人员…）",
    )
    check.add_argument("--json", action="store_true", help="输出 UTF-8 JSON")
    check.set_defaults(handler=_check)


def _folder_and_url(args: argparse.Namespace) -> tuple[Path, str]:
    folder = paths.data_dir(args.data_dir)
    # database_url refuses an in-memory database, so `backup` of sqlite:// never says "PostgreSQL".
    return folder, paths.database_url(folder, args.db)


def _backup(_ctx: AppContext | None, args: argparse.Namespace) -> int:
    from desktop.trust.leftovers import recorded

    folder, url = _folder_and_url(args)
    cipher = backup_cipher(folder, url)
    # Journalled while it runs: a killed backup's partial file next to --out is found by `check`.
    with recorded("backup", args.out.expanduser().resolve()):
        say(str(create_backup(folder, url, args.out, paths.file_store_dir(folder), cipher=cipher)))
    return 0


def _restore(_ctx: AppContext | None, args: argparse.Namespace) -> int:
    from desktop.app import build_context

    folder, url = _folder_and_url(args)
    if not url.startswith("sqlite"):
        raise CasedeskError("恢复只适用于本机 SQLite 数据；单位数据库服务器请由信息科恢复。")
    options = RestoreOptions(
        with_templates=args.with_templates,
        unsigned=args.unsigned,
        key_file=args.key,
        key_passphrase=_passphrase(args, confirm=False) if args.key else "",
    )
    say(str(restore_backup(args.file, folder, paths.file_store_dir(folder), options)))
    # Opening the restored data records the numbers used before the restore as voided.
    ctx = build_context(args.data_dir, args.db)
    try:
        if ctx.restored_numbers is not None:
            say(str(ctx.restored_numbers))
    finally:
        ctx.close()
    return 0


def _audit(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "verify":
        report = ctx.audit.verify()
        say(str(report))
        return 0 if report.ok else 1
    if not args.case:
        raise CasedeskError(f"audit {args.action} 需要 --case（案号或案件编号）。")
    # Locked cases tell the clerk to record a 重新打开 first: the command line can do it too.
    case_id = ctx.cases.resolve(args.case)
    if args.action == "reopen":
        ctx.audit.reopen_case(case_id, args.reason or "")
        say(f"案件 {args.case} 已重新打开，理由已记入执法全过程记录；下次保存案件时重新锁定。")
        return 0
    for row in ctx.audit.history("case", case_id):
        reason = f"  理由：{row.reason}" if row.reason else ""
        say(f"{row.occurred_at:%Y-%m-%d %H:%M:%S}  {row.actor}  {row.action}{reason}")
        say(f"    {row.changes}")
    return 0


def _passphrase(args: argparse.Namespace, confirm: bool) -> str:
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env, "")
        if not value:
            raise CasedeskError(f"环境变量 {args.passphrase_env} 未设置口令。")
        return value
    first = _ask("请输入密钥备份口令：")
    if confirm and _ask("请再次输入口令：") != first:
        raise CasedeskError("两次输入的口令不一致。")
    return first


def _ask(prompt: str) -> str:
    """A passphrase typed at the terminal, else one line of standard input; none at all
    (input from /dev/null, a scheduled task) is a Chinese message, never EOFError."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:  # Ctrl-D / Ctrl-Z at the prompt
            pass
    else:
        # getpass would print an English warning about echo before reading the same line.
        line = stdin.readline() if stdin is not None else ""
        if line:
            return line.rstrip("\r\n")
    raise CasedeskError(
        "没有读到口令：请在终端中运行并输入口令，或用 --passphrase-env 环境变量名 提供口令。"
    )


def _key(_ctx: AppContext | None, args: argparse.Namespace) -> int:
    from desktop.app import build_context
    from desktop.trust.crypto import export_key, recover_key

    if args.action == "export":
        ctx = build_context(args.data_dir, args.db)
        try:
            export_key(ctx.engine, ctx.cipher, args.file, _passphrase(args, confirm=True))
        finally:
            ctx.close()
        say(f"密钥已导出到 {args.file}。请把它和口令分开妥善保管：丢失密钥将无法读取个人信息。")
        return 0
    folder, url = _folder_and_url(args)
    where = recover_key(folder, url, args.file, _passphrase(args, confirm=False))
    say(f"密钥已导入（保存在{where}）。")
    return 0


def _check(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.legal:
        from desktop.cli.legal import legal_check

        return legal_check(ctx, args)
    report = ctx.startup_check.repair() if args.repair else ctx.startup_check.check()
    if args.json:
        print_json({"clean": report.clean, "problems": list(report.lines())})
        return 0 if report.clean else 1
    for line in report.lines():
        say(line)
    say("启动检查通过。" if report.clean else "启动检查发现问题，可用 --repair 修复。")
    return 0 if report.clean else 1
