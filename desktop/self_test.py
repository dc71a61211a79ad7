"""`casedesk --self-test`: prove an installed (or frozen) program works end to end, in a temp folder.

It never touches the user's data: it creates a database in a temporary folder (migrations found
at run time), loads a small demo district, round-trips an Excel import, renders documents and,
when an office suite is present, converts one to PDF. Each step prints one line; the exit status
is 0 only when every step passed. Office IT runs it after installing; CI runs it on the bundle.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backends.fail
from keyring.backend import KeyringBackend
from keyring.compat import properties

from desktop import __version__
from desktop.app import AppContext
from desktop.documents.converters import check_converters
from desktop.trust.leftovers import mark_owner

#: Cases in the demo district the self-test loads (enough for a closed case with every step).
DEMO_CASES = 60

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

    def __init__(self, folder: Path, *, full: bool = False) -> None:
        self.folder = folder
        #: The field self-test (--full): what CI skips is a failure here (desktop.field_test).
        self.full = full
        self.docx_files: list[Path] = []
        self.case_id: int | None = None
        self.pdf_file: Path | None = None
        #: The OS keyring, set aside while the temporary database keeps its key in memory.
        self.os_keyring: KeyringBackend = keyring.get_keyring()
        self.context: AppContext | None = None


def _open_database(state: SelfTestState) -> str:
    from database.migrate import current_revision, head_revision
    from desktop.app import build_context

    context = build_context(str(state.folder / "data"))
    state.context = context
    revision = current_revision(context.engine)
    if revision != head_revision():
        raise RuntimeError(f"数据库版本 {revision} 不是最新版本 {head_revision()}")
    return f"迁移到版本 {revision}，数据库 {context.database_url}"


def _upgrade_old_database(state: SelfTestState) -> str:
    """A database at the oldest shipped revision, opened as the app opens a clerk's: it must be
    upgraded through every migration (the frozen app finds them at run time, not in its archive)."""
    from sqlalchemy import inspect

    from database.engine import make_engine, sqlite_url
    from database.migrate import current_revision, head_revision, revision_chain, upgrade_to
    from desktop.app import build_context

    chain = revision_chain()
    folder = state.folder / "old-version"
    folder.mkdir(parents=True, exist_ok=True)
    old = make_engine(sqlite_url(folder / "casedesk.db"))
    try:
        upgrade_to(old, chain[0])
    finally:
        old.dispose()
    context = build_context(str(folder))
    try:
        revision = current_revision(context.engine)
        columns = {c["name"] for c in inspect(context.engine).get_columns("case")}
    finally:
        context.close()
    if revision != head_revision():
        raise RuntimeError(f"版本 {chain[0]} 的数据库升级后为 {revision}，不是 {head_revision()}")
    if "act_on" not in columns:  # added by 0003_case_act_on
        raise RuntimeError("升级后案件表缺少 act_on（违法行为发生日期）列")
    return f"版本 {chain[0]} → {revision}（经过 {len(chain) - 1} 个迁移）"


def _demo(state: SelfTestState) -> str:
    from desktop.demo.district import DemoOptions, load_demo

    return str(load_demo(_context(state).uow_factory, DemoOptions(cases=DEMO_CASES)))


def _import_round_trip(state: SelfTestState) -> str:
    from openpyxl import Workbook

    from desktop.app import build_context
    from desktop.common.xlsx_safety import append_row
    from desktop.ledger.rows import INSTITUTION_COLUMNS

    rows = _context(state).institutions.search("", limit=10**6)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    headers = ["机构名称", "统一社会信用代码", "机构类别", "所在镇街", "法定代表人", "状态"]
    if not set(headers) <= set(INSTITUTION_COLUMNS):
        raise RuntimeError("机构名录的列名与导入格式不一致")
    append_row(sheet, list(headers))
    for row in rows:
        append_row(sheet, [row.name, row.credit_code, row.kind, row.town,
                           row.legal_representative, row.status])  # fmt: skip
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


def _closed_case_id(state: SelfTestState) -> int:
    """A closed demo case with a lawful fine and two officers (every case document fills)."""
    from sqlalchemy import select

    from database.models import Case
    from desktop.law.penalties import penalty_problems
    from desktop.law.versions import find_provision

    context = _context(state)
    with context.uow_factory(readonly=True) as uow:
        query = select(Case).where(Case.closed_on.is_not(None), Case.fine_fen > 0).order_by(Case.id)
        for case in uow.session.scalars(query):
            if len(case.officers) >= 2 and not penalty_problems(
                case, find_provision(uow.session, case)
            ):
                return case.id
    raise RuntimeError("示例数据中没有可生成全部文书的已结案件")


#: Forms of an outcome other than a penalty, each generated on a demo case with that outcome
#: (the procedure checker refuses them on a penalised case).
OUTCOME_FORMS = (
    "no_penalty_decision", "transfer_letter", "legal_review_opinion", "collective_discussion_record",
    "hearing_notice", "hearing_summons", "hearing_record", "hearing_report",
)  # fmt: skip


def _outcome_case_ids(state: SelfTestState) -> dict[str, int]:
    """A demo case for each outcome form: a 不予处罚 decision with its ground, a recorded 移送,
    a decision after 法制审核 and 集体讨论, a hearing held on a penalty in 听证 scope."""
    from sqlalchemy import select

    from database.models import Case

    with _context(state).uow_factory(readonly=True) as uow:
        no_penalty = uow.session.scalars(
            select(Case.id).where(Case.no_penalty.is_(True), Case.no_penalty_ground.is_not(None))
            .order_by(Case.id)
        ).first()  # fmt: skip
        transfer = uow.session.scalars(
            select(Case.id).where(Case.transfer_organ != "", Case.transferred_on.is_not(None))
            .order_by(Case.id)
        ).first()  # fmt: skip
        # 法制审核 and 集体讨论 are recorded on the demo's cases that need them (desktop.demo.review).
        reviewed = uow.session.scalars(
            select(Case.id).where(Case.legal_reviewer != "", Case.discussion_host != "")
            .order_by(Case.id)
        ).first()  # fmt: skip
        # The 听证 forms only on a case whose penalty is in 听证 scope and whose hearing was held.
        heard = uow.session.scalars(
            select(Case.id).where(Case.hearing_notified_on.is_not(None), Case.hearing_on.is_not(None))
            .order_by(Case.id)
        ).first()  # fmt: skip
    hearing = dict.fromkeys(("hearing_notice", "hearing_summons", "hearing_record", "hearing_report"), heard)
    found = {"no_penalty_decision": no_penalty, "transfer_letter": transfer,
             "legal_review_opinion": reviewed, "collective_discussion_record": reviewed,
             **hearing}  # fmt: skip
    missing = [form for form, case_id in found.items() if case_id is None]
    if missing:
        raise RuntimeError(f"示例数据中没有可生成{'、'.join(missing)}的案件")
    return {form: case_id for form, case_id in found.items() if case_id is not None}


def _add_inspection(state: SelfTestState) -> int:
    """An inspection of the first institution by two officers, with one failed checklist item."""
    from datetime import date, datetime

    from sqlalchemy import select

    from database.models import CheckResult, Inspection, InspectionResult, Institution, Officer

    with _context(state).uow_factory() as uow:
        institution = uow.session.scalars(select(Institution).order_by(Institution.id)).first()
        officers = list(uow.session.scalars(select(Officer).order_by(Officer.id).limit(2)))
        if institution is None or len(officers) < 2:
            raise RuntimeError("示例数据中没有机构或执法人员")
        inspection = Inspection(
            institution_id=institution.id, inspected_on=date(2026, 11, 3),
            started_at=datetime(2026, 11, 3, 9, 30), ended_at=datetime(2026, 11, 3, 10, 40),
            location=institution.address, present_person="王丽", present_person_title="负责人",
            findings="自检：现场检查记录。", opinions="1.自检意见。",
        )  # fmt: skip
        inspection.officers = officers
        inspection.results = [
            InspectionResult(position=1, item_text="执业许可证悬挂", result=CheckResult.PASS),
            InspectionResult(position=2, item_text="医疗废物分类收集", result=CheckResult.FAIL),
        ]
        uow.session.add(inspection)
        uow.commit()
        return inspection.id


#: Values the demo records leave empty for some forms (a clerk types them in the editor).
SELF_TEST_OVERRIDES: dict[str, dict[str, object]] = {
    "statement_record": {"statement_date": "2026年1月5日"},
}


def _render_documents(state: SelfTestState) -> str:
    """Generate one document of every registered type and read each back."""
    from docx import Document

    from forms.engine import Subject
    from forms.registry import FORMS

    context = _context(state)
    case_id, inspection_id = _closed_case_id(state), _add_inspection(state)
    outcome_cases = _outcome_case_ids(state)
    state.case_id = case_id
    for chosen in sorted({case_id, *outcome_cases.values()}):  # closed demo cases are locked
        if context.cases.is_locked(chosen):
            context.audit.reopen_case(chosen, "自检：在已结案的示例案件上生成全部文书")
    out_dir = state.folder / "文书"
    out_dir.mkdir(exist_ok=True)
    for form in FORMS.values():
        on_case = form.subject == Subject.CASE
        result = context.documents.generate(
            form.id,
            case_id=outcome_cases.get(form.id, case_id) if on_case else None,
            inspection_id=None if on_case else inspection_id,
            out_dir=out_dir,
            overrides=SELF_TEST_OVERRIDES.get(form.id),
            user="自检",
        )
        if result.path is None:
            raise RuntimeError(f"{form.name}没有写出文件")
        document = Document(str(result.path))
        text = "\n".join(p.text for p in document.paragraphs) + "".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        if not text.strip() or "{{" in text or "{%" in text:
            raise RuntimeError(f"{form.name}读回的内容为空或含未填写的模板标记")
        state.docx_files.append(result.path)
    return f"{len(FORMS)} 种文书各生成一份并读回（模板目录 {context.documents.templates_dir}）"


def _skip(state: SelfTestState, reason: str) -> str:
    """A step CI may skip (no office suite on the runner); on the clerk's PC it is a failure."""
    if state.full:
        raise RuntimeError(reason)
    return "跳过：" + reason


