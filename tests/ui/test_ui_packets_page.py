"""报送 page: the campaign packet and the yearly archive from the window, with progress and 取消."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from desktop.ui.pages.packets_page import PacketsPage
from desktop.ui.tasks import TaskHandle

pytestmark = pytest.mark.slow


def _page(qtbot, window) -> PacketsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("报送")
    assert isinstance(page, PacketsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=30_000)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["案件卷宗", "专项整治报送", "结案归档", "信息公示", "汇总"]
    return page


def _ended(qtbot, handle: TaskHandle) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: handle.done, timeout=180_000)


def test_campaign_packet_is_built_and_a_cancel_writes_nothing(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    panel = page.campaign
    page.tabs.setCurrentWidget(panel)
    panel.period.set_period(date(2026, 1, 1), date(2026, 11, 20))
    # 取消 pressed at once: nothing is written, the clerk is told so
    cancelled = tmp_path / "cancelled"
    cancelled.mkdir()
    handle = panel.build(cancelled)
    assert window.progress.isVisibleTo(window) and window.progress.handle is handle
    window.progress.cancel_button.click()
    _ended(qtbot, handle)
    assert list(cancelled.iterdir()) == []
    assert "已取消" in panel.result_label.text() and not panel.running
    # a full build: one bookmarked PDF and the originals
    out = tmp_path / "ok"
    out.mkdir()
    seen: list[tuple[int, int, str]] = []
    handle = panel.build(out)
    handle.progressed.connect(lambda *step: seen.append(step))
    _ended(qtbot, handle)
    assert panel.result is not None, panel.result_label.text()
    assert (out / "报送材料.pdf").exists() and (out / "报送材料原件.zip").exists()
    reader = PdfReader(out / "报送材料.pdf")
    assert reader.outline[0].title == "专项整治工作总结"
    assert len(reader.pages) == panel.result.page_count >= 5
    with zipfile.ZipFile(out / "报送材料原件.zip") as originals:
        assert any(n.endswith(".docx") for n in originals.namelist())
    assert seen and seen[-1][0] == seen[-1][1]
    assert str(out / "报送材料.pdf") in panel.result_label.text()
    assert not window.progress.isVisibleTo(window)


def test_archive_is_exported_verified_and_a_changed_file_is_found(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    panel = page.archive
    page.tabs.setCurrentWidget(panel)
    panel.year.setValue(2024)  # the demo's five 回头看 cases of 2024
    out = tmp_path / "2024年结案归档.zip"
    handle = panel.export(out)
    _ended(qtbot, handle)
    errors = [b.text() for b in panel.findChildren(QMessageBox)]
    assert panel.exported is not None, errors
    assert panel.exported.case_count > 0 and out.exists()
    assert "已导出 2024 年结案归档" in panel.result_label.text()
    _ended(qtbot, panel.verify(out))
    assert panel.problems == [] and "校验通过" in panel.result_label.text()
    assert panel.view.isHidden()
    # one document's bytes changed: the check names the file, and nothing is restored from it
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(tampered, "w") as target:
        victim = next(n for n in source.namelist() if n.endswith("案件信息.json"))
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b" " if name == victim else data)
    _ended(qtbot, panel.verify(tampered))
    assert [p.path for p in panel.problems or []] == [victim]
    assert "校验未通过：1 处问题" in panel.result_label.text()
    assert panel.model.rowCount() == 1 and not panel.view.isHidden()
    _ended(qtbot, panel.import_files(tampered))
    assert "没有恢复任何文件" in panel.result_label.text()
    _ended(qtbot, panel.import_files(out))
    assert "已恢复" in panel.result_label.text()


def test_case_file_missing_documents_filled_then_built(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    assert page.case_edit.text()  # the newest closed case, shown at once
    assert page.fill_button.isEnabled() and "缺少" in page.missing.text()
    # The newest closed case may be a penalty case or a 移送 one: as many documents are
    # generated as its plan lacks.
    lacking = [r for r in range(page.model.rowCount())
               if page.model.data(page.model.index(r, 3)) != "已有"]  # fmt: skip
    # A closed case is locked: its documents are made after a recorded 重新打开.
    case_id = window.ctx.cases.resolve(page.case_edit.text())
    window.ctx.audit.reopen_case(case_id, "测试：补齐卷内文书")
    handle = page.fill_missing()
    assert handle is not None
    _ended(qtbot, handle)
    qtbot.waitUntil(lambda: not page.fill_button.isEnabled(), timeout=30_000)
    assert lacking and f"已生成 {len(lacking)} 份" in page.fill_result.text()
    # The plan is listed again in the background once the fill is done: wait for it.

    def shown() -> set[str]:
        return {page.model.data(page.model.index(r, 3)) for r in range(page.model.rowCount())}

    qtbot.waitUntil(lambda: shown() == {"已有"}, timeout=30_000)
    # What is still listed is evidence the decision cites (照片, 票据): filed by the clerk.
    still = page.missing.text().removeprefix("缺少：")
    assert all(t.endswith("（决定书引用的证据）") for t in still.split("、") if t)
    out = tmp_path / "卷宗.pdf"
    page.gaps.setChecked(True)
    handle = page.build(out)
    _ended(qtbot, handle)
    outline = [o.title for o in PdfReader(out).outline]
    assert outline[:2] == ["卷宗封面", "卷内目录"] and outline[-1] == "卷内备考表"
    assert len(outline) == 3 + page.model.rowCount()


def test_evidence_is_added_to_the_file_and_removed(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from sqlalchemy import select

    from database.models import Case

    page = _page(qtbot, window)
    with page.ctx.uow_factory(readonly=True) as uow:
        case_no = uow.session.scalars(
            select(Case.case_no).where(Case.locked.is_(False)).order_by(Case.id)
        ).first()
    page.case_edit.setText(case_no)
    with qtbot.waitSignal(page.loaded, timeout=20_000):  # this case's plan, not the page's first
        page.show_plan()
    before = page.model.rowCount()
    assert before > 0
    photo = tmp_path / "现场照片.png"
    Image.new("RGB", (400, 300), (180, 200, 220)).save(photo)
    note = tmp_path / "情况说明.docx"
    note.write_bytes(b"PK\x03\x04")
    _ended(qtbot, page.add_evidence([photo, note]))  # one bad file: none is added
    assert page.model.rowCount() == before
    assert any("不是 PDF 或图片" in text for text in _boxes(page))
    _ended(qtbot, page.add_evidence([photo]))
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=20_000)
    titles = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    last = titles.index("证据：现场照片")  # filed with the 调查取证材料, by its 取证日期
    page.view.selectRow(last)
    assert page.remove_evidence_button.isEnabled()
    page.view.selectRow(0)
    assert not page.remove_evidence_button.isEnabled()  # a document is not evidence
    page.view.selectRow(last)
    _ended(qtbot, page.remove_selected_evidence())
    qtbot.waitUntil(lambda: page.model.rowCount() == before, timeout=20_000)
    assert page.ctx.attachments.list(case_no) == []


def _boxes(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [box.text() for box in widget.findChildren(QMessageBox)]
