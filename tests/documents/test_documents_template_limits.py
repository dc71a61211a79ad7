"""Issue 16, finding 8: a template can neither exhaust memory nor run for ever, and
`templates check` finds such a template (in well under 2 s, in little memory)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from database.models import Document
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.documents.lint import lint_template
from desktop.documents.rendering import (
    TemplateLimitRenderError,
    TemplateRenderer,
    TemplateRenderError,
    make_environment,
    render_bytes,
)
from desktop.documents.template_budget import (
    MAX_ITERATIONS,
    WATCHDOG_GRACE,
    TemplateTimeout,
    within_limits,
)
from forms.registry import FORMS

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HUGE_REPEAT = "{{ 'A' * 3000000000 }}"
NESTED_100K = "{% for x in range(100000) %}{% for y in range(100000) %}.{% endfor %}{% endfor %}"
RANGE_10_9 = "{% for x in range(10**9) %}{{ x }}{% endfor %}"
#: A macro calling itself twice: 2^30 calls, no loop at all, only time.
EXPONENTIAL = (
    "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(30) }}"
)


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with(source: Path, target: Path, *paragraphs: str) -> Path:
    document = docx.Document(str(source))
    for text in paragraphs:
        document.add_paragraph(text)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


#: (template text, words the refusal must contain): each is refused fast and in little memory.
HOSTILE = {
    "repeat_3g": (HUGE_REPEAT, "重复"),
    "repeat_list": ("{{ ([1] * 10**9)|length }}", "重复"),
    "repeat_reversed": ("{{ 3000000000 * 'A' }}", "重复"),
    "range_10_9": (RANGE_10_9, "range()"),
    "range_huge_int": ("{% for x in range(10**100) %}{% endfor %}", "range()"),
    "nested_range_100k": (NESTED_100K, "range()"),
    "nested_range_10k": (
        "{% for x in range(10000) %}{% for y in range(10000) %}{% endfor %}{% endfor %}",
        "循环次数",
    ),
    "string_over_string": (
        "{% for c in 'x' * 999999 %}{% for d in 'y' * 999 %}{% endfor %}{% endfor %}",
        "循环次数",
    ),
    "doubling_concat": (
        "{% set ns = namespace(s='a') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "连接",
    ),
    "doubling_plus": (
        "{% set ns = namespace(s='a') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}",
        "连接",
    ),
    "nested_list_print": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
        "{% endfor %}{{ ns.l }}",
        "输出的值",
    ),
    "nested_list_string": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
        "{% endfor %}{{ ns.l|string }}",
        "参数",
    ),
    "list_extend": (
        "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
        "列表",
    ),
    "ljust": ("{{ 'a'.ljust(10**10) }}", "补齐"),
    "zfill": ("{{ '1'.zfill(10**10) }}", "补齐"),
    "center_filter": ("{{ 'a'|center(3000000000) }}", "补齐"),
    "indent_filter": ("{{ ('a\\n' * 500000)|indent(100) }}", "缩进"),
    "expandtabs": ("{{ ('\\t' * 900000).expandtabs(1000) }}", "展开"),
    "replace_method": ("{{ ('a' * 900000).replace('a', 'bbbbbbbbbb') }}", "替换"),
    "replace_filter": ("{{ ('a' * 900000)|replace('a', 'bbbbbbbbbb') }}", "替换"),
    "translate": ("{{ ('a' * 900000).translate({97: 'b' * 100}) }}", "替换"),
    "join_filter": ("{{ (['A' * 1000] * 100000)|join }}", "参数"),
    "join_method": ("{{ ''.join(['A' * 1000] * 10000) }}", "连接"),
    "format_width": ("{{ '{:>3000000000}'.format(1) }}", "格式"),
    "format_nested": ("{{ '{:{}}'.format(1, 10**9) }}", "嵌套"),
    "percent_width": ("{{ '%3000000000d' % 1 }}", "格式"),
    "percent_star": ("{{ '%*d' % (10**9, 1) }}", "*"),
    "format_filter": ("{{ '%3000000000s'|format(1) }}", "格式"),
    "wordwrap": ("{{ ('a' * 900000)|wordwrap(1, wrapstring='xxxxxxxxxx') }}", "换行"),
    "batch_fill": ("{{ range(10)|batch(10**9, 'x')|list }}", "分组"),
    "slice_many": ("{{ range(10)|slice(10**9)|list }}", "slice"),
    "sum_lists": ("{{ ([[1] * 1000] * 10000)|sum(start=[]) }}", "sum"),
    "power": ("{% set n = 2 %}{{ n ** 10000000 }}", "乘方"),
    "int_multiply": (
        "{% set ns = namespace(n=10) %}{% for i in range(30) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "整数",
    ),
    "recursion": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "递归"),
    "recursive_loop": ("{% for x in [1] recursive %}{{ loop([1, 2]) }}{% endfor %}", "递归"),
    "loop_in_loop_call": (
        "{% for x in range(1) recursive %}{{ loop(range(10000)) }}{% endfor %}",
        "递归",
    ),
    "dict_update": (
        "{% set d = {} %}{% for i in range(10000) %}{{ d.update({i: 'x' * 1000}) }}{% endfor %}"
        "{{ d }}",
        "输出的值",
    ),
    "output_in_loop": (
        "{% set big = 'x' * 999999 %}{% for i in range(10000) %}{{ big }}{% endfor %}",
        "生成的内容",
    ),
    "set_block_in_loop": (
        "{% set big = 'x' * 999999 %}{% set s %}{% for i in range(10000) %}{{ big }}{% endfor %}"
        "{% endset %}",
        "生成的内容",
    ),
    "macro_output": (
        "{% macro m() %}{% for i in range(10000) %}{{ 'y' * 999999 }}{% endfor %}{% endmacro %}{{ m() }}",
        "生成的内容",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_template_is_refused_fast_in_little_memory(name: str) -> None:
    source, words = HOSTILE[name]
    data = _docx("正文：", source)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(TemplateLimitRenderError) as refused:
            render_bytes(data, {}, make_environment(), f"{name}.docx")
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(refused.value)
    assert f"模板 {name}.docx" in message and words in message, message
    assert elapsed < 5.0, elapsed  # traced; untraced each is well under a second
    assert peak < 150_000_000, peak


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'a' + 1 }}",
        "{{ 1 / 0 }}",
        "{{ 10 ** 400 * 1.0 }}",
        "{{ '%d' % 'x' }}",
        "{{ lipsum(5) }}",
    ],
)
def test_a_template_that_fails_at_run_time_gives_a_chinese_message(source: str) -> None:
    with pytest.raises(
        TemplateRenderError, match=r"模板 t\.docx (运行出错|使用了表单未提供的变量)"
    ):
        render_bytes(_docx(source), {}, make_environment(), "t.docx")


def test_real_documents_are_far_from_the_limits() -> None:
    rows = [{"no": str(n), "title": "询问笔录" * 5} for n in range(2000)]
    source = (
        "{% for row in rows %}{{ row.no }}、{{ row.title }}{{ ' ' * 20 }}{% endfor %}"
        "{{ rows|map(attribute='no')|join('，') }}{{ '%s' % 'x' }}{{ '{}'.format(rows|length) }}"
    )
    out = render_bytes(_docx(source), {"rows": rows}, make_environment(), "ok.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    assert "1999、" + "询问笔录" * 5 in text and "，1999" in text


def test_a_template_that_runs_too_long_is_stopped_and_skipped_for_the_rest_of_the_batch(
    tmp_path: Path,
) -> None:
    template = tmp_path / "slow.docx"
    template.write_bytes(_docx(EXPONENTIAL))
    renderer = TemplateRenderer()
    renderer.time_limit = 0.5
    started = time.monotonic()
    with pytest.raises(
        TemplateLimitRenderError, match=r"模板运行超时：模板 slow\.docx 运行超过 0\.5 秒"
    ):
        renderer.render(template, {})
    assert time.monotonic() - started < 0.5 + WATCHDOG_GRACE + 1.0
    started = time.monotonic()
    with pytest.raises(TemplateLimitRenderError, match="本批其余文书不再使用此模板"):
        renderer.render(template, {})
    assert time.monotonic() - started < 0.2
    # A corrected template (another file content) renders again.
    template.write_bytes(_docx("{{ 1 + 1 }}"))
    assert renderer.render(template, {})


def test_the_watchdog_stops_python_code_that_never_looks_at_the_clock() -> None:
    started = time.monotonic()
    with pytest.raises(TemplateTimeout), within_limits("busy.docx", 0.2):
        while True:  # stands for a filter busy in Python code on a large string
            pass
    assert time.monotonic() - started < 0.2 + WATCHDOG_GRACE + 1.0
    # Nothing is left pending for this thread: it goes on normally.
    total = sum(range(1_000_000))
    time.sleep(0.1)
    assert total > 0


def test_a_finished_rendering_is_never_interrupted_later() -> None:
    with within_limits("quick.docx", 0.05) as budget:
        pass
    time.sleep(0.05 + WATCHDOG_GRACE + 0.3)  # past the watchdog's moment
    assert not budget.fired


def test_templates_check_reports_the_huge_repetition_in_under_two_seconds(tmp_path: Path) -> None:
    target = _with(TEMPLATES / "penalty_notice.docx", tmp_path / "t" / "penalty_notice.docx",
                   HUGE_REPEAT)  # fmt: skip
    form = FORMS["penalty_notice"]
    from desktop.documents.template_trial import sample_context

    started = time.monotonic()
    issues = lint_template(target, form.field_names(), sample_context(form))
    elapsed = time.monotonic() - started
    errors = [str(i) for i in issues if i.severity == "错误"]
    assert elapsed < 2.0, elapsed
    assert len(errors) == 1 and "重复后的文字或列表超过上限" in errors[0]
    assert errors[0].startswith("[错误] penalty_notice.docx")


def _child_peak_rss(command: list[str], env: dict[str, str]) -> tuple[int, str, float, int]:
    """(exit code, stdout, seconds, peak RSS in kB) of a child process (Linux/macOS)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = process.stdout.read() if process.stdout else b""  # small output: no deadlock
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, out.decode("utf-8"), time.monotonic() - started, usage.ru_maxrss


