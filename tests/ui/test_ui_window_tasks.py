"""Long work and the window: closing asks 继续等待 / 取消任务并退出; a finished batch shows its
counts, every failure with its reason, and opens its folder."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from ui_keys import answer_next_box

from desktop.cases.cases import CaseFilter
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.tasks import TaskControl, run_in_background
from forms.record_forms import CaseStatus


def _slow_batch(control: TaskControl) -> int:
    """178 steps of 20 ms, stopping at the first check after 取消."""
    for done in range(1, 179):
        control.check()
        time.sleep(0.02)
        control.progress(done, 178, f"第 {done} 件")
    return 178


def test_closing_during_a_task_asks_and_can_wait_or_cancel(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    handle = window.progress.track(run_in_background(_slow_batch, title="批量生成文书"))
    qtbot.waitUntil(lambda: window.progress.running.get(handle, (0, 0))[0] >= 3, timeout=10_000)
    asked: list[str] = []
    answer_next_box("继续等待", asked)
    window.close()
    assert window.isVisible() and not handle.done  # the work goes on
    assert "批量生成文书（" in asked[0] and "/178）" in asked[0]
    answer_next_box("取消任务并退出", asked)
    window.close()
    assert not window.isVisible()
    assert handle.done and not window.progress.running  # stopped, and told so, before leaving
    assert len(asked) == 2


def test_closing_with_nothing_running_asks_nothing(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    window.close()
    assert not window.isVisible()


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_a_finished_batch_lists_every_failure_and_opens_its_folder(
    qtbot: QtBot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    decided = [r.id for r in ctx.cases.list(CaseFilter(statuses=(CaseStatus.SERVED,)))][:3]
    undecided = [r.id for r in ctx.cases.list(CaseFilter(statuses=(CaseStatus.NOTIFIED,)))][:2]
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    page.model.set_ids(decided + undecided)  # the list as filtered by the clerk
    handle = page.batch_generate("行政处罚决定书", tmp_path / "批量")
    qtbot.waitUntil(lambda: handle.done and page.batch_result is not None, timeout=120_000)
    panel = page.batch_result
    assert panel.isVisible()
    made = len(list((tmp_path / "批量").glob("*.docx")))
    assert made >= 1 and len(panel.failures) == 5 - made >= 2
    assert f"共 5 件，已生成 {made} 份，未生成 {5 - made} 份" in panel.summary.text()
    numbers = {ctx.cases.get(i).case_no for i in undecided}
    shown = {f.record.split(" ")[0] for f in panel.failures}
    assert numbers <= shown  # every failure named by its 案号 …
    assert all(f.reason for f in panel.failures)  # … with its reason
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        panel.open_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(tmp_path / "批量")]
