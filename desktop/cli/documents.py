"""doc, templates check and documents list/void: enforcement documents from the command line."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from desktop.app import AppContext
from desktop.cases.cases import CaseFilter
from desktop.cli.registry import complain, print_json, say
from desktop.common.errors import CasedeskError
from desktop.documents.doc_types import PdfConversionError
from desktop.law.notices import NOTICE_PREFIX, batch_notice_line
from forms.validators import FieldError, parse_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add doc, templates and documents."""
    doc = subparsers.add_parser("doc", help="生成一份文书（或为多个案件批量生成）")
    doc.add_argument("type", help="文书名称（如 行政处罚决定书）或英文编号（如 penalty_decision）")
    target = doc.add_mutually_exclusive_group(required=True)
    target.add_argument("--case", help="案号或案件编号")
    target.add_argument("--inspection", type=int, help="检查记录编号")
    target.add_argument(
        "--all-cases", action="store_true", help="为（立案日期在范围内的）所有案件批量生成"
    )
    doc.add_argument("--from", dest="start", help="批量：立案日期起 YYYY-MM-DD")
    doc.add_argument("--to", dest="end", help="批量：立案日期止 YYYY-MM-DD")
    doc.add_argument("--pdf", action="store_true", help="同时转换为 PDF")
    doc.add_argument("--out", type=Path, default=Path("."), help="输出目录（默认当前目录）")
    doc.add_argument("--user", default="", help="经办人（记录在文书登记簿）")
    doc.add_argument("--late-reason", default="",
                     help="补号原因：文书日期早于本年度已编最大文号的日期时必填（记入文书登记簿）")  # fmt: skip
    doc.add_argument("--json", action="store_true")
    doc.set_defaults(handler=_doc)

    templates = subparsers.add_parser("templates", help="检查文书模板")
    templates.add_argument("action", choices=["check"])
    templates.add_argument(
        "dir",
        nargs="?",
        type=Path,
        help="模板目录（默认检查随程序安装的模板，以及数据目录 templates/ 中本单位修改过的模板）",
    )
    templates.set_defaults(handler=_templates)

    documents = subparsers.add_parser("documents", help="文书登记簿：列出或作废")
    documents.add_argument("action", choices=["list", "void"])
    documents.add_argument("id", nargs="?", type=int, help="作废时：文书编号")
    documents.add_argument("--case", help="只列出此案件的文书")
    documents.add_argument("--reason", default="", help="作废原因")
    documents.add_argument("--json", action="store_true")
    documents.set_defaults(handler=_documents)


def _date(text: str | None, label: str) -> object:
    try:
        return parse_date(text, label) if text else None
    except FieldError as error:
        raise CasedeskError(str(error)) from None


def _doc(ctx: AppContext, args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    if args.all_cases:
        return _batch(ctx, args)
    case_id = ctx.cases.resolve(args.case) if args.case else None
    # 提示 come before the document (or its refusal): they never stop it.
    checked = ctx.documents.preflight_check(args.type, case_id=case_id,
                                            inspection_id=args.inspection)  # fmt: skip
    for notice in checked.notices:
        complain(NOTICE_PREFIX + notice)
    pdf_errors: list[str] = []
    try:
        result = ctx.documents.generate(args.type, case_id=case_id, inspection_id=args.inspection,
                                        out_dir=args.out, pdf=args.pdf, user=args.user,
                                        late_reason=args.late_reason)  # fmt: skip
    except PdfConversionError as error:
        # The DOCX is generated and recorded; only its PDF is missing.
        result, pdf_errors = error.converted[0], list(error.failures.values())
    if args.json:
        print_json(result)
    else:
        label = f"{result.name} {result.number}" if result.number else result.name
        say(f"已生成{label}：{result.path}")
        if result.pdf_path:
            say(f"PDF：{result.pdf_path}")
    for message in pdf_errors:
        complain(message)
    return 1 if pdf_errors else 0


def _batch(ctx: AppContext, args: argparse.Namespace) -> int:
    flt = CaseFilter(filed_from=_date(args.start, "起始日期"), filed_to=_date(args.end, "截止日期"))  # type: ignore[arg-type]
    ids = ctx.cases.list_ids(flt, sort="filed_on", descending=False)
    # 提示 before the batch, as `doc --case` says them before its document: one line per
    # unverified row naming each of its cases once, not the same sentence repeated per case.
    notices = ctx.provisions.case_notices(ids)
    for notice, case_nos in notices.items():
        complain(batch_notice_line(notice, case_nos))
    stop = threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        complain(f"[{done}/{total}] {message}")

    try:
        result = ctx.documents.generate_batch(args.type, ids, args.out, pdf=args.pdf,
                                              progress=progress, cancel=stop, user=args.user)  # fmt: skip
    except KeyboardInterrupt:
        stop.set()
        raise
    failed = [i for i in result.items if i.document is None]
    pdf_failed = [i for i in result.items if i.pdf_error]
    if args.json:
        print_json({"generated": result.succeeded, "failed": [
            {"case_id": i.record_id, "error": i.error} for i in failed],
            "pdf_failed": [{"case_id": i.record_id, "error": i.pdf_error} for i in pdf_failed],
            "notices": [{"notice": n, "cases": c} for n, c in notices.items()]})  # fmt: skip
    else:
        for item in pdf_failed:
            complain(item.pdf_error)
        pdf_note = f"，{len(pdf_failed)} 份未能转换为 PDF" if pdf_failed else ""
        say(
            f"共 {len(ids)} 个案件：已生成 {result.succeeded} 份，未生成 {len(failed)} 份{pdf_note}。"
        )
    # A PDF the clerk asked for and did not get is a failure even if the DOCX exists.
    if pdf_failed:
        return 1
    return 0 if result.succeeded or not ids else 1


def _templates(ctx: AppContext, args: argparse.Namespace) -> int:
    issues = ctx.documents.check_templates(args.dir)
    for issue in issues:
        say(str(issue))
    errors = [i for i in issues if i.severity == "错误"]
    say(f"模板检查完成：{len(errors)} 个错误，{len(issues) - len(errors)} 个提示。")
    return 1 if errors else 0


def _documents(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "void":
        if args.id is None:
            raise CasedeskError("请指定要作废的文书编号。")
        ctx.documents.void(args.id, args.reason)
        say(f"文书 {args.id} 已作废，文号保留不再使用。")
        return 0
    case_id = ctx.cases.resolve(args.case) if args.case else None
    rows = ctx.documents.list_documents(case_id=case_id)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            state = f"（已作废：{row.void_reason}）" if row.voided else ""
            late = f"（补号原因：{row.late_reason}）" if row.late_reason else ""
            day = row.document_date.isoformat() if row.document_date else "日期未记录"
            say(f"{row.id}\t{row.name}\t{row.number}\t{row.case_no}\t{day}\t{row.created_at}"
                f"{state}{late}")  # fmt: skip
    return 0