@pytest.mark.skipif(sys.platform == "win32", reason="os.wait4 (peak memory of the child)")
def test_casedesk_templates_check_on_the_issues_templates_is_quick_and_small(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "templates"
    _with(TEMPLATES / "penalty_notice.docx", folder / "penalty_notice.docx", HUGE_REPEAT)
    _with(TEMPLATES / "closing_report.docx", folder / "closing_report.docx", NESTED_100K)
    _with(TEMPLATES / "filing_report.docx", folder / "filing_report.docx", RANGE_10_9)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())",
               "--data-dir", str(tmp_path / "data"), "templates", "check", str(folder)]  # fmt: skip
    code, out, seconds, peak_kb = _child_peak_rss(command, env)
    assert code == 1, out
    assert "penalty_notice.docx 全文：用示例数据试生成时超出限制：重复后的文字或列表超过上限" in out
    assert (
        "closing_report.docx 全文：用示例数据试生成时超出限制：range() 最多生成 10,000 个数" in out
    )
    assert "filing_report.docx 全文：用示例数据试生成时超出限制：range()" in out
    assert "模板检查完成：3 个错误" in out
    assert seconds < 15.0  # the whole program start included; the 3 GB string never exists
    assert peak_kb < 1_000_000, peak_kb  # 401 MB seen under load; the issue measured 8.9 GB


