"""The case page asks before regenerating a document (“已生成，重新生成将替换原文书？”) and asks
for the 补号原因 when a new 文号 would go to an earlier-dated document (issue 15 points 1, 3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.documents.slots import REGENERATED
from desktop.ui import document_actions
from desktop.ui.pages.cases_page import CasesPage


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generate the DOCX only: the question and the register are what is tested here."""
    real = document_actions.generate

    def docx_only(*args: object, **kwargs: object) -> document_actions.GeneratedDocument:
        kwargs["pdf"] = False
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document_actions, "generate", docx_only)


def _open_cases(ctx: AppContext, count: int, form: str) -> list[int]:
    """Open (unlocked) cases whose document `form` can be generated, earliest decision first."""
    with ctx.uow_factory(readonly=True) as uow:
        rows = uow.session.execute(
            select(Case.id, Case.decided_on)
            .where(Case.locked.is_(False), Case.decided_on.is_not(None), Case.fine_fen > 0)
            .order_by(Case.decided_on, Case.id)
        ).all()
    found: list[tuple[int, date]] = []
    for case_id, decided in rows:
        if ctx.documents.preflight(form, case_id=case_id) == [] and all(
            decided.year == d.year and decided != d for _c, d in found
        ):
            found.append((case_id, decided))
        if len(found) == count:
            return [case_id for case_id, _ in found]
    raise AssertionError(f"the demo district has fewer than {count} open cases for {form}")


def _page(qtbot, window) -> CasesPage:  # type: ignore[no-untyped-def]
    page = window.show_page("案件")
    assert isinstance(page, CasesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    return page


def test_regenerating_asks_first_and_replaces_the_copy(
    qtbot, window, no_pdf, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx: AppContext = window.ctx
    [case_id] = _open_cases(ctx, 1, "立案报告")
    first = ctx.documents.generate("立案报告", case_id=case_id, out_dir=tmp_path)
    flow = _page(qtbot, window).document_flow

    flow.generate("立案报告", case_id)
    qtbot.waitUntil(
        lambda: flow.replace_box is not None and flow.replace_box.isVisible(), timeout=20_000
    )
    assert "“立案报告”已生成，重新生成将替换原文书？" in flow.replace_box.text()
    flow.replace_box.button(QMessageBox.StandardButton.No).click()
    assert flow.replace_box is None and flow.last is None
    assert ctx.documents.current_copy("立案报告", case_id=case_id).id == first.id  # type: ignore[union-attr]

    flow.generate("立案报告", case_id)
    qtbot.waitUntil(
        lambda: flow.replace_box is not None and flow.replace_box.isVisible(), timeout=20_000
    )
    flow.replace_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: flow.last is not None, timeout=60_000)
    current = ctx.documents.current_copy("立案报告", case_id=case_id)
    assert current is not None and current.id != first.id
    old = {r.id: r for r in ctx.documents.list_documents(case_id=case_id)}[first.id]
    assert old.voided and old.void_reason == REGENERATED


def test_a_first_copy_is_generated_without_a_question(qtbot, window, no_pdf) -> None:  # type: ignore[no-untyped-def]
    ctx: AppContext = window.ctx
    [case_id] = _open_cases(ctx, 1, "立案报告")
    flow = _page(qtbot, window).document_flow
    flow.generate("立案报告", case_id)
    qtbot.waitUntil(lambda: flow.last is not None, timeout=60_000)
    assert flow.replace_box is None


def test_an_out_of_order_number_asks_for_the_late_reason(
    qtbot, window, no_pdf, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx: AppContext = window.ctx
    early, late = _open_cases(ctx, 2, "行政处罚决定书")
    ctx.documents.generate("行政处罚决定书", case_id=late, out_dir=tmp_path)
    flow = _page(qtbot, window).document_flow
    flow.generate("行政处罚决定书", early)
    qtbot.waitUntil(
        lambda: flow.late_dialog is not None and flow.late_dialog.isVisible(), timeout=60_000
    )
    assert "补号原因" in flow.late_dialog.labelText()
    flow.late_dialog.setTextValue("原决定书漏编文号")
    flow.late_dialog.accept()
    qtbot.waitUntil(lambda: flow.last is not None, timeout=60_000)
    [row] = [r for r in ctx.documents.list_documents(case_id=early) if not r.voided]
    assert row.late_reason == "原决定书漏编文号" and row.number == flow.last.number
