"""The window's 批量生成文书 names the unverified catalogue rows its cases cite, as
`doc --all-cases` does in the terminal: one line per row, each case named once."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.cases.cases import CaseFilter
from desktop.documents.doc_types import BatchResult
from desktop.law.notices import NOTICE_PREFIX
from desktop.ui.dialogs.batch_result import BatchResultDialog
from desktop.ui.pages.cases_page import CasesPage
from forms.record_forms import CaseStatus


def _batch(qtbot: QtBot, window, ids: list[int], tmp_path: Path) -> BatchResultDialog:  # type: ignore[no-untyped-def]
    """Generate a 决定书 for these cases from the 案件 page; its result panel."""
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    page.model.set_ids(ids)
    handle = page.batch_generate("行政处罚决定书", tmp_path / "批量")
    qtbot.waitUntil(lambda: handle.done and page.batch_result is not None, timeout=120_000)
    assert page.batch_result is not None
    return page.batch_result


def test_the_batch_result_names_the_unverified_rows_and_their_cases(
    qtbot: QtBot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    numbers = {r.case_no: r.id for r in ctx.cases.list(CaseFilter(statuses=(CaseStatus.SERVED,)))}
    expected = ctx.provisions.case_notices(list(numbers.values()))
    assert expected, "the demo district cites at least one unverified catalogue row"
    notice, case_nos = next(iter(expected.items()))
    listed = [numbers[n] for n in case_nos[:2]]
    panel = _batch(qtbot, window, listed, tmp_path)
    assert panel.isVisible() and panel.notice_label.isVisible()
    line = f"{NOTICE_PREFIX}{notice}（涉及 {len(listed)} 个案件：{'、'.join(case_nos[:2])}）"
    assert line in panel.notices
    assert line in panel.notice_label.text()
    assert len(panel.notices) == len(ctx.provisions.case_notices(listed))  # no row repeated


def test_a_batch_of_verified_cases_shows_no_notice(qtbot: QtBot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    served = [r.id for r in ctx.cases.list(CaseFilter(statuses=(CaseStatus.SERVED,)))]
    quiet = [i for i in served if not ctx.provisions.case_notices([i])][:1]
    assert quiet, "the demo district has a served case citing verified rows only"
    panel = _batch(qtbot, window, quiet, tmp_path)
    assert panel.notices == [] and not panel.notice_label.isVisible()


def test_many_notices_scroll_whole_inside_a_dialog_that_fits_the_screen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Seven rows, each naming thirty cases: every line is laid out whole (none drawn over
    another in a dialog too short for them); they scroll, and the dialog stays on a 1366×768
    screen."""
    notices = {f"条款编码YLJG-0{n}的条文未经核实": [f"青卫医案〔2026〕{100 + n * 30 + i}号" for i in range(30)]
               for n in range(1, 8)}  # fmt: skip
    dialog = BatchResultDialog(
        "行政处罚决定书", BatchResult((), False), 210, tmp_path, {}, None, notices
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.notice_label
    assert len(dialog.notices) == 7 and label.isVisible()
    assert label.height() >= label.heightForWidth(label.width())  # laid out whole, it scrolls
    assert dialog.notice_area.verticalScrollBar().maximum() > 0
    assert dialog.height() <= 768 and dialog.open_button.isVisible()
