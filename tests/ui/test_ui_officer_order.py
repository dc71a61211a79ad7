"""The case editor keeps the order in which the clerk ticks the 执法人员 (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.app import AppContext
from desktop.ui.dialogs.record_editors import case_editor


def test_officers_are_saved_in_the_order_ticked(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    ctx = demo_ctx
    row = next(r for r in ctx.cases.list() if r.closed_on is None and r.decided_on is None)
    dialog = case_editor(ctx, row.id)
    qtbot.addWidget(dialog)
    view = dialog.editors["officer_ids"].editor
    for i in range(view.count()):
        view.item(i).setCheckState(Qt.CheckState.Unchecked)
    third, first = view.item(2), view.item(0)
    third.setCheckState(Qt.CheckState.Checked)  # ticked first, listed third
    first.setCheckState(Qt.CheckState.Checked)
    wanted = (third.data(Qt.ItemDataRole.UserRole), first.data(Qt.ItemDataRole.UserRole))
    assert dialog.editors["officer_ids"].raw() == wanted
    assert dialog.try_save() is True, dialog.banner.text()
    assert ctx.cases.get(row.id).officer_ids == wanted
    # Opened again, the editor keeps the stored order; unticking drops one, ticking appends.
    again = case_editor(ctx, row.id)
    qtbot.addWidget(again)
    editor = again.editors["officer_ids"]
    assert editor.raw() == wanted
    editor.editor.item(2).setCheckState(Qt.CheckState.Unchecked)
    editor.editor.item(1).setCheckState(Qt.CheckState.Checked)
    assert editor.raw() == (wanted[1], editor.editor.item(1).data(Qt.ItemDataRole.UserRole))
