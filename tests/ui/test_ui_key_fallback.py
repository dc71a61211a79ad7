"""When the keyring will not keep the data key (Windows Credential Manager under the policy
"不允许存储网络身份验证的密码和凭据": CredWrite fails with error 1312), the window offers the
passphrase key file beside the key import, and the database opens with the key file.

Assumed from the crypto side (desktop/trust/crypto.py): a keyring failure of any kind reaches
the window as KeyUnavailableError, with the keyring's own exception as its __cause__ when there
is one. Here the backend raises a KeyringError, which the crypto code already turns into one."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import build_context
from desktop.trust import crypto
from desktop.trust.crypto import ENV_KEY_PASSPHRASE, KeyUnavailableError
from desktop.ui import main as ui_main
from desktop.ui.dialogs import key_passphrase
from desktop.ui.main_window import MainWindow
from desktop.ui.ui_settings import UiSettings


class RefusingCredentialManager(KeyringBackend):
    """A keyring that is there (not the 'fail' backend) but refuses every write."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("(1312, 'CredWrite', '指定的登录会话不存在。')")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("not found")


@pytest.fixture
def refusing_keyring(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    keyring.set_keyring(RefusingCredentialManager())
    monkeypatch.setenv(ENV_KEY_PASSPHRASE, "set")  # recorded: restored (removed) afterwards,
    monkeypatch.delenv(ENV_KEY_PASSPHRASE)  # also after the window has set it
    yield
    keyring.set_keyring(previous)


def test_the_window_offers_the_passphrase_key_file_when_the_keyring_refuses(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch, refusing_keyring
) -> None:
    folder = tmp_path / "data"
    assert crypto.keyring_available()  # a keyring is there: the old window offered no passphrase
    with pytest.raises(KeyUnavailableError) as refused:
        build_context(str(folder))
    window = MainWindow(UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    assert not ui_main._asked_for_passphrase(window, refused.value)  # not the no-keyring path

    offered: list[bool] = []

    def choose_passphrase(_w: object, _p: str, *, offer_passphrase: bool = False) -> str | None:
        offered.append(offer_passphrase)
        return key_passphrase.USE_PASSPHRASE if offer_passphrase else None

    monkeypatch.setattr(key_passphrase, "ask_key_backup", choose_passphrase)
    monkeypatch.setattr(key_passphrase, "ask_key_passphrase", lambda _w, _reason=None: None)
    assert not ui_main._imported_key_backup(window, refused.value, folder, None)  # cancelled
    monkeypatch.setattr(key_passphrase, "ask_key_passphrase", lambda _w, _r=None: "口令-secret-2")
    assert ui_main._imported_key_backup(window, refused.value, folder, None)
    assert offered == [True, True]
    ctx = build_context(str(folder))  # opened again, as the window does: the key file holds it
    ctx.close()
    assert (folder / crypto.KEY_FILE_NAME).is_file()
    # With a passphrase given, a failure is reported, not asked about in a loop.
    offered.clear()
    assert not ui_main._imported_key_backup(window, refused.value, folder, None)
    assert offered == [False]


def test_the_choice_box_has_both_ways_out(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    seen: list[list[str]] = []

    def click(label: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == label).click()

    QTimer.singleShot(0, lambda: click("使用口令密钥文件…"))
    assert (
        key_passphrase.ask_key_backup(window, "找不到密钥", offer_passphrase=True) == "passphrase"
    )
    QTimer.singleShot(0, lambda: click("取消"))
    assert key_passphrase.ask_key_backup(window, "找不到密钥") is None
    assert "使用口令密钥文件…" in seen[0] and "使用口令密钥文件…" not in seen[1]
    assert "导入密钥备份…" in seen[0] and "导入密钥备份…" in seen[1]
