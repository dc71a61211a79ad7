"""导出密钥备份: the passphrase asked twice, mismatches shown in the dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialogs.fitted_dialog import FittedDialog
from desktop.ui.text import tr
from desktop.ui.widgets.field_widgets import ERROR_STYLE


class KeyExportDialog(FittedDialog):
    """Two password fields; OK only when they match (the length rule is the service's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("导出密钥备份"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "密钥文件用于在电脑重装或更换后读取加密保存的身份证号、电话。\n"
                "请设置口令（至少8位）并牢记；密钥文件与口令请分开保管。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.first = QLineEdit(self)
        self.second = QLineEdit(self)
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("口令"), self.first)
        form.addRow(tr("再次输入口令"), self.second)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("导出"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 220)

    def passphrase(self) -> str:
        """The passphrase typed (both fields agree once accepted)."""
        return self.first.text()

    def try_accept(self) -> bool:
        """Accept when both entries match; otherwise say so and stay open."""
        if not self.first.text():
            self.error.setText(tr("口令不能为空。"))
        elif self.first.text() != self.second.text():
            self.error.setText(tr("两次输入的口令不一致，请重新输入。"))
        else:
            self.accept()
            return True
        self.error.show()
        return False
