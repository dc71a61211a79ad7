"""Long actions over the listed cases: export to Excel, one document per case. Both cancellable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from desktop.cases.cases import CaseService
from desktop.cases.export import export_cases
from desktop.documents.doc_types import BatchResult
from desktop.documents.service import DocumentService
from desktop.law.provisions import ProvisionService
from desktop.ui.dialogs.batch_result import summary_text
from desktop.ui.errors import show_error
from desktop.ui.tasks import TaskControl, TaskHandle, build_task, run_in_background
from desktop.ui.text import tr

Say = Callable[[str], None]
#: Unverified catalogue rows' 提示, each with the 案号 of the listed cases it concerns.
Notices = dict[str, list[str]]
#: Shows a finished batch: the result, how many cases it was asked for, and the 提示.
ShowResult = Callable[[BatchResult, int, Notices], None]


def export_listed(cases: CaseService, ids: Sequence[int], path: Path, say: Say) -> TaskHandle:
    """Write the cases to an XLSX file in the background; a cancel writes nothing."""

    return run_in_background(
        build_task(partial(export_cases, cases, ids, path)),
        lambda n: say(tr("已导出 {0:,} 件案件到 {1}").format(n, path)),
        lambda e: show_error(None, e),
        title=tr("导出案件清单"),
        on_cancelled=lambda: say(tr("已取消导出，没有写入文件。")),
    )


def generate_for_cases(
    documents: DocumentService,
    provisions: ProvisionService,
    form_name: str,
    ids: Sequence[int],
    out_dir: Path,
    say: Say,
    show_result: ShowResult | None = None,
) -> TaskHandle:
    """One document per case on the write pool; failures are counted, not fatal, and the
    finished batch is shown whole (show_result), a cancelled one with what was not done.

    The unverified catalogue rows' 提示 (as `doc --all-cases` prints them) are read in the
    worker too (0.26 s for 251 cases) and shown at the top of the result panel."""
    case_ids = list(ids)
    generate = build_task(partial(documents.generate_batch, form_name, case_ids, out_dir))

    def work(control: TaskControl) -> tuple[BatchResult, Notices]:
        return generate(control), provisions.case_notices(case_ids)

    total = len(case_ids)

    def done(value: tuple[BatchResult, Notices]) -> None:
        result, notices = value
        say(summary_text(form_name, result, total))
        if show_result is not None:
            show_result(result, total, notices)

    return run_in_background(
        work, done, lambda e: show_error(None, e), write=True, title=tr("批量生成文书")
    )