def test_generation_with_range_10_9_is_a_chinese_error_and_uses_no_number(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from database.models import Case

    office = demo_ctx.data_dir / "templates"
    _with(TEMPLATES / "penalty_decision.docx", office / "penalty_decision.docx", RANGE_10_9)
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case_no = case.case_no
        before = uow.session.scalar(select(func.count(Document.id)))
    code = run(["--data-dir", str(demo_ctx.data_dir), "doc", "行政处罚决定书", "--case", case_no,
                "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "模板 penalty_decision.docx 超出限制：range() 最多生成 10,000 个数" in err
    assert "OverflowError" not in err and "Traceback" not in err
    with demo_ctx.uow_factory(readonly=True) as uow:
        assert uow.session.scalar(select(func.count(Document.id))) == before


def test_a_batch_with_a_template_that_hangs_ends_in_seconds(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    office = demo_ctx.data_dir / "templates"
    _with(TEMPLATES / "filing_report.docx", office / "filing_report.docx", EXPONENTIAL)
    demo_ctx.documents._renderer.time_limit = 0.5
    with demo_ctx.uow_factory(readonly=True) as uow:
        from database.models import Case

        case_ids = list(  # open cases: a locked one is refused before its template runs
            uow.session.scalars(
                select(Case.id).where(Case.locked.is_(False)).order_by(Case.id).limit(5)
            )
        )
    started = time.monotonic()
    result = demo_ctx.documents.generate_batch("filing_report", case_ids, tmp_path / "out")
    elapsed = time.monotonic() - started
    assert result.succeeded == 0 and len(result.items) == 5
    assert all("模板运行超时" in item.error for item in result.items)
    assert elapsed < 0.5 + WATCHDOG_GRACE + 5.0, elapsed


def test_templates_check_finds_loops_that_pass_the_range_cap_but_not_the_iteration_cap(
    tmp_path: Path,
) -> None:
    source = "{% for x in range(10000) %}{% for y in range(10000) %}.{% endfor %}{% endfor %}"
    target = _with(TEMPLATES / "closing_report.docx", tmp_path / "closing_report.docx", source)
    issues = lint_template(target, FORMS["closing_report"].field_names())
    assert any(f"循环次数超过上限（全部循环合计最多 {MAX_ITERATIONS:,} 次）" in i.problem
               for i in issues if i.severity == "错误")  # fmt: skip


def test_shipped_templates_render_with_their_sample_data(tmp_path: Path) -> None:
    from desktop.documents.template_trial import sample_context, trial_problems

    for form in FORMS.values():
        assert trial_problems(TEMPLATES / form.template, sample_context(form)) == [], form.id
    shutil.rmtree(tmp_path, ignore_errors=True)