def _context(state: SelfTestState) -> AppContext:
    if state.context is None:
        raise RuntimeError("数据库未能打开")
    return state.context


def _convert_pdf(state: SelfTestState) -> str:
    """Convert the penalty decision with the converter the office settings choose."""
    report = check_converters()
    if not report.any_available:
        return _skip(state, report.message)
    if not state.docx_files:
        raise RuntimeError("没有可转换的 DOCX 文件")
    source = next((p for p in state.docx_files if "处罚决定书" in p.name), state.docx_files[0])
    documents = _context(state).documents
    documents.warm.enable()  # as in the window: previews go through a warm LibreOffice
    converter = documents.converter()
    result = converter.convert([source], state.folder / "pdf")
    pdf = result.pdfs.get(source)
    if pdf is None:
        raise RuntimeError(result.failed.get(source, f"{converter.name} 未生成 PDF"))
    from pypdf import PdfReader

    text = "".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    if "处罚决定书" not in "".join(text.split()):
        raise RuntimeError("PDF 中读不到中文标题（缺少中文字体？）")
    state.pdf_file = pdf
    mode = {"warm": "（常驻 LibreOffice）", "batch": "（逐次启动 LibreOffice）"}.get(
        getattr(converter, "last_mode", ""), ""
    )
    return f"{converter.name}{mode} 转换 {source.name} → {pdf.stat().st_size // 1024} KB PDF"


