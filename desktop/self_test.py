"""`casedesk --self-test`: prove an installed (or frozen) program works end to end, in a temp folder.

It never touches the user's data: it creates a database in a temporary folder (migrations found
at run time), loads a small demo district, round-trips an Excel import, renders documents and,
when an office suite is present, converts one to PDF. Each step prints one line; the exit status
is 0 only when every step passed. Office IT runs it after installing; CI runs it on the bundle.
"""

from __future__ import annotations

import importlib
import io
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.services.converters_check import check_converters, find_soffice, subprocess_env

#: Cases in the demo district the self-test loads (enough to fill every document, quick to build).
DEMO_CASES = 12
#: A LibreOffice conversion that takes longer than this is reported as a failure.
PDF_TIMEOUT_S = 180

Say = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class StepResult:
    """One self-test step: its label, whether it passed, what it found, how long it took."""

    label: str
    passed: bool
    detail: str
    seconds: float

    def line(self) -> str:
        """The printed line, e.g. `[通过] 数据库初始化（0.31 秒）：…`."""
        mark = "通过" if self.passed else "失败"
        return f"[{mark}] {self.label}（{self.seconds:.2f} 秒）：{self.detail}"


class SelfTestState:
    """What the steps hand on to each other (the context, the generated files)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.docx_files: list[Path] = []
        self.context: object | None = None


def _open_database(state: SelfTestState) -> str:
    from database.migrate import current_revision, head_revision
    from desktop.app import build_context

    context = build_context(str(state.folder / "data"))
    state.context = context
    revision = current_revision(context.engine)
    if revision != head_revision():
        raise RuntimeError(f"数据库版本 {revision} 不是最新版本 {head_revision()}")
    return f"迁移到版本 {revision}，数据库 {context.database_url}"


def _demo(state: SelfTestState) -> str:
    from desktop.app import AppContext
    from desktop.services.demo_data import DemoOptions, load_demo

    assert isinstance(state.context, AppContext)
    return str(load_demo(state.context.uow_factory, DemoOptions(cases=DEMO_CASES)))


def _import_round_trip(state: SelfTestState) -> str:
    from openpyxl import Workbook

    from desktop.app import AppContext, build_context
    from desktop.services.ledger_import import INSTITUTION_COLUMNS

    assert isinstance(state.context, AppContext)
    rows = state.context.institutions.search("", limit=10**6)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    headers = ["机构名称", "统一社会信用代码", "机构类别", "所在镇街", "法定代表人", "状态"]
    if not set(headers) <= set(INSTITUTION_COLUMNS):
        raise RuntimeError("机构名录的列名与导入格式不一致")
    sheet.append(headers)
    for row in rows:
        sheet.append([row.name, row.credit_code, row.kind, row.town, row.legal_representative,
                      row.status])  # fmt: skip
    path = state.folder / "机构名录.xlsx"
    book.save(path)
    target = build_context(str(state.folder / "import-target"))
    try:
        report = target.ledger_import.import_institutions(path)
        back = target.institutions.search("", limit=10**6)
    finally:
        target.close()
    if sorted(r.name for r in back) != sorted(r.name for r in rows):
        raise RuntimeError(f"导出 {len(rows)} 家机构，导入后为 {len(back)} 家，名称不一致")
    return f"导出并重新导入 {len(rows)} 家机构（{report}）"


def _document_engine() -> object | None:
    """The document service module when the document engine is part of this build."""
    try:
        return importlib.import_module("desktop.documents")
    except ImportError:
        return None


def _render_documents(state: SelfTestState) -> str:
    if _document_engine() is None:
        return _render_probe_docx(state) + "；文书引擎尚未合入本版本，未渲染正式文书"
    return _render_probe_docx(state)


def _render_probe_docx(state: SelfTestState) -> str:
    """A small Chinese DOCX through docxtpl (sandboxed, autoescaped), as the engine renders."""
    from docx import Document
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    source = Document()
    source.add_heading("行政处罚决定书", level=1)
    source.add_paragraph("当事人：{{ party }}")
    source.add_paragraph("罚款：{{ amount }}")
    buffer = io.BytesIO()
    source.save(buffer)
    buffer.seek(0)
    template = DocxTemplate(buffer)
    template.render(
        {"party": "青溪区某医疗美容诊所 A&B<C>", "amount": "人民币贰万元整"},
        jinja_env=SandboxedEnvironment(autoescape=True),
        autoescape=True,
    )
    path = state.folder / "自检文书.docx"
    template.save(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    if "A&B<C>" not in text or "人民币贰万元整" not in text:
        raise RuntimeError("DOCX 读回内容与填写内容不一致")
    state.docx_files.append(path)
    return f"docxtpl 生成并读回 {path.name}"


def _convert_pdf(state: SelfTestState) -> str:
    soffice = find_soffice()
    if soffice is None:
        return "未找到 LibreOffice，跳过 PDF 转换（" + check_converters().message + "）"
    if not state.docx_files:
        raise RuntimeError("没有可转换的 DOCX 文件")
    source = state.docx_files[0]
    out_dir = state.folder / "pdf"
    profile = (state.folder / "lo-profile").as_uri()
    command = [str(soffice), f"-env:UserInstallation={profile}", "--headless",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(source)]  # fmt: skip
    subprocess.run(
        command,
        env=subprocess_env(),
        capture_output=True,
        timeout=PDF_TIMEOUT_S,
        check=False,
    )
    pdf = out_dir / (source.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice 未生成 {pdf.name}")
    from pypdf import PdfReader

    text = "".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    if "处罚决定书" not in text.replace(" ", ""):
        raise RuntimeError("PDF 中读不到中文标题（缺少中文字体？）")
    return f"{soffice.name} 转换 {source.name} → {pdf.name}，{pdf.stat().st_size // 1024} KB"


def _keyring(_state: SelfTestState) -> str:
    import keyring

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if type(backend).__module__.startswith("keyring.backends.fail"):
        return f"没有可用的系统密钥库（{name}）；加密密钥将无法保存在系统中"
    return f"密钥库后端 {name}"


def _postgres_driver(_state: SelfTestState) -> str:
    """Informational: the shared-server mode needs psycopg and a libpq (bundled or the system's)."""
    try:
        import psycopg

        return f"psycopg {psycopg.__version__}（{psycopg.pq.__impl__} 实现，libpq {psycopg.pq.version()}）"
    except ImportError as error:
        return (
            f"共享服务器（PostgreSQL）模式不可用：{error}；单机模式不受影响（Linux 请安装 libpq5）"
        )


#: The steps in order; a failed step does not stop the later independent ones.
STEPS: tuple[tuple[str, Callable[[SelfTestState], str]], ...] = (
    ("打开临时数据库并迁移", _open_database),
    ("载入示例辖区", _demo),
    ("机构名录导出再导入", _import_round_trip),
    ("生成文书", _render_documents),
    ("转换 PDF", _convert_pdf),
    ("系统密钥库", _keyring),
    ("PostgreSQL 驱动", _postgres_driver),
)


def run_steps(
    steps: Iterable[tuple[str, Callable[[SelfTestState], str]]], folder: Path, say: Say
) -> list[StepResult]:
    """Run each step, print its line as soon as it ends, and return all results."""
    state = SelfTestState(folder)
    results: list[StepResult] = []
    try:
        for label, step in steps:
            start = time.perf_counter()
            try:
                detail, passed = step(state), True
            except Exception as error:  # every failure is reported, none aborts the others
                detail, passed = f"{type(error).__name__}: {error}", False
            result = StepResult(label, passed, detail, time.perf_counter() - start)
            say(result.line())
            results.append(result)
    finally:
        close = getattr(state.context, "close", None)
        if close is not None:
            close()
    return results


def run_self_test(say: Say, keep: Path | None = None) -> int:
    """Run every step in a temporary folder (or `keep`); 0 when all passed."""
    say(f"casedesk {__version__} 自检开始")
    start = time.perf_counter()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        results = run_steps(STEPS, keep, say)
    else:
        with tempfile.TemporaryDirectory(prefix="casedesk-selftest-") as tmp:
            results = run_steps(STEPS, Path(tmp), say)
    failed = [r.label for r in results if not r.passed]
    elapsed = time.perf_counter() - start
    if failed:
        say(f"自检失败（{elapsed:.1f} 秒）：{'、'.join(failed)}。")
        return 1
    say(f"自检通过（{elapsed:.1f} 秒）：{len(results)} 项全部通过。")
    return 0
