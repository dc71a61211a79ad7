"""Long actions over the listed cases: export to Excel, one document per case. Both cancellable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from desktop.cases.cases import CaseService
from desktop.cases.export import export_cases
from desktop.documents.doc_types import BatchResult
from desktop.documents.service import DocumentService
from desktop.ui.errors import show_error
from desktop.ui.tasks import TaskHandle, build_task, run_in_background
from desktop.ui.text import tr

Say = Callable[[str], None]


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
    documents: DocumentService, form_name: str, ids: Sequence[int], out_dir: Path, say: Say
) -> TaskHandle:
    """One document per case on the write pool; failures are counted, not fatal."""

    work = build_task(partial(documents.generate_batch, form_name, list(ids), out_dir))

    def done(result: BatchResult) -> None:
        failed = [i for i in result.items if i.document is None]
        text = tr("已生成“{0}”{1} 份").format(form_name, result.succeeded)
        if failed:
            text += tr("，{0} 份未生成（第一个原因：{1}）").format(len(failed), failed[0].error)
        if result.cancelled:
            text += tr("；已取消其余案件")
        say(text + "。")

    return run_in_background(
        work, done, lambda e: show_error(None, e), write=True, title=tr("批量生成文书")
    )
