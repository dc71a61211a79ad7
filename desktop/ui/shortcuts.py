"""The main window's keyboard: one list of shortcuts, installed on the window and shown by F1.

A clerk's day is keyboard work (typing dates, 案号, names); the mouse should not be needed to
search, open, create, save, print or change page. Editors have their own keys (Enter to the
next field, Ctrl+S, Esc): they are listed here too, so F1 shows everything in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.models.columns import ColumnSpec, attr
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import fit_last_column, rows_table

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Shortcut:
    """One key and what it does; `action` names a MainWindow method (None: handled elsewhere)."""

    keys: str
    what: str
    action: str | None = None


#: Every shortcut, in the order F1 lists them.
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("Ctrl+F", "搜索：光标到本页的搜索框", "focus_search"),
    Shortcut("Enter", "打开列表中选中的一行（案件、机构、检查记录、文书……）"),
    Shortcut("Ctrl+N", "新增（案件、机构、检查记录……，按当前页面）", "new_record"),
    Shortcut("Ctrl+S", "保存（编辑窗口、设置）", "save_page"),
    Shortcut("Ctrl+P", "生成并预览所选文书；预览窗口中为打印", "print_page"),
    Shortcut("F5", "刷新本页", "reload_page"),
    *(
        Shortcut(f"Ctrl+{n}", f"转到第 {n} 页（{title}）")
        for n, title in enumerate(
            ("工作台", "机构", "检查", "案件", "文书", "报表", "报送", "设置"), 1
        )
    ),
    Shortcut("F1", "显示本快捷键列表", "show_shortcuts"),
    Shortcut("Tab / Shift+Tab", "下一个 / 上一个输入框或按钮"),
    Shortcut("Enter（编辑窗口中）", "到下一个输入项（不会直接保存）"),
    Shortcut("Ctrl+Enter（编辑窗口中）", "保存"),
    Shortcut("Esc（编辑窗口中）", "关闭；有未保存的修改时先询问“放弃修改？”"),
    Shortcut(
        "日期输入框", "可输入 20261125、2026-11-25、2026年11月25日；“今天”；↑↓ 加减一天；F4 日历"
    ),
)


def install(window: MainWindow) -> list[QShortcut]:
    """The window's shortcuts (they do not fire while a dialog of it is open)."""
    made: list[QShortcut] = []
    for shortcut in SHORTCUTS:
        if shortcut.action is not None:
            handler: Callable[[], object] = getattr(window, shortcut.action)
            made.append(QShortcut(QKeySequence(shortcut.keys), window, handler))
    for number in range(1, 9):
        page = partial(window.go_to_page, number - 1)
        made.append(QShortcut(QKeySequence(f"Ctrl+{number}"), window, page))
    return made


COLUMNS = (
    ColumnSpec(tr("按键"), attr("keys"), 14),
    ColumnSpec(tr("作用"), attr("what"), 40),
)


class ShortcutsDialog(FittedDialog):
    """F1: the shortcut list, read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("快捷键"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("整天的工作都可以只用键盘完成："), self))
        self.model, self.view = rows_table(COLUMNS, self)
        self.model.set_rows(SHORTCUTS)
        fit_last_column(self.view)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 560)
