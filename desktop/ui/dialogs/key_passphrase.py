"""Asks for the key-file passphrase on a computer without an OS keyring (the documented fallback),
and for the exported key backup when this database's key is missing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

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


def ask_key_backup(parent: QWidget, problem: str) -> tuple[Path, str] | None:
    """After a missing-key error: the exported key backup file and its passphrase, or None."""
    question = tr("{0}\n\n现在导入密钥备份文件吗？").format(problem)
    answer = QMessageBox.question(parent, tr("找不到加密密钥"), question)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    name, _filter = QFileDialog.getOpenFileName(
        parent, tr("选择导出的密钥备份文件"), "", tr("密钥备份 (*.json *.key);;所有文件 (*)")
    )
    if not name:
        return None
    text, ok = QInputDialog.getText(
        parent,
        tr("密钥备份口令"),
        tr("请输入导出密钥备份时设置的口令："),
        QLineEdit.EchoMode.Password,
    )
    return (Path(name), str(text)) if ok else None
