"""Generating a penalty decision from the case page: 文号, preview, print to a PDF file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop.cases.cases import CaseFilter
from desktop.ui.pages.cases_page import CasesPage


@pytest.mark.slow
def test_generate_penalty_decision_from_the_case_page(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    decided = [r for r in ctx.cases.list(CaseFilter()) if r.decided_on and r.fine_fen > 0]
    case = decided[0]
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    window.open_case(case.id)
    qtbot.waitUntil(lambda: page.detail.case_id == case.id, timeout=20_000)
    assert page.detail.select_document("行政处罚决定书")
    assert page.detail.generate_button.isEnabled()
    page.detail.generate_button.click()
    qtbot.waitUntil(lambda: page.document_flow.preview is not None, timeout=180_000)
    doc = page.document_flow.last
    assert doc is not None and doc.number.endswith("号") and "罚" in doc.number
    assert doc.number in page.detail.document_label.text()
    assert doc.number in page.detail.documents.currentItem().text()  # 已生成：文号 in the list
    page.detail.issued.clear()
    page._on_row_changed(page.view.currentIndex().row())  # read back from the register
    qtbot.waitUntil(lambda: page.detail.issued.get("行政处罚决定书") == doc.number, timeout=10_000)
    preview = page.document_flow.preview
    assert preview.viewer.page_count >= 1
    # The pages arrive one by one after the dialog opens: all of them on screen in the end.
    qtbot.waitUntil(lambda: preview.viewer.rendered == preview.viewer.page_count, timeout=20_000)
    assert preview.viewer.pixmap_at(0) is not None
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == preview.viewer.page_count
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    preview.close()


@pytest.mark.slow
def test_missing_document_fields_are_asked_for_in_an_editor_from_the_form(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from docx import Document

    page = window.show_page("案件")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    case_id = page.model.id_at(0)
    assert window.ctx.documents.preflight("陈述和申辩笔录", case_id=case_id) == ["陈述申辩日期"]
    flow = page.document_flow
    flow.generate("陈述和申辩笔录", case_id)
    qtbot.waitUntil(
        lambda: flow.fill_dialog is not None and flow.fill_dialog.isVisible(), timeout=20_000
    )
    dialog = flow.fill_dialog
    assert list(dialog.editors) == ["statement_date"]
    assert dialog.try_save() is False  # the date picker still shows （未填）
    assert dialog.error_of("statement_date") == "不能为空。"
    dialog.editors["statement_date"].set_raw(date(2026, 11, 23))
    assert dialog.try_save() is True
    qtbot.waitUntil(lambda: flow.last is not None, timeout=180_000)
    assert flow.last.title == "陈述和申辩笔录" and flow.last.docx is not None
    text = "\n".join(p.text for p in Document(str(flow.last.docx)).paragraphs)
    tables = "\n".join(
        c.text for t in Document(str(flow.last.docx)).tables for r in t.rows for c in r.cells
    )
    assert "2026年11月23日" in text + tables
    if flow.preview is not None:
        flow.preview.close()


def test_a_document_is_voided_with_a_reason_and_keeps_its_number(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.models.columns import ID_ROLE
    from desktop.ui.pages.documents_page import DocumentsPage

    ctx = window.ctx
    case = next(r for r in ctx.cases.list(CaseFilter()) if r.filed_on)
    made = ctx.documents.generate("filing_report", case_id=case.id)
    page = window.show_page("文书")
    assert isinstance(page, DocumentsPage)
    qtbot.waitUntil(lambda: page.is_loaded and page.model.rowCount() > 0, timeout=20_000)
    assert page.model.index(0, 0).data(ID_ROLE) == made.id  # newest first
    assert page.model.index(0, 2).data() == case.case_no  # the 案号, not a database id
    # search and filters narrow the register (in the database, the list reloads)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.search.setText(made.number or "立案报告")
        page.filters.flush()
    assert page.model.rowCount() >= 1 and page.select_document(made.id)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.search.setText(case.case_no)  # by 案号: every document of the case
        page.filters.flush()
    assert page.select_document(made.id)
    assert all(page.model.row_at(r).case_id == case.id for r in range(page.model.rowCount()))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.combos["state"].setCurrentText("已作废")
    assert page.model.rowCount() == 0
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.combos["state"].setCurrentIndex(0)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.search.clear()
        page.filters.flush()
    assert page.select_document(made.id)
    handle = page.void_selected()  # no reason typed: refused, nothing changes
    qtbot.waitUntil(lambda: handle is not None and handle.done, timeout=20_000)
    assert any("作废原因" in b.text() for b in page.findChildren(QMessageBox))
    assert not next(d for d in ctx.documents.list_documents() if d.id == made.id).voided
    page.void_reason.setText("当事人名称有误，已重新制作")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.void_selected()
    stored = next(d for d in ctx.documents.list_documents() if d.id == made.id)
    assert stored.voided and stored.void_reason == "当事人名称有误，已重新制作"
    assert stored.number == made.number  # the 文号 stays taken
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.combos["state"].setCurrentText("已作废")
    assert page.select_document(made.id)
    assert page.model.rowCount() == sum(1 for d in ctx.documents.list_documents() if d.voided)
    shown = page.view.currentIndex().row()
    assert page.model.index(shown, 5).data().startswith("已作废：")
    # sorting by a header re-queries in that order (the database's collation decides)
    numbers = {}
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        with qtbot.waitSignal(page.loaded, timeout=20_000):
            page.view.sortByColumn(1, order)
        numbers[order] = [page.model.row_at(r).number for r in range(page.model.rowCount())]
    assert numbers[Qt.SortOrder.AscendingOrder] == numbers[Qt.SortOrder.DescendingOrder][::-1]


@pytest.mark.slow
def test_generate_and_preview_goes_through_the_warm_office_and_survives_its_kill(
    qtbot, window
) -> None:  # type: ignore[no-untyped-def]
    import os
    import signal

    from desktop.trust.processes import command_line, group_members

    office = window.ctx.documents.warm()
    if office is None:
        pytest.skip("LibreOffice with python3-uno not installed")
    # Open cases in decision-date order: a new 文号 is never dated before one issued (issue 15).
    decided = sorted((r for r in window.ctx.cases.list(CaseFilter())
                      if r.decided_on and r.fine_fen > 0 and not window.ctx.cases.is_locked(r.id)),
                     key=lambda r: r.decided_on)  # fmt: skip
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)

    def preview(case_id: int) -> None:
        page.document_flow.preview = None
        window.open_case(case_id)
        qtbot.waitUntil(lambda: page.detail.case_id == case_id, timeout=20_000)
        assert page.detail.select_document("行政处罚决定书")
        page.detail.generate_button.click()
        qtbot.waitUntil(lambda: page.document_flow.preview is not None, timeout=180_000)
        assert page.document_flow.preview.viewer.page_count >= 1
        page.document_flow.preview.close()

    preview(decided[0].id)
    assert office.starts == 1 and office.pids is not None  # the preview started the warm office
    soffice_pid = office.pids[0]
    for pid in group_members(soffice_pid):
        if "soffice" in (command_line(pid) or ""):
            os.kill(pid, signal.SIGKILL)
    preview(decided[1].id)  # LibreOffice was killed: the next preview still comes
    assert office.starts == 2 and office.pids is not None and office.pids[0] != soffice_pid
    window.ctx.documents.close()
    assert office.pids is None and group_members(soffice_pid) == []


@pytest.mark.slow
def test_the_window_starts_the_warm_office_after_its_converter_check(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import desktop.ui.main_window as main_window

    office = window.ctx.documents.warm()
    if office is None:
        pytest.skip("LibreOffice with python3-uno not installed")
    monkeypatch.setattr(main_window, "WARM_UP_DELAY_MS", 0)
    assert office.pids is None
    window.check_converters()  # what the first paint triggers
    qtbot.waitUntil(lambda: window.converter_report is not None, timeout=30_000)
    assert "常驻" in window.converter_report.message  # 设置 shows this sentence
    qtbot.waitUntil(lambda: office.pids is not None, timeout=120_000)
    window.ctx.documents.close()
    assert office.pids is None
