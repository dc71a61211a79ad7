"""Asks for the key-file passphrase on a computer without an OS keyring (the documented fallback),
and, when this database's key cannot be read, for the exported key backup or the passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop.ui.text import tr

#: The crypto service refuses shorter passphrases for the key file.
MIN_PASSPHRASE = 8
#: What ask_key_backup returns when the clerk chose the passphrase key file.
USE_PASSPHRASE = "passphrase"


def ask_key_passphrase(parent: QWidget, reason: str | None = None) -> str | None:
    """The passphrase the clerk typed (None when cancelled); `reason` says why the key file is
    needed when the PC has a keyring that did not keep the key."""
    intro = (
        tr("系统凭据管理器未能保存或读取个人信息加密密钥（{0}）。\n").format(reason)
        if reason
        else tr("本机没有可用的系统密钥环，")
    )
    prompt = intro + tr(
        "个人信息加密密钥将以口令保护的文件保存在数据目录中。\n"
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


def ask_key_backup(parent: QWidget, problem: str, *,
                   offer_passphrase: bool = False) -> tuple[Path, str] | str | None:  # fmt: skip
    """After a missing-key error: the exported key backup file and its passphrase, or None.

    With `offer_passphrase` the clerk may instead choose the passphrase key file (returns
    USE_PASSPHRASE): the way out when Credential Manager refuses to keep the key (the policy
    "不允许存储网络身份验证的密码和凭据", CredWrite error 1312) or after a Windows password reset.
    """
    question = tr("{0}\n\n现在导入密钥备份文件吗？").format(problem)
    if offer_passphrase:
        question = tr(
            "{0}\n\n若已导出过密钥备份，请导入备份；若系统凭据管理器不能保存密钥"
            "（如单位策略禁止保存凭据），可改用口令保护的密钥文件。"
        ).format(problem)
    box = QMessageBox(QMessageBox.Icon.Question, tr("找不到加密密钥"), question, parent=parent)
    import_button = box.addButton(tr("导入密钥备份…"), QMessageBox.ButtonRole.AcceptRole)
    passphrase_button = (
        box.addButton(tr("使用口令密钥文件…"), QMessageBox.ButtonRole.ActionRole)
        if offer_passphrase
        else None
    )
    box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if passphrase_button is not None and box.clickedButton() is passphrase_button:
        return USE_PASSPHRASE
    if box.clickedButton() is not import_button:
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
