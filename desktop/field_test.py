"""`casedesk-cli --self-test --full`: the field self-test office IT runs on the clerk's PC.

It runs every step of the install self-test (desktop.self_test) with nothing skipped — a PC on
which no converter is found fails — and then what CI cannot check: each office suite found
converts a real 行政处罚决定书, a test page printed to a PDF printer (Microsoft Print to PDF on
Windows) keeps its size, the OS keyring is written, read and deleted, the official fonts, the
screen against the window's minimum size, and the file locks (a file held open, the mutex the
installer checks). The lines go to the console and into a Chinese report file (UTF-8 with BOM,
so Notepad on any Windows 10 opens it) that IT can send back.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop import __version__
from desktop.self_test import STEPS, Say, SelfTestState, StepResult, run_steps

#: The report file's name (a time stamp is added).
REPORT_PREFIX = "casedesk-现场自检报告"


def _each_converter(state: SelfTestState) -> str:
    """Every suite found converts the 行政处罚决定书 on its own (a missing one is no skip)."""
    from desktop.documents.com_converter import ComConverter
    from desktop.documents.converters import COM_PROGIDS, check_converters
    from desktop.documents.pdf import LibreOfficeConverter, PdfConverter

    report = check_converters()
    found = [c for c in report.converters if c.available]
    if not found:
        raise RuntimeError(report.message)
    source = next((p for p in state.docx_files if "处罚决定书" in p.name), None)
    if source is None:
        raise RuntimeError("没有生成的行政处罚决定书可供转换")
    lines, failures = [], []
    for status in report.converters:
        if not status.available:
            lines.append(f"{status.name}：未安装")
            continue
        converter: PdfConverter
        if status.id == "libreoffice":
            converter = LibreOfficeConverter(soffice=status.detail)
        else:
            converter = ComConverter(status.id, COM_PROGIDS[status.id])
        result = converter.convert([source], state.folder / f"pdf-{status.id}")
        pdf = result.pdfs.get(source)
        problem = result.failed.get(source) if pdf is None else _title_problem(pdf)
        if problem:
            failures.append(f"{status.name}：{problem}")
        else:
            lines.append(f"{status.name}：已转换（{pdf.stat().st_size // 1024} KB）")  # type: ignore[union-attr]
    if failures:
        raise RuntimeError("；".join(failures + lines))
    return "；".join(lines)


def _title_problem(pdf: Path) -> str | None:
    from pypdf import PdfReader

    text = "".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    return (
        None if "处罚决定书" in "".join(text.split()) else "PDF 中读不到中文标题（缺少中文字体？）"
    )


def _print_scale(state: SelfTestState) -> str:
    from desktop.ui.field_checks import print_scale

    return print_scale(state.folder / "打印")


def _fonts(_state: SelfTestState) -> str:
    from desktop.documents.fonts import check_fonts

    report = check_fonts()
    if not report.known:
        raise RuntimeError(report.message)
    return " ".join([report.message, *(f.line() for f in report.fonts)])


def _screen(state: SelfTestState) -> str:
    from desktop.ui.field_checks import screen_fits

    if state.context is None:
        raise RuntimeError("数据库未能打开，无法构建窗口")
    return screen_fits(state.context)


def _file_locks(state: SelfTestState) -> str:
    """A target held open is retried and then named (文件被占用); the installer sees us running."""
    from desktop.app_mutex import is_running
    from desktop.trust.file_store import FileBusyError, move_onto

    folder = state.folder / "占用"
    folder.mkdir(parents=True, exist_ok=True)
    target, fresh = folder / "决定书.pdf", folder / "新.pdf"
    target.write_bytes(b"old")
    fresh.write_bytes(b"new")
    with target.open("rb"):  # as a PDF viewer holds it
        try:
            move_onto(fresh, target)
            held = "本系统允许替换已打开的文件"
        except FileBusyError as error:
            held = f"已打开的文件按预期提示“{error}”"
    if not is_running():
        raise RuntimeError(f"{held}；但安装程序看不到正在运行的本程序（互斥量未建立）")
    return f"{held}；安装程序能识别正在运行的本程序"


#: What the field self-test adds to the install self-test's steps.
FULL_STEPS: tuple[tuple[str, Callable[[SelfTestState], str]], ...] = (
    ("逐一用各转换程序转换决定书", _each_converter),
    ("打印比例（PDF 打印机）", _print_scale),
    ("公文字体", _fonts),
    ("屏幕尺寸", _screen),
    ("文件占用与运行标记", _file_locks),
)


def default_report_path(folder: Path, now: datetime | None = None) -> Path:
    """<folder>/casedesk-现场自检报告-YYYYMMDD-HHMMSS.txt"""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return folder / f"{REPORT_PREFIX}-{stamp}.txt"


def _header() -> list[str]:
    frozen = "安装版" if getattr(sys, "frozen", False) else "源码运行"
    return [
        f"卫生监督执法文书工作站 casedesk {__version__} 现场自检报告",
        f"时间：{datetime.now():%Y-%m-%d %H:%M:%S}",
        f"系统：{platform.platform()}（{platform.machine()}）",
        f"程序：{frozen}，Python {platform.python_version()}，{sys.executable}",
        "",
    ]


def write_report(path: Path, results: list[StepResult], seconds: float) -> Path:
    """The Chinese report file: header, one line per step, the verdict."""
    failed = [r.label for r in results if not r.passed]
    verdict = (
        f"结论：未通过（{len(failed)} 项失败：{'、'.join(failed)}）"
        if failed
        else f"结论：通过（{len(results)} 项全部通过）"
    )
    lines = [*_header(), *(r.line() for r in results), "", f"{verdict}，用时 {seconds:.1f} 秒。"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def run_field_test(say: Say, report: Path, keep: Path | None = None) -> int:
    """Run every step with nothing skipped, write the report; 0 when all passed."""
    say(f"casedesk {__version__} 现场自检开始（报告：{report}）")
    start = time.perf_counter()
    steps = (*STEPS, *FULL_STEPS)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        results = run_steps(steps, keep, say, full=True)
    else:
        with tempfile.TemporaryDirectory(
            prefix="casedesk-fieldtest-", ignore_cleanup_errors=True
        ) as tmp:
            results = run_steps(steps, Path(tmp), say, full=True)
    elapsed = time.perf_counter() - start
    write_report(report, results, elapsed)
    failed = [r.label for r in results if not r.passed]
    if failed:
        say(f"现场自检未通过（{elapsed:.1f} 秒）：{'、'.join(failed)}。报告：{report}")
        return 1
    say(f"现场自检通过（{elapsed:.1f} 秒）：{len(results)} 项全部通过。报告：{report}")
    return 0
