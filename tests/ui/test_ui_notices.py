"""The case editor shows a 提示 for an unverified catalogue row among its live warnings, and
drops it for a verified one (issue 13)."""

from __future__ import annotations

from datetime import date

from desktop.app import AppContext
from desktop.ui.dialogs.record_editors import case_editor


def test_an_unverified_row_is_noted_in_the_editor(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    rows = {r.code: r for r in ctx.provisions.list()}
    assert not rows["YLJG-04"].verified and rows["YLJG-04-2016"].verified
    dialog.pick_provision(rows["YLJG-04"])
    dialog.editors["act_on"].set_raw(date(2026, 2, 20))
    assert dialog.warning.text().splitlines()[-1] == (
        "提示：条款编码YLJG-04（《医疗机构管理条例》第四十六条）的条文未经核实：法律条款库未在法规全文中"
        "核对其违反条款、处罚依据和处罚幅度，请对照法规原文核对后再据以作出决定。"
    )
    assert not dialog.warning.isHidden()
    dialog.pick_provision(rows["YS-02"])  # verified: nothing to note
    assert "提示" not in dialog.warning.text()
