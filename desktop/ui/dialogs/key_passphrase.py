"""Asks for the key-file passphrase on a computer without an OS keyring (the documented fallback)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop.ui.text import tr

#: The crypto service refuses shorter passphrases for the key file.
MIN_PASSPHRASE = 8


def ask_key_passphrase(parent: QWidget) -> str | None:
    """The passphrase the clerk typed (None when cancelled)."""
    prompt = tr(
        "本机没有可用的系统密钥环，个人信息加密密钥将以口令保护的文件保存在数据目录中。\n"
        "请输入口令（至少8位）。首次使用时以此口令创建密钥文件，以后每次启动须输入同一口令；\n"
        "也可在启动前设置环境变量 CASEDESK_KEY_PASSPHRASE。"
    )
    while True:
        text, ok = QInputDialog.getText(parent, tr("密钥口令"), prompt, QLineEdit.EchoMode.Password)
        if not ok:
            return None
        if len(text) >= MIN_PASSPHRASE:
            return str(text)
        QMessageBox.warning(parent, tr("密钥口令"), tr("口令至少需要8位，请重新输入。"))
