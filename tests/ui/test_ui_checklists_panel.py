"""设置 → 检查清单: the default is read-only, a copy's items are edited in the table and saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.app import AppContext
from desktop.ui.widgets.checklists_panel import ChecklistsPanel


def _panel(qtbot, ctx: AppContext) -> ChecklistsPanel:  # type: ignore[no-untyped-def]
    panel = ChecklistsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.refresh()
    return panel


def test_default_is_read_only_and_a_copy_is_edited(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, ctx)
    default = panel.current()
    assert default is not None and default.is_default
    model = panel.model
    assert model.rowCount() == 21
    assert not (model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(model.index(0, 2), "改", Qt.ItemDataRole.EditRole)
    assert not panel.save_button.isEnabled() and "请先“复制为新清单”" in panel.message.text()

    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        copy_id = panel.copy_as("生活美容机构检查清单")
    current = panel.current()
    assert current is not None and current.id == copy_id and panel.save_button.isEnabled()
    assert model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 0), "区卫生监督所", Qt.ItemDataRole.EditRole)
    panel.view.setCurrentIndex(model.index(20, 0))
    panel.add_item()  # a blank row after the last, left empty: refused with its number
    assert model.rowCount() == 22
    assert not panel.save()
    assert "第22项 检查内容：不能为空" in panel.message.text()
    assert len(ctx.checklists.get(copy_id).items) == 21  # nothing half-written
    model.setData(model.index(21, 2), "是否公示服务价格", Qt.ItemDataRole.EditRole)
    panel.view.setCurrentIndex(model.index(1, 0))
    panel.remove_selected()
    panel.name_edit.setText("生活美容机构检查清单（2026）")
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert panel.save(), panel.message.text()
    stored = ctx.checklists.get(copy_id)
    assert stored.name == "生活美容机构检查清单（2026）"
    assert len(stored.items) == 21
    assert stored.items[0].department == "区卫生监督所"
    assert stored.items[-1].text == "是否公示服务价格"
    assert stored.items[-1].department == default.items[-1].department  # taken from the row above
    assert ctx.checklists.get(default.id) == default