def _pdf_preview(state: SelfTestState) -> str:
    """The preview's PDF renderer (pdfium, a bundled native library) draws the first page."""
    if state.pdf_file is None:
        return _skip(state, "没有转换出的 PDF")
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(state.pdf_file))
    try:
        bitmap = document[0].render(scale=0.5, rev_byteorder=True)
        width, height, data = bitmap.width, bitmap.height, bytes(bitmap.buffer)
        bitmap.close()
    finally:
        document.close()
    inked = sum(1 for value in data[::3] if value < 128)
    if width < 100 or height < 100 or inked < 100:
        raise RuntimeError(f"第 1 页渲染为 {width}×{height}，几乎没有文字")
    return f"pdfium 渲染第 1 页 {width}×{height}"


def _window(state: SelfTestState) -> str:
    """The main window opens offscreen and previews the converted PDF (desktop.ui)."""
    from desktop.ui.self_test_window import check_window

    return check_window(_context(state), state.pdf_file)


def _case_file(state: SelfTestState) -> str:
    """The case file (卷宗) as one PDF: cover, 卷内目录, documents, gap pages, page numbers."""
    report = check_converters()
    if not report.any_available:
        return _skip(state, report.message)
    if state.case_id is None:
        raise RuntimeError("没有生成文书的案件")
    from pypdf import PdfReader

    from desktop.common.errors import CasedeskError

    out = state.folder / "卷宗.pdf"
    try:
        result = _context(state).case_files.write(state.case_id, out, allow_gaps=True)
    except CasedeskError as error:
        if "尚未接入" in str(error):  # this build has the case-file service without its renderers
            return f"跳过：{error}"
        raise
    pages = len(PdfReader(out).pages)
    if pages != result.page_count or pages < 2:
        raise RuntimeError(f"卷宗 PDF 应有 {result.page_count} 页，读回 {pages} 页")
    gaps = f"，缺 {len(result.missing)} 份（以缺页说明页代替）" if result.missing else ""
    return f"{pages} 页，目录 {len(result.toc)} 项{gaps}"


class _TemporaryKeyring(KeyringBackend):
    """Holds the temporary database's key in memory, so the self-test never touches the OS one."""

    @properties.classproperty
    def priority(self) -> float:
        """Not viable on its own: keyring must never pick it as the default backend."""
        raise RuntimeError("only installed explicitly by the self-test")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret, or None."""
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Forget a secret."""
        self._secrets.pop((service, username), None)


#: The entry the keyring probe writes, reads back and deletes.
PROBE_SERVICE, PROBE_USER = "casedesk-self-test", "probe"


def _keyring(state: SelfTestState) -> str:
    """Whether the OS keyring (Credential Manager on Windows) is bundled and works."""
    backend = state.os_keyring
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, keyring.backends.fail.Keyring):
        if sys.platform == "win32":
            raise RuntimeError(f"Windows 凭据管理器后端未打包进程序（{name}）")
        advice = f"没有可用的系统密钥库（{name}）：请设置 CASEDESK_KEY_PASSPHRASE 使用口令保护的密钥文件"
        if state.full:
            raise RuntimeError(advice)
        return advice
    try:
        backend.set_password(PROBE_SERVICE, PROBE_USER, "自检")
        ok = backend.get_password(PROBE_SERVICE, PROBE_USER) == "自检"
        backend.delete_password(PROBE_SERVICE, PROBE_USER)
    except Exception as error:  # KeyringError, or pywintypes.error (CredWrite 1312 under policy)
        advice = f"{name} 存取失败：{error}；请设置 CASEDESK_KEY_PASSPHRASE 使用口令保护的密钥文件"
        if state.full:
            raise RuntimeError(advice) from error
        return advice
    return f"{name} 存取{'正常' if ok else '读回不一致'}"


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
    ("旧版本数据库升级", _upgrade_old_database),
    ("载入示例辖区", _demo),
    ("机构名录导出再导入", _import_round_trip),
    ("生成文书", _render_documents),
    ("转换 PDF", _convert_pdf),
    ("PDF 预览渲染", _pdf_preview),
    ("主窗口与预览", _window),
    ("卷宗 PDF", _case_file),
    ("系统密钥库", _keyring),
    ("PostgreSQL 驱动", _postgres_driver),
)


def run_steps(
    steps: Iterable[tuple[str, Callable[[SelfTestState], str]]], folder: Path, say: Say,
    *, full: bool = False,
) -> list[StepResult]:
    """Run each step, print its line as soon as it ends, and return all results."""
    state = SelfTestState(folder, full=full)
    results: list[StepResult] = []
    keyring.set_keyring(_TemporaryKeyring())
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
        if state.context is not None:
            state.context.close()
        keyring.set_keyring(state.os_keyring)
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
            mark_owner(Path(tmp))  # a killed self-test's folder is found by the check
            results = run_steps(STEPS, Path(tmp), say)
    failed = [r.label for r in results if not r.passed]
    elapsed = time.perf_counter() - start
    if failed:
        say(f"自检失败（{elapsed:.1f} 秒）：{'、'.join(failed)}。")
        return 1
    say(f"自检通过（{elapsed:.1f} 秒）：{len(results)} 项全部通过。")
    return 0
